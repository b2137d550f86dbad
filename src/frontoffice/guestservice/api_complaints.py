"""The JSON API of guest services: complaints and compliments, and the shift log.

A private guest's complaints are not disclosed to roles without "guest.private" (the guest
is 404 as unknown); the compensation (money) only to roles that see folios."""

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from frontoffice.core import money, policy
from frontoffice.core.errors import Forbidden, NotFound
from frontoffice.core.models import Department
from frontoffice.core.pagination import Pagination, SerialisedPage
from frontoffice.core.schemas import ErrorOut, ShortCode, Text
from frontoffice.customers import selectors as customer_selectors
from frontoffice.lodging import selectors as lodging_selectors

from .models import Complaint, ShiftNote
from .selectors import complaints as selectors
from .services import complaints as services
from .services import shiftlog

router = Router(tags=["complaints"])

E = "/establishments/{code}"
ERRORS = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class GuestRef(Schema):
    id: int
    name: str
    vip_level: int


class ComplaintOut(Schema):
    id: int
    kind: Complaint.Kind
    category: Complaint.Category
    severity: Complaint.Severity
    customer: GuestRef
    reservation: str | None = Field(None, description="The stay's confirmation code.")
    description: str
    taken_by: str | None
    taken_at: dt.datetime
    status: Complaint.Status
    escalated: bool
    escalated_at: dt.datetime | None
    resolution: str
    resolved_by: str | None
    resolved_at: dt.datetime | None
    compensation: str | None = Field(None, description="Only for roles that see accounts.")
    allowance: int | None = Field(None, description="The allowance entry on the folio.")
    follow_up: dt.date | None
    satisfaction: int | None


class ComplaintIn(Schema):
    customer: int
    reservation: ShortCode | None = None
    kind: Complaint.Kind = Complaint.Kind.COMPLAINT
    category: Complaint.Category
    severity: Complaint.Severity = Complaint.Severity.MEDIUM
    description: Text(4000, 1)
    follow_up: dt.date | None = None


class CompensationIn(Schema):
    amount: Decimal = Field(gt=0, max_digits=12, decimal_places=2)
    charge_entry: int | None = Field(
        None, ge=1, lt=2**62, description="The charge reduced (default: the latest room night)."
    )


class ResolveIn(Schema):
    resolution: Text(4000, 1)
    compensation: CompensationIn | None = None
    satisfaction: int | None = Field(None, ge=1, le=5)
    follow_up: dt.date | None = None


def _name(user) -> str | None:
    return user.get_username() if user is not None else None


def complaint_out(c: Complaint, access) -> dict:
    body = {
        "id": c.pk,
        "kind": c.kind,
        "category": c.category,
        "severity": c.severity,
        "customer": {
            "id": c.customer_id,
            "name": c.customer.full_name,
            "vip_level": c.customer.vip_level,
        },
        "reservation": c.reservation.confirmation if c.reservation_id else None,
        "description": c.description,
        "taken_by": _name(c.taken_by),
        "taken_at": c.taken_at,
        "status": c.status,
        "escalated": c.escalated,
        "escalated_at": c.escalated_at,
        "resolution": c.resolution,
        "resolved_by": _name(c.resolved_by),
        "resolved_at": c.resolved_at,
        "follow_up": c.follow_up,
        "satisfaction": c.satisfaction,
    }
    if access.can("folio.view"):
        body["compensation"] = (
            None
            if c.compensation is None
            else str(money.quantize(c.compensation, access.establishment.currency))
        )
        body["allowance"] = c.allowance_id
    return body


@router.get(f"{E}/complaints", response=list[ComplaintOut], exclude_unset=True)
@paginate(Pagination)
def complaint_list(
    request,
    code: str,
    status: Complaint.Status | None = None,
    kind: Complaint.Kind | None = None,
    escalated: bool | None = None,
    customer: int | None = None,
):
    """Escalated first, then the latest. Filters: status, kind, escalated, customer."""
    access = policy.access(request.auth, code, "complaint.view")
    rows = selectors.complaint_list(
        access.establishment,
        access=access,
        status=status,
        kind=kind,
        escalated=escalated,
        customer_id=customer,
    )
    return SerialisedPage(rows, lambda c: complaint_out(c, access))


@router.post(f"{E}/complaints", response={201: ComplaintOut, **ERRORS}, exclude_unset=True)
def complaint_create(request, code: str, payload: ComplaintIn):
    """Take a complaint (or record a compliment). Escalated to the front office manager when
    the severity is high or critical or the guest is a VIP."""
    access = policy.access(request.auth, code, "complaint.create")
    est = access.establishment
    customer = customer_selectors.customer_get(est, payload.customer, access=access)
    if customer is None:
        raise NotFound(_("No such guest."))
    reservation = None
    if payload.reservation:
        reservation = lodging_selectors.reservation_get(est, payload.reservation, access=access)
    complaint = services.complaint_create(
        customer=customer,
        actor=request.auth,
        reservation=reservation,
        kind=payload.kind,
        category=payload.category,
        severity=payload.severity,
        description=payload.description,
        follow_up=payload.follow_up,
    )
    return 201, complaint_out(complaint, access)


@router.get(
    f"{E}/complaints/{{int:complaint_id}}",
    response={200: ComplaintOut, 404: ErrorOut},
    exclude_unset=True,
)
def complaint_get(request, code: str, complaint_id: int):
    access = policy.access(request.auth, code, "complaint.view")
    return complaint_out(_complaint(access, complaint_id), access)


def _complaint(access, complaint_id: int) -> Complaint:
    complaint = selectors.complaint_get(access.establishment, complaint_id, access=access)
    if complaint is None:
        raise NotFound(_("No such complaint."))
    return complaint


@router.post(
    f"{E}/complaints/{{int:complaint_id}}/resolve",
    response={200: ComplaintOut, **ERRORS},
    exclude_unset=True,
)
def complaint_resolve(request, code: str, complaint_id: int, payload: ResolveIn):
    """Resolve an open complaint (409 `already_resolved`); an escalated one only the front
    office manager (403 `escalated_manager_only`). `compensation` is an allowance on the
    stay's folio reducing `charge_entry` (default: the stay's latest room charge; none:
    422 `charge_required`; no stay: 422 `no_stay`), under billing's rules (409
    `allowance_exceeds_charge`, 403 `allowance_above_limit`). Refused: nothing written."""
    access = policy.access(request.auth, code, "complaint.resolve")
    complaint = _complaint(access, complaint_id)
    compensation = payload.compensation
    if compensation is not None and not access.can("folio.charge"):
        raise Forbidden(_("Your role does not allow this."))
    resolved = services.complaint_resolve(
        complaint=complaint,
        actor=request.auth,
        resolution=payload.resolution,
        may_resolve_escalated=access.can("manager.desk"),
        above_limit_allowed=access.can("folio.correct"),
        compensation=compensation.amount if compensation else None,
        charge_entry=compensation.charge_entry if compensation else None,
        satisfaction=payload.satisfaction,
        follow_up=payload.follow_up,
    )
    return 200, complaint_out(resolved, access)


# --- the shift log -------------------------------------------------------------------------


class ReadOut(Schema):
    user: str
    read_at: dt.datetime


class ShiftNoteOut(Schema):
    id: int
    text: str
    author: str | None
    department: str | None
    important: bool
    created_at: dt.datetime
    read_by_me: bool
    reads: list[ReadOut]


class ShiftNoteIn(Schema):
    text: Text(4000, 1)
    important: bool = False
    department: Department.Kind | None = None


def note_out(note: ShiftNote, user) -> dict:
    reads = list(note.reads.all())
    return {
        "id": note.pk,
        "text": note.text,
        "author": _name(note.author),
        "department": note.department.kind if note.department_id else None,
        "important": note.important,
        "created_at": note.created_at,
        "read_by_me": any(r.user_id == user.pk for r in reads),
        "reads": [{"user": r.user.get_username(), "read_at": r.read_at} for r in reads],
    }


@router.get(f"{E}/shift-log", response=list[ShiftNoteOut], tags=["shift log"])
def shift_log(request, code: str):
    """The latest 100 notes, the ones I have not read first, each with who read it."""
    access = policy.access(request.auth, code, "shiftlog.use")
    notes = selectors.shift_notes(access.establishment, user=request.auth)
    return [note_out(n, request.auth) for n in notes]


@router.post(f"{E}/shift-log", response={201: ShiftNoteOut, **ERRORS}, tags=["shift log"])
def shift_log_write(request, code: str, payload: ShiftNoteIn):
    access = policy.access(request.auth, code, "shiftlog.use")
    department = None
    if payload.department:
        department = Department.objects.filter(
            establishment=access.establishment, kind=payload.department
        ).first()
        if department is None:
            raise NotFound(_("No such department."))
    note = shiftlog.shift_note_write(
        establishment=access.establishment,
        actor=request.auth,
        text=payload.text,
        important=payload.important,
        department=department,
    )
    return 201, note_out(note, request.auth)


@router.post(
    f"{E}/shift-log/{{int:note_id}}/read",
    response={200: ShiftNoteOut, **ERRORS},
    tags=["shift log"],
)
def shift_log_read(request, code: str, note_id: int):
    """The read receipt: once per person (reading again keeps the first time)."""
    access = policy.access(request.auth, code, "shiftlog.use")
    note = selectors.shift_note_get(access.establishment, note_id)
    if note is None:
        raise NotFound(_("No such note."))
    shiftlog.shift_note_read(note=note, actor=request.auth)
    return 200, note_out(note, request.auth)
