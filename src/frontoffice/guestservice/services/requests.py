"""Requests in department queues: take, assign, start, complete (optionally posting a
charge on the guest's folio), escalate, cancel.

Each change is one transaction that locks the request's row first, so two people acting on
one request at once run one after the other: the second sees what the first did and is
refused (409) when the move no longer fits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from frontoffice.billing.services import ledger
from frontoffice.core import tenancy
from frontoffice.core.errors import Conflict, Invalid, InvalidTransition
from frontoffice.core.models import Department, Establishment, StaffRole
from frontoffice.core.services import establishments as establishment_services
from frontoffice.core.validation import full_clean
from frontoffice.customers.models import Customer
from frontoffice.lodging.models import Reservation, Room

from ..models import Priority, RequestKind, RequestStatus, ServiceLevel, ServiceRequest
from ..selectors_requests import assignable_roles

S = RequestStatus
K = RequestKind

# Minutes a department has for a request of each priority when no service level says
# otherwise.
DEFAULT_MINUTES = {Priority.URGENT: 15, Priority.HIGH: 30, Priority.NORMAL: 60, Priority.LOW: 240}

# The department a kind of request goes to when none is named.
DEFAULT_DEPARTMENT = {
    K.AMENITY: Department.Kind.HOUSEKEEPING,
    K.SERVICE: Department.Kind.FRONT_DESK,
    K.WAKE_UP: Department.Kind.FRONT_DESK,
    K.MAINTENANCE: Department.Kind.MAINTENANCE,
    K.HOUSEKEEPING: Department.Kind.HOUSEKEEPING,
    K.CONCIERGE_BOOKING: Department.Kind.CONCIERGE,
    K.LUGGAGE: Department.Kind.BELL_DESK,
}

# Where a request may go from each status (assigned → assigned is a reassignment).
TRANSITIONS: dict[str, set[str]] = {
    S.NEW: {S.ASSIGNED, S.IN_PROGRESS, S.CANCELLED},
    S.ASSIGNED: {S.ASSIGNED, S.IN_PROGRESS, S.CANCELLED},
    S.IN_PROGRESS: {S.IN_PROGRESS, S.DONE, S.CANCELLED},
    S.DONE: set(),
    S.CANCELLED: set(),
}

# How far from now a request's due time may be: a typo'd year (0001, 9999) is refused.
DUE_PAST = dt.timedelta(days=1)
DUE_FUTURE = dt.timedelta(days=366)

PRIORITY_ORDER = [Priority.LOW, Priority.NORMAL, Priority.HIGH, Priority.URGENT]


def _actor(actor):
    return actor if actor is not None and actor.is_authenticated else None


def _require(current: ServiceRequest, target: str) -> None:
    if target not in TRANSITIONS[current.status]:
        raise InvalidTransition(_REFUSALS[target](), code="invalid_status")


# Why a move is refused, in words (409 `invalid_status`).
_REFUSALS = {
    S.ASSIGNED: lambda: _("A request that is done or cancelled cannot be assigned."),
    S.IN_PROGRESS: lambda: _("Only a new or assigned request can be started."),
    S.DONE: lambda: _("Only a request in progress can be completed."),
    S.CANCELLED: lambda: _("A request that is done or cancelled cannot be cancelled."),
}


def _locked(request: ServiceRequest) -> ServiceRequest:
    return (
        ServiceRequest.objects.select_for_update(of=("self",))
        .select_related("establishment", "reservation", "department")
        .get(pk=request.pk)
    )


# --- departments and service levels -------------------------------------------------------


def department_for(establishment: Establishment, kind: str) -> Department:
    """The department requests of `kind` go to by default: the first of its department kind,
    made (named after the kind, in the establishment's language) when there is none yet."""
    department_kind = DEFAULT_DEPARTMENT[kind]
    found = (
        Department.objects.filter(establishment=establishment, kind=department_kind)
        .order_by("id")
        .first()
    )
    if found is not None:
        return found
    from django.utils import translation

    with translation.override(establishment.language or "en"):
        name = str(Department.Kind(department_kind).label)
    return establishment_services.department_save(
        establishment=establishment, kind=department_kind, name=name
    )


def minutes_for(department: Department, kind: str, priority: str) -> int:
    """The service level: a row for the department, else for its kind, else the default."""
    rows = ServiceLevel.objects.filter(
        establishment_id=department.establishment_id, kind=kind, priority=priority
    )
    row = (
        rows.filter(department=department).first()
        or rows.filter(department__isnull=True, department_kind=department.kind).first()
    )
    return row.minutes if row else DEFAULT_MINUTES[priority]


# The most minutes a service level may give: a week.
MAX_MINUTES = 7 * 24 * 60


def _minutes(value, field: str = "minutes") -> int:
    """A whole number of minutes from 1 to a week, or a clear refusal."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(_("Enter a whole number of minutes."), code="invalid_minutes", field=field)
    if value < 1:
        raise Invalid(_("Give at least one minute."), code="invalid_minutes", field=field)
    if value > MAX_MINUTES:
        raise Invalid(
            _("Give at most %(limit_value)s minutes (a week).") % {"limit_value": MAX_MINUTES},
            code="invalid_minutes",
            field=field,
        )
    return value


def _cell(
    establishment: Establishment,
    department: Department | None,
    department_kind: str,
    kind: str,
    priority: str,
) -> dict:
    """The fields naming one cell: a department's own, or (without one) a department kind's."""
    return {
        "establishment": establishment,
        "department": department,
        "department_kind": "" if department else department_kind,
        "kind": kind,
        "priority": priority,
    }


def _save_level(cell: dict, minutes: int) -> ServiceLevel:
    """Write one cell (the caller holds _lock_levels in its transaction)."""
    row = ServiceLevel.objects.filter(**cell).first() or ServiceLevel(**cell)
    row.minutes = _minutes(minutes)
    full_clean(row)
    row.save()
    return row


def service_level_set(
    *,
    establishment: Establishment,
    kind: str,
    priority: str,
    minutes: int,
    department: Department | None = None,
    department_kind: str = "",
) -> ServiceLevel:
    """Set the minutes for a kind and priority, for one department or a department kind."""
    if department is None and not department_kind:
        raise Invalid(_("Name a department or a kind of department."), field="department")
    with tenancy.scope(establishment), transaction.atomic():
        _lock_levels(establishment, department)
        return _save_level(
            _cell(establishment, department, department_kind, kind, priority), minutes
        )


def service_level_clear(
    *,
    establishment: Establishment,
    kind: str,
    priority: str,
    department: Department | None = None,
    department_kind: str = "",
) -> bool:
    """Remove the minutes set for a kind and priority of one department (or a department
    kind), so the department kind's row or the default applies again. True if there was
    one."""
    if department is None and not department_kind:
        raise Invalid(_("Name a department or a kind of department."), field="department")
    with tenancy.scope(establishment), transaction.atomic():
        cell = _cell(establishment, department, department_kind, kind, priority)
        deleted, _rows = ServiceLevel.objects.filter(**cell).delete()
    return bool(deleted)


def _lock_levels(establishment: Establishment, department: Department | None) -> None:
    """Serialise the writers of one department's (or, without one, the establishment's
    department kinds') service levels: of two first saves of a cell, the second reads the
    first's row instead of inserting a duplicate (the unique constraints' backstop). FOR NO
    KEY UPDATE: the writers wait for each other, new requests naming the department don't."""
    if department is not None:
        list(
            Department.objects.select_for_update(no_key=True)
            .filter(establishment=establishment, pk=department.pk)
            .values_list("pk", flat=True)
        )
    else:
        list(
            Establishment.objects.select_for_update(no_key=True)
            .filter(pk=establishment.pk)
            .values_list("pk", flat=True)
        )


def cell_name(kind: str, priority: str) -> str:
    """A cell of the grid of service levels, as forms and errors name it."""
    return f"{kind}.{priority}"


def service_levels_save(
    *,
    establishment: Establishment,
    department: Department,
    minutes: dict,
    seen: dict | None = None,
) -> None:
    """Set a department's own service levels in one transaction: `minutes` maps
    (kind, priority) to a number of minutes, or to None to clear the department's own value
    (its kind's row or the default applies again). Every cell is checked before anything is
    written; the first refusal names its cell (`field` "kind.priority") and nothing is
    saved. `seen` maps cells to the department's own value the editor was shown (None: no
    value of its own): a cell whose value has changed since is refused (409
    `changed_meanwhile`, naming the current value) and nothing is saved."""
    if department.establishment_id != establishment.pk:
        raise Invalid(_("No such department."), code="unknown_department", field="department")
    checked = {}
    for (kind, priority), value in minutes.items():
        field = cell_name(kind, priority)
        if kind not in RequestKind.values or priority not in Priority.values:
            raise Invalid(_("Choose one of the options."), code="invalid", field=field)
        checked[kind, priority] = None if value is None else _minutes(value, field)
    with tenancy.scope(establishment), transaction.atomic():
        _lock_levels(establishment, department)
        if seen is not None:
            current = dict(
                ((kind, priority), value)
                for kind, priority, value in ServiceLevel.objects.filter(
                    establishment=establishment, department=department
                ).values_list("kind", "priority", "minutes")
            )
            for key in sorted(checked):
                if key in seen and current.get(key) != seen[key]:
                    now = current.get(key)
                    raise Conflict(
                        _(
                            "Changed by someone else meanwhile; the current value is "
                            "%(minutes)s. Save again to replace it."
                        )
                        % {"minutes": now}
                        if now is not None
                        else _(
                            "Changed by someone else meanwhile: it has no value of its own "
                            "now. Save again to replace it."
                        ),
                        code="changed_meanwhile",
                        field=cell_name(*key),
                    )
        # the lock is held: each cell is written, not locked again
        for (kind, priority), value in sorted(checked.items()):
            cell = _cell(establishment, department, "", kind, priority)
            if value is None:
                ServiceLevel.objects.filter(**cell).delete()
            else:
                _save_level(cell, value)


# --- taking a request ---------------------------------------------------------------------


def _choice(value: str, choices, field: str) -> str:
    if value not in choices.values:
        raise Invalid(_("Choose one of the options."), code="invalid", field=field)
    return value


def request_create(
    *,
    establishment: Establishment,
    actor: AbstractBaseUser | None,
    kind: str,
    description: str = "",
    priority: str = Priority.NORMAL,
    department: Department | None = None,
    reservation: Reservation | None = None,
    customer: Customer | None = None,
    room: Room | None = None,
    due_at: dt.datetime | None = None,
) -> ServiceRequest:
    """Take a request for a guest's stay (its guest and room come with it) or a walk-up
    customer, for `department` (by default the kind's; see DEFAULT_DEPARTMENT). Without
    `due_at` it is due after the department's service level; a wake-up call needs its time
    (422 `due_required`)."""
    kind = _choice(kind, RequestKind, "kind")
    priority = _choice(priority or Priority.NORMAL, Priority, "priority")
    description = (description or "").strip()
    if len(description) > 500:
        raise Invalid(_("The description is too long."), field="description")
    if reservation is None and customer is None:
        raise Invalid(
            _("Choose the guest's stay or a customer."), code="requester_required", field="guest"
        )
    if due_at is not None and timezone.is_naive(due_at):
        raise Invalid(_("Give the time with its time zone."), field="due_at")
    if kind == K.WAKE_UP and due_at is None:
        raise Invalid(_("Give the time of the wake-up call."), code="due_required", field="due_at")
    if due_at is not None:
        moment = timezone.now()
        try:
            outside = not moment - DUE_PAST <= due_at <= moment + DUE_FUTURE
        except OverflowError:  # a time so far off it cannot be compared in UTC
            outside = True
        if outside:
            raise Invalid(
                _("Give a time between yesterday and a year from now."),
                code="invalid_due",
                field="due_at",
            )
    with tenancy.scope(establishment), transaction.atomic():
        if department is None:
            department = department_for(establishment, kind)
        if reservation is not None:
            customer = customer or reservation.customer
            if room is None and reservation.room_id:
                room = reservation.room
        now = timezone.now()
        request = ServiceRequest(
            establishment=establishment,
            department=department,
            kind=kind,
            description=description,
            priority=priority,
            reservation=reservation,
            customer=customer,
            room=room,
            due_at=due_at or now + dt.timedelta(minutes=minutes_for(department, kind, priority)),
            created_at=now,
            created_by=_actor(actor),
        )
        if reservation is not None and customer.pk != reservation.customer_id:
            raise Invalid(_("This guest is not the stay's guest."), field="customer")
        full_clean(request)
        request.save()
    return request


# --- the pipeline ------------------------------------------------------------------------


def _is_staff(establishment_id: int, user) -> bool:
    return user.is_active and (
        user.is_superuser
        or StaffRole.objects.filter(establishment_id=establishment_id, user=user).exists()
    )


def _may_work(request: ServiceRequest, user) -> bool:
    return user.is_active and (
        user.is_superuser
        or StaffRole.objects.filter(
            establishment_id=request.establishment_id,
            user=user,
            role__in=assignable_roles(request.department),
        ).exists()
    )


def request_assign(
    *,
    request: ServiceRequest,
    actor: AbstractBaseUser | None,
    user: Any,
    reassign: bool = False,
) -> ServiceRequest:
    """Give the request to `user` (someone with a role here: 422 `not_staff`). A request
    someone else already holds is refused (409 `already_assigned`) unless `reassign`: of
    two people taking one request at once, one gets it."""
    if not isinstance(user, get_user_model()):
        valid = isinstance(user, int) and 0 < user < 2**62  # beyond: no such person
        user = get_user_model().objects.filter(pk=user).first() if valid else None
    with tenancy.scope(request.establishment_id), transaction.atomic():
        if user is None or not _is_staff(request.establishment_id, user):
            raise Invalid(_("Choose someone who works here."), code="not_staff", field="user")
        current = _locked(request)
        if not _may_work(current, user):
            raise Invalid(
                _("This person cannot work requests of this department."),
                code="not_assignable",
                field="user",
            )
        _require(current, S.ASSIGNED)
        if current.assignee_id and current.assignee_id != user.pk and not reassign:
            raise Conflict(_("Someone else has just taken this request."), code="already_assigned")
        current.assignee = user
        if current.status == S.NEW:
            current.status = S.ASSIGNED
        current.assigned_at = timezone.now()
        current.save()
    return current


def request_start(*, request: ServiceRequest, actor: AbstractBaseUser | None) -> ServiceRequest:
    """Start the work (new or assigned → in progress); a request nobody holds yet is given
    to the person starting it."""
    with tenancy.scope(request.establishment_id), transaction.atomic():
        current = _locked(request)
        if current.status not in (S.NEW, S.ASSIGNED):
            raise InvalidTransition(_REFUSALS[S.IN_PROGRESS](), code="invalid_status")
        now = timezone.now()
        if current.assignee_id is None and _actor(actor) is not None:
            current.assignee = actor
            current.assigned_at = now
        current.status = S.IN_PROGRESS
        current.started_at = now
        current.save()
    return current


def _check_price(value) -> None:
    """A price beyond what an account can hold is "too high", not "not above zero"."""
    try:
        price = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return  # the ledger says what is wrong with it
    if not price.is_nan() and price > ledger.MAX_AMOUNT:
        raise Invalid(_("This price is too high."), code="too_large", field="unit_price")


def _folio_of(current: ServiceRequest):
    folio = current.reservation.folio if current.reservation_id else None
    if folio is None:
        raise Conflict(_("This guest has no account here to charge."), code="no_folio")
    return folio


def request_charge_check(*, request: ServiceRequest, charge: dict) -> Decimal:
    """What completing `request` with `charge` would post on the folio, checked without
    writing anything (for the question asked before it is posted): the amount, or the
    refusal the completion itself would give."""
    with tenancy.scope(request.establishment_id):
        current = ServiceRequest.objects.select_related(
            "establishment", "reservation__folio__establishment"
        ).get(pk=request.pk)
        _require(current, S.DONE)
        folio = _folio_of(current)
        ledger.require_open(folio)
        _check_price(charge.get("unit_price"))
        amount = ledger.charge_amount(
            folio,
            charge.get("category") or "",
            charge.get("unit_price"),
            charge.get("quantity") or 1,
        ).amount
    return amount


def request_complete(
    *,
    request: ServiceRequest,
    actor: AbstractBaseUser | None,
    note: str = "",
    charge: dict | None = None,
) -> ServiceRequest:
    """Finish the work (in progress → done) with an optional note. A `charge`
    ({category, unit_price, quantity?}) is posted on the stay's folio in the same
    transaction (the caller checks the right to charge); a request without a stay's folio
    cannot be charged (409 `no_folio`)."""
    note = (note or "").strip()
    if len(note) > 500:
        raise Invalid(_("The note is too long."), field="note")
    with tenancy.scope(request.establishment_id), transaction.atomic():
        current = _locked(request)
        _require(current, S.DONE)
        if charge:
            folio = _folio_of(current)
            _check_price(charge.get("unit_price"))
            current.charge_entry = ledger.charge_post(
                folio=folio,
                actor=actor,
                category=charge.get("category") or "",
                unit_price=charge.get("unit_price"),
                quantity=charge.get("quantity") or 1,
                description=_charge_description(current),
            )
        current.status = S.DONE
        current.completed_at = timezone.now()
        current.completion_note = note
        current.save()
    return current


def request_escalate(*, request: ServiceRequest, actor: AbstractBaseUser | None) -> ServiceRequest:
    """Raise the priority one step (409 `already_urgent` at the top); the request becomes
    due no later than the new priority's service level from now."""
    with tenancy.scope(request.establishment_id), transaction.atomic():
        current = _locked(request)
        if not current.open:
            raise InvalidTransition(
                _("A request that is done or cancelled cannot be escalated."),
                code="invalid_status",
            )
        at = PRIORITY_ORDER.index(current.priority)
        if at == len(PRIORITY_ORDER) - 1:
            raise Conflict(_("This request is already urgent."), code="already_urgent")
        current.priority = PRIORITY_ORDER[at + 1]
        current.escalation += 1
        if current.kind != K.WAKE_UP:
            minutes = minutes_for(current.department, current.kind, current.priority)
            current.due_at = min(current.due_at, timezone.now() + dt.timedelta(minutes=minutes))
        current.save()
    return current


def request_cancel(
    *, request: ServiceRequest, actor: AbstractBaseUser | None, reason: str
) -> ServiceRequest:
    """Cancel an open request, with a reason (422 `reason_required`)."""
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("Give a reason."), code="reason_required", field="reason")
    if len(reason) > 200:
        raise Invalid(_("The reason is too long."), field="reason")
    with tenancy.scope(request.establishment_id), transaction.atomic():
        current = _locked(request)
        _require(current, S.CANCELLED)
        current.status = S.CANCELLED
        current.cancelled_at = timezone.now()
        current.cancel_reason = reason
        current.save()
    return current


def _charge_description(request: ServiceRequest) -> str:
    """The charge's line on the folio (and the invoice) is data: a request without its own
    words is named by its kind in the establishment's language, not the clicker's."""
    if request.description:
        return request.description[:200]
    with translation.override(request.establishment.language or "en"):
        return str(request.get_kind_display())[:200]
