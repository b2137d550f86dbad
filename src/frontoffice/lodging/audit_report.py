"""Reading the night audit's figures: what a business date's daily report says, the stays
still due to arrive, the stored reports. Selectors: they never write.

Definitions (as the hotel trade uses them; USALI for ADR and RevPAR):
- rooms available: rooms in service that night, less those out of order;
- rooms sold: the in-house stays the audit charged a night of room for;
- occupancy: rooms sold / rooms available;
- ADR (average daily rate): room revenue without its tax / rooms sold;
- RevPAR (revenue per available room): room revenue without its tax / rooms available;
- revenue: the charges (less allowances and reversals) dated with the business date, gross
  (tax included, as prices are), tax, and net;
- open balances: what the in-house guests' accounts owe after the close.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, F, Q, Sum

from frontoffice.billing.models import Category, Entry
from frontoffice.core import money
from frontoffice.core.models import Establishment

from .models import (
    CityTax,
    DailyReport,
    Reservation,
    ReservationStatus,
    Room,
    RoomOutOfOrder,
)

ZERO = Decimal(0)
HUNDRED = Decimal(100)
ROOM_KEY = "audit:room:"
CITY_TAX_KEY = "audit:city_tax:"
REVENUE_KINDS = (Entry.Kind.CHARGE, Entry.Kind.ALLOWANCE, Entry.Kind.REVERSAL)


def room_key(reservation_id: int, day: dt.date) -> str:
    """The posting key of one stay's room charge for one night: posted once, ever."""
    return f"{ROOM_KEY}{reservation_id}:{day.isoformat()}"


def city_tax_key(reservation_id: int, day: dt.date) -> str:
    return f"{CITY_TAX_KEY}{reservation_id}:{day.isoformat()}"


def city_tax_on(establishment_id: int, day: dt.date) -> CityTax | None:
    return (
        CityTax.objects.filter(establishment_id=establishment_id, valid_from__lte=day)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        .order_by("-valid_from")
        .first()
    )


def pending_arrivals(establishment: Establishment, day: dt.date):
    """Stays due on or before `day` that are still only confirmed: the audit asks what
    became of them (arrived late and not yet checked in, or a no-show)."""
    return (
        Reservation.objects.filter(
            establishment=establishment, status=ReservationStatus.CONFIRMED, arrival__lte=day
        )
        .select_related("customer", "room_type")
        .order_by("arrival", "pk")
    )


def report_get(establishment: Establishment, day: dt.date) -> DailyReport | None:
    return (
        DailyReport.objects.filter(establishment=establishment, business_date=day)
        .select_related("created_by")
        .first()
    )


def reports_between(establishment: Establishment, first: dt.date, last: dt.date) -> list:
    return list(
        DailyReport.objects.filter(
            establishment=establishment, business_date__gte=first, business_date__lte=last
        ).order_by("business_date")
    )


def _q(value, currency: str) -> str:
    return str(money.quantize(value or ZERO, currency))


def _rate(value) -> str | None:
    """9.000 → "9", 5.500 → "5.5", none → None (not taxed)."""
    return None if value is None else format(value.normalize(), "f")


def daily_figures(establishment: Establishment, day: dt.date) -> dict:
    """Every figure of the daily report, amounts as strings in the currency's minor unit."""
    est_id = establishment.pk
    currency = establishment.currency
    in_service = Room.objects.filter(establishment_id=est_id, active=True).count()
    out_of_order = (
        RoomOutOfOrder.objects.filter(
            establishment_id=est_id, room__active=True, start__lte=day, end__gt=day
        )
        .values("room_id")
        .distinct()
        .count()
    )
    available = max(in_service - out_of_order, 0)
    day_entries = Entry.objects.filter(establishment_id=est_id, business_date=day)
    room = day_entries.filter(
        kind=Entry.Kind.CHARGE, category=Category.ROOM, posting_key__startswith=ROOM_KEY
    ).aggregate(n=Count("id"), gross=Sum("amount"), tax=Sum("tax_amount"))
    sold = room["n"]
    room_gross = room["gross"] or ZERO
    room_net = room_gross - (room["tax"] or ZERO)
    revenue = day_entries.filter(kind__in=REVENUE_KINDS).exclude(category="")
    by_category = [
        {
            "category": row["category"],
            "gross": _q(row["gross"], currency),
            "tax": _q(row["tax"], currency),
            "net": _q(row["gross"] - row["tax"], currency),
        }
        for row in revenue.values("category")
        .annotate(gross=Sum("amount"), tax=Sum("tax_amount"))
        .order_by("category")
    ]
    by_rate = [
        {
            "rate": _rate(row["tax_rate"]),
            "gross": _q(row["gross"], currency),
            "tax": _q(row["tax"], currency),
            "net": _q(row["gross"] - row["tax"], currency),
        }
        for row in revenue.values("tax_rate")
        .annotate(gross=Sum("amount"), tax=Sum("tax_amount"))
        .order_by(F("tax_rate").asc(nulls_first=True))
    ]
    totals = revenue.aggregate(gross=Sum("amount"), tax=Sum("tax_amount"))
    payments = [
        {"method": row["method"], "amount": _q(-row["total"], currency)}
        for row in day_entries.filter(kind=Entry.Kind.PAYMENT)
        .values("method")
        .annotate(total=Sum("amount"))
        .order_by("method")
    ]
    payments_total = day_entries.filter(kind=Entry.Kind.PAYMENT).aggregate(t=Sum("amount"))["t"]
    refunds = day_entries.filter(kind=Entry.Kind.REFUND).aggregate(t=Sum("amount"))["t"]
    in_house = Reservation.objects.filter(
        establishment_id=est_id, status=ReservationStatus.CHECKED_IN
    )
    open_balances = Entry.objects.filter(
        establishment_id=est_id, folio__reservation__status=ReservationStatus.CHECKED_IN
    ).aggregate(t=Sum("amount"))["t"]
    reservations = Reservation.objects.filter(establishment_id=est_id)
    arrived = (ReservationStatus.CHECKED_IN, ReservationStatus.CHECKED_OUT)
    no_shows = list(
        reservations.filter(status=ReservationStatus.NO_SHOW, no_show_date=day)
        .order_by("confirmation")
        .values_list("confirmation", flat=True)
    )
    city_tax = day_entries.filter(
        kind=Entry.Kind.CHARGE, posting_key__startswith=CITY_TAX_KEY
    ).aggregate(n=Count("id"), total=Sum("amount"))
    zero = money.quantize(ZERO, currency)
    return {
        "business_date": day.isoformat(),
        "currency": currency,
        "rooms_available": available,
        "rooms_out_of_order": out_of_order,
        "rooms_sold": sold,
        "occupancy_percent": str(
            (Decimal(sold) * HUNDRED / available).quantize(Decimal("0.01")) if available else "0.00"
        ),
        "room_revenue": _q(room_gross, currency),
        "room_revenue_net": _q(room_net, currency),
        "adr": _q(room_net / sold, currency) if sold else str(zero),
        "revpar": _q(room_net / available, currency) if available else str(zero),
        "city_tax": _q(city_tax["total"], currency),
        "revenue_by_category": by_category,
        "revenue_by_tax_rate": by_rate,
        "revenue_total": {
            "gross": _q(totals["gross"], currency),
            "tax": _q(totals["tax"], currency),
            "net": _q((totals["gross"] or ZERO) - (totals["tax"] or ZERO), currency),
        },
        "payments_by_method": payments,
        "payments_total": _q(-(payments_total or ZERO), currency),
        "refunds": _q(refunds, currency),
        "open_balances": _q(open_balances, currency),
        "in_house": in_house.count(),
        "arrivals": reservations.filter(arrival=day, status__in=arrived).count(),
        "departures": reservations.filter(
            departure=day, status=ReservationStatus.CHECKED_OUT
        ).count(),
        "no_shows": len(no_shows),
        "no_show_confirmations": no_shows,
        "postings": {"room": sold, "city_tax": city_tax["n"]},
    }
