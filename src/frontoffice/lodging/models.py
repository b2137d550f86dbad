"""Room types, rooms, rates, per-night inventory and reservations."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from frontoffice.billing.models import Folio
from frontoffice.core import formats
from frontoffice.core import names as names_mod
from frontoffice.core.models import (
    Establishment,
    EstablishmentOwned,
    short_code_validator,
    validate_country,
)
from frontoffice.customers.models import Customer

MONEY = {"max_digits": 13, "decimal_places": 3}
money_validators = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("9999999999"))]
NAME_LENGTH = 100


class NamedInLanguages:
    """`name` is the default name; `names` holds the name per language ({"nl": "…"}), read
    from the same row. `label` is the name in the page's language."""

    name: str
    names: dict

    @property
    def label(self) -> str:
        return names_mod.label(self.name, self.names)

    def label_in(self, language: str) -> str:
        return names_mod.label(self.name, self.names, language)


def names_field():
    return models.JSONField(_("name per language"), default=dict, blank=True)


class RoomType(NamedInLanguages, EstablishmentOwned):
    establishment = models.ForeignKey(
        Establishment,
        on_delete=models.CASCADE,
        related_name="room_types",
        verbose_name=_("establishment"),
    )
    code = models.CharField(_("code"), max_length=20, validators=[short_code_validator])
    name = models.CharField(_("name"), max_length=NAME_LENGTH)
    names = names_field()
    capacity = models.PositiveSmallIntegerField(
        _("maximum persons"), validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    base_rate = models.DecimalField(_("base rate"), validators=money_validators, **MONEY)
    overbooking_allowance = models.PositiveSmallIntegerField(
        _("overbooking allowance"), default=0, validators=[MaxValueValidator(1000)]
    )
    description = models.TextField(_("description"), blank=True, max_length=2000)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["establishment_id", "sort_order", "code"]
        verbose_name = _("room type")
        verbose_name_plural = _("room types")
        constraints = [
            # DBL and dbl are the same room type: unique whatever the case.
            models.UniqueConstraint("establishment", Lower("code"), name="roomtype_code_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"


class Housekeeping(models.TextChoices):
    """What housekeeping says of a room: cleaned, to be cleaned, or cleaned and checked."""

    CLEAN = "clean", _("Clean")
    DIRTY = "dirty", _("Dirty")
    INSPECTED = "inspected", _("Inspected")


class Room(EstablishmentOwned):
    establishment = models.ForeignKey(
        Establishment,
        on_delete=models.CASCADE,
        related_name="rooms",
        verbose_name=_("establishment"),
    )
    room_type = models.ForeignKey(
        RoomType, on_delete=models.PROTECT, related_name="rooms", verbose_name=_("room type")
    )
    number = models.CharField(
        _("number"),
        max_length=10,
        validators=[RegexValidator(r"^[A-Za-z0-9][A-Za-z0-9.-]{0,9}$", _("Letters and digits."))],
    )
    floor = models.SmallIntegerField(
        _("floor"), default=0, validators=[MinValueValidator(-10), MaxValueValidator(300)]
    )
    features = models.JSONField(_("features"), default=list, blank=True)
    active = models.BooleanField(_("in service"), default=True)
    housekeeping = models.CharField(
        _("housekeeping"),
        max_length=10,
        choices=Housekeeping.choices,
        default=Housekeeping.CLEAN,  # a new room starts clean
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["establishment_id", "number"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints = [
            models.UniqueConstraint(fields=["establishment", "number"], name="room_number_uniq"),
        ]

    def __str__(self) -> str:
        return self.number


class RoomOutOfOrder(EstablishmentOwned):
    """The room cannot be sold from `start` up to (not including) `end`."""

    establishment = models.ForeignKey(
        Establishment, on_delete=models.CASCADE, verbose_name=_("establishment")
    )
    room = models.ForeignKey(
        Room, on_delete=models.CASCADE, related_name="out_of_order", verbose_name=_("room")
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until (exclusive)"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["start"]
        verbose_name = _("out-of-order period")
        verbose_name_plural = _("out-of-order periods")
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="ooo_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.room} · {formats.date(self.start)} – {formats.date(self.end)}"


class RatePlan(NamedInLanguages, EstablishmentOwned):
    establishment = models.ForeignKey(
        Establishment,
        on_delete=models.CASCADE,
        related_name="rate_plans",
        verbose_name=_("establishment"),
    )
    code = models.CharField(_("code"), max_length=20, validators=[short_code_validator])
    name = models.CharField(_("name"), max_length=NAME_LENGTH)
    names = names_field()
    min_stay = models.PositiveSmallIntegerField(
        _("minimum stay (nights)"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["establishment_id", "code"]
        verbose_name = _("rate plan")
        verbose_name_plural = _("rate plans")
        constraints = [
            models.UniqueConstraint("establishment", Lower("code"), name="rateplan_code_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"


class RatePlanPrice(EstablishmentOwned):
    """The plan's price per night for one room type, unless the night has its own
    (`RatePlanDay`)."""

    establishment = models.ForeignKey(
        Establishment, on_delete=models.CASCADE, verbose_name=_("establishment")
    )
    rate_plan = models.ForeignKey(
        RatePlan, on_delete=models.CASCADE, related_name="prices", verbose_name=_("rate plan")
    )
    room_type = models.ForeignKey(RoomType, on_delete=models.CASCADE, verbose_name=_("room type"))
    price = models.DecimalField(_("price per night"), validators=money_validators, **MONEY)

    class Meta:
        verbose_name = _("rate plan price")
        verbose_name_plural = _("rate plan prices")
        constraints = [
            models.UniqueConstraint(fields=["rate_plan", "room_type"], name="rateplanprice_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.rate_plan.code} · {self.room_type.code}"


class RatePlanDay(EstablishmentOwned):
    """One night of a rate plan for one room type where it differs from the plan: a price
    for that date, a minimum stay for arrivals that day, closed to arrival. An empty field
    means the plan's own (its price for the room type, its minimum stay; open).

    The rates page writes these rows (`services.rates`), many nights in one change; the
    booking, the quote, availability and the grid read them through `rates.calendar`."""

    establishment = models.ForeignKey(
        Establishment, on_delete=models.CASCADE, verbose_name=_("establishment")
    )
    rate_plan = models.ForeignKey(
        RatePlan, on_delete=models.CASCADE, related_name="days", verbose_name=_("rate plan")
    )
    room_type = models.ForeignKey(RoomType, on_delete=models.CASCADE, verbose_name=_("room type"))
    date = models.DateField(_("night"))
    price = models.DecimalField(
        _("price per night"), null=True, blank=True, validators=money_validators, **MONEY
    )
    min_stay = models.PositiveSmallIntegerField(
        _("minimum stay (nights)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    closed_to_arrival = models.BooleanField(_("closed to arrival"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("night of a rate plan")
        verbose_name_plural = _("nights of rate plans")
        constraints = [
            # Also the index every read by plan, room types and a date range uses.
            models.UniqueConstraint(
                fields=["rate_plan", "room_type", "date"], name="rateplanday_uniq"
            ),
            models.CheckConstraint(
                condition=Q(price__isnull=True) | Q(price__gte=0),
                name="rateplanday_price_nonnegative",
            ),
            models.CheckConstraint(
                condition=Q(min_stay__isnull=True) | Q(min_stay__gte=1),
                name="rateplanday_min_stay_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rate_plan_id}/{self.room_type_id} {self.date}"


class RateChange(EstablishmentOwned):
    """One change made on the rates page, as it was asked: the log beside the grid (who,
    when, which nights, what). The nights it wrote carry their own history rows."""

    establishment = models.ForeignKey(
        Establishment, on_delete=models.CASCADE, verbose_name=_("establishment")
    )
    rate_plan = models.ForeignKey(
        RatePlan, on_delete=models.CASCADE, related_name="changes", verbose_name=_("rate plan")
    )
    # Room type codes as they were (codes do not change once made).
    room_types = models.JSONField(_("room types"), default=list)
    first_night = models.DateField(_("from"))
    last_night = models.DateField(_("until (last night)"))
    weekdays = models.JSONField(_("weekdays"), default=list)  # 0 = Monday … 6 = Sunday
    price = models.DecimalField(_("price per night"), null=True, blank=True, **MONEY)
    price_reset = models.BooleanField(default=False)
    min_stay = models.PositiveSmallIntegerField(_("minimum stay (nights)"), null=True, blank=True)
    min_stay_reset = models.BooleanField(default=False)
    closed_to_arrival = models.BooleanField(_("closed to arrival"), null=True, blank=True)
    nights = models.PositiveIntegerField(default=0)  # room-type nights changed
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("rate change")
        verbose_name_plural = _("rate changes")
        indexes = [
            models.Index(fields=["establishment", "-created_at"], name="ratechange_recent_idx")
        ]

    def __str__(self) -> str:
        return f"{self.rate_plan_id} {self.first_night} – {self.last_night}"


class InventoryNight(EstablishmentOwned):
    """Rooms of one type that can be sold on one night, and how many are sold.

    `capacity` is the rooms in service minus those out of order that night plus the
    overbooking allowance. Bookings take a night with a conditional
    `UPDATE … SET sold = sold + 1 WHERE sold < capacity`, and the CHECK below makes the
    database itself refuse any write that would oversell.
    """

    establishment = models.ForeignKey(Establishment, on_delete=models.CASCADE)
    room_type = models.ForeignKey(RoomType, on_delete=models.CASCADE, related_name="inventory")
    date = models.DateField()
    capacity = models.IntegerField(default=0)
    sold = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["room_type", "date"], name="inventory_uniq"),
            models.CheckConstraint(condition=Q(sold__gte=0), name="inventory_sold_nonnegative"),
            models.CheckConstraint(
                condition=Q(sold__lte=F("capacity")), name="inventory_never_oversold"
            ),
        ]
        indexes = [models.Index(fields=["establishment", "date"], name="inventory_est_date_idx")]

    def __str__(self) -> str:
        return f"{self.room_type_id} {self.date}: {self.sold}/{self.capacity}"


class ReservationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    CHECKED_IN = "checked_in", _("Checked in")
    CHECKED_OUT = "checked_out", _("Checked out")
    CANCELLED = "cancelled", _("Cancelled")
    NO_SHOW = "no_show", _("No-show")


class StayGroup(models.TextChoices):
    """The desk's views of the reservation list (not stored: a filter over status and dates)."""

    IN_HOUSE = "in_house", _("In house")
    ARRIVALS = "arrivals", _("Arrivals on a date")
    DEPARTURES = "departures", _("Departures on a date")
    UPCOMING = "upcoming", _("Upcoming stays")
    PAST = "past", _("Past stays")
    CANCELLED = "cancelled", _("Cancelled and no-shows")


# The status pipeline as data: where each status may go next.
TRANSITIONS: dict[str, frozenset[str]] = {
    ReservationStatus.CONFIRMED: frozenset(
        {ReservationStatus.CHECKED_IN, ReservationStatus.CANCELLED, ReservationStatus.NO_SHOW}
    ),
    ReservationStatus.CHECKED_IN: frozenset({ReservationStatus.CHECKED_OUT}),
    ReservationStatus.CHECKED_OUT: frozenset(),
    ReservationStatus.CANCELLED: frozenset(),
    # A no-show recorded by mistake (the guest came late after all) is reinstated the same
    # business date by a manager.
    ReservationStatus.NO_SHOW: frozenset({ReservationStatus.CONFIRMED}),
}


class Source(models.TextChoices):
    DIRECT = "direct", _("Direct")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("Email")
    WALK_IN = "walk_in", _("Walk-in")
    WEBSITE = "website", _("Website")
    OTA = "ota", _("Online travel agency")
    GDS = "gds", _("GDS")
    CORPORATE = "corporate", _("Corporate")
    TRAVEL_AGENT = "travel_agent", _("Travel agent")


class Guarantee(models.TextChoices):
    NONE = "none", _("Not guaranteed")
    CREDIT_CARD = "credit_card", _("Credit card")
    DEPOSIT = "deposit", _("Deposit")
    COMPANY = "company", _("Company")
    TRAVEL_AGENT = "travel_agent", _("Travel agent")


class Reservation(EstablishmentOwned):
    establishment = models.ForeignKey(
        Establishment,
        on_delete=models.CASCADE,
        related_name="reservations",
        verbose_name=_("establishment"),
    )
    confirmation = models.CharField(_("confirmation"), max_length=12)
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="reservations", verbose_name=_("guest")
    )
    room_type = models.ForeignKey(
        RoomType,
        on_delete=models.PROTECT,
        related_name="reservations",
        verbose_name=_("room type"),
    )
    rate_plan = models.ForeignKey(
        RatePlan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reservations",
        verbose_name=_("rate plan"),
    )
    # The room given to the stay (None until assigned). Its nights carry it too, and there
    # the database refuses a room held twice on one night.
    room = models.ForeignKey(
        Room,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reservations",
        verbose_name=_("room"),
    )
    # The guest's account, made with the reservation.
    folio = models.OneToOneField(
        Folio,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reservation",
        verbose_name=_("folio"),
    )
    arrival = models.DateField(_("arrival"))
    departure = models.DateField(_("departure"))
    adults = models.PositiveSmallIntegerField(_("adults"), default=1)
    children = models.PositiveSmallIntegerField(_("children"), default=0)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ReservationStatus.choices,
        default=ReservationStatus.CONFIRMED,
    )
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.DIRECT
    )
    guarantee = models.CharField(
        _("guarantee"), max_length=20, choices=Guarantee.choices, default=Guarantee.NONE
    )
    notes = models.TextField(_("notes"), blank=True, max_length=4000)
    total_price = models.DecimalField(_("total"), **MONEY)
    cancel_reason = models.CharField(_("cancellation reason"), max_length=500, blank=True)
    # The business date a no-show was recorded on: it can be reinstated on that date only.
    no_show_date = models.DateField(_("no-show recorded on"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The group's room block the stay was picked up from (see models_blocks).
    block = models.ForeignKey(
        "lodging.RoomBlock",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reservations",
        verbose_name=_("room block"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "created_by"])

    class Meta:
        ordering = ["arrival", "id"]
        verbose_name = _("reservation")
        verbose_name_plural = _("reservations")
        constraints = [
            # Unique across the installation, so a code alone never names two bookings.
            models.UniqueConstraint(fields=["confirmation"], name="reservation_confirmation_uniq"),
            models.CheckConstraint(
                condition=Q(departure__gt=F("arrival")), name="reservation_departure_after_arrival"
            ),
            models.CheckConstraint(condition=Q(adults__gte=1), name="reservation_adults_min"),
        ]
        indexes = [
            models.Index(fields=["establishment", "arrival"], name="reservation_arrival_idx"),
            models.Index(fields=["establishment", "departure"], name="reservation_departure_idx"),
            models.Index(fields=["establishment", "status"], name="reservation_status_idx"),
        ]

    def __str__(self) -> str:
        return self.confirmation

    @property
    def nights_count(self) -> int:
        return (self.departure - self.arrival).days


class ReservationNight(EstablishmentOwned):
    """One night of a reservation at its price; `held` while it holds inventory."""

    establishment = models.ForeignKey(Establishment, on_delete=models.CASCADE)
    reservation = models.ForeignKey(Reservation, on_delete=models.CASCADE, related_name="nights")
    room_type = models.ForeignKey(RoomType, on_delete=models.PROTECT)
    date = models.DateField()
    price = models.DecimalField(**MONEY)
    held = models.BooleanField(default=True)
    room = models.ForeignKey(Room, on_delete=models.PROTECT, null=True, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["reservation", "date"], name="reservationnight_uniq"),
            # A room is never held by two stays on one night: the database says so, on
            # every engine, whatever the code above it does.
            models.UniqueConstraint(
                fields=["room", "date"],
                condition=models.Q(held=True, room__isnull=False),
                name="room_night_uniq",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reservation_id} {self.date}"


class DocumentType(models.TextChoices):
    PASSPORT = "passport", _("Passport")
    ID_CARD = "id_card", _("Identity card")
    DRIVING_LICENCE = "driving_licence", _("Driving licence")
    OTHER = "other", _("Other document")


class Registration(EstablishmentOwned):
    """The registration card of a stay, filled in at check-in: the guest's nationality,
    identity document and address (which many countries require hotels to record), and the
    room keys handed out. One per reservation; its history says who changed what."""

    establishment = models.ForeignKey(
        Establishment, on_delete=models.CASCADE, verbose_name=_("establishment")
    )
    reservation = models.OneToOneField(
        Reservation,
        on_delete=models.CASCADE,
        related_name="registration",
        verbose_name=_("reservation"),
    )
    nationality = models.CharField(
        _("nationality"), max_length=2, blank=True, validators=[validate_country]
    )
    document_type = models.CharField(
        _("identity document"), max_length=20, choices=DocumentType.choices, blank=True
    )
    document_number = models.CharField(_("document number"), max_length=50, blank=True)
    address = models.TextField(_("address"), max_length=500, blank=True)
    keys = models.PositiveSmallIntegerField(
        _("keys"), default=0, validators=[MaxValueValidator(20)]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")

    def __str__(self) -> str:
        return str(self.reservation_id)


class CityTax(EstablishmentOwned):
    """The city's tax on overnight stays (toeristenbelasting, Kurtaxe, opłata miejscowa,
    tasa turística) from a date on: a fixed amount per person and night, or a percentage of
    the night's room price. The night audit posts it with each night's room charge."""

    class Kind(models.TextChoices):
        FIXED_PER_PERSON = "fixed_per_person", _("Fixed amount per person and night")
        PERCENT_OF_ROOM = "percent_of_room", _("Percentage of the room price")

    establishment = models.ForeignKey(
        Establishment,
        on_delete=models.CASCADE,
        related_name="city_taxes",
        verbose_name=_("establishment"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    amount = models.DecimalField(
        _("amount per person and night"),
        null=True,
        blank=True,
        validators=money_validators,
        **MONEY,
    )
    percent = models.DecimalField(
        _("percentage of the room price"),
        null=True,
        blank=True,
        max_digits=6,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    children_exempt = models.BooleanField(_("children exempt"), default=True)

    class Meta:
        ordering = ["establishment_id", "valid_from"]
        verbose_name = _("city tax")
        verbose_name_plural = _("city taxes")
        constraints = [
            models.UniqueConstraint(fields=["establishment", "valid_from"], name="citytax_uniq"),
            models.CheckConstraint(
                condition=(Q(kind="fixed_per_person") & Q(amount__gte=0))
                | (Q(kind="percent_of_room") & Q(percent__gte=0) & Q(percent__lte=100)),
                name="citytax_kind_has_its_figure",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="citytax_until_after_from",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.PERCENT_OF_ROOM:
            return f"{self.percent} % · {self.valid_from}"
        return f"{self.amount} · {self.valid_from}"


class DailyReport(EstablishmentOwned):
    """The figures of one closed business date, computed and stored by the night audit in
    the transaction that closed it: asked again, the same report is answered."""

    establishment = models.ForeignKey(
        Establishment,
        on_delete=models.CASCADE,
        related_name="daily_reports",
        verbose_name=_("establishment"),
    )
    business_date = models.DateField(_("business date"))
    figures = models.JSONField(_("figures"), default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-business_date"]
        verbose_name = _("daily report")
        verbose_name_plural = _("daily reports")
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "business_date"], name="dailyreport_uniq"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.establishment_id} {self.business_date}"


from .models_blocks import BlockNight, BlockStatus, RoomBlock  # noqa: E402, F401
