"""Reads of lodging: availability, reservation lists, the dashboard."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DateField,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.utils.translation import gettext as _

from frontoffice.core import dates as dates_mod
from frontoffice.core import history, money
from frontoffice.core.errors import Invalid, NotFound
from frontoffice.core.history import HIDDEN_FIELDS, changes
from frontoffice.core.models import Establishment
from frontoffice.core.names import label
from frontoffice.core.text import fold
from frontoffice.customers import privacy

from . import rates, rules
from .limits import HORIZON_DAYS, RATE_GRID_NIGHTS
from .models import (
    Housekeeping,
    InventoryNight,
    RateChange,
    RatePlan,
    Reservation,
    ReservationNight,
    ReservationStatus,
    Room,
    RoomOutOfOrder,
    RoomType,
    StayGroup,
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


def reservation_get(establishment: Establishment, confirmation: str, *, access) -> Reservation:
    """One reservation by its code; 404 as for an unknown code when its guest is private
    and the person may not see private guests (`access=None`: the system)."""
    confirmation = (confirmation or "").upper()
    if not (0 < len(confirmation) <= 12 and confirmation.isascii() and confirmation.isalnum()):
        raise NotFound(_("No such reservation."))
    reservation = (
        Reservation.objects.select_related(
            "room_type", "customer", "rate_plan", "establishment", "room"
        )
        .filter(establishment=establishment, confirmation=confirmation)
        .filter(privacy.visible(access, "customer__"))
        .first()
    )
    if reservation is None:
        raise NotFound(_("No such reservation."))
    return reservation


def _in_house() -> Q:
    return Q(status=ReservationStatus.CHECKED_IN)


def _upcoming(today: dt.date) -> Q:
    """Still to come: booked and not over yet (an arrival overdue today included), or called
    off for a stay that has not begun (the guest may still ask about it)."""
    return Q(status=ReservationStatus.CONFIRMED, departure__gt=today) | Q(
        status__in=[ReservationStatus.CANCELLED, ReservationStatus.NO_SHOW], arrival__gte=today
    )


def stay_group(group: str, today: dt.date, on: dt.date | None = None) -> Q:
    """The condition behind each of the desk's views of the list. Arrivals and departures
    are those of `on` (today when not given), as the dashboard counts them."""
    on = on or today
    if group == StayGroup.IN_HOUSE:
        return _in_house()
    if group == StayGroup.ARRIVALS:
        return Q(arrival=on, status__in=[ReservationStatus.CONFIRMED, ReservationStatus.CHECKED_IN])
    if group == StayGroup.DEPARTURES:
        return Q(
            departure=on,
            status__in=[ReservationStatus.CHECKED_IN, ReservationStatus.CHECKED_OUT],
        )
    if group == StayGroup.UPCOMING:
        return Q(status=ReservationStatus.CONFIRMED, departure__gt=today)
    if group == StayGroup.PAST:
        return (
            ~_in_house()
            & ~_upcoming(today)
            & ~Q(status__in=[ReservationStatus.CANCELLED, ReservationStatus.NO_SHOW])
        )
    if group == StayGroup.CANCELLED:
        return Q(status__in=[ReservationStatus.CANCELLED, ReservationStatus.NO_SHOW])
    raise Invalid(_("Unknown list."), code="invalid_group_filter", field="group")


ORDERS = ("desk", "arrival")


def reservation_list(
    establishment: Establishment,
    *,
    access,
    arrival: dt.date | None = None,
    departure: dt.date | None = None,
    status: str | None = None,
    group: str | None = None,
    stay_from: dt.date | None = None,
    stay_to: dt.date | None = None,
    q: str | None = None,
    customer_id: int | None = None,
    by_email: bool = False,
    order: str = "desk",
    in_house: bool | None = None,
) -> QuerySet[Reservation]:
    """`q` is a confirmation code or the guest's name; and the guest's email only for
    those who may see it (`by_email`), or the answer would tell others whose it is.
    `stay_from`–`stay_to` (either may be left open) keeps the stays with a night in that
    range. The desk's order: in house first (leaving soonest first), then what is to come
    (arriving soonest first), then the past (the latest first); `order="arrival"` is the
    plain arrival order the API gave before. Private guests' stays only for those who may
    see private guests (`access`; None: the system)."""
    if stay_from and stay_to and stay_to < stay_from:
        raise Invalid(
            _("The end of the range must not be before its start."),
            code="invalid_dates",
            field="stay_to",
        )
    if order not in ORDERS:
        raise Invalid(_("Unknown order."), code="invalid_order", field="order")
    today = establishment.today()
    reservations = (
        Reservation.objects.filter(establishment=establishment)
        .filter(privacy.visible(access, "customer__"))
        .select_related("customer", "room_type", "room")
    )
    if arrival:
        reservations = reservations.filter(arrival=arrival)
    if departure:
        reservations = reservations.filter(departure=departure)
    if stay_from:
        reservations = reservations.filter(departure__gt=stay_from)
    if stay_to:
        reservations = reservations.filter(arrival__lte=stay_to)
    if status:
        if status not in ReservationStatus.values:
            raise Invalid(_("Unknown status."), code="invalid_status_filter", field="status")
        reservations = reservations.filter(status=status)
    if group:
        on = arrival if group == StayGroup.ARRIVALS else departure
        reservations = reservations.filter(stay_group(group, today, on))
    if in_house is not None:
        reservations = reservations.filter(_in_house() if in_house else ~_in_house())
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
    if order == "arrival":
        return reservations.order_by("arrival", "id")
    return desk_order(reservations, today)


def desk_order(reservations: QuerySet[Reservation], today: dt.date) -> QuerySet[Reservation]:
    """In house, then upcoming, then past, sorted by the database (one CASE expression per
    key), so pages of 50 come straight from it."""
    in_house, upcoming = _in_house(), _upcoming(today)
    return reservations.alias(
        desk_bucket=Case(
            When(in_house, then=Value(0)),
            When(upcoming, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        ),
        desk_soonest=Case(
            When(in_house, then=F("departure")),
            When(upcoming, then=F("arrival")),
            default=None,
            output_field=DateField(),
        ),
        desk_latest=Case(
            When(in_house | upcoming, then=None),
            default=F("departure"),
            output_field=DateField(),
        ),
    ).order_by(
        "desk_bucket",
        "desk_soonest",
        F("desk_latest").desc(),
        "customer__last_name",
        "customer__first_name",
        "id",
    )


def room_types(establishment: Establishment) -> QuerySet[RoomType]:
    return RoomType.objects.filter(establishment=establishment)


def room_type_get(establishment: Establishment, code: str) -> RoomType:
    """By code, whatever the case; NotFound otherwise."""
    found = RoomType.objects.filter(establishment=establishment, code__iexact=code or "").first()
    if found is None:
        raise NotFound(_("No such room type."))
    return found


def rate_plan_get(establishment: Establishment, code: str) -> RatePlan:
    """By code, whatever the case, with its prices; NotFound otherwise."""
    found = (
        RatePlan.objects.filter(establishment=establishment, code__iexact=code or "")
        .prefetch_related("prices__room_type")
        .first()
    )
    if found is None:
        raise NotFound(_("No such rate plan."))
    return found


def rooms(establishment: Establishment) -> QuerySet[Room]:
    return Room.objects.filter(establishment=establishment).select_related("room_type")


def room_get(establishment: Establishment, number: str) -> Room:
    """A room by its number, written as it was or not (101, 12a)."""
    room = rooms(establishment).filter(number__iexact=(number or "").strip()[:10]).first()
    if room is None:
        raise NotFound(_("No such room."))
    return room


def rooms_in_house(establishment: Establishment) -> dict[int, Reservation]:
    """The checked-in stay in each occupied room, by room id (one query)."""
    return {
        r.room_id: r
        for r in Reservation.objects.filter(
            establishment=establishment, status=ReservationStatus.CHECKED_IN, room__isnull=False
        ).select_related("customer")
    }


def rooms_out_of_order_on(establishment: Establishment, day: dt.date) -> set[int]:
    """The rooms that cannot be sold on `day` (one query for the whole list)."""
    return set(
        RoomOutOfOrder.objects.filter(
            establishment=establishment, start__lte=day, end__gt=day
        ).values_list("room_id", flat=True)
    )


@dataclass
class RackRoom:
    """One tile of the room rack: the room, who is in it, who comes next."""

    room: Room
    out_of_order: bool
    current: Reservation | None  # the checked-in stay in the room
    next_arrival: dt.date | None  # the next confirmed stay given this room
    next_confirmation: str | None
    # Occupied by a private guest this person may not know of: no name, no link.
    current_hidden: bool = False

    @property
    def occupied(self) -> bool:
        return self.current is not None or self.current_hidden


RACK_STATUSES = ("vacant", "occupied", "clean", "dirty", "inspected", "out_of_order")


def room_rack(
    establishment: Establishment,
    *,
    access,
    floor: int | None = None,
    room_type_code: str | None = None,
    status: str | None = None,
) -> list[RackRoom]:
    """Every room in service with its housekeeping status, whether it is out of order on
    the business date, the checked-in stay in it (occupied until it checks out, departure
    day included) and the next arrival given the room. Three queries, whatever the number
    of rooms. A private guest's stay, to a person who may not see private guests, shows
    the room occupied without name or link (`access`; None: the system)."""
    today = establishment.business_day()
    next_stay = (
        Reservation.objects.filter(
            room_id=OuterRef("pk"), status=ReservationStatus.CONFIRMED, departure__gt=today
        )
        .filter(privacy.visible(access, "customer__"))
        .order_by("arrival", "id")
    )
    rooms_qs = (
        Room.objects.filter(establishment=establishment, active=True)
        .select_related("room_type")
        .annotate(
            next_arrival=Subquery(next_stay.values("arrival")[:1]),
            next_confirmation=Subquery(next_stay.values("confirmation")[:1]),
        )
        .order_by("floor", "number")
    )
    if floor is not None:
        rooms_qs = rooms_qs.filter(floor=floor)
    if room_type_code:
        rooms_qs = rooms_qs.filter(room_type__code__iexact=room_type_code)
    if status in ("clean", "dirty", "inspected"):
        rooms_qs = rooms_qs.filter(housekeeping=status)
    in_house = rooms_in_house(establishment)
    hidden = privacy.hides_private(access)
    closed = rooms_out_of_order_on(establishment, today)
    tiles = []
    for room in rooms_qs:
        current = in_house.get(room.pk)
        current_hidden = current is not None and hidden and current.customer.private
        tiles.append(
            RackRoom(
                room=room,
                out_of_order=room.pk in closed,
                current=None if current_hidden else current,
                next_arrival=room.next_arrival,
                next_confirmation=room.next_confirmation,
                current_hidden=current_hidden,
            )
        )
    if status == "occupied":
        tiles = [t for t in tiles if t.occupied]
    elif status == "vacant":
        tiles = [t for t in tiles if not t.occupied]
    elif status == "out_of_order":
        tiles = [t for t in tiles if t.out_of_order]
    return tiles


# Rooms ready for a guest first: inspected, then clean, then dirty (cleaned before arrival).
READINESS = Case(
    When(housekeeping=Housekeeping.INSPECTED, then=Value(0)),
    When(housekeeping=Housekeeping.CLEAN, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def free_rooms(
    reservation: Reservation,
    start: dt.date | None = None,
    end: dt.date | None = None,
    room_type_id: int | None = None,
):
    """Rooms of the stay's type (or `room_type_id`), in service, not out of order and not
    held by another stay on any of its nights (or those from `start` to `end`): the ready
    ones first, then by floor and number."""
    start = start or reservation.arrival
    end = end or reservation.departure
    taken = ReservationNight.objects.filter(
        establishment_id=reservation.establishment_id,
        held=True,
        room__isnull=False,
        date__gte=start,
        date__lt=end,
    ).exclude(reservation_id=reservation.pk)
    closed = RoomOutOfOrder.objects.filter(
        establishment_id=reservation.establishment_id,
        start__lt=end,
        end__gt=start,
    )
    return (
        Room.objects.filter(
            establishment_id=reservation.establishment_id,
            room_type_id=room_type_id or reservation.room_type_id,
            active=True,
        )
        .exclude(pk__in=taken.values("room_id"))
        .exclude(pk__in=closed.values("room_id"))
        .annotate(readiness=READINESS)
        .order_by("readiness", "floor", "number")
    )


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
# Not shown to roles that see no money (porters, concierges, file clerks).
MONEY_FIELDS = frozenset({"total_price", "folio"})


def _hidden(money_visible: bool) -> frozenset[str]:
    return HIDDEN_HISTORY if money_visible else HIDDEN_HISTORY | MONEY_FIELDS


def _room_numbers(reservation: Reservation) -> dict[int, str]:
    return dict(
        Room.objects.filter(establishment_id=reservation.establishment_id).values_list(
            "pk", "number"
        )
    )


def reservation_history(reservation: Reservation, *, money_visible: bool = True) -> list[dict]:
    entries = changes(reservation, hidden=_hidden(money_visible))
    type_codes = dict(
        RoomType.objects.filter(establishment_id=reservation.establishment_id).values_list(
            "pk", "code"
        )
    )
    numbers = _room_numbers(reservation)
    for entry in entries:
        for change in entry["changes"]:
            if change["field"] == "room_type":
                change["old"] = type_codes.get(change["old"], change["old"])
                change["new"] = type_codes.get(change["new"], change["new"])
            if change["field"] == "room":
                change["old"] = numbers.get(change["old"], change["old"])
                change["new"] = numbers.get(change["new"], change["new"])
            for key in ("old", "new"):
                if isinstance(change[key], Decimal):
                    change[key] = str(
                        money.quantize(change[key], reservation.establishment.currency)
                    )
                elif isinstance(change[key], dt.date):
                    change[key] = change[key].isoformat()
    return entries


def reservation_history_for_people(
    reservation: Reservation, *, money_visible: bool = True
) -> list[dict]:
    """The page's history panel: status names, room type names, dates and amounts in the
    page's language (no amounts for a role that sees no money)."""
    names = {
        pk: label(name, per_language)
        for pk, name, per_language in RoomType.objects.filter(
            establishment_id=reservation.establishment_id
        ).values_list("pk", "name", "names")
    }
    plans = {
        pk: label(name, per_language)
        for pk, name, per_language in RatePlan.objects.filter(
            establishment_id=reservation.establishment_id
        ).values_list("pk", "name", "names")
    }
    return history.for_people(
        Reservation,
        changes(reservation, hidden=_hidden(money_visible)),
        currency=reservation.establishment.currency,
        related={"room_type": names, "rate_plan": plans, "room": _room_numbers(reservation)},
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
    # Counted as the reservation list's views count them, so a card and the list it opens
    # agree (the tables show at most DASHBOARD_ROWS).
    arrivals_count: int
    departures_count: int
    in_house: int
    occupancy_tonight: OccupancyDay
    forecast: list[OccupancyDay]


DASHBOARD_ROWS = 200


def dashboard(establishment: Establishment, *, access) -> Dashboard:
    """The counts include every stay; the lists name private guests only to those who may
    see them (`access`; None: the system)."""
    today = establishment.today()
    base = Reservation.objects.filter(establishment=establishment)
    arriving = stay_group(StayGroup.ARRIVALS, today)
    departing = stay_group(StayGroup.DEPARTURES, today)
    rows = (
        base.filter(privacy.visible(access, "customer__"))
        .select_related("customer", "room_type")
        .order_by("customer__last_name", "customer__first_name", "id")
    )
    arrivals = list(rows.filter(arriving)[:DASHBOARD_ROWS])
    departures = list(rows.filter(departing)[:DASHBOARD_ROWS])
    counts = base.aggregate(
        arrivals=Count("id", filter=arriving),
        departures=Count("id", filter=departing),
        in_house=Count("id", filter=stay_group(StayGroup.IN_HOUSE, today)),
    )
    forecast = occupancy(establishment, today, 14)
    return Dashboard(
        today=today,
        arrivals=arrivals,
        departures=departures,
        arrivals_count=counts["arrivals"],
        departures_count=counts["departures"],
        in_house=counts["in_house"],
        occupancy_tonight=forecast[0],
        forecast=forecast,
    )


@dataclass
class ModificationPreview:
    """What Save would do to a stay: the new price beside the old, or why it would refuse."""

    reservation: Reservation
    nights: int
    total_price: Decimal
    available: bool

    @property
    def difference(self) -> Decimal:
        return self.total_price - self.reservation.total_price


def modification_preview(
    reservation: Reservation,
    *,
    arrival: dt.date,
    departure: dt.date,
    room_type_code: str,
    adults: int,
    children: int,
) -> ModificationPreview:
    """The same checks and prices as `reservation_modify`, without writing: nights that stay
    keep the price agreed, new nights are priced now, and the stay's own rooms count as free
    for it. Raises the service's own errors (DomainError) for what it would refuse."""
    establishment = reservation.establishment
    room_type = RoomType.objects.filter(
        establishment=establishment, code__iexact=room_type_code
    ).first()
    if room_type is None:
        raise Invalid(_("Unknown room type."), code="unknown_room_type", field="room_type")
    stay_changed = (
        arrival != reservation.arrival
        or departure != reservation.departure
        or room_type.pk != reservation.room_type_id
    )
    if reservation.status == ReservationStatus.CHECKED_IN:
        # In house: the departure moves, from the business date on (as the service says).
        rules.check_dates(arrival, departure)
        if departure != reservation.departure and departure < establishment.business_day():
            raise Invalid(
                _("The departure cannot be before the business date."),
                code="departure_in_past",
                field="departure",
            )
    elif stay_changed:
        rules.check_stay(establishment, arrival, departure)
        rates.check_change_rules(reservation, room_type, arrival, departure)
    else:
        rules.check_dates(arrival, departure)
    rules.check_party(room_type, adults, children)
    held = {
        (rt, day): price
        for rt, day, price in reservation.nights.filter(held=True).values_list(
            "room_type_id", "date", "price"
        )
    }
    stay = dates_mod.nights(arrival, departure)
    available = True
    if stay_changed:
        (offer,) = availability(establishment, arrival, departure, room_type.code)
        available = all(
            night.available + (1 if (room_type.pk, night.date) in held else 0) > 0
            for night in offer.nights
        )
    fresh = [day for day in stay if (room_type.pk, day) not in held]
    prices = dict(
        zip(
            fresh,
            rates.night_prices(room_type, reservation.rate_plan, fresh, establishment.currency),
            strict=True,
        )
    )
    total = sum((held.get((room_type.pk, day), prices.get(day)) for day in stay), Decimal(0))
    return ModificationPreview(
        reservation=reservation, nights=len(stay), total_price=total, available=available
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
