"""The JSON API of guest services: the concierge's catalogue, and the recommendations and
bookings kept on a guest's profile.

A booking's `cost` is the price the concierge agreed with the place; it may be posted on the
guest's folio (`charge_to_folio`), and the answer then names the charge (`charge`). Amounts
are for those who may see the guest's account (folio.view): to others `cost` is null, as
everywhere the concierge, porters and file clerks see no money. The folio's balance is never
part of these answers."""

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from frontoffice.core import money, policy
from frontoffice.core.errors import Invalid, NotFound
from frontoffice.core.pagination import Pagination
from frontoffice.core.schemas import ErrorOut, Text
from frontoffice.customers import selectors as customer_selectors

from . import moments
from . import selectors_concierge as selectors
from .models import Attraction, Recommendation
from .services import concierge as services

router = Router(tags=["concierge"])

Category = Literal[tuple(Attraction.Category.values)]  # type: ignore[valid-type]
OpeningHours = dict[str, list[list[Text(5)]]]
HOURS_HELP = (
    'Per weekday ("0" Monday … "6" Sunday) a list of [opens, closes] pairs, "HH:MM" in the '
    "establishment's local time; a closing time before the opening runs past midnight, the "
    "same time for both is round the clock; a day left out is closed."
)


class AttractionIn(Schema):
    name: Text(150, 1)
    category: Category
    address: Text(300) = ""
    opening_hours: OpeningHours = Field(default_factory=dict, description=HOURS_HELP)
    price_level: int = Field(0, ge=0, le=4)
    languages: list[Text(2)] = Field(default_factory=list, max_length=20)
    phone: Text(30) = ""
    website: Text(300) = ""
    notes: dict[str, Text(2000)] = Field(default_factory=dict, description="Notes per language.")
    active: bool = True


class AttractionPatch(Schema):
    name: Text(150, 1) | None = None
    category: Category | None = None
    address: Text(300) | None = None
    opening_hours: OpeningHours | None = Field(None, description=HOURS_HELP)
    price_level: int | None = Field(None, ge=0, le=4)
    languages: list[Text(2)] | None = Field(None, max_length=20)
    phone: Text(30) | None = None
    website: Text(300) | None = None
    notes: dict[str, Text(2000)] | None = None
    active: bool | None = None


class AttractionOut(Schema):
    id: int
    name: str
    category: str
    address: str
    opening_hours: dict[str, list[list[str]]]
    price_level: int
    languages: list[str]
    phone: str
    website: str
    notes: dict[str, str]
    active: bool
    open_now: bool = Field(description="Open at the time asked (`at`, else now).")


class PopularOut(Schema):
    attraction: AttractionOut
    bookings: int


class PopularList(Schema):
    similar: bool = Field(
        description="True: counted over guests sharing the guest's language or nationality; "
        "False: over every guest."
    )
    items: list[PopularOut]


def attraction_out(attraction: Attraction, local: dt.datetime) -> dict:
    return {
        "id": attraction.pk,
        "name": attraction.name,
        "category": attraction.category,
        "address": attraction.address,
        "opening_hours": attraction.opening_hours,
        "price_level": attraction.price_level,
        "languages": attraction.languages,
        "phone": attraction.phone,
        "website": attraction.website,
        "notes": attraction.notes,
        "active": attraction.active,
        "open_now": selectors.is_open(attraction.opening_hours, local),
    }


def _moment(at: dt.datetime | None) -> dt.datetime:
    if at is None:
        return timezone.now()
    if timezone.is_naive(at):
        raise Invalid(_("Give the time with its time zone."), field="at")
    return moments.bounded(at, "at")


@router.get("/establishments/{code}/attractions", response=list[AttractionOut])
@paginate(Pagination)
def attraction_list(
    request,
    code: str,
    q: Text(200) = "",
    category: Category | None = None,
    language: Text(2) | None = None,
    open_now: bool = False,
    at: dt.datetime | None = None,
    inactive: bool = False,
):
    """The catalogue by name. `open_now=true` keeps what is open at `at` (default: now);
    `language` keeps where that language is spoken; `inactive=true` lists retired places too."""
    access = policy.access(request.auth, code, "concierge.view")
    est = access.establishment
    moment = _moment(at)
    rows = selectors.attraction_search(
        est,
        q=q,
        category=category,
        language=language,
        open_at=moment if open_now else None,
        include_inactive=inactive,
    )
    local = selectors.local_time(est, moment)
    return [attraction_out(a, local) for a in rows]


@router.post(
    "/establishments/{code}/attractions",
    response={201: AttractionOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def attraction_create(request, code: str, payload: AttractionIn):
    access = policy.access(request.auth, code, "attraction.manage")
    est = access.establishment
    attraction = services.attraction_create(establishment=est, actor=request.auth, **payload.dict())
    return 201, attraction_out(attraction, selectors.local_time(est, timezone.now()))


@router.get(
    "/establishments/{code}/attractions/{attraction_id}",
    response={200: AttractionOut, 403: ErrorOut, 404: ErrorOut},
)
def attraction_detail(request, code: str, attraction_id: int, at: dt.datetime | None = None):
    access = policy.access(request.auth, code, "concierge.view")
    est = access.establishment
    attraction = selectors.attraction_get(est, attraction_id)
    return 200, attraction_out(attraction, selectors.local_time(est, _moment(at)))


@router.patch(
    "/establishments/{code}/attractions/{attraction_id}",
    response={200: AttractionOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def attraction_update(request, code: str, attraction_id: int, payload: AttractionPatch):
    access = policy.access(request.auth, code, "attraction.manage")
    est = access.establishment
    attraction = selectors.attraction_get(est, attraction_id)
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    if not changes:
        raise Invalid(_("Nothing to change."), code="empty_change")
    updated = services.attraction_update(attraction=attraction, actor=request.auth, **changes)
    return 200, attraction_out(updated, selectors.local_time(est, timezone.now()))


# --- a guest's recommendations and bookings ---------------------------------------------


class RecommendationIn(Schema):
    attraction: int = Field(..., ge=1, lt=2**62)
    kind: Literal["recommendation", "booking"] = "recommendation"
    reservation: Text(12) | None = Field(None, description="The stay's confirmation code.")
    for_date: dt.date | None = None
    at: dt.datetime | None = Field(None, description="A booking's date and time (aware).")
    party_size: int = Field(1, ge=1, le=500)
    confirmation: Text(100) = ""
    cost: Decimal | None = Field(None, ge=0, le=Decimal("9999999999"), max_digits=13)
    charge_to_folio: bool = False
    notes: Text(2000) = ""


class AttractionRef(Schema):
    id: int
    name: str
    category: str


class RecommendationOut(Schema):
    id: int
    kind: str
    attraction: AttractionRef
    reservation: str | None
    for_date: dt.date | None
    at: dt.datetime | None
    party_size: int
    confirmation: str
    cost: str | None = Field(description="Null for roles without folio.view.")
    charge: int | None = Field(description="The charge posted on the folio, if any.")
    notes: str
    created_by: str | None
    created_at: dt.datetime


def recommendation_out(item: Recommendation, currency: str, money_shown: bool) -> dict:
    return {
        "id": item.pk,
        "kind": item.kind,
        "attraction": {
            "id": item.attraction_id,
            "name": item.attraction.name,
            "category": item.attraction.category,
        },
        "reservation": item.reservation.confirmation if item.reservation_id else None,
        "for_date": item.for_date,
        "at": item.at,
        "party_size": item.party_size,
        "confirmation": item.confirmation,
        "cost": (
            str(money.quantize(item.cost, currency))
            if money_shown and item.cost is not None
            else None
        ),
        "charge": item.charge_id,
        "notes": item.notes,
        "created_by": item.created_by.get_username() if item.created_by_id else None,
        "created_at": item.created_at,
    }


def _guest(access, guest_id: int):
    customer = customer_selectors.customer_get(access.establishment, guest_id, access=access)
    if customer is None:
        raise NotFound(_("No such guest."))
    return customer


@router.get(
    "/establishments/{code}/guests/{guest_id}/recommendations",
    response=list[RecommendationOut],
)
@paginate(Pagination)
def recommendation_list(request, code: str, guest_id: int):
    """The guest's recommendations and bookings, newest first."""
    access = policy.access(request.auth, code, "concierge.view")
    customer = _guest(access, guest_id)
    currency = access.establishment.currency
    rows = selectors.recommendations_of(access.establishment, customer)
    shown = access.can("folio.view")
    return [recommendation_out(item, currency, shown) for item in rows]


@router.post(
    "/establishments/{code}/guests/{guest_id}/recommendations",
    response={201: RecommendationOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
)
def recommendation_create(request, code: str, guest_id: int, payload: RecommendationIn):
    """Recommend an attraction or book it (`kind: booking` needs `at`). With
    `charge_to_folio` the booking's `cost` is posted on the folio of `reservation`, one of
    the guest's stays that still takes charges, in the same transaction."""
    access = policy.access(request.auth, code, "recommendation.manage")
    est = access.establishment
    customer = _guest(access, guest_id)
    attraction = selectors.attraction_get(est, payload.attraction)
    reservation = None
    if payload.reservation:
        reservation = selectors.reservation_of(est, payload.reservation)
    data = payload.dict(exclude={"attraction", "reservation"})
    item = services.recommendation_create(
        establishment=est,
        actor=request.auth,
        customer=customer,
        attraction=attraction,
        reservation=reservation,
        **data,
    )
    return 201, recommendation_out(item, est.currency, access.can("folio.view"))


@router.get(
    "/establishments/{code}/guests/{guest_id}/popular-attractions",
    response={200: PopularList, 403: ErrorOut, 404: ErrorOut},
)
def popular_attractions(request, code: str, guest_id: int, at: dt.datetime | None = None):
    """What guests of a similar profile (same language or nationality) booked most in the
    last year, falling back to every guest's bookings."""
    access = policy.access(request.auth, code, "concierge.view")
    est = access.establishment
    customer = _guest(access, guest_id)
    moment = _moment(at)
    ranked, similar = selectors.popular_with_similar(est, customer, at=moment)
    local = selectors.local_time(est, moment)
    return 200, {
        "similar": similar,
        "items": [{"attraction": attraction_out(a, local), "bookings": n} for a, n in ranked],
    }
