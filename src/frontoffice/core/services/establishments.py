"""Establishments, departments and staff roles: one function per change, one transaction each."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from .. import policy, refcache, tenancy
from ..errors import Conflict, Invalid
from ..models import Department, Establishment, Role, StaffRole
from ..validation import full_clean

ESTABLISHMENT_FIELDS = (
    "name",
    "kind",
    "timezone",
    "currency",
    "language",
    "country",
    "registration_required",
)


def establishment_create(
    *,
    actor: AbstractBaseUser,
    code: str,
    name: str,
    kind: str = "hotel",
    timezone_name: str = "UTC",
    currency: str = "EUR",
    language: str = "en",
    country: str = "",
) -> Establishment:
    establishment = Establishment(
        code=code,
        name=name,
        kind=kind,
        timezone=timezone_name,
        currency=currency,
        language=language,
        country=(country or "").upper(),
    )
    full_clean(establishment, exclude=["inventory_horizon"])
    with transaction.atomic():
        if Establishment.unscoped.filter(code=code).exists():
            raise Conflict(_("An establishment with this code already exists."), code="duplicate")
        establishment.save()
        refcache.clear()
        with tenancy.scope(establishment):
            if not actor.is_superuser:
                staff_role_grant(establishment=establishment, user=actor, role=Role.ADMINISTRATOR)
            for kind_value in (Department.Kind.FRONT_DESK, Department.Kind.MANAGEMENT):
                Department.objects.create(
                    establishment=establishment, kind=kind_value, name=str(kind_value.label)
                )
    return establishment


def establishment_update(*, establishment: Establishment, **changes) -> Establishment:
    """Name, kind, time zone and language. The currency is fixed once money was recorded
    in it; changing it is refused while the establishment has any room type priced."""
    unknown = set(changes) - set(ESTABLISHMENT_FIELDS)
    if unknown:
        raise Invalid(_("Unknown field: %(name)s") % {"name": sorted(unknown)[0]})
    with transaction.atomic():
        current = Establishment.unscoped.select_for_update().get(pk=establishment.pk)
        if "currency" in changes and changes["currency"] != current.currency:
            raise Conflict(
                _("The currency cannot be changed once the establishment is set up."),
                code="currency_fixed",
            )
        for name, value in changes.items():
            setattr(current, name, value)
        full_clean(current, exclude=["inventory_horizon", "business_date"])
        current.save(update_fields=list(changes) or None)
        refcache.clear()
    return current


# --- departments --------------------------------------------------------------------------


def department_save(
    *,
    establishment: Establishment,
    department: Department | None = None,
    kind: str,
    name: str,
    extension: str = "",
) -> Department:
    """A new department of `establishment`, or `department` changed; a department stays in
    its establishment."""
    if department is not None:
        stored = Department._base_manager.values_list("establishment_id", flat=True).get(
            pk=department.pk
        )
        if stored != establishment.pk:
            raise Invalid(_("A department stays in its establishment."), field="establishment")
    with tenancy.scope(establishment), transaction.atomic():
        if department is not None:
            department = Department.objects.select_for_update().get(pk=department.pk)
        else:
            department = Department(establishment=establishment)
        department.kind, department.name, department.extension = kind, name.strip(), extension
        full_clean(department, exclude=["establishment"])
        clash = Department.objects.filter(establishment=establishment, name__iexact=department.name)
        if department.pk:
            clash = clash.exclude(pk=department.pk)
        if clash.exists():
            raise Conflict(_("A department with this name already exists."), code="duplicate")
        department.save()
    return department


def department_delete(*, department: Department) -> None:
    with tenancy.scope(department.establishment_id), transaction.atomic():
        Department.objects.filter(pk=department.pk).delete()


# --- staff roles --------------------------------------------------------------------------


def staff_role_grant(*, establishment: Establishment, user: AbstractBaseUser, role: str) -> None:
    if role not in Role.values:
        raise Invalid(_("Unknown role."), field="role")
    with tenancy.scope(establishment), transaction.atomic():
        if not StaffRole.objects.filter(user=user, establishment=establishment, role=role).exists():
            StaffRole.objects.create(user=user, establishment=establishment, role=role)
        if role in policy.roles_allowed("setup.manage") and not user.is_staff:
            # Setup happens in the Django admin, which admits staff users only.
            user.is_staff = True
            user.save(update_fields=["is_staff"])


def staff_role_revoke(*, establishment: Establishment, user: AbstractBaseUser, role: str) -> None:
    with tenancy.scope(establishment), transaction.atomic():
        StaffRole.objects.filter(user=user, establishment=establishment, role=role).delete()
        setup_roles = policy.roles_allowed("setup.manage")
        still_sets_up = StaffRole.unscoped.filter(user=user, role__in=setup_roles).exists()
        if user.is_staff and not user.is_superuser and not still_sets_up:
            user.is_staff = False
            user.save(update_fields=["is_staff"])


# --- the business date ----------------------------------------------------------------------


def establishment_close_day(*, establishment: Establishment, business_date) -> Establishment:
    """Roll the business date past a closed day (the night audit calls it in the transaction
    that closed the day, holding the establishment's row): postings are dated with the next
    day from then on. Refused unless `business_date` is the open one."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("the business date rolls inside the transaction that closes the day")
    current = Establishment.unscoped.get(pk=establishment.pk)
    if current.business_day() != business_date:
        raise Conflict(_("This business date is not the open one."), code="not_open")
    next_day = business_date + dt.timedelta(days=1)
    Establishment.unscoped.filter(pk=establishment.pk).update(business_date=next_day)
    refcache.clear()
    establishment.business_date = next_day
    return establishment
