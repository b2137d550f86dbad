"""Writes of the concierge: the catalogue of attractions, and what is recommended to a guest
or booked for them (a booking's cost may go on the guest's folio, in the same transaction)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontoffice.billing.services import ledger
from frontoffice.core import dates, money
from frontoffice.core.errors import Conflict, Invalid
from frontoffice.core.models import Establishment
from frontoffice.core.text import fold
from frontoffice.core.validation import full_clean
from frontoffice.customers.models import Customer
from frontoffice.customers.services import normalize_phone
from frontoffice.lodging.models import Reservation, ReservationStatus

from .. import moments
from ..models import Attraction, Recommendation

ATTRACTION_FIELDS = (
    "name",
    "category",
    "address",
    "opening_hours",
    "price_level",
    "languages",
    "phone",
    "website",
    "notes",
    "active",
)
WEEKDAYS = tuple(str(day) for day in range(7))
MAX_PERIODS = 4
MAX_LANGUAGES = 20
NOTE_MAX = 2000
_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
_LANGUAGE = re.compile(r"^[a-z]{2}$")
# What a booking's cost is posted as on the folio: the concierge's service to the guest.
CHARGE_CATEGORY = "service"
# A booking made for the folio of a stay that can still take charges.
CHARGEABLE = (ReservationStatus.CONFIRMED, ReservationStatus.CHECKED_IN)


def _actor(actor):
    return actor if actor is not None and actor.is_authenticated else None


def opening_hours_clean(value) -> dict[str, list[list[str]]]:
    """{"0": [["09:00", "17:00"]], …}: weekdays 0 (Monday) to 6, each with up to four
    [opens, closes] pairs of "HH:MM"; a day left out or empty is closed. A closing time
    before the opening runs past midnight; the same time for both means round the clock."""
    if value in (None, ""):
        return {}
    if not isinstance(value, dict):
        raise Invalid(_("Give the opening hours per weekday."), field="opening_hours")
    cleaned: dict[str, list[list[str]]] = {}
    for day, periods in value.items():
        day = str(day)
        if day not in WEEKDAYS:
            raise Invalid(
                _("Weekdays are numbered 0 (Monday) to 6 (Sunday)."), field="opening_hours"
            )
        if not isinstance(periods, list) or len(periods) > MAX_PERIODS:
            raise Invalid(_("Give at most four opening periods per day."), field="opening_hours")
        pairs = []
        for period in periods:
            if (
                not isinstance(period, (list, tuple))
                or len(period) != 2
                or not all(isinstance(t, str) and _TIME.match(t) for t in period)
            ):
                raise Invalid(
                    _("Write opening and closing times as HH:MM, e.g. 09:30."),
                    field="opening_hours",
                )
            pairs.append([period[0], period[1]])
        if pairs:
            cleaned[day] = sorted(pairs)
    return dict(sorted(cleaned.items()))


def languages_clean(value) -> list[str]:
    """ISO 639-1 codes ("en", "nl"), lower case, each once, in the order given."""
    if value in (None, ""):
        return []
    if not isinstance(value, (list, tuple)) or len(value) > MAX_LANGUAGES:
        raise Invalid(_("Give the languages spoken as a list."), field="languages")
    cleaned: list[str] = []
    for code in value:
        code = str(code).strip().lower()
        if not _LANGUAGE.match(code):
            raise Invalid(
                _("Give each language as its two-letter code, e.g. en or nl."), field="languages"
            )
        if code not in cleaned:
            cleaned.append(code)
    return cleaned


def notes_clean(value) -> dict[str, str]:
    """Notes per language ({"nl": "…"}), blank ones left out."""
    if value in (None, ""):
        return {}
    if not isinstance(value, dict):
        raise Invalid(_("Give the notes per language."), field="notes")
    cleaned = {}
    for code, text in value.items():
        code = str(code).strip().lower()
        if not _LANGUAGE.match(code):
            raise Invalid(
                _("Give each language as its two-letter code, e.g. en or nl."), field="notes"
            )
        if not isinstance(text, str):
            raise Invalid(_("Write the notes as text."), field="notes")
        text = text.strip()
        if len(text) > NOTE_MAX or "\x00" in text:
            raise Invalid(_("The notes are too long."), field="notes")
        if text:
            cleaned[code] = text
    return dict(sorted(cleaned.items()))


def website_clean(value: str) -> str:
    value = (value or "").strip()
    if value and not value.lower().startswith(("http://", "https://")):
        value = "https://" + value
    return value


def search_key(attraction: Attraction) -> str:
    notes = " ".join(attraction.notes.values())
    return fold(f"{attraction.name} {attraction.address} {notes}")[:10000]


def _prepare(attraction: Attraction, data: dict[str, Any]) -> None:
    for name, value in data.items():
        if name not in ATTRACTION_FIELDS:
            raise Invalid(_("Unknown field: %(name)s") % {"name": name}, field=name)
        if name == "opening_hours":
            value = opening_hours_clean(value)
        elif name == "languages":
            value = languages_clean(value)
        elif name == "notes":
            value = notes_clean(value)
        elif name == "website":
            value = website_clean(value)
        elif name == "phone":
            value = normalize_phone(value or "", attraction.establishment.country)
        elif name == "price_level":
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 4:
                raise Invalid(_("The price level runs from 0 (free) to 4."), field="price_level")
        elif name == "active":
            value = bool(value)
        elif isinstance(value, str) or value is None:
            value = (value or "").strip()
        setattr(attraction, name, value)
    if not attraction.name:
        raise Invalid(_("The name is required."), field="name")
    if attraction.category not in Attraction.Category.values:
        raise Invalid(_("Choose a category from the list."), field="category")
    attraction.search_key = search_key(attraction)
    full_clean(attraction, exclude=["establishment"])


def attraction_create(*, establishment: Establishment, actor=None, **data: Any) -> Attraction:
    """A new place in the catalogue."""
    attraction = Attraction(establishment=establishment)
    _prepare(attraction, {"category": "", **data})
    with transaction.atomic():
        attraction.save()
    return attraction


def attraction_update(*, attraction: Attraction, actor=None, **changes: Any) -> Attraction:
    """Change what is given; the rest stays."""
    with transaction.atomic():
        current = Attraction.objects.select_for_update().get(pk=attraction.pk)
        _prepare(current, changes)
        current.save()
    return current


def _cost(value, currency: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        cost = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise Invalid(_("Enter an amount."), field="cost") from None
    if not cost.is_finite() or cost < 0 or cost > ledger.MAX_AMOUNT:
        raise Invalid(_("Enter an amount of zero or more."), field="cost")
    if cost != money.quantize(cost, currency):
        raise Invalid(_("The amount has too many decimal places."), field="cost")
    return cost


def recommendation_create(
    *,
    establishment: Establishment,
    actor,
    customer: Customer,
    attraction: Attraction,
    charge_to_folio: bool = False,
    **details: Any,
) -> Recommendation:
    """Recommend an attraction to a guest, or book it for them (`details`: see
    `recommendation_build`).

    With `charge_to_folio` the booking's cost is posted on the folio of its `reservation`
    (a stay of this guest that still takes charges) in the same transaction: both are
    written, or neither."""
    item = recommendation_build(
        establishment=establishment,
        actor=actor,
        customer=customer,
        attraction=attraction,
        charge_to_folio=charge_to_folio,
        **details,
    )
    with transaction.atomic():
        # Read again inside the transaction: retired or checked out a moment ago counts.
        if not Attraction.objects.filter(pk=attraction.pk, active=True).exists():
            raise Invalid(_("This place is no longer in the catalogue."), field="attraction")
        if charge_to_folio:
            status = (
                Reservation.objects.select_for_update()
                .values_list("status", flat=True)
                .get(pk=item.reservation_id)
            )
            if status not in CHARGEABLE:
                raise Conflict(_("This stay's folio takes no more charges."), code="not_chargeable")
            item.charge = ledger.charge_post(
                folio=item.reservation.folio,
                actor=actor,
                category=CHARGE_CATEGORY,
                unit_price=item.cost,
                quantity=1,
                description=_booking_description(attraction, item.party_size),
            )
        item.save()
    return item


def recommendation_build(
    *,
    establishment: Establishment,
    actor,
    customer: Customer,
    attraction: Attraction,
    kind: str = Recommendation.Kind.RECOMMENDATION,
    reservation: Reservation | None = None,
    for_date: dt.date | None = None,
    at: dt.datetime | None = None,
    party_size: int = 1,
    confirmation: str = "",
    cost=None,
    charge_to_folio: bool = False,
    notes: str = "",
) -> Recommendation:
    """A validated, unsaved recommendation (so a page can ask about it before it is made).

    A booking needs its time (`at`, aware); its day is that time's local date. Only a
    booking has a cost; only a booking's cost, with a stay of the guest's, goes on a folio."""
    if kind not in Recommendation.Kind.values:
        raise Invalid(_("Choose a recommendation or a booking."), field="kind")
    booking = kind == Recommendation.Kind.BOOKING
    if reservation is not None and reservation.customer_id != customer.pk:
        raise Invalid(_("This reservation is not the guest's."), field="reservation")
    if at is not None and timezone.is_naive(at):
        raise Invalid(_("Give the time with its time zone."), field="at")
    if at is not None:
        at = moments.bounded(at, "at")
    if booking and at is None:
        raise Invalid(_("A booking needs its date and time."), field="at")
    if at is not None:
        for_date = at.astimezone(dates.zone(establishment.timezone)).date()
    if (
        isinstance(party_size, bool)
        or not isinstance(party_size, int)
        or not 1 <= party_size <= 500
    ):
        raise Invalid(_("The party size runs from 1 to 500."), field="party_size")
    cost = _cost(cost, establishment.currency)
    if cost is not None and not booking:
        raise Invalid(_("Only a booking has a cost."), field="cost")
    if charge_to_folio:
        if not booking or not cost:
            raise Invalid(_("Only a booking's cost goes on the folio."), field="charge_to_folio")
        if reservation is None or reservation.folio_id is None:
            raise Invalid(_("Choose the stay whose folio takes the cost."), field="reservation")
    item = Recommendation(
        establishment=establishment,
        customer=customer,
        reservation=reservation,
        attraction=attraction,
        kind=kind,
        for_date=for_date,
        at=at,
        party_size=party_size,
        confirmation=(confirmation or "").strip(),
        cost=cost,
        notes=(notes or "").strip(),
        created_by=_actor(actor),
    )
    if not attraction.active:
        raise Invalid(_("This place is no longer in the catalogue."), field="attraction")
    if charge_to_folio and reservation.status not in CHARGEABLE:
        raise Conflict(_("This stay's folio takes no more charges."), code="not_chargeable")
    full_clean(item, exclude=["establishment", "charge"])
    return item


def _booking_description(attraction: Attraction, party_size: int) -> str:
    return f"{attraction.name[:180]} ×{party_size}"[:200]
