"""Tenancy: every query of establishment-owned rows runs inside an establishment scope.

django-scopes (as pretix uses it) makes the default manager of every `EstablishmentOwned`
model refuse to query outside a scope, and filter by the scope's establishments inside
one. So a view, selector or admin page that forgets to filter by establishment fails
loudly instead of showing another establishment's rows.

Where scopes come from:
- a request: `policy.access()` checks the person's role in one establishment and then
  scopes the rest of the request to it (`activate`); the middleware ends the scope with
  the response. Before that check, no establishment-owned row can be read.
- the admin: every admin view runs scoped to the establishments the person sets up.
- commands, the demo and tests: `with scope(establishment)`; maintenance code that must see
  every establishment says so with `every_establishment()`.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django_scopes import ScopeError, scopes_disabled
from django_scopes import scope as _scope

__all__ = ["ScopeError", "activate", "every_establishment", "scope", "TenancyMiddleware"]

DIMENSION = "establishment"

_request_scopes: ContextVar[list | None] = ContextVar("frontoffice_request_scopes", default=None)


def _ids(establishments) -> int | list[int]:
    if isinstance(establishments, int):
        return establishments
    if hasattr(establishments, "pk"):
        if establishments.pk is None:
            raise ValueError("an unsaved establishment cannot be a scope")
        return establishments.pk
    if isinstance(establishments, Iterable):
        return [_ids(e) for e in establishments]
    raise TypeError(f"not an establishment: {establishments!r}")


@contextmanager
def scope(establishments):
    """Rows of these establishments only (one establishment, its id, or a list)."""
    with _scope(**{DIMENSION: _ids(establishments)}):
        yield


def every_establishment():
    """Maintenance across tenants (daily jobs, the superuser's admin)."""
    return scopes_disabled()


def activate(establishment) -> None:
    """Scope the rest of the current request to one establishment."""
    stack = _request_scopes.get()
    if stack is None:
        raise RuntimeError("activate() is for requests; elsewhere use `with scope(...)`")
    manager = scope(establishment)
    manager.__enter__()
    stack.append(manager)


class TenancyMiddleware:
    """Every request starts with scoping on (even where the caller had turned it off, as the
    tests do) and, served by the server, with no establishment in scope; it ends with
    whatever `activate` opened closed again. (A request made inside a caller's own
    `scope(...)`, in a test, keeps that establishment.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        stack: list = []
        token = _request_scopes.set(stack)
        try:
            with _scope():
                try:
                    return self.get_response(request)
                finally:
                    # Innermost first, so each restores the state it found.
                    while stack:
                        stack.pop().__exit__(None, None, None)
        finally:
            _request_scopes.reset(token)
