"""Rates by date: the rates page's change (a range of nights, chosen weekdays, a price, a
minimum stay, arrivals) through its service, its page and its API, and the booking and the
quote charging and refusing exactly as the grid says."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client

from frontoffice.conftest import Api, booking
from frontoffice.core.errors import Invalid
from frontoffice.core.models import Role
from frontoffice.lodging import selectors, services
from frontoffice.lodging.models import RateChange, RatePlanDay, Reservation
from frontoffice.lodging.services import rates as rate_services

P = "/e/hotel"
API = "/api/v1/establishments/hotel"
EVERY_DAY = [0, 1, 2, 3, 4, 5, 6]


@pytest.fixture
def plans(hotel):
    """bb: std 110 a night, no minimum stay; nr: std 90, two nights at least."""
    bb = services.rate_plan_create(
        establishment=hotel, code="bb", name="Bed & breakfast", prices={"std": "110"}
    )
    nr = services.rate_plan_create(
        establishment=hotel, code="nr", name="Non-refundable", min_stay=2, prices={"std": "90"}
    )
    return bb, nr


@pytest.fixture
def friday(today):
    """A Friday one to two weeks ahead."""
    return today + dt.timedelta(days=7 + (4 - today.weekday()) % 7)


def change(hotel, actor, **kwargs):
    arguments = {
        "establishment": hotel,
        "actor": actor,
        "rate_plan_code": "bb",
        "room_type_codes": ["std"],
        "weekdays": EVERY_DAY,
    }
    arguments.update(kwargs)
    return services.rate_plan_days_change(**arguments)


def grid_prices(hotel, plan, start, days, code="std"):
    rows = selectors.rate_grid(hotel, plan, start, days)
    row = next(r for r in rows if r.room_type.code == code)
    return [str(n.price) for n in row.nights]


def book(hotel, arrival, nights, plan="bb", room_type="std"):
    return services.reservation_create(
        establishment=hotel,
        actor=None,
        room_type_code=room_type,
        arrival=arrival,
        departure=arrival + dt.timedelta(days=nights),
        rate_plan_code=plan,
        guest={"last_name": "Rateguest"},
    )


# --- the service ---------------------------------------------------------------------------


def test_only_the_chosen_weekdays_of_the_range_change(hotel, manager, plans, friday):
    bb, _nr = plans
    monday = friday - dt.timedelta(days=4)
    result = change(
        hotel,
        manager,
        room_type_codes=["std", "STE"],
        first_night=monday,
        last_night=monday + dt.timedelta(days=20),  # three weeks: three Fridays, three Saturdays
        weekdays=[4, 5],
        price=Decimal("150"),
    )
    assert (result.nights, result.changed) == (12, 12)
    week = grid_prices(hotel, bb, monday, 7)
    #               Mon       Tue       Wed       Thu       Fri       Sat       Sun
    assert week == ["110.00", "110.00", "110.00", "110.00", "150.00", "150.00", "110.00"]
    assert grid_prices(hotel, bb, monday, 7, code="ste") == [
        "250.00",
        "250.00",
        "250.00",
        "250.00",
        "150.00",
        "150.00",
        "250.00",
    ]
    fridays = sorted(
        RatePlanDay.objects.filter(room_type__code="std").values_list("date", flat=True)
    )
    assert fridays == [
        friday,
        friday + dt.timedelta(days=1),
        friday + dt.timedelta(days=7),
        friday + dt.timedelta(days=8),
        friday + dt.timedelta(days=14),
        friday + dt.timedelta(days=15),
    ]
    # The same change again finds nothing to do, and logs nothing more.
    again = change(
        hotel,
        manager,
        room_type_codes=["std", "ste"],
        first_night=monday,
        last_night=monday + dt.timedelta(days=20),
        weekdays=[4, 5],
        price="150.00",
    )
    assert (again.nights, again.changed, again.change) == (12, 0, None)
    assert RateChange.objects.count() == 1


def test_every_night_written_has_a_history_row_naming_the_person(hotel, manager, plans, friday):
    change(hotel, manager, first_night=friday, last_night=friday + dt.timedelta(days=1), price=140)
    change(
        hotel,
        manager,
        first_night=friday + dt.timedelta(days=1),
        last_night=friday + dt.timedelta(days=2),
        min_stay=3,
    )
    saturday = RatePlanDay.objects.get(date=friday + dt.timedelta(days=1))
    records = list(saturday.history.order_by("history_date", "history_id"))
    assert [(r.history_type, r.price, r.min_stay) for r in records] == [
        ("+", Decimal("140.000"), None),
        ("~", Decimal("140.000"), 3),
    ]
    assert {r.history_user.username for r in records} == {"manager"}
    sunday = RatePlanDay.objects.get(date=friday + dt.timedelta(days=2))
    assert [(r.history_type, r.price, r.min_stay) for r in sunday.history.all()] == [("+", None, 3)]
    log = list(RateChange.objects.order_by("id"))
    assert [(c.actor.username, c.nights, c.price, c.min_stay) for c in log] == [
        ("manager", 2, Decimal("140.000"), None),
        ("manager", 2, None, 3),
    ]
    assert log[0].room_types == ["std"] and log[0].weekdays == EVERY_DAY


def test_a_booking_is_charged_what_the_grid_shows(hotel, manager, plans, friday):
    bb, _nr = plans
    change(
        hotel,
        manager,
        first_night=friday,
        last_night=friday + dt.timedelta(days=6),
        weekdays=[4, 5],
        price="165.50",
    )
    thursday = friday - dt.timedelta(days=1)
    shown = grid_prices(hotel, bb, thursday, 4)
    assert shown == ["110.00", "165.50", "165.50", "110.00"]
    reservation = book(hotel, thursday, 4)
    assert [n.price for n in reservation.nights.order_by("date")] == [Decimal(p) for p in shown]
    assert reservation.total_price == Decimal("551.00")
    # Without the plan, the base rate: the change belongs to the plan.
    plain = book(hotel, thursday, 2, plan=None)
    assert plain.total_price == Decimal("200.00")


def test_closed_to_arrival_refuses_arrivals_that_day_only(hotel, manager, plans, friday):
    change(hotel, manager, first_night=friday, last_night=friday, closed_to_arrival=True)
    with pytest.raises(Invalid) as refused:
        book(hotel, friday, 2)
    assert refused.value.code == "closed_to_arrival" and refused.value.field == "arrival"
    assert "closed to arrival" in str(refused.value.detail)
    # A stay through that night is fine; so is another room type, or another plan.
    assert book(hotel, friday - dt.timedelta(days=1), 2).nights_count == 2
    assert book(hotel, friday, 2, room_type="ste").nights_count == 2
    assert book(hotel, friday, 2, plan="nr").nights_count == 2
    # Open again: the same arrival is accepted.
    change(hotel, manager, first_night=friday, last_night=friday, closed_to_arrival=False)
    assert book(hotel, friday, 1).nights_count == 1


def test_a_minimum_stay_for_a_date_overrides_the_plans(hotel, manager, plans, friday):
    change(hotel, manager, first_night=friday, last_night=friday, min_stay=3)
    with pytest.raises(Invalid) as refused:
        book(hotel, friday, 2)
    assert refused.value.code == "min_stay"
    assert "at least 3 nights" in str(refused.value.detail)
    assert book(hotel, friday, 3).nights_count == 3
    # Arriving the day before, the plan's own minimum (one night) applies.
    assert book(hotel, friday - dt.timedelta(days=1), 2).nights_count == 2
    # A date can also ask less than its plan: nr wants two nights, but not on this Sunday.
    sunday = friday + dt.timedelta(days=2)
    with pytest.raises(Invalid):
        book(hotel, sunday, 1, plan="nr")
    change(hotel, manager, rate_plan_code="nr", first_night=sunday, last_night=sunday, min_stay=1)
    assert book(hotel, sunday, 1, plan="nr").nights_count == 1
    # Back to the plan's minimum: two nights again.
    change(
        hotel,
        manager,
        rate_plan_code="nr",
        first_night=sunday,
        last_night=sunday,
        min_stay_reset=True,
    )
    with pytest.raises(Invalid):
        book(hotel, sunday, 1, plan="nr")


def test_back_to_the_plans_price(hotel, manager, plans, friday):
    bb, _nr = plans
    change(hotel, manager, first_night=friday, last_night=friday, price=199, min_stay=2)
    change(hotel, manager, first_night=friday, last_night=friday, price_reset=True)
    assert grid_prices(hotel, bb, friday, 1) == ["110.00"]
    # The minimum stay set with it stays.
    night = selectors.rate_grid(hotel, bb, friday, 1)[0].nights[0]
    assert (night.min_stay, night.dated_price, night.dated_min_stay) == (2, False, True)


def test_a_change_of_the_stay_meets_the_new_arrivals_rules(hotel, manager, plans, friday):
    thursday = friday - dt.timedelta(days=1)
    reservation = book(hotel, thursday, 2)
    change(hotel, manager, first_night=friday, last_night=friday, closed_to_arrival=True)
    with pytest.raises(Invalid) as refused:
        services.reservation_modify(reservation=reservation, actor=None, arrival=friday)
    assert refused.value.code == "closed_to_arrival"
    # The guest keeps an arrival agreed before the day was closed, and may stay longer.
    change(hotel, manager, first_night=thursday, last_night=thursday, closed_to_arrival=True)
    longer = services.reservation_modify(
        reservation=reservation, actor=None, departure=friday + dt.timedelta(days=2)
    )
    assert longer.nights_count == 3


def test_the_change_preview_says_what_the_change_would_say(hotel, manager, desk, plans, friday):
    """The price beside the change form asks the same rate rules as the change itself."""
    thursday = friday - dt.timedelta(days=1)
    reservation = book(hotel, thursday, 2)
    change(hotel, manager, first_night=friday, last_night=friday, closed_to_arrival=True)
    client = Client()
    client.force_login(desk)

    def preview(arrival, departure):
        return client.get(
            f"/e/hotel/reservations/{reservation.confirmation}/edit/preview/",
            {
                "room_type": "std",
                "arrival": arrival.isoformat(),
                "departure": departure.isoformat(),
                "adults": 1,
                "children": 0,
            },
        ).content.decode()

    moved = preview(friday, friday + dt.timedelta(days=2))
    assert "closed to arrival" in moved and "new-price" not in moved
    longer = preview(thursday, friday + dt.timedelta(days=2))
    assert "new-price" in longer and "closed to arrival" not in longer


@pytest.mark.parametrize(
    "kwargs, code, field",
    [
        ({"price": "-1"}, "invalid", "price"),
        ({"price": "12.345"}, "invalid_price", "price"),
        ({"price": "NaN"}, "invalid", "price"),
        ({"price": "10000000000"}, "invalid", "price"),
        ({"price": "12", "price_reset": True}, "invalid", "price"),
        ({"min_stay": 0}, "invalid", "min_stay"),
        ({"min_stay": 366}, "invalid", "min_stay"),
        ({}, "empty_change", None),
        ({"price": "12", "weekdays": []}, "no_weekday", "weekdays"),
        ({"price": "12", "weekdays": [7]}, "invalid", "weekdays"),
        ({"price": "12", "room_type_codes": []}, "no_room_type", "room_types"),
        ({"price": "12", "room_type_codes": ["std", "nope"]}, "unknown_room_type", "room_types"),
        ({"price": "12", "rate_plan_code": "nope"}, "unknown_rate_plan", "rate_plan"),
        ({"price": "12", "first_offset": 3, "last_offset": 2}, "invalid_dates", "last_night"),
        ({"price": "12", "first_offset": -1}, "nights_in_past", "first_night"),
        ({"price": "12", "last_offset": 731}, "range_too_long", "last_night"),
        (
            {"price": "12", "first_offset": 900, "last_offset": 1200},
            "too_far_ahead",
            "last_night",
        ),
        # A Monday alone, but only Sundays asked for: no night at all.
        (
            {"price": "12", "first_offset": 0, "last_offset": 0, "weekdays": "other"},
            "no_nights",
            "weekdays",
        ),
    ],
)
def test_a_refused_change_writes_nothing(hotel, manager, plans, today, kwargs, code, field):
    kwargs = dict(kwargs)
    first = today + dt.timedelta(days=kwargs.pop("first_offset", 0))
    last = today + dt.timedelta(days=kwargs.pop("last_offset", 6))
    if kwargs.get("weekdays") == "other":
        kwargs["weekdays"] = [(today.weekday() + 1) % 7]
    with pytest.raises(Invalid) as refused:
        change(hotel, manager, first_night=first, last_night=last, **kwargs)
    assert (refused.value.code, refused.value.field) == (code, field)
    assert RatePlanDay.objects.count() == 0 and RateChange.objects.count() == 0


def test_the_change_is_one_transaction(hotel, manager, plans, friday, monkeypatch):
    """A failure after the nights were written (here: the log) leaves none of them."""
    change(hotel, manager, first_night=friday, last_night=friday, price=120)

    def broken(self, *args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(RateChange, "save", broken)
    with pytest.raises(RuntimeError):
        change(
            hotel, manager, first_night=friday, last_night=friday + dt.timedelta(days=9), price=99
        )
    assert list(RatePlanDay.objects.values_list("date", "price")) == [(friday, Decimal("120.000"))]
    assert RatePlanDay.history.count() == 1


def test_two_years_of_nights_for_every_room_type_at_once(hotel, manager, plans, today):
    result = change(
        hotel,
        manager,
        room_type_codes=["std", "ste"],
        first_night=today,
        last_night=today + dt.timedelta(days=730),
        closed_to_arrival=True,
    )
    assert result.changed == 2 * 731 == RatePlanDay.objects.count()
    assert RatePlanDay.history.filter(history_user__username="manager").count() == 2 * 731
    # Opening them again changes every row in one statement per batch, with its history.
    reopened = change(
        hotel,
        manager,
        room_type_codes=["std", "ste"],
        first_night=today,
        last_night=today + dt.timedelta(days=730),
        closed_to_arrival=False,
    )
    assert reopened.changed == 2 * 731
    assert not RatePlanDay.objects.filter(closed_to_arrival=True).exists()


def test_a_date_range_override_is_the_same_change_every_weekday(hotel, plans, today):
    bb, _nr = plans
    services.rate_plan_override(
        plan=bb,
        room_type_code="std",
        start=today + dt.timedelta(days=1),
        end=today + dt.timedelta(days=3),
        price="175",
    )
    assert grid_prices(hotel, bb, today, 4) == ["110.00", "175.00", "175.00", "110.00"]
    # Later changes win where they overlap, as overrides did.
    services.rate_plan_override(
        plan=bb,
        room_type_code="std",
        start=today + dt.timedelta(days=2),
        end=today + dt.timedelta(days=4),
        price="180",
    )
    assert grid_prices(hotel, bb, today, 4) == ["110.00", "175.00", "180.00", "180.00"]


def test_prices_take_the_currencys_decimals(root, make_user):
    from frontoffice.core.services import establishments

    yen = establishments.establishment_create(
        actor=root, code="tokyo", name="Tokyo", kind="hotel", timezone_name="Asia/Tokyo",
        currency="JPY", language="en",
    )  # fmt: skip
    assert rate_services.rate_price("12000", "JPY") == Decimal("12000")
    with pytest.raises(Invalid) as refused:
        rate_services.rate_price("12000.5", "JPY")
    assert refused.value.code == "invalid_price"
    assert "without decimals" in str(refused.value.detail)
    assert rate_services.rate_price("12.345", "KWD") == Decimal("12.345")
    assert yen.currency == "JPY"


# --- the quote says what the grid says -----------------------------------------------------


def quote(client, arrival, nights, plan="bb", room_type="std"):
    departure = arrival + dt.timedelta(days=nights)
    return client.get(
        f"{P}/reservations/quote/?room_type={room_type}&arrival={arrival}"
        f"&departure={departure}&rate_plan={plan}&adults=1"
    ).content.decode()


def test_the_quote_prices_and_refuses_as_the_grid_says(desk, hotel, manager, plans, friday):
    client = Client()
    client.force_login(desk)
    change(hotel, manager, first_night=friday, last_night=friday, weekdays=[4], price="145")
    assert "€145.00" in quote(client, friday, 1)
    assert "€255.00" in quote(client, friday, 2)  # 145 + 110
    change(hotel, manager, first_night=friday, last_night=friday, closed_to_arrival=True)
    closed = quote(client, friday, 1)
    assert "closed to arrival" in closed and "€" not in closed
    change(
        hotel,
        manager,
        first_night=friday + dt.timedelta(days=1),
        last_night=friday + dt.timedelta(days=1),
        min_stay=2,
    )
    short = quote(client, friday + dt.timedelta(days=1), 1)
    assert "at least 2 nights" in short and "€" not in short
    assert "€220.00" in quote(client, friday + dt.timedelta(days=1), 2)
    assert "Unknown rate plan" in quote(client, friday, 1, plan="nope")


# --- the page ------------------------------------------------------------------------------


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_data(first, last, **extra):
    data = {
        "rate_plan": "bb",
        "room_types": ["std"],
        "first_night": first.isoformat(),
        "last_night": last.isoformat(),
        "weekdays": [str(d) for d in EVERY_DAY],
        "price": "",
        "min_stay": "",
        "arrival": "",
    }
    data.update(extra)
    return data


def test_the_manager_changes_prices_on_the_page(manager, hotel, plans, friday):
    client = logged_in(manager)
    page = client.get(f"{P}/rates/").content.decode()
    assert 'id="rate-grid"' in page and "Change prices" in page
    # No field takes the focus on open: the page is the grid first (shortcut letters work).
    assert "autofocus" not in page and "data-enter-safe" in page
    assert f'href="{P}/rates/"' in page  # the nav link
    response = client.post(
        f"{P}/rates/?plan=bb&start={friday - dt.timedelta(days=4)}",
        form_data(friday, friday + dt.timedelta(days=1), weekdays=["4", "5"], price="149,90"),
    )
    assert response.status_code == 302
    assert response["Location"] == f"{P}/rates/?plan=bb&start={friday - dt.timedelta(days=4)}"
    shown = client.get(response["Location"]).content.decode()
    assert "Changed: 2 nights." in shown
    assert shown.count('<span class="price">149.90</span>') == 2
    assert "Recent changes" in shown and "Price €149.90" in shown
    # A change outside the nights shown shows its first night.
    later = friday + dt.timedelta(days=60)
    moved = client.post(
        f"{P}/rates/?plan=bb&start={friday}",
        form_data(later, later, arrival="closed"),
    )
    assert moved["Location"] == f"{P}/rates/?plan=bb&start={later}"
    assert RatePlanDay.objects.get(date=later).closed_to_arrival


def test_form_errors_in_the_users_language_and_nothing_written(manager, hotel, plans, today):
    client = logged_in(manager)
    client.post("/i18n/setlang/", {"language": "de", "next": "/"})
    # German input: a comma for the decimals.
    ok = client.post(f"{P}/rates/?plan=bb", form_data(today, today, price="129,50"))
    assert ok.status_code == 302
    assert RatePlanDay.objects.get().price == Decimal("129.500")
    bad = client.post(
        f"{P}/rates/?plan=bb",
        form_data(today, today + dt.timedelta(days=3), min_stay="0", weekdays=[], room_types=[]),
    )
    assert bad.status_code == 422
    page = bad.content.decode()
    assert "größer oder gleich 1" in page  # Django's own words, in German
    assert page.count('class="errorlist"') >= 3  # weekdays and room types too, at once
    # The focus is on the first field with an error, not on the rate plan.
    assert re.search(r'<input[^>]*autofocus[^>]*id="id_room_types_0"', page)
    assert 'name="rate_plan" autofocus' not in page
    ambiguous = client.post(f"{P}/rates/?plan=bb", form_data(today, today, price="1.250"))
    assert ambiguous.status_code == 422
    assert "129,50" in ambiguous.content.decode()  # the example, as a German writes it
    nothing = client.post(f"{P}/rates/?plan=bb", form_data(today, today))
    assert nothing.status_code == 422
    assert RatePlanDay.objects.count() == 1 and RateChange.objects.count() == 1


def test_the_desk_reads_the_rates_but_cannot_change_them(desk, hotel, plans, today):
    client = logged_in(desk)
    page = client.get(f"{P}/rates/?plan=bb").content.decode()
    assert 'id="rate-grid"' in page and "110.00" in page
    assert "Change prices" not in page and "Recent changes" not in page
    refused = client.post(f"{P}/rates/?plan=bb", form_data(today, today, price="1"))
    assert refused.status_code == 403
    assert RatePlanDay.objects.count() == 0


@pytest.mark.parametrize("role", [Role.PORTER, Role.CONCIERGE, Role.CASHIER, Role.BACK_OFFICE_HR])
def test_others_get_403_and_no_nav_link(role, make_user, hotel, plans, today):
    client = logged_in(make_user(role, hotel))
    assert client.get(f"{P}/rates/").status_code == 403
    assert client.post(f"{P}/rates/", form_data(today, today, price="1")).status_code == 403
    assert f"{P}/rates/" not in client.get(f"{P}/").content.decode()
    assert RatePlanDay.objects.count() == 0


def test_the_grid_marks_minimum_stays_and_closed_arrivals(manager, hotel, plans, friday):
    change(hotel, manager, first_night=friday, last_night=friday, closed_to_arrival=True)
    change(
        hotel,
        manager,
        first_night=friday + dt.timedelta(days=1),
        last_night=friday + dt.timedelta(days=1),
        min_stay=3,
    )
    page = logged_in(manager).get(f"{P}/rates/?plan=bb&start={friday}").content.decode()
    cell = page.split(f'data-date="{friday}" data-room-type="std"')[1].split("</td>")[0]
    assert "Closed to arrival" in cell
    saturday = friday + dt.timedelta(days=1)
    cell = page.split(f'data-date="{saturday}" data-room-type="std"')[1].split("</td>")[0]
    assert "Minimum stay 3 nights" in cell
    # The base rates: the room type's own, no rules.
    base = logged_in(manager).get(f"{P}/rates/?plan=&start={friday}").content.decode()
    assert "Base rates: price per night in EUR" in base and "Closed to arrival</span>" not in base


def test_odd_input_never_fails(manager, hotel, plans):
    client = logged_in(manager)
    for value in ["", "x", "-1", "9999-12-31", "0001-01-01", "%00", "\x00", "a" * 3000]:
        nul = value in ("%00", "\x00")  # a NUL character: 400 on every path
        got = client.get(f"{P}/rates/", {"plan": value, "start": value}).status_code
        assert got == (400 if value == "\x00" else 200), value
        data = {
            "rate_plan": value,
            "room_types": [value],
            "first_night": value,
            "last_night": value,
            "weekdays": [value],
            "price": value,
            "min_stay": value,
            "arrival": value,
        }
        got = client.post(f"{P}/rates/?plan={value}", data).status_code
        assert got == 400 if nul else got in (200, 422), value
    assert RatePlanDay.objects.count() == 0


# --- the API -------------------------------------------------------------------------------


def test_the_api_reads_and_changes_rates(manager, hotel, plans, friday):
    api = Api(manager)
    body = {
        "rate_plan": "BB",
        "room_types": ["std"],
        "first_night": friday.isoformat(),
        "last_night": (friday + dt.timedelta(days=7)).isoformat(),
        "weekdays": ["fri"],
        "price": "160",
        "closed_to_arrival": True,
    }
    response = api.post(f"{API}/rates", body)
    assert response.status_code == 200, response.data
    assert response.data == {"rate_plan": "BB", "nights": 2, "changed": 2}
    grid = api.get(f"{API}/rates", rate_plan="bb", start=friday.isoformat(), days=2)
    assert grid.status_code == 200
    assert grid.data["currency"] == "EUR" and grid.data["rate_plan"] == "bb"
    std = next(r for r in grid.data["room_types"] if r["code"] == "std")
    assert std["nights"] == [
        {
            "date": friday.isoformat(),
            "price": "160.00",
            "min_stay": 1,
            "closed_to_arrival": True,
            "dated_price": True,
        },
        {
            "date": (friday + dt.timedelta(days=1)).isoformat(),
            "price": "110.00",
            "min_stay": 1,
            "closed_to_arrival": False,
            "dated_price": False,
        },
    ]
    # The booking says the same: refused on the Friday, 160 for a Thursday arrival's Friday.
    refused = api.post(f"{API}/reservations", booking(friday, offset=0, rate_plan="bb"))
    assert refused.status_code == 422 and refused.data["code"] == "closed_to_arrival"
    thursday = friday - dt.timedelta(days=1)
    booked = api.post(f"{API}/reservations", booking(thursday, offset=0, rate_plan="bb"))
    assert booked.status_code == 201
    assert [n["price"] for n in booked.data["nights"]] == ["110.00", "160.00"]


def test_api_errors_are_code_and_detail_and_change_nothing(manager, desk, hotel, plans, today):
    api = Api(manager)
    base = {
        "rate_plan": "bb",
        "room_types": ["std"],
        "first_night": today.isoformat(),
        "last_night": today.isoformat(),
    }
    for extra, code in [
        ({}, "empty_change"),
        ({"price": "1.005"}, "invalid_price"),
        ({"price": "5", "weekdays": []}, "no_weekday"),
        ({"price": "5", "last_night": (today - dt.timedelta(days=1)).isoformat()}, "invalid_dates"),
        ({"price": "5", "rate_plan": "zz"}, "unknown_rate_plan"),
    ]:
        response = api.post(f"{API}/rates", {**base, **extra})
        assert response.status_code == 422, (extra, response.data)
        assert response.data["code"] == code and response.data["detail"], response.data
    assert api.post(f"{API}/rates", {**base, "weekdays": ["someday"]}).status_code == 422
    assert api.get(f"{API}/rates", days=63).status_code == 422
    assert api.get(f"{API}/rates", start="9999-12-31").status_code == 422
    assert api.get(f"{API}/rates", rate_plan="zz").data["code"] == "unknown_rate_plan"
    forbidden = Api(desk).post(f"{API}/rates", {**base, "price": "5"})
    assert forbidden.status_code == 403 and forbidden.data["code"] == "forbidden"
    assert Api(desk).get(f"{API}/rates").status_code == 200
    assert RatePlanDay.objects.count() == 0 and Reservation.objects.count() == 0


# --- the demo --------------------------------------------------------------------------------


def test_the_demo_hotel_has_rates_a_manager_set(root):
    """Weekend prices, a two-night minimum on next weekend's Friday and no non-refundable
    arrivals on its Saturday, all within the two weeks the page opens on."""
    import random

    from frontoffice.core import tenancy
    from frontoffice.core.services import establishments
    from frontoffice.lodging import demo

    est = establishments.establishment_create(
        actor=root, code="demo", name="Demo", kind="hotel", timezone_name="Europe/Amsterdam",
        currency="EUR", language="en",
    )  # fmt: skip
    with tenancy.scope(est):
        demo._setup(est, random.Random(1))
        today = est.today()
        bb = selectors.rate_plan_by_code(est, "bb")
        nr = selectors.rate_plan_by_code(est, "nr")
        rows = {r.room_type.code: r.nights for r in selectors.rate_grid(est, bb, today, 14)}
        nr_rows = {r.room_type.code: r.nights for r in selectors.rate_grid(est, nr, today, 14)}
        changes = list(RateChange.objects.all())
    dbl = rows["dbl"]
    for night in dbl:
        summer = night.date.month in (7, 8)
        if summer:
            assert night.price == Decimal("167.00")
        elif night.date.weekday() in (4, 5):
            assert night.price == Decimal("162.00") and night.dated_price
        else:
            assert night.price == Decimal("137.00") and not night.dated_price
    assert [n.date.weekday() for n in dbl if n.min_stay == 2] == [4]
    closed = [n.date for n in nr_rows["ste"] if n.closed_to_arrival]
    assert len(closed) == 1 and closed[0].weekday() == 5
    assert closed[0] - [n.date for n in dbl if n.min_stay == 2][0] == dt.timedelta(days=1)
    assert changes and {c.actor.username for c in changes} == {"manager"}


# --- the migration -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_date_range_overrides_into_nights(root):
    """Overrides made before the rates page become the nights they covered, the later one
    winning where two overlapped, each with a history row."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from frontoffice.conftest import build_hotel

    hotel = build_hotel(root)
    start = hotel.today() + dt.timedelta(days=3)
    before, after = [("lodging", "0002_names")], [("lodging", "0004_establishment_labels")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        plan = old.get_model("lodging", "RatePlan").objects.create(
            establishment_id=hotel.pk, code="bb", name="B&B", min_stay=1, active=True
        )
        std = old.get_model("lodging", "RoomType").objects.get(
            establishment_id=hotel.pk, code="std"
        )
        overrides = old.get_model("lodging", "RatePlanOverride").objects
        for offset, nights, price in [(0, 3, "150"), (2, 2, "180")]:
            overrides.create(
                establishment_id=hotel.pk,
                rate_plan=plan,
                room_type=std,
                start=start + dt.timedelta(days=offset),
                end=start + dt.timedelta(days=offset + nights),
                price=Decimal(price),
            )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        # Back to the latest schema of every app for the tests that run after this one
        # (the migration back to 0002 undid every app that depends on lodging).
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    rows = list(RatePlanDay.objects.order_by("date").values_list("date", "price"))
    assert rows == [
        (start, Decimal("150.000")),
        (start + dt.timedelta(days=1), Decimal("150.000")),
        (start + dt.timedelta(days=2), Decimal("180.000")),
        (start + dt.timedelta(days=3), Decimal("180.000")),
    ]
    assert list(RatePlanDay.history.values_list("history_type", flat=True)) == ["+"] * 4
    bb = selectors.rate_plan_by_code(hotel, "bb")
    assert grid_prices(hotel, bb, start - dt.timedelta(days=1), 6) == [
        "100.00",
        "150.00",
        "150.00",
        "180.00",
        "180.00",
        "100.00",
    ]
