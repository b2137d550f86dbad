"""What each role may do: the one place that decides, for the API and the pages alike.

Each app declares its own actions and the roles allowed them (`declare`, called from the
app's `permissions` module when Django starts); core knows no app's verbs but its own.

Access to an establishment's records needs a role there (or superuser); without one the
establishment does not exist for that person (404). With a role that does not allow the
action the answer is 403. A successful check scopes the rest of the request to that
establishment (see `tenancy`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from . import refcache, tenancy
from .errors import Forbidden, NotFound
from .models import CODE_RE, Establishment, Role, StaffRole

CODE_PATTERN = re.compile(CODE_RE)

_permissions: dict[str, frozenset[str]] = {}


def declare(permissions: dict[str, Iterable[str]]) -> None:
    """Register actions and the roles allowed them. An action is declared once."""
    for action, roles in permissions.items():
        roles = frozenset(roles)
        if action in _permissions:
            raise ImproperlyConfigured(f"permission {action!r} is declared twice")
        unknown = roles - set(Role.values)
        if unknown:
            raise ImproperlyConfigured(f"permission {action!r} names unknown roles {unknown}")
        _permissions[action] = roles


def roles_allowed(action: str) -> frozenset[str]:
    try:
        return _permissions[action]
    except KeyError:
        raise ImproperlyConfigured(f"permission {action!r} was never declared") from None


def actions() -> list[str]:
    return sorted(_permissions)


R = Role
declare(
    {
        "dashboard.view": Role.values,
        # Setting up an establishment: rooms, rates, departments (the Django admin).
        "setup.manage": {R.FRONT_OFFICE_MANAGER, R.ADMINISTRATOR},
        # Creating a new establishment: an administrator of any establishment (or superuser).
        "establishment.create": {R.ADMINISTRATOR},
    }
)


class Can:
    """`can.reservation_view` in templates: what the person may do here."""

    def __init__(self, access: Access):
        self._access = access

    def __getitem__(self, name: str) -> bool:
        for action in _permissions:
            if action.replace(".", "_") == name:
                return self._access.can(action)
        raise KeyError(name)


@dataclass
class Access:
    """A person's standing in one establishment."""

    user: AbstractBaseUser
    establishment: Establishment
    roles: frozenset[str] = field(default_factory=frozenset)

    def can(self, action: str) -> bool:
        return allowed(self.user, self.roles, action)

    def require(self, action: str) -> None:
        if not self.can(action):
            raise Forbidden(_("Your role does not allow this."))

    @property
    def can_map(self) -> Can:
        return Can(self)


def allowed(user: AbstractBaseUser | AnonymousUser, roles: frozenset[str], action: str) -> bool:
    permitted = roles_allowed(action)
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return bool(roles & permitted)


def roles_of(user: AbstractBaseUser, establishment: Establishment) -> frozenset[str]:
    return frozenset(
        StaffRole.unscoped.filter(user=user, establishment=establishment).values_list(
            "role", flat=True
        )
    )


def establishment_by_code(code: str) -> Establishment | None:
    if not isinstance(code, str) or not CODE_PATTERN.fullmatch(code):
        return None
    return refcache.get(
        ("establishment", code), lambda: Establishment.unscoped.filter(code=code).first()
    )


def access(user: AbstractBaseUser, code: str, action: str) -> Access:
    """Load an establishment by code, check the user's right to do `action` there, and scope
    the rest of the request to it."""
    establishment = establishment_by_code(code)
    if establishment is None:
        raise NotFound(_("No such establishment."))
    roles = frozenset() if user.is_superuser else roles_of(user, establishment)
    if not user.is_superuser and not roles:
        raise NotFound(_("No such establishment."))
    result = Access(user=user, establishment=establishment, roles=roles)
    result.require(action)
    tenancy.activate(establishment)
    return result


def can_create_establishment(user: AbstractBaseUser) -> bool:
    if user.is_superuser:
        return True
    return StaffRole.unscoped.filter(
        user=user, role__in=roles_allowed("establishment.create")
    ).exists()


def establishments_of(user: AbstractBaseUser):
    """The establishments a person has any role in (all of them for the superuser)."""
    if user.is_superuser:
        return Establishment.unscoped.all()
    return Establishment.unscoped.filter(staff_roles__user=user).distinct()


def establishment_ids_for(user: AbstractBaseUser, action: str) -> list[int] | None:
    """Where the person may do `action`; None means everywhere (superuser)."""
    if not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return None
    return sorted(
        set(
            StaffRole.unscoped.filter(user=user, role__in=roles_allowed(action)).values_list(
                "establishment_id", flat=True
            )
        )
    )
