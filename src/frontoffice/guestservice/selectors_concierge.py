"""Reads of the concierge: the catalogue (search, open now), a guest's recommendations and
bookings, and what guests of a similar profile booked most."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from frontoffice.core import dates
from frontoffice.core.errors import Invalid, NotFound
from frontoffice.core.models import Establishment
from frontoffice.core.text import fold
from frontoffice.core.validation import is_row_id
from frontoffice.customers.models import Customer
from frontoffice.lodging import selectors as lodging_selectors
from frontoffice.lodging.models import Reservation, ReservationStatus

from .models import Attraction, Recommendation

POPULAR_DAYS = 365
POPULAR_LIMIT = 5


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def is_open(opening_hours: dict, local: dt.datetime) -> bool:
    """Whether the hours say open at `local` (a time in the establishment's zone).

    A period [opens, closes] of a weekday covers opens ≤ t < closes; when it closes before
    it opens it runs past midnight into the next day (so the previous day's such periods
    count early in the morning); the same time for both is round the clock."""
    now = local.hour * 60 + local.minute
    today = str(local.weekday())
    yesterday = str((local.weekday() - 1) % 7)
    for opens, closes in opening_hours.get(today, []):
        start, end = _minutes(opens), _minutes(closes)
        if start == end or (start < end and start <= now < end) or (end < start <= now):
            return True
    for opens, closes in opening_hours.get(yesterday, []):
        start, end = _minutes(opens), _minutes(closes)
        if end < start and now < end:
            return True
    return False


def local_time(establishment: Establishment, at: dt.datetime) -> dt.datetime:
    return at.astimezone(dates.zone(establishment.timezone))


def attraction_get(establishment: Establishment, attraction_id) -> Attraction:
    if not is_row_id(attraction_id):
        raise NotFound(_("No such attraction."))
    attraction = Attraction.objects.filter(establishment=establishment, pk=attraction_id).first()
    if attraction is None:
        raise NotFound(_("No such attraction."))
    return attraction


def attraction_search(
    establishment: Establishment,
    *,
    q: str = "",
    category: str | None = None,
    language: str | None = None,
    open_at: dt.datetime | None = None,
    include_inactive: bool = False,
) -> list[Attraction]:
    """The catalogue, by name: every word of `q` in the name, address or notes (without
    case or accents); of a category; where `language` is spoken; open at `open_at` (an
    aware time, judged by the hours in the establishment's zone)."""
    rows = Attraction.objects.filter(establishment=establishment)
    if not include_inactive:
        rows = rows.filter(active=True)
    for word in fold(q).split()[:10]:
        rows = rows.filter(search_key__contains=word)
    if category:
        rows = rows.filter(category=category)
    found = list(rows.order_by("name", "id"))
    if language:
        code = language.strip().lower()
        found = [a for a in found if code in a.languages]
    if open_at is not None:
        local = local_time(establishment, open_at)
        found = [a for a in found if is_open(a.opening_hours, local)]
    return found


def languages_spoken(establishment: Establishment) -> list[str]:
    """Every language spoken somewhere in the catalogue (for the filter), by code."""
    found: set[str] = set()
    for codes in Attraction.objects.filter(establishment=establishment, active=True).values_list(
        "languages", flat=True
    ):
        found |= set(codes)
    return sorted(found)


def similar_guests(customer: Customer) -> Q | None:
    """Guests of a similar profile: other guests who share the guest's preferred language or
    nationality (either is enough); None when the guest has neither."""
    rule = Q()
    if customer.language:
        rule |= Q(language=customer.language)
    if customer.nationality:
        rule |= Q(nationality=customer.nationality)
    if not rule:
        return None
    return rule & ~Q(pk=customer.pk)


def popular_with_similar(
    establishment: Establishment,
    customer: Customer,
    *,
    at: dt.datetime,
    limit: int = POPULAR_LIMIT,
) -> tuple[list[tuple[Attraction, int]], bool]:
    """What guests of a similar profile booked most: ([(attraction, bookings)], similar).

    Counts the bookings (not the recommendations) made in the `POPULAR_DAYS` days up to `at`
    for guests sharing the guest's language or nationality (see `similar_guests`), the
    guest's own left out; most booked first, then by name; active attractions only. When
    there are none (or the guest has neither language nor nationality) it counts every
    guest's bookings instead, and `similar` is False."""
    since = at - dt.timedelta(days=POPULAR_DAYS)
    bookings = Recommendation.objects.filter(
        establishment=establishment,
        kind=Recommendation.Kind.BOOKING,
        created_at__gt=since,
        created_at__lte=at,
        attraction__active=True,
    )
    rule = similar_guests(customer)
    if rule is not None:
        similar = bookings.filter(
            customer__in=Customer.objects.filter(rule, establishment=establishment)
        )
        ranked = _ranked(similar, limit)
        if ranked:
            return ranked, True
    return _ranked(bookings, limit), False


def _ranked(bookings, limit: int) -> list[tuple[Attraction, int]]:
    counts = list(
        bookings.values("attraction_id")
        .annotate(n=Count("id"))
        .order_by("-n", "attraction__name", "attraction_id")[:limit]
    )
    by_id = Attraction.objects.in_bulk([row["attraction_id"] for row in counts])
    return [(by_id[row["attraction_id"]], row["n"]) for row in counts]


def recommendations_of(establishment: Establishment, customer: Customer):
    """The guest's recommendations and bookings, newest first."""
    return Recommendation.objects.filter(
        establishment=establishment, customer=customer
    ).select_related("attraction", "reservation", "created_by")


def reservation_of(establishment: Establishment, confirmation: str) -> Reservation:
    """The stay a booking refers to, by its confirmation code (unknown: bad input)."""
    try:
        # The guest was loaded through the person's access; the booking service checks the
        # stay is theirs.
        return lodging_selectors.reservation_get(establishment, confirmation, access=None)
    except NotFound:
        raise Invalid(_("No such reservation."), field="reservation") from None


def chargeable_stays(establishment: Establishment, customer: Customer) -> list[Reservation]:
    """The guest's stays whose folio can take a booking's cost: in house first, then the
    confirmed ones by arrival."""
    rows = Reservation.objects.filter(
        establishment=establishment,
        customer=customer,
        status__in=(ReservationStatus.CHECKED_IN, ReservationStatus.CONFIRMED),
        folio__isnull=False,
    ).select_related("room")
    return sorted(rows, key=lambda r: (r.status != ReservationStatus.CHECKED_IN, r.arrival, r.pk))
