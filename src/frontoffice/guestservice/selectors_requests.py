"""Reading requests and luggage: what each person may see of the queues (porters see the
bell desk's jobs only), the live queue in its order, tags."""

from __future__ import annotations

import datetime as dt
import re

from django.contrib.auth import get_user_model
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from frontoffice.core import policy
from frontoffice.core.errors import NotFound
from frontoffice.core.models import Department, Establishment, Role, StaffRole
from frontoffice.core.validation import is_row_id
from frontoffice.customers import privacy
from frontoffice.lodging.models import Reservation, ReservationStatus

from .models import Luggage, Priority, RequestKind, RequestStatus, ServiceLevel, ServiceRequest

WORK = "request.work"
OPEN = (RequestStatus.NEW, RequestStatus.ASSIGNED, RequestStatus.IN_PROGRESS)
# Wake-up calls join the queue this long before their time; before, they are "upcoming".
WAKE_UP_LEAD = dt.timedelta(minutes=0)
TAG_RE = re.compile(r"^\s*(?:L-?)?0*(\d{1,9})\s*$", re.IGNORECASE)


valid_id = is_row_id


def sees_every_department(access) -> bool:
    return access.can("request.view")


def visible(access) -> QuerySet[ServiceRequest]:
    """The requests `access` may see: all of the establishment's, or, for who only works
    jobs (porters), the bell desk's."""
    rows = ServiceRequest.objects.filter(establishment=access.establishment).select_related(
        "department", "assignee", "customer", "room", "reservation", "charge_entry"
    )
    if not sees_every_department(access):
        rows = rows.filter(department__kind=Department.Kind.BELL_DESK)
    return rows


def departments(access) -> list[Department]:
    rows = Department.objects.filter(establishment=access.establishment).order_by("name", "id")
    if not sees_every_department(access):
        rows = rows.filter(kind=Department.Kind.BELL_DESK)
    return list(rows)


def request_list(
    access,
    *,
    department: int | None = None,
    status: str | None = None,
    overdue: bool = False,
    assignee_me: bool = False,
    now: dt.datetime | None = None,
) -> QuerySet[ServiceRequest]:
    now = now or timezone.now()
    rows = visible(access)
    if department is not None:
        if not valid_id(department):
            return rows.none()
        rows = rows.filter(department_id=department)
    if status:
        rows = rows.filter(status=status)
    if overdue:
        rows = rows.filter(status__in=OPEN, due_at__lt=now)
    if assignee_me:
        rows = rows.filter(assignee_id=access.user.pk)
    return rows.order_by("due_at", "id")


def queue(
    access, *, department: int | None, now: dt.datetime | None = None, limit: int | None = None
) -> dict:
    """The live queue: the open requests, the viewer's own first, then by due time (the
    overdue ones come first by themselves); wake-up calls from their time on, the ones
    still to come apart as "upcoming". `limit` rows at most, and how many there are."""
    now = now or timezone.now()
    rows = ServiceRequest.objects.filter(establishment=access.establishment, status__in=OPEN)
    if not sees_every_department(access):
        rows = rows.filter(department__kind=Department.Kind.BELL_DESK)
    if department is not None:
        rows = rows.filter(department_id=department) if valid_id(department) else rows.none()
    later = Q(kind=RequestKind.WAKE_UP, due_at__gt=now + WAKE_UP_LEAD)
    mine = Case(
        When(assignee_id=access.user.pk, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    due_now = rows.exclude(later)
    ordered = (
        # the stay (a join, no query) tells whether it has a folio to charge
        due_now.select_related("department", "assignee", "customer", "room", "reservation")
        .annotate(mine=mine)
        .order_by("mine", "due_at", "id")
    )
    current = list(ordered[:limit] if limit else ordered)
    count = due_now.count() if limit and len(current) == limit else len(current)
    upcoming = list(
        rows.filter(later).select_related("customer", "room").order_by("due_at", "id")[:50]
    )
    for row in current:
        row.overdue = row.due_at < now
    return {"current": current, "count": count, "upcoming": upcoming, "now": now}


def request_get(access, request_id: int) -> ServiceRequest:
    row = visible(access).filter(pk=request_id).first() if valid_id(request_id) else None
    if row is None:
        raise NotFound(_("No such request."))
    return row


def overdue(establishment: Establishment, now: dt.datetime | None = None, limit: int = 50):
    now = now or timezone.now()
    return list(
        ServiceRequest.objects.filter(establishment=establishment, status__in=OPEN, due_at__lt=now)
        .select_related("department", "assignee", "room", "customer")
        .order_by("due_at", "id")[:limit]
    )


def wake_ups_soon(establishment: Establishment, now: dt.datetime | None = None):
    """Wake-up calls not yet done that are due within the next hour (or overdue)."""
    now = now or timezone.now()
    return list(
        ServiceRequest.objects.filter(
            establishment=establishment,
            kind=RequestKind.WAKE_UP,
            status__in=OPEN,
            due_at__lte=now + dt.timedelta(hours=1),
        )
        .select_related("room", "customer", "assignee")
        .order_by("due_at", "id")[:50]
    )


def assignable_roles(department: Department) -> set[str]:
    """The roles whose holders may be given a request of `department`: those allowed to
    work requests, porters only for the bell desk (they see no other queue)."""
    roles = set(policy.roles_allowed(WORK))
    if department.kind != Department.Kind.BELL_DESK:
        roles.discard(Role.PORTER)
    return roles


def staff(establishment: Establishment, *, department: Department | None = None):
    """The people who may be given requests: those whose role works requests here. Porters
    work the bell desk's only: they are left out of another department's queue, and marked
    `bell_only` where the queue shows every department."""
    roles = assignable_roles(department) if department else set(policy.roles_allowed(WORK))
    held = StaffRole.objects.filter(establishment=establishment, user=OuterRef("pk"))
    people = list(
        get_user_model()
        .objects.filter(Exists(held.filter(role__in=roles)), is_active=True)
        .annotate(works_beyond_bell_desk=Exists(held.filter(role__in=roles - {Role.PORTER})))
        .order_by("first_name", "last_name", "username")
    )
    for person in people:
        person.bell_only = department is None and not person.works_beyond_bell_desk
    return people


def in_house(establishment: Establishment, *, access):
    """The stays in house, for picking a requester: private guests' only for those who may
    know of them."""
    return list(
        Reservation.objects.filter(establishment=establishment, status=ReservationStatus.CHECKED_IN)
        .filter(privacy.visible(access, "customer__"))
        .select_related("customer", "room")
        .order_by("room__number", "id")
    )


# --- luggage ------------------------------------------------------------------------------


def tag_number(tag: str) -> int | None:
    match = TAG_RE.match(tag or "")
    return int(match.group(1)) if match else None


def luggage_list(establishment: Establishment, *, status: str | None = None):
    rows = Luggage.objects.filter(establishment=establishment).select_related(
        "customer", "reservation__room"
    )
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-stored_at", "-id")


def luggage_get(establishment: Establishment, tag: str) -> Luggage:
    number = tag_number(tag)
    row = (
        Luggage.objects.filter(establishment=establishment, number=number)
        .select_related("customer", "reservation__room")
        .first()
        if number is not None
        else None
    )
    if row is None:
        raise NotFound(_("No such claim tag."))
    return row


# --- service levels -----------------------------------------------------------------------


def department_get(access, department_id) -> Department:
    """One of the establishment's departments (404 for anything else)."""
    row = (
        Department.objects.filter(establishment=access.establishment, pk=department_id).first()
        if valid_id(department_id)
        else None
    )
    if row is None:
        raise NotFound(_("No such department."))
    return row


def service_level_grid(department: Department, defaults: dict) -> list[dict]:
    """Every kind × priority of `department`: its own minutes (or None), what applies
    without them (its kind's row, else `defaults`) and where that comes from, and the
    minutes in force. Two queries, however many cells."""
    rows = ServiceLevel.objects.filter(establishment_id=department.establishment_id).filter(
        Q(department=department) | Q(department__isnull=True, department_kind=department.kind)
    )
    own, of_kind = {}, {}
    for row in rows:
        (own if row.department_id else of_kind)[row.kind, row.priority] = row.minutes
    cells = []
    for kind in RequestKind.values:
        for priority in Priority.values:
            key = (kind, priority)
            inherited = of_kind.get(key, defaults[priority])
            cells.append(
                {
                    "kind": kind,
                    "priority": priority,
                    "own": own.get(key),
                    "inherited": inherited,
                    "inherited_from": "department_kind" if key in of_kind else "default",
                    "minutes": own.get(key, inherited),
                }
            )
    return cells
