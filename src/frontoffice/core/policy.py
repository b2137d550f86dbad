"""What each role may do: the one place that decides, for the API and the pages alike.

Access to an establishment's records needs a role there (or superuser); without one the
establishment does not exist for that person (404). With a role that does not allow the
action the answer is 403.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils.translation import gettext_lazy as _

from . import refcache
from .errors import Forbidden, NotFound
from .models import CODE_RE, Establishment, Role, StaffRole

CODE_PATTERN = re.compile(CODE_RE)

R = Role
ALL_STAFF = frozenset(Role.values)
DESK = frozenset({R.FRONT_DESK_AGENT, R.RECEPTIONIST, R.FRONT_OFFICE_MANAGER, R.ADMINISTRATOR})

# action -> roles allowed
PERMISSIONS: dict[str, frozenset[str]] = {
    "dashboard.view": ALL_STAFF,
    "inventory.view": ALL_STAFF - {R.BACK_OFFICE_HR},
    "setup.manage": frozenset({R.FRONT_OFFICE_MANAGER, R.ADMINISTRATOR}),
    "reservation.view": frozenset(
        DESK | {R.CONCIERGE, R.PORTER, R.CASHIER, R.FILE_CLERK, R.BACK_OFFICE_FINANCE}
    ),
    "reservation.manage": DESK,
    "guest.view": frozenset(DESK | {R.CONCIERGE, R.CASHIER, R.FILE_CLERK, R.BACK_OFFICE_FINANCE}),
    "guest.manage": frozenset(DESK | {R.CONCIERGE, R.FILE_CLERK}),
    # Creating a new establishment: an administrator of any establishment (or superuser).
    "establishment.create": frozenset({R.ADMINISTRATOR}),
}


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


def allowed(user: AbstractBaseUser | AnonymousUser, roles: frozenset[str], action: str) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return bool(roles & PERMISSIONS[action])


def roles_of(user: AbstractBaseUser, establishment: Establishment) -> frozenset[str]:
    return frozenset(
        StaffRole.objects.filter(user=user, establishment=establishment).values_list(
            "role", flat=True
        )
    )


def access(user: AbstractBaseUser, code: str, action: str) -> Access:
    """Load an establishment by code and check the user's right to do `action` there."""
    if not isinstance(code, str) or not CODE_PATTERN.fullmatch(code):
        raise NotFound(_("No such establishment."))
    establishment = refcache.get(
        ("establishment", code), lambda: Establishment.objects.filter(code=code).first()
    )
    if establishment is None:
        raise NotFound(_("No such establishment."))
    roles = frozenset() if user.is_superuser else roles_of(user, establishment)
    if not user.is_superuser and not roles:
        raise NotFound(_("No such establishment."))
    result = Access(user=user, establishment=establishment, roles=roles)
    result.require(action)
    return result


def can_create_establishment(user: AbstractBaseUser) -> bool:
    if user.is_superuser:
        return True
    return StaffRole.objects.filter(
        user=user, role__in=PERMISSIONS["establishment.create"]
    ).exists()


def establishments_of(user: AbstractBaseUser):
    if user.is_superuser:
        return Establishment.objects.all()
    return Establishment.objects.filter(staff_roles__user=user).distinct()
