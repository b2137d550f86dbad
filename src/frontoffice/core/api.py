"""API of the core: tokens, establishments, guests."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from . import policy, selectors, services
from .errors import Forbidden, Invalid, NotFound
from .history import HIDDEN_FIELDS, changes
from .models import Customer, Kind, Language
from .schemas import Code, Text

router = Router()


class TokenIn(Schema):
    username: Text(150, 1)
    password: Text(200, 1)


class TokenOut(Schema):
    token: str


class ErrorOut(Schema):
    code: str
    detail: str


@router.post(
    "/auth/token",
    auth=None,
    response={200: TokenOut, 401: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    tags=["auth"],
)
def token_create(request, payload: TokenIn):
    user = services.login(request=request, username=payload.username, password=payload.password)
    if user is None:
        return 401, {"code": "invalid_credentials", "detail": _("Wrong user name or password.")}
    return {"token": services.token_create(user=user)}


class EstablishmentIn(Schema):
    code: Code
    name: Text(200, 1)
    kind: Kind = Kind.HOTEL
    timezone: Text(64, 1) = "UTC"
    currency: Text(3, 3) = "EUR"
    language: Language = Language.EN


class EstablishmentOut(Schema):
    code: str
    name: str
    kind: str
    timezone: str
    currency: str
    language: str
    today: dt.date


def establishment_out(est) -> dict:
    return {
        "code": est.code,
        "name": est.name,
        "kind": est.kind,
        "timezone": est.timezone,
        "currency": est.currency,
        "language": est.language,
        "today": est.today(),
    }


@router.get("/establishments", response=list[EstablishmentOut], tags=["establishments"])
@paginate(LimitOffsetPagination)
def establishment_list(request):
    return [establishment_out(e) for e in policy.establishments_of(request.auth)]


@router.post(
    "/establishments",
    response={201: EstablishmentOut, 403: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    tags=["establishments"],
)
def establishment_create(request, payload: EstablishmentIn):
    if not policy.can_create_establishment(request.auth):
        raise Forbidden(_("Only administrators can create establishments."))
    est = services.establishment_create(
        actor=request.auth,
        code=payload.code,
        name=payload.name,
        kind=payload.kind,
        timezone_name=payload.timezone,
        currency=payload.currency.upper(),
        language=payload.language,
    )
    return 201, establishment_out(est)


@router.get(
    "/establishments/{code}",
    response={200: EstablishmentOut, 404: ErrorOut},
    tags=["establishments"],
)
def establishment_get(request, code: str):
    access = policy.access(request.auth, code, "dashboard.view")
    return establishment_out(access.establishment)


# --- guests ----------------------------------------------------------------------------


class GuestIn(Schema):
    first_name: Text(100) = ""
    last_name: Text(100, 1)
    email: Text(254) | None = None
    phone: Text(40) | None = None
    language: Language | None = None
    nationality: Text(2) | None = None
    vip_level: int = Field(0, ge=0, le=3)
    notes: Text(4000) = ""


class GuestPatch(Schema):
    first_name: Text(100) | None = None
    last_name: Text(100, 1) | None = None
    email: Text(254) | None = None
    phone: Text(40) | None = None
    language: Language | None = None
    nationality: Text(2) | None = None
    vip_level: int | None = Field(None, ge=0, le=3)
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


class HistoryChange(Schema):
    field: str
    label: str
    old: object | None = None
    new: object | None = None


class HistoryEntry(Schema):
    at: dt.datetime
    user: str | None
    action: str
    changes: list[HistoryChange]


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
        "notes": customer.notes,
        "created_at": customer.created_at,
        "updated_at": customer.updated_at,
    }


def _guest(access, guest_id: int) -> Customer:
    customer = selectors.customer_get(access.establishment, guest_id)
    if customer is None:
        raise NotFound(_("No such guest."))
    return customer


@router.get("/establishments/{code}/guests", response=list[GuestOut], tags=["guests"])
@paginate(LimitOffsetPagination)
def guest_list(request, code: str, q: Text(200) = ""):
    access = policy.access(request.auth, code, "guest.view")
    return selectors.customer_search(access.establishment, q)


@router.post(
    "/establishments/{code}/guests",
    response={201: GuestCreated, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    tags=["guests"],
)
def guest_create(request, code: str, payload: GuestIn):
    access = policy.access(request.auth, code, "guest.manage")
    data = payload.dict()
    with transaction.atomic():
        customer = services.customer_create(
            establishment=access.establishment, actor=request.auth, **data
        )
    look_alikes = selectors.customer_look_alikes(
        access.establishment,
        first_name=customer.first_name,
        last_name=customer.last_name,
        email=customer.email,
        phone=customer.phone,
        exclude_id=customer.pk,
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
    tags=["guests"],
)
def guest_get(request, code: str, guest_id: int):
    access = policy.access(request.auth, code, "guest.view")
    return guest_data(_guest(access, guest_id))


@router.patch(
    "/establishments/{code}/guests/{int:guest_id}",
    response={200: GuestOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    tags=["guests"],
)
def guest_update(request, code: str, guest_id: int, payload: GuestPatch):
    access = policy.access(request.auth, code, "guest.manage")
    customer = _guest(access, guest_id)
    data = payload.dict(exclude_unset=True)
    if not data:
        raise Invalid(_("Nothing to change."), code="empty_change")
    return guest_data(services.customer_update(customer=customer, actor=request.auth, **data))


@router.get(
    "/establishments/{code}/guests/{int:guest_id}/history",
    response={200: list[HistoryEntry], 404: ErrorOut},
    tags=["guests"],
)
def guest_history(request, code: str, guest_id: int):
    access = policy.access(request.auth, code, "guest.view")
    return changes(_guest(access, guest_id), hidden=HIDDEN_FIELDS)
