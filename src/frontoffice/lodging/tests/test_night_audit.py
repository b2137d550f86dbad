"""The night audit (issue 7, section 5) and the city tax (section 7), at the service layer:
amounts written out by hand, posting exactly once, arrivals still due, rooms made dirty, the
business date rolled and the daily report's figures. Both engines."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from frontoffice.billing.models import Entry, Folio, TaxRate
from frontoffice.billing.services import ledger
from frontoffice.conftest import build_hotel
from frontoffice.core.errors import Conflict, Invalid
from frontoffice.core.models import Establishment
from frontoffice.lodging import services
from frontoffice.lodging.models import (
    CityTax,
    DailyReport,
    InventoryNight,
    Reservation,
    ReservationStatus,
    Room,
)

D = Decimal


@pytest.fixture
def hotel(root):
    """Three standard rooms at 100.00 (2 persons) and two deluxe at 120.00 (3 persons)."""
    return build_hotel(root, rooms={"std": (3, 2, "100.00"), "dlx": (2, 3, "120.00")})


@pytest.fixture
def vat(hotel):
    """Dutch VAT on accommodation: 9 % until 2025-12-31, 21 % from 2026-01-01."""
    TaxRate.objects.create(
        establishment=hotel,
        category="room",
        rate=D("9"),
        valid_from=dt.date(2019, 1, 1),
        valid_until=dt.date(2025, 12, 31),
    )
    TaxRate.objects.create(
        establishment=hotel, category="room", rate=D("21"), valid_from=dt.date(2026, 1, 1)
    )


@pytest.fixture
def vat_9(hotel):
    TaxRate.objects.create(
        establishment=hotel, category="room", rate=D("9"), valid_from=dt.date(2019, 1, 1)
    )


def fixed_city_tax(hotel, amount="3.00", children_exempt=True):
    return services.city_tax_save(
        establishment=hotel,
        kind=CityTax.Kind.FIXED_PER_PERSON,
        amount=D(amount),
        valid_from=dt.date(2020, 1, 1),
        children_exempt=children_exempt,
    )


def check_in(reservation, actor, room_number=None):
    """In house: the check-in service where it exists (branch `stays`), else the history-
    aware status change the reservation services make (a room first)."""
    services.reservation_assign_room(reservation=reservation, actor=actor, room_number=room_number)
    check_in_service = getattr(services, "reservation_check_in", None)
    if check_in_service is not None:
        return check_in_service(reservation=reservation, actor=actor)
    current = Reservation.objects.get(pk=reservation.pk)
    current.status = ReservationStatus.CHECKED_IN
    current._history_user = actor
    current.save()
    return current


def book(hotel, actor, room_type="std", arrival=None, nights=2, adults=2, children=0):
    return services.reservation_create(
        establishment=hotel,
        actor=actor,
        room_type_code=room_type,
        arrival=arrival or hotel.business_day(),
        departure=(arrival or hotel.business_day()) + dt.timedelta(days=nights),
        adults=adults,
        children=children,
        guest={"last_name": f"Guest {room_type}", "first_name": "Audit"},
    )


def in_house(hotel, actor, room_type="std", **kwargs):
    return check_in(book(hotel, actor, room_type, **kwargs), actor)


def audit(hotel, actor, day=None, **kwargs):
    hotel.refresh_from_db()
    return services.night_audit(
        establishment=hotel, actor=actor, business_date=day or hotel.business_day(), **kwargs
    )


def charges(reservation, category=None):
    rows = Entry.objects.filter(folio_id=reservation.folio_id, kind="charge")
    if category:
        rows = rows.filter(category=category)
    return list(rows.order_by("business_date", "category", "id"))


# --- amounts --------------------------------------------------------------------------------


def test_room_charges_with_vat_and_a_fixed_city_tax_per_adult(hotel, root, vat_9):
    fixed_city_tax(hotel, "3.00")
    std = in_house(hotel, root, "std", adults=2)
    dlx = in_house(hotel, root, "dlx", adults=2, children=1)
    day = hotel.business_day()
    report = audit(hotel, root)

    [room] = charges(std, "room")
    assert (room.amount, room.tax_rate, room.tax_amount) == (D("100.00"), D("9"), D("8.26"))
    assert room.business_date == day and room.created_by == root
    assert room.posting_key == f"audit:room:{std.pk}:{day.isoformat()}"
    [room] = charges(dlx, "room")
    assert (room.amount, room.tax_amount) == (D("120.00"), D("9.91"))
    # 3.00 per adult per night; the child is exempt (the default).
    for stay in (std, dlx):
        [tax] = charges(stay, "city_tax")
        assert (tax.quantity, tax.unit_price, tax.amount) == (D(2), D("3.00"), D("6.00"))
        assert tax.tax_rate is None and tax.tax_amount == 0
    figures = report.figures
    assert figures["rooms_available"] == 5 and figures["rooms_sold"] == 2
    assert figures["occupancy_percent"] == "40.00"
    assert figures["room_revenue"] == "220.00"
    # Net of VAT: 100.00 − 8.26 + 120.00 − 9.91 = 201.83; ADR 201.83 / 2, RevPAR / 5.
    assert figures["room_revenue_net"] == "201.83"
    assert figures["adr"] == "100.92"
    assert figures["revpar"] == "40.37"
    assert figures["city_tax"] == "12.00"
    assert figures["open_balances"] == "232.00"
    assert figures["revenue_by_category"] == [
        {"category": "city_tax", "gross": "12.00", "tax": "0.00", "net": "12.00"},
        {"category": "room", "gross": "220.00", "tax": "18.17", "net": "201.83"},
    ]
    assert figures["revenue_by_tax_rate"] == [
        {"rate": None, "gross": "12.00", "tax": "0.00", "net": "12.00"},
        {"rate": "9", "gross": "220.00", "tax": "18.17", "net": "201.83"},
    ]
    assert figures["arrivals"] == 2 and figures["in_house"] == 2 and figures["no_shows"] == 0


def test_a_city_tax_in_percent_of_the_room_price(hotel, root):
    services.city_tax_save(
        establishment=hotel,
        kind=CityTax.Kind.PERCENT_OF_ROOM,
        percent=D("5"),
        valid_from=dt.date(2020, 1, 1),
    )
    dlx = in_house(hotel, root, "dlx", adults=2)
    audit(hotel, root)
    [tax] = charges(dlx, "city_tax")
    assert (tax.quantity, tax.amount) == (D(1), D("6.00"))  # 5 % of 120.00


def test_children_pay_the_city_tax_where_they_are_not_exempt(hotel, root):
    fixed_city_tax(hotel, "2.50", children_exempt=False)
    dlx = in_house(hotel, root, "dlx", adults=2, children=1)
    audit(hotel, root)
    [tax] = charges(dlx, "city_tax")
    assert (tax.quantity, tax.amount) == (D(3), D("7.50"))


def test_no_city_tax_outside_its_dates_and_none_configured(hotel, root):
    services.city_tax_save(
        establishment=hotel,
        kind=CityTax.Kind.FIXED_PER_PERSON,
        amount=D("3.00"),
        valid_from=hotel.business_day() + dt.timedelta(days=1),
    )
    std = in_house(hotel, root)
    audit(hotel, root)
    assert charges(std, "city_tax") == []
    assert len(charges(std, "room")) == 1


def test_the_dutch_vat_change_is_picked_by_the_night(hotel, root, vat):
    """A stay over the new year: 9 % on the night of 31 December 2025, 21 % on 1 January."""
    today = hotel.today()
    stay = services.reservation_import(
        establishment=hotel,
        actor=root,
        room_type_code="std",
        arrival=dt.date(2025, 12, 30),
        departure=today + dt.timedelta(days=1),
        status="checked_in",
        guest={"last_name": "Newyear"},
    )
    services.reservation_assign_room(reservation=stay, actor=root)
    Establishment.unscoped.filter(pk=hotel.pk).update(business_date=dt.date(2025, 12, 31))
    audit(hotel, root, dt.date(2025, 12, 31))
    audit(hotel, root, dt.date(2026, 1, 1))
    rows = [(e.business_date, e.amount, e.tax_rate, e.tax_amount) for e in charges(stay)]
    assert rows == [
        (dt.date(2025, 12, 31), D("100.00"), D("9"), D("8.26")),
        (dt.date(2026, 1, 1), D("100.00"), D("21"), D("17.36")),
    ]
    hotel.refresh_from_db()
    assert hotel.business_date == dt.date(2026, 1, 2)


# --- exactly once ------------------------------------------------------------------------


def test_a_second_run_of_a_closed_date_posts_nothing_and_answers_the_same_report(hotel, root, desk):
    fixed_city_tax(hotel)
    std = in_house(hotel, root)
    day = hotel.business_day()
    first = audit(hotel, root, day)
    entries = Entry.objects.count()
    again = services.night_audit(establishment=hotel, actor=desk, business_date=day)
    assert again.pk == first.pk and again.figures == first.figures
    assert Entry.objects.count() == entries
    assert len(charges(std, "room")) == 1
    hotel.refresh_from_db()
    assert hotel.business_date == day + dt.timedelta(days=1)


def test_charges_posted_by_an_earlier_step_are_not_posted_again_by_the_close(hotel, root):
    """The page's run posts the charges as a step of their own, then closes: the close
    posts nothing twice (the posting key's unique index)."""
    fixed_city_tax(hotel)
    std = in_house(hotel, root)
    day = hotel.business_day()
    step = services.night_audit_step(
        establishment=hotel, actor=root, business_date=day, step="charges"
    )
    assert step["count"] == 2 and not step["closed"]
    again = services.night_audit_step(
        establishment=hotel, actor=root, business_date=day, step="charges"
    )
    assert again["count"] == 0
    report = audit(hotel, root, day)
    assert len(charges(std, "room")) == 1 and len(charges(std, "city_tax")) == 1
    assert report.figures["rooms_sold"] == 1


def test_each_night_of_a_stay_is_charged_on_its_own_date(hotel, root):
    std = in_house(hotel, root, nights=3)
    first_day = hotel.business_day()
    for _ in range(3):
        audit(hotel, root)
    rows = [(e.business_date, e.amount) for e in charges(std, "room")]
    assert rows == [(first_day + dt.timedelta(days=i), D("100.00")) for i in range(3)]


def test_only_in_house_stays_are_charged(hotel, root):
    confirmed_later = book(hotel, root, arrival=hotel.business_day() + dt.timedelta(days=1))
    cancelled = book(hotel, root)
    services.reservation_cancel(reservation=cancelled, actor=root, reason="test")
    report = audit(hotel, root)
    assert charges(confirmed_later) == [] and charges(cancelled) == []
    assert report.figures["rooms_sold"] == 0 and report.figures["occupancy_percent"] == "0.00"


def test_an_invoiced_account_takes_no_charge(hotel, root):
    std = in_house(hotel, root)
    Folio.objects.filter(pk=std.folio_id).update(status=Folio.Status.CLOSED)
    report = audit(hotel, root)
    assert charges(std) == [] and report.figures["rooms_sold"] == 0


# --- the date ----------------------------------------------------------------------------


def test_the_business_date_rolls_and_later_postings_carry_the_next_day(hotel, root):
    std = in_house(hotel, root)
    day = hotel.business_day()
    ledger.charge_post(folio=std.folio, actor=root, category="minibar", unit_price="4.50")
    report = audit(hotel, root, day)
    assert report.figures["revenue_by_category"][0] == {
        "category": "minibar",
        "gross": "4.50",
        "tax": "0.00",
        "net": "4.50",
    }
    hotel.refresh_from_db()
    assert hotel.business_date == day + dt.timedelta(days=1)
    later = ledger.charge_post(folio=std.folio, actor=root, category="minibar", unit_price="2")
    assert later.business_date == day + dt.timedelta(days=1)


def test_a_future_date_is_refused(hotel, root):
    in_house(hotel, root)
    with pytest.raises(Invalid) as caught:
        audit(hotel, root, hotel.business_day() + dt.timedelta(days=1))
    assert caught.value.code == "future_date"
    assert not Entry.objects.exists() and not DailyReport.objects.exists()


def test_a_past_date_never_closed_is_refused(hotel, root):
    in_house(hotel, root)
    with pytest.raises(Invalid) as caught:
        audit(hotel, root, hotel.business_day() - dt.timedelta(days=1))
    assert caught.value.code == "not_open"
    assert not Entry.objects.exists()
    hotel.refresh_from_db()
    assert hotel.business_date is None


# --- arrivals still due ------------------------------------------------------------------


def test_arrivals_not_checked_in_stop_the_audit_and_nothing_is_written(hotel, root):
    in_house(hotel, root)
    due = book(hotel, root, "dlx")
    with pytest.raises(Conflict) as caught:
        audit(hotel, root)
    assert caught.value.code == "arrivals_pending"
    assert [a["confirmation"] for a in caught.value.extra["arrivals"]] == [due.confirmation]
    assert not Entry.objects.exists() and not DailyReport.objects.exists()
    hotel.refresh_from_db()
    assert hotel.business_date is None
    assert Reservation.objects.get(pk=due.pk).status == "confirmed"


def test_mark_no_shows_releases_their_nights_and_closes(hotel, root, desk):
    day = hotel.business_day()
    first = book(hotel, root, "dlx", nights=3)
    second = book(hotel, root, "dlx", nights=2, adults=1)

    def sold(night):
        return InventoryNight.objects.get(room_type__code="dlx", date=night).sold

    assert sold(day) == 2 and sold(day + dt.timedelta(days=2)) == 1
    report = audit(hotel, desk, mark_no_shows=True)
    for r in (first, second):
        r.refresh_from_db()
        assert (r.status, r.no_show_date) == ("no_show", day)
        assert r.history.latest().history_user == desk
        assert not r.nights.filter(held=True).exists()
    # Two stays of one type on one night give back two rooms.
    assert [sold(day + dt.timedelta(days=i)) for i in range(3)] == [0, 0, 0]
    assert report.figures["no_shows"] == 2
    assert report.figures["no_show_confirmations"] == sorted(
        [first.confirmation, second.confirmation]
    )
    assert charges(first) == []


# --- rooms -------------------------------------------------------------------------------


def test_occupied_rooms_become_dirty_with_the_auditor_in_their_history(hotel, root, desk):
    std = in_house(hotel, root)
    Room.objects.filter(establishment=hotel).update(housekeeping="inspected")
    audit(hotel, desk)
    rooms = dict(Room.objects.filter(establishment=hotel).values_list("number", "housekeeping"))
    assert rooms.pop(std.room.number) == "dirty"
    assert set(rooms.values()) == {"inspected"}
    room = Room.objects.get(pk=std.room_id)
    latest = room.history.latest()
    assert (latest.housekeeping, latest.history_user, latest.history_type) == ("dirty", desk, "~")


def test_a_room_already_dirty_gets_no_history_row(hotel, root):
    std = in_house(hotel, root)
    room = Room.objects.get(pk=std.room_id)
    services.room_set_housekeeping(room=room, status="dirty", actor=root)
    before = room.history.count()
    audit(hotel, root)
    assert room.history.count() == before


# --- the report ----------------------------------------------------------------------------


def test_report_counts_out_of_order_rooms_payments_and_departures(hotel, root):
    day = hotel.business_day()
    std = in_house(hotel, root, nights=1)
    room = Room.objects.filter(establishment=hotel).exclude(pk=std.room_id).first()
    services.room_out_of_order(room=room, start=day, end=day + dt.timedelta(days=2))
    report = audit(hotel, root)
    figures = report.figures
    # Five rooms, one out of order: one of four sold.
    assert (figures["rooms_available"], figures["rooms_sold"]) == (4, 1)
    assert figures["occupancy_percent"] == "25.00"
    assert figures["adr"] == "100.00" and figures["revpar"] == "25.00"
    assert figures["payments_by_method"] == [] and figures["payments_total"] == "0.00"
    assert report.created_by == root


def test_the_city_tax_is_kept_apart_from_other_establishments(hotel, other_hotel, root):
    fixed_city_tax(hotel)
    services.reservation_create(
        establishment=other_hotel,
        actor=root,
        room_type_code="std",
        arrival=other_hotel.today(),
        departure=other_hotel.today() + dt.timedelta(days=1),
        guest={"last_name": "Elsewhere"},
    )
    theirs = Reservation.objects.get(establishment=other_hotel)
    check_in(theirs, root)
    audit(other_hotel, root)
    assert charges(theirs, "city_tax") == [] and len(charges(theirs, "room")) == 1
    assert not DailyReport.objects.filter(establishment=hotel).exists()
