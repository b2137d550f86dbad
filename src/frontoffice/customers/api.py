"""API of customer records (guests)."""

import datetime as dt

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from frontoffice.core import policy
from frontoffice.core.errors import Conflict, Forbidden, Invalid, NotFound
from frontoffice.core.history import HIDDEN_FIELDS, changes
from frontoffice.core.models import Language
from frontoffice.core.pagination import Pagination
from frontoffice.core.schemas import ErrorOut, HistoryEntry, Text

from . import privacy, selectors, services
from .models import Customer
from .privacy import PRIVATE_ACTION

router = Router(tags=["guests"])


class GuestIn(Schema):
    first_name: Text(100) = ""
    last_name: Text(100, 1)
    email: Text(254) | None = None
    phone: Text(40) | None = None
    language: Language | None = None
    nationality: Text(2) | None = None
    vip_level: int = Field(0, ge=0, le=3)
    vip_instructions: Text(2000) = ""
    private: bool = False
    notes: Text(4000) = ""


class GuestPatch(Schema):
    first_name: Text(100) | None = None
    last_name: Text(100, 1) | None = None
    email: Text(254) | None = None
    phone: Text(40) | None = None
    language: Language | None = None
    nationality: Text(2) | None = None
    vip_level: int | None = Field(None, ge=0, le=3)
    vip_instructions: Text(2000) | None = None
    private: bool | None = None
    notes: Text(4000) | None = None


class GuestOut(Schema):
    id: int
    first_name: str
    last_name: str
    email: str
    phone: str
    language: str
    nationality: str
    vip_level: int
    vip_instructions: str
    private: bool
    notes: str
    created_at: dt.datetime
    updated_at: dt.datetime


class LookAlike(Schema):
    id: int
    first_name: str
    last_name: str
    email: str
    phone: str


class GuestCreated(GuestOut):
    possible_duplicates: list[LookAlike]


class DuplicateOut(ErrorOut):
    existing_id: int | None = None


def guest_data(customer: Customer) -> dict:
    return {
        "id": customer.pk,
        "first_name": customer.first_name,
        "last_name": customer.last_name,
        "email": customer.email,
        "phone": customer.phone,
        "language": customer.language,
        "nationality": customer.nationality,
        "vip_level": customer.vip_level,
        "vip_instructions": customer.vip_instructions,
        "private": customer.private,
        "notes": customer.notes,
        "created_at": customer.created_at,
        "updated_at": customer.updated_at,
    }


def _guest(access, guest_id: int, looked_at: str = "") -> Customer:
    """The guest; 404 as for an unknown guest when private and the person may not see
    private guests. `looked_at` logs a look at a private guest's record."""
    customer = selectors.customer_get(access.establishment, guest_id, access=access)
    if customer is None:
        raise NotFound(_("No such guest."))
    if looked_at:
        services.private_look_record(customer=customer, actor=access.user, what=looked_at)
    return customer


def _may_declare_private(access, data: dict) -> None:
    if "private" in data and data["private"] is not None and not access.can(PRIVATE_ACTION):
        raise Forbidden(_("Your role does not allow declaring a guest private."))


@router.get("/establishments/{code}/guests", response=list[GuestOut])
@paginate(Pagination)
def guest_list(request, code: str, q: Text(200) = ""):
    access = policy.access(request.auth, code, "guest.view")
    return selectors.customer_search(access.establishment, q, access=access)


@router.post(
    "/establishments/{code}/guests",
    response={201: GuestCreated, 403: ErrorOut, 404: ErrorOut, 409: DuplicateOut, 422: ErrorOut},
)
def guest_create(request, code: str, payload: GuestIn):
    """A new guest. The same email and name as an existing guest is 409 `duplicate` with
    `existing_id`; records that merely look alike are listed in `possible_duplicates`."""
    access = policy.access(request.auth, code, "guest.manage")
    data = payload.dict()
    if not data["private"]:
        del data["private"]
    _may_declare_private(access, data)
    try:
        customer = services.customer_create(
            establishment=access.establishment, actor=request.auth, **data
        )
    except Conflict as error:
        raise privacy.masked(error, access) from None
    look_alikes = selectors.customer_look_alikes(
        access.establishment,
        first_name=customer.first_name,
        last_name=customer.last_name,
        email=customer.email,
        phone=customer.phone,
        exclude_id=customer.pk,
        access=access,
    )
    body = guest_data(customer)
    body["possible_duplicates"] = [
        {
            "id": c.pk,
            "first_name": c.first_name,
            "last_name": c.last_name,
            "email": c.email,
            "phone": c.phone,
        }
        for c in look_alikes
    ]
    return 201, body


@router.get(
    "/establishments/{code}/guests/{int:guest_id}",
    response={200: GuestOut, 404: ErrorOut},
)
def guest_get(request, code: str, guest_id: int):
    access = policy.access(request.auth, code, "guest.view")
    return guest_data(_guest(access, guest_id, looked_at="api"))


@router.patch(
    "/establishments/{code}/guests/{int:guest_id}",
    response={200: GuestOut, 403: ErrorOut, 404: ErrorOut, 409: DuplicateOut, 422: ErrorOut},
)
def guest_update(request, code: str, guest_id: int, payload: GuestPatch):
    access = policy.access(request.auth, code, "guest.manage")
    customer = _guest(access, guest_id)
    data = payload.dict(exclude_unset=True)
    if not data:
        raise Invalid(_("Nothing to change."), code="empty_change")
    _may_declare_private(access, data)
    try:
        updated = services.customer_update(customer=customer, actor=request.auth, **data)
    except Conflict as error:
        raise privacy.masked(error, access) from None
    return guest_data(updated)


@router.get(
    "/establishments/{code}/guests/{int:guest_id}/history",
    response={200: list[HistoryEntry], 404: ErrorOut},
)
def guest_history(request, code: str, guest_id: int):
    access = policy.access(request.auth, code, "guest.view")
    return changes(_guest(access, guest_id, looked_at="api history"), hidden=HIDDEN_FIELDS)
