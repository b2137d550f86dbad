"""The JSON API under /api/v1/: one NinjaAPI, one router per app, errors as {code, detail}."""

from __future__ import annotations

import logging

from django.db import DataError, IntegrityError, OperationalError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, django_auth

from frontoffice.core import db
from frontoffice.core.errors import DomainError, Throttled
from frontoffice.core.services.auth import token_authenticate

log = logging.getLogger(__name__)


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        user = token_authenticate(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Frontoffice API",
    version="1",
    description=(
        "Reservations, availability, guests and setup for every establishment. "
        "Authenticate with `Authorization: Bearer <token>` (POST /api/v1/auth/token) or a "
        'staff session. Errors are `{"code", "detail"}`; lists are `{"items", "count"}`.'
    ),
    auth=[BearerToken(), django_auth],
    urls_namespace="api",
)


def _error(request, status: int, code: str, detail: str, **extra):
    response = api.create_response(
        request, {"code": code, "detail": detail, **extra}, status=status
    )
    return response


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    response = api.create_response(request, exc.body(), status=exc.status)
    if isinstance(exc, Throttled):
        response["Retry-After"] = str(exc.retry_after)
    return response


def _describe(errors: list[dict]) -> str:
    parts = []
    for error in errors[:5]:
        location = ".".join(str(p) for p in error.get("loc", ()) if p not in ("body", "payload"))
        parts.append(
            f"{location}: {error.get('msg', 'invalid')}" if location else error.get("msg", "")
        )
    return "; ".join(parts) or _("Invalid input.")


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    errors = [
        {
            "loc": [str(p) for p in e.get("loc", ())],
            "msg": str(e.get("msg", "")),
            "type": str(e.get("type", "")),
        }
        for e in exc.errors
    ]
    return _error(request, 422, "invalid", _describe(errors), errors=errors)


@api.exception_handler(AuthenticationError)
def authentication_error(request, exc):
    return _error(request, 401, "unauthenticated", _("Log in or send a valid bearer token."))


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    code = {
        400: "bad_request",
        401: "unauthenticated",
        403: "forbidden",
        404: "not_found",
        429: "too_many_requests",
    }.get(exc.status_code, "error")
    return _error(request, exc.status_code, code, str(exc))


@api.exception_handler(Http404)
def not_found(request, exc):
    return _error(request, 404, "not_found", _("Not found."))


@api.exception_handler(OperationalError)
def operational_error(request, exc):
    """A lock not had in time is the client's to retry (503); anything else (a missing
    table, a lost connection) is ours: re-raised, logged, answered 500."""
    if not db.is_busy(exc):
        raise exc
    log.warning("database busy: %s", exc)
    response = _error(request, 503, "busy", _("The database is busy; try again."))
    response["Retry-After"] = "1"
    return response


@api.exception_handler(IntegrityError)
def integrity_error(request, exc):
    """A unique or check constraint a concurrent change made fail: the client may retry.
    Any other integrity error (NOT NULL, a foreign key) is our bug: logged, 500."""
    if not db.is_conflict(exc):
        raise exc
    log.warning("integrity conflict: %s", exc)
    return _error(
        request, 409, "conflict", _("The change conflicts with the current data; try again.")
    )


@api.exception_handler(DataError)
def data_error(request, exc):
    return _error(request, 400, "bad_request", _("A value is out of range or malformed."))


from frontoffice.billing.api import router as billing_router  # noqa: E402
from frontoffice.billing.invoice_api import router as invoices_router  # noqa: E402
from frontoffice.core.api import router as core_router  # noqa: E402
from frontoffice.customers.api import router as customers_router  # noqa: E402
from frontoffice.guestservice.api_complaints import router as complaints_router  # noqa: E402
from frontoffice.guestservice.api_concierge import router as concierge_router  # noqa: E402
from frontoffice.guestservice.api_groups import router as groups_router  # noqa: E402
from frontoffice.guestservice.api_requests import router as requests_router  # noqa: E402
from frontoffice.lodging.api import router as lodging_router  # noqa: E402
from frontoffice.procedures.api import router as procedures_router  # noqa: E402

api.add_router("/", core_router)
api.add_router("/", customers_router)
api.add_router("/", lodging_router)
api.add_router("/", billing_router)
api.add_router("/", invoices_router)
api.add_router("/", requests_router)
api.add_router("/", concierge_router)
api.add_router("/", groups_router)
api.add_router("/", complaints_router)
api.add_router("/", procedures_router)
