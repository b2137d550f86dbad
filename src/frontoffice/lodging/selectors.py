"""Reads of lodging: availability, reservation lists, the dashboard."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from frontoffice.core import dates as dates_mod
from frontoffice.core import history, money
from frontoffice.core.errors import Invalid, NotFound
from frontoffice.core.history import HIDDEN_FIELDS, changes
from frontoffice.core.models import Establishment
from frontoffice.core.text import fold

from .limits import HORIZON_DAYS, RATE_GRID_NIGHTS
from .models import (
    InventoryNight,
    RateChange,
    RatePlan,
    Reservation,
    ReservationStatus,
    Room,
    RoomOutOfOrder,
    RoomType,
)
from .rates import NightRate, calendar

MAX_AVAILABILITY_NIGHTS = 366


@dataclass
class NightAvailability:
    date: dt.date
    available: int
    price: Decimal
    # The rate's rules for a stay arriving this night (rates.calendar).
    min_stay: int = 1
    closed_to_arrival: bool = False


@dataclass
class TypeAvailability:
    room_type: RoomType
    nights: list[NightAvailability] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.room_type.code

    @property
    def available(self) -> int:
        return min((n.available for n in self.nights), default=0)

    @property
    def total_price(self) -> Decimal:
        return sum((n.price for n in self.nights), Decimal(0))


def availability(
    establishment: Establishment,
    arrival: dt.date,
    departure: dt.date,
    room_type_code: str | None = None,
    rate_plan_code: str | None = None,
) -> list[TypeAvailability]:
    """Free rooms per type and night. Reads nights × types inventory rows: the cost does not
    depend on how many reservations exist."""
    if departure <= arrival:
        raise Invalid(_("The departure must be after the arrival."), code="invalid_dates")
    if (departure - arrival).days > MAX_AVAILABILITY_NIGHTS:
        raise Invalid(_("Ask for at most 366 nights at once."), code="range_too_long")
    room_types = list(RoomType.objects.filter(establishment=establishment))
    if room_type_code:
        room_types = [rt for rt in room_types if rt.code.lower() == room_type_code.lower()]
        if not room_types:
            raise Invalid(_("Unknown room type."), code="unknown_room_type")
    plan = None
    if rate_plan_code:
        plan = RatePlan.objects.filter(
            establishment=establishment, code__iexact=rate_plan_code
        ).first()
        if plan is None:
            raise Invalid(_("Unknown rate plan."), code="unknown_rate_plan")
    today = establishment.today()
    stay = dates_mod.nights(arrival, departure)
    free: dict[tuple[int, dt.date], int] = {}
    rows = InventoryNight.objects.filter(
        establishment=establishment, date__gte=arrival, date__lt=departure
    )
    if room_type_code:
        rows = rows.filter(room_type_id=room_types[0].pk)
    for room_type_id, day, capacity, sold in rows.values_list(
        "room_type_id", "date", "capacity", "sold"
    ):
        free[(room_type_id, day)] = max(capacity - sold, 0)
    last_bookable = today + dt.timedelta(days=HORIZON_DAYS)
    missing = [
        (rt, day)
        for rt in room_types
        for day in stay
        if today <= day <= last_bookable and (rt.pk, day) not in free
    ]
    if missing:
        # Nights beyond the inventory's horizon hold nothing yet: all their rooms are free.
        free.update(unsold_capacity(establishment, missing))
    rates = calendar(room_types, plan, stay, establishment.currency)
    result = []
    for room_type in room_types:
        result.append(
            TypeAvailability(
                room_type=room_type,
                nights=[
                    NightAvailability(
                        date=night.date,
                        # Past nights cannot be sold.
                        available=free.get((room_type.pk, night.date), 0)
                        if night.date >= today
                        else 0,
                        price=night.price,
                        min_stay=night.min_stay,
                        closed_to_arrival=night.closed_to_arrival,
                    )
                    for night in rates[room_type.pk]
                ],
            )
        )
    return result


def unsold_capacity(
    establishment: Establishment, nights: list[tuple[RoomType, dt.date]]
) -> dict[tuple[int, dt.date], int]:
    """What a night without an inventory row can sell: the type's rooms in service, less
    those out of order that night, plus its overbooking allowance (as `inventory.recompute`
    sets it). A read: the rows themselves are made by the booking service and the daily job."""
    rooms = rooms_in_service(establishment)
    dates = [day for _, day in nights]
    periods = list(
        RoomOutOfOrder.objects.filter(
            establishment=establishment,
            room__active=True,
            start__lte=max(dates),
            end__gt=min(dates),
        ).values_list("room__room_type_id", "start", "end")
    )
    result = {}
    for room_type, day in nights:
        out = sum(1 for t, s, e in periods if t == room_type.pk and s <= day < e)
        capacity = rooms.get(room_type.pk, 0) - out + room_type.overbooking_allowance
        result[(room_type.pk, day)] = max(capacity, 0)
    return result


def reservation_get(establishment: Establishment, confirmation: str) -> Reservation:
    confirmation = (confirmation or "").upper()
    if not (0 < len(confirmation) <= 12 and confirmation.isascii() and confirmation.isalnum()):
        raise NotFound(_("No such reservation."))
    reservation = (
        Reservation.objects.select_related("room_type", "customer", "rate_plan", "establishment")
        .filter(establishment=establishment, confirmation=confirmation)
        .first()
    )
    if reservation is None:
        raise NotFound(_("No such reservation."))
    return reservation


def reservation_list(
    establishment: Establishment,
    *,
    arrival: dt.date | None = None,
    status: str | None = None,
    q: str | None = None,
    customer_id: int | None = None,
    by_email: bool = False,
) -> QuerySet[Reservation]:
    """`q` is a confirmation code or the guest's name; and the guest's email only for
    those who may see it (`by_email`), or the answer would tell others whose it is."""
    reservations = Reservation.objects.filter(establishment=establishment).select_related(
        "customer", "room_type"
    )
    if arrival:
        reservations = reservations.filter(arrival=arrival)
    if status:
        if status not in ReservationStatus.values:
            raise Invalid(_("Unknown status."), code="invalid_status_filter", field="status")
        reservations = reservations.filter(status=status)
    if customer_id:
        reservations = reservations.filter(customer_id=customer_id)
    q = (q or "").strip()
    if q:
        condition = Q(confirmation=q.upper())
        name = Q()
        for word in fold(q).split()[:4]:
            name &= Q(customer__search_key__contains=word)
        condition |= name
        if by_email and "@" in q:
            condition |= Q(customer__email__iexact=q)
        reservations = reservations.filter(condition)
    return reservations.order_by("arrival", "id")


def room_types(establishment: Establishment) -> QuerySet[RoomType]:
    return RoomType.objects.filter(establishment=establishment)


def rooms(establishment: Establishment) -> QuerySet[Room]:
    return Room.objects.filter(establishment=establishment).select_related("room_type")


def rate_plans(establishment: Establishment, active_only: bool = True) -> QuerySet[RatePlan]:
    plans = RatePlan.objects.filter(establishment=establishment)
    return plans.filter(active=True) if active_only else plans


def rooms_in_service(establishment: Establishment) -> dict[int, int]:
    """Rooms in service per room type id, in one query."""
    return dict(
        Room.objects.filter(establishment=establishment, active=True)
        .values_list("room_type_id")
        .annotate(n=Count("id"))
        .values_list("room_type_id", "n")
    )


HIDDEN_HISTORY = HIDDEN_FIELDS | {"confirmation"}


def reservation_history(reservation: Reservation) -> list[dict]:
    entries = changes(reservation, hidden=HIDDEN_HISTORY)
    type_codes = dict(
        RoomType.objects.filter(establishment_id=reservation.establishment_id).values_list(
            "pk", "code"
        )
    )
    for entry in entries:
        for change in entry["changes"]:
            if change["field"] == "room_type":
                change["old"] = type_codes.get(change["old"], change["old"])
                change["new"] = type_codes.get(change["new"], change["new"])
            for key in ("old", "new"):
                if isinstance(change[key], Decimal):
                    change[key] = str(
                        money.quantize(change[key], reservation.establishment.currency)
                    )
                elif isinstance(change[key], dt.date):
                    change[key] = change[key].isoformat()
    return entries


def reservation_history_for_people(reservation: Reservation) -> list[dict]:
    """The page's history panel: status names, room type names, dates and amounts in the
    page's language."""
    names = dict(
        RoomType.objects.filter(establishment_id=reservation.establishment_id).values_list(
            "pk", "name"
        )
    )
    plans = dict(
        RatePlan.objects.filter(establishment_id=reservation.establishment_id).values_list(
            "pk", "name"
        )
    )
    return history.for_people(
        Reservation,
        changes(reservation, hidden=HIDDEN_HISTORY),
        currency=reservation.establishment.currency,
        related={"room_type": names, "rate_plan": plans},
    )


@dataclass
class OccupancyDay:
    date: dt.date
    sold: int
    rooms: int

    @property
    def percent(self) -> int:
        return round(100 * self.sold / self.rooms) if self.rooms else 0


def occupancy(establishment: Establishment, start: dt.date, days: int) -> list[OccupancyDay]:
    """Rooms sold against rooms in service (not counting the overbooking allowance)."""
    allowance = (
        RoomType.objects.filter(establishment=establishment).aggregate(
            total=Sum("overbooking_allowance")
        )["total"]
        or 0
    )
    rows = (
        InventoryNight.objects.filter(
            establishment=establishment, date__gte=start, date__lt=start + dt.timedelta(days=days)
        )
        .values("date")
        .annotate(sold=Sum("sold"), capacity=Sum("capacity"))
    )
    by_date = {row["date"]: row for row in rows}
    rooms_in_service = Room.objects.filter(establishment=establishment, active=True).count()
    result = []
    for day in dates_mod.date_range(start, days):
        row = by_date.get(day)
        rooms = (row["capacity"] - allowance) if row else rooms_in_service
        result.append(OccupancyDay(date=day, sold=row["sold"] if row else 0, rooms=max(rooms, 0)))
    return result


@dataclass
class Dashboard:
    today: dt.date
    arrivals: list[Reservation]
    departures: list[Reservation]
    in_house: int
    occupancy_tonight: OccupancyDay
    forecast: list[OccupancyDay]
    status_counts: dict[str, int]


def dashboard(establishment: Establishment) -> Dashboard:
    today = establishment.today()
    base = Reservation.objects.filter(establishment=establishment).select_related(
        "customer", "room_type"
    )
    arrivals = list(
        base.filter(
            arrival=today, status__in=[ReservationStatus.CONFIRMED, ReservationStatus.CHECKED_IN]
        ).order_by("customer__last_name")[:200]
    )
    departures = list(
        base.filter(
            departure=today,
            status__in=[ReservationStatus.CHECKED_IN, ReservationStatus.CHECKED_OUT],
        ).order_by("customer__last_name")[:200]
    )
    in_house = base.filter(status=ReservationStatus.CHECKED_IN).count()
    forecast = occupancy(establishment, today, 14)
    counts = dict(
        base.filter(arrival=today)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return Dashboard(
        today=today,
        arrivals=arrivals,
        departures=departures,
        in_house=in_house,
        occupancy_tonight=forecast[0],
        forecast=forecast,
        status_counts=counts,
    )


# --- rates ---------------------------------------------------------------------------------


@dataclass
class RateRow:
    room_type: RoomType
    nights: list[NightRate]


def rate_grid(
    establishment: Establishment,
    plan: RatePlan | None,
    start: dt.date,
    days: int = RATE_GRID_NIGHTS,
) -> list[RateRow]:
    """Room types × nights of one rate plan (or the base rates): each night's price, minimum
    stay and arrival as a booking arriving or staying then would meet them (rates.calendar,
    the booking's own reading)."""
    room_types = list(RoomType.objects.filter(establishment=establishment))
    dates = dates_mod.date_range(start, days)
    rates = calendar(room_types, plan, dates, establishment.currency)
    return [RateRow(room_type=rt, nights=rates[rt.pk]) for rt in room_types]


def rate_plan_by_code(establishment: Establishment, code: str | None) -> RatePlan | None:
    """Any of the establishment's plans, active or not (a manager prepares a plan's prices
    before it is sold)."""
    if not code:
        return None
    return RatePlan.objects.filter(establishment=establishment, code__iexact=code).first()


def rate_changes(establishment: Establishment, limit: int = 10) -> list[RateChange]:
    """The latest changes made on the rates page, newest first."""
    return list(
        RateChange.objects.filter(establishment=establishment).select_related("rate_plan", "actor")[
            :limit
        ]
    )
