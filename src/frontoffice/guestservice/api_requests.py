"""The JSON API of guest services: requests in department queues, luggage and claim tags.

A request names its department by the department's id (`department`); without one it goes
to the default department of its kind (luggage → bell desk, wake-up → front desk, …). The
requester is a stay (`reservation`: its confirmation; its guest and room come with it) or a
walk-up customer (`customer`: the guest's id)."""

import datetime as dt
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from pydantic import StrictInt

from frontoffice.core import money, policy
from frontoffice.core.errors import Forbidden, Invalid
from frontoffice.core.models import Department
from frontoffice.core.pagination import Pagination, SerialisedPage
from frontoffice.core.schemas import ErrorOut, Text
from frontoffice.customers import privacy
from frontoffice.customers import selectors as customer_selectors
from frontoffice.lodging import selectors as lodging_selectors

from . import selectors_requests as selectors
from .labels import luggage_label_pdf
from .models import Luggage, Priority, RequestKind, RequestStatus, ServiceRequest
from .queue_display import guest_shown
from .services import luggage as luggage_services
from .services import requests as request_services

router = Router(tags=["requests"])
E = "/establishments/{code}"
ERRORS = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _name(user) -> str | None:
    if user is None:
        return None
    return user.get_full_name() or user.get_username()


class ChargeOut(Schema):
    entry: int
    amount: str


class RequestOut(Schema):
    id: int
    status: str
    kind: str
    description: str
    priority: str
    department: int
    department_name: str
    department_kind: str
    reservation: str | None
    customer: int | None
    guest_name: str
    room: str | None
    due_at: dt.datetime
    overdue: bool
    escalation: int
    assignee: int | None
    assignee_name: str | None
    created_at: dt.datetime
    assigned_at: dt.datetime | None
    started_at: dt.datetime | None
    completed_at: dt.datetime | None
    cancelled_at: dt.datetime | None
    cancel_reason: str
    completion_note: str
    charge: ChargeOut | None = Field(None, description="Only for those who may see accounts")


def _guest(customer, access) -> tuple[int | None, str]:
    """The requester's id and name as this person may know them: a private guest is
    "Private guest" without an id to one without "guest.private"."""
    if customer is None:
        return None, ""
    hide = privacy.hides_private(access)
    return (None if hide and customer.private else customer.pk), guest_shown(customer, hide)


def request_out(row: ServiceRequest, access, now: dt.datetime | None = None) -> dict:
    now = now or timezone.now()
    customer, guest_name = _guest(row.customer if row.customer_id else None, access)
    charge = None
    if row.charge_entry_id and access.can("folio.view"):
        entry = row.charge_entry
        charge = {
            "entry": entry.pk,
            "amount": str(money.quantize(entry.amount, access.establishment.currency)),
        }
    return {
        "id": row.pk,
        "status": row.status,
        "kind": row.kind,
        "description": row.description,
        "priority": row.priority,
        "department": row.department_id,
        "department_name": row.department.name,
        "department_kind": row.department.kind,
        "reservation": row.reservation.confirmation if row.reservation_id else None,
        "customer": customer,
        "guest_name": guest_name,
        "room": row.room.number if row.room_id else None,
        "due_at": row.due_at,
        "overdue": row.open and row.due_at < now,
        "escalation": row.escalation,
        "assignee": row.assignee_id,
        "assignee_name": _name(row.assignee),
        "created_at": row.created_at,
        "assigned_at": row.assigned_at,
        "started_at": row.started_at,
        "completed_at": row.completed_at,
        "cancelled_at": row.cancelled_at,
        "cancel_reason": row.cancel_reason,
        "completion_note": row.completion_note,
        "charge": charge,
    }


class RequestIn(Schema):
    department: int | None = Field(
        None, description="The department's id; without it, the default of the kind"
    )
    kind: RequestKind
    description: Text(500) = ""
    priority: Priority = Priority.NORMAL
    reservation: Text(12) | None = Field(None, description="The stay's confirmation")
    customer: int | None = Field(None, description="A walk-up customer's (guest's) id")
    room: Text(10) | None = Field(None, description="A room number; by default the stay's")
    due_at: dt.datetime | None = Field(
        None, description="By default from the department's service level; a wake-up call's time"
    )


def _requester(access, payload) -> dict:
    est = access.establishment
    found = {}
    if payload.reservation:
        try:
            found["reservation"] = lodging_selectors.reservation_get(
                est, payload.reservation, access=access
            )
        except Exception:
            raise Invalid(
                _("No such reservation."), code="unknown_reservation", field="reservation"
            ) from None
    if payload.customer is not None:
        customer = (
            customer_selectors.customer_get(est, payload.customer, access=access)
            if selectors.valid_id(payload.customer)
            else None
        )
        if customer is None:
            raise Invalid(_("No such guest."), code="unknown_customer", field="customer")
        found["customer"] = customer
    return found


@router.post(E + "/requests", response={201: RequestOut, **ERRORS})
def request_create(request, code: str, payload: RequestIn):
    """Take a request: 201 with its due time (from the service level unless `due_at` is
    given). 422 `requester_required` without a stay or customer; a wake-up call without its
    time: 422 `due_required`."""
    access = policy.access(request.auth, code, "request.manage")
    est = access.establishment
    department = None
    if payload.department is not None:
        department = (
            Department.objects.filter(establishment=est, pk=payload.department).first()
            if selectors.valid_id(payload.department)
            else None
        )
        if department is None:
            raise Invalid(_("No such department."), code="unknown_department", field="department")
    room = None
    if payload.room:
        try:
            room = lodging_selectors.room_get(est, payload.room)
        except Exception:
            raise Invalid(_("No such room."), code="unknown_room", field="room") from None
    row = request_services.request_create(
        establishment=est,
        actor=request.auth,
        kind=payload.kind,
        description=payload.description,
        priority=payload.priority,
        department=department,
        room=room,
        due_at=payload.due_at,
        **_requester(access, payload),
    )
    return 201, request_out(selectors.request_get(access, row.pk), access)


@router.get(E + "/requests", response=list[RequestOut])
@paginate(Pagination)
def request_list(
    request,
    code: str,
    department: int | None = None,
    status: RequestStatus | None = None,
    overdue: bool = False,
    assignee: str | None = None,
):
    """The requests, by due time; filters `department` (id), `status`, `overdue=true`,
    `assignee=me`. Porters see the bell desk's only."""
    access = policy.access(request.auth, code, "request.work")
    if assignee not in (None, "", "me"):
        raise Invalid(_("Only `me` is understood here."), field="assignee")
    now = timezone.now()
    rows = selectors.request_list(
        access,
        department=department,
        status=status,
        overdue=overdue,
        assignee_me=assignee == "me",
        now=now,
    )
    return SerialisedPage(rows, lambda row: request_out(row, access, now))


@router.get(E + "/requests/{request_id}", response={200: RequestOut, 403: ErrorOut, 404: ErrorOut})
def request_get(request, code: str, request_id: int):
    access = policy.access(request.auth, code, "request.work")
    return request_out(selectors.request_get(access, request_id), access)


class AssignIn(Schema):
    user: int = Field(..., description="The id of someone with a role here")
    reassign: bool = Field(
        False, description="Take it from whoever holds it (else 409 `already_assigned`)"
    )


@router.post(E + "/requests/{request_id}/assign", response={200: RequestOut, **ERRORS})
def request_assign(request, code: str, request_id: int, payload: AssignIn):
    """Give the request to someone (422 `not_staff`); 409 `already_assigned` when someone
    else holds it and `reassign` is not set; 409 `invalid_status` once done or cancelled."""
    access = policy.access(request.auth, code, "request.manage")
    row = selectors.request_get(access, request_id)
    request_services.request_assign(
        request=row, actor=request.auth, user=payload.user, reassign=payload.reassign
    )
    return request_out(selectors.request_get(access, request_id), access)


@router.post(E + "/requests/{request_id}/start", response={200: RequestOut, **ERRORS})
def request_start(request, code: str, request_id: int):
    """Start the work (409 `invalid_status` unless new or assigned)."""
    access = policy.access(request.auth, code, "request.work")
    row = selectors.request_get(access, request_id)
    request_services.request_start(request=row, actor=request.auth)
    return request_out(selectors.request_get(access, request_id), access)


class ChargeIn(Schema):
    category: Text(30, 1)
    unit_price: Decimal = Field(..., description='A positive amount, as a string ("12.50")')
    quantity: Decimal = Decimal(1)


class CompleteIn(Schema):
    note: Text(500) = ""
    charge: ChargeIn | None = None


@router.post(E + "/requests/{request_id}/complete", response={200: RequestOut, **ERRORS})
def request_complete(request, code: str, request_id: int, payload: CompleteIn | None = None):
    """Finish the work (409 `invalid_status` unless in progress). A `charge` is posted on
    the stay's folio in the same transaction: it needs the right to charge (403) and a
    stay with an account (409 `no_folio`)."""
    access = policy.access(request.auth, code, "request.work")
    payload = payload or CompleteIn()
    row = selectors.request_get(access, request_id)
    if payload.charge is not None and not access.can("folio.charge"):
        raise Forbidden(_("Your role does not allow charging the guest."))
    request_services.request_complete(
        request=row,
        actor=request.auth,
        note=payload.note,
        charge=payload.charge.dict() if payload.charge else None,
    )
    return request_out(selectors.request_get(access, request_id), access)


@router.post(E + "/requests/{request_id}/escalate", response={200: RequestOut, **ERRORS})
def request_escalate(request, code: str, request_id: int):
    """Raise the priority one step (409 `already_urgent`); it becomes due sooner."""
    access = policy.access(request.auth, code, "request.manage")
    row = selectors.request_get(access, request_id)
    request_services.request_escalate(request=row, actor=request.auth)
    return request_out(selectors.request_get(access, request_id), access)


class CancelIn(Schema):
    reason: Text(200, 1)


@router.post(E + "/requests/{request_id}/cancel", response={200: RequestOut, **ERRORS})
def request_cancel(request, code: str, request_id: int, payload: CancelIn):
    """Cancel an open request with a reason (409 `invalid_status` once done)."""
    access = policy.access(request.auth, code, "request.manage")
    row = selectors.request_get(access, request_id)
    request_services.request_cancel(request=row, actor=request.auth, reason=payload.reason)
    return request_out(selectors.request_get(access, request_id), access)


# --- service levels -----------------------------------------------------------------------


class ServiceLevelOut(Schema):
    kind: str
    priority: str
    minutes: int = Field(..., description="The minutes in force")
    own: int | None = Field(..., description="The department's own value, or null")
    inherited: int = Field(..., description="What applies without the department's own value")
    inherited_from: str = Field(..., description="`department_kind` or `default`")


class ServiceLevelsOut(Schema):
    department: int
    department_name: str
    department_kind: str
    levels: list[ServiceLevelOut]


class ServiceLevelIn(Schema):
    kind: RequestKind
    priority: Priority
    # Strict: `true` is not 1 minute, nor "30" thirty.
    minutes: StrictInt | None = Field(
        ...,
        description="1 to 10080 (a week), a JSON number; null clears the department's own value",
    )


class ServiceLevelsIn(Schema):
    levels: list[ServiceLevelIn] = Field(..., max_length=len(RequestKind) * len(Priority))


def service_levels_out(department) -> dict:
    return {
        "department": department.pk,
        "department_name": department.name,
        "department_kind": department.kind,
        "levels": selectors.service_level_grid(department, request_services.DEFAULT_MINUTES),
    }


@router.get(
    E + "/departments/{department_id}/service-levels",
    response={200: ServiceLevelsOut, 403: ErrorOut, 404: ErrorOut},
)
def service_levels_get(request, code: str, department_id: int):
    """A department's minutes per kind and priority: its own, else its department kind's,
    else the default."""
    access = policy.access(request.auth, code, "service_level.manage")
    return service_levels_out(selectors.department_get(access, department_id))


@router.put(
    E + "/departments/{department_id}/service-levels", response={200: ServiceLevelsOut, **ERRORS}
)
def service_levels_put(request, code: str, department_id: int, payload: ServiceLevelsIn):
    """Set the cells named (the others stay), all or nothing: 422 `invalid_minutes` (field
    "kind.priority") for a value that is not 1 to 10080, 422 `duplicate` for a cell named
    twice. `minutes: null` clears the department's own value."""
    access = policy.access(request.auth, code, "service_level.manage")
    department = selectors.department_get(access, department_id)
    minutes = {}
    for level in payload.levels:
        key = (str(level.kind), str(level.priority))
        if key in minutes:
            raise Invalid(
                _("Name each kind and priority once."),
                code="duplicate",
                field=request_services.cell_name(*key),
            )
        minutes[key] = level.minutes
    request_services.service_levels_save(
        establishment=access.establishment, department=department, minutes=minutes
    )
    return service_levels_out(selectors.department_get(access, department_id))


# --- luggage ------------------------------------------------------------------------------


class LuggageOut(Schema):
    tag: str
    status: str
    pieces: int
    location: str
    reservation: str | None
    customer: int | None = Field(..., description="None for a guest you may not know of")
    guest_name: str
    room: str | None
    stored_at: dt.datetime
    released_at: dt.datetime | None
    label: str


def luggage_out(row: Luggage, code: str, access) -> dict:
    reservation = row.reservation if row.reservation_id else None
    customer, guest_name = _guest(row.customer, access)
    return {
        "tag": row.tag,
        "status": row.status,
        "pieces": row.pieces,
        "location": row.location,
        "reservation": reservation.confirmation if reservation else None,
        "customer": customer,
        "guest_name": guest_name,
        "room": reservation.room.number if reservation and reservation.room_id else None,
        "stored_at": row.stored_at,
        "released_at": row.released_at,
        "label": f"/api/v1/establishments/{code}/luggage/{row.tag}/label.pdf",
    }


class LuggageIn(Schema):
    reservation: Text(12) | None = Field(None, description="The stay's confirmation")
    customer: int | None = Field(None, description="A walk-up customer's (guest's) id")
    pieces: int = Field(..., ge=1, le=50)
    location: Text(100, 1)


@router.post(E + "/luggage", response={201: LuggageOut, **ERRORS})
def luggage_store(request, code: str, payload: LuggageIn):
    """Store a guest's luggage: 201 with its claim tag (L-0042) and label."""
    access = policy.access(request.auth, code, "luggage.manage")
    row = luggage_services.luggage_store(
        establishment=access.establishment,
        actor=request.auth,
        pieces=payload.pieces,
        location=payload.location,
        **_requester(access, payload),
    )
    return 201, luggage_out(selectors.luggage_get(access.establishment, row.tag), code, access)


@router.get(E + "/luggage", response=list[LuggageOut])
@paginate(Pagination)
def luggage_list(request, code: str, status: Luggage.Status | None = None):
    access = policy.access(request.auth, code, "luggage.manage")
    rows = selectors.luggage_list(access.establishment, status=status)
    return SerialisedPage(rows, lambda row: luggage_out(row, code, access))


class ReleaseIn(Schema):
    last_name: Text(100, 1)


@router.post(E + "/luggage/{tag}/release", response={200: LuggageOut, **ERRORS})
def luggage_release(request, code: str, tag: str, payload: ReleaseIn):
    """Hand the luggage back against its tag and the guest's last name: 409
    `name_mismatch`, or `already_released`."""
    access = policy.access(request.auth, code, "luggage.manage")
    row = selectors.luggage_get(access.establishment, tag)
    luggage_services.luggage_release(luggage=row, actor=request.auth, last_name=payload.last_name)
    return luggage_out(selectors.luggage_get(access.establishment, tag), code, access)


@router.get(E + "/luggage/{tag}/label.pdf", response={200: None, 403: ErrorOut, 404: ErrorOut})
def luggage_label(request, code: str, tag: str):
    """The claim tag's label, a small PDF to print."""
    access = policy.access(request.auth, code, "luggage.manage")
    row = selectors.luggage_get(access.establishment, tag)
    response = HttpResponse(
        luggage_label_pdf(
            row,
            translation.get_language() or access.establishment.language,
            hide_private=privacy.hides_private(access),
        ),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'inline; filename="{row.tag}.pdf"'
    return response
