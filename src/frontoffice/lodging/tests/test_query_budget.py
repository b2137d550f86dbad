"""The statements one booking over the API costs, pinned per engine, so the hot path cannot
grow unnoticed as modules are added. Measured as the server runs it (real transactions, the
reference cache warm), with a bearer token. Each number is the list of statements below;
change them only on purpose, with the benchmark's figures. The reservation list and the
dashboard are held to the same statements whatever the number of rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from frontoffice.conftest import Api, booking, build_hotel
from frontoffice.core.models import Role
from frontoffice.core.services.establishments import staff_role_grant
from frontoffice.lodging import services

URL = "/api/v1/establishments/hotel/reservations"

# What one booking does, statement by statement.
EXPECTED = {
    # The token and the role; then the nights taken, the guest and their history row, the
    # guest's folio, the reservation, its history row and its nights: on PostgreSQL the last three (and the
    # guest's two) are one statement each.
    ("postgresql", "new guest"): [
        "SELECT",  # bearer token and its user
        "SELECT",  # the caller's roles in the establishment
        "BEGIN",
        "UPDATE",  # take one room of the type on every night
        "WITH",  # the guest and its history row
        "INSERT",  # the guest's folio (account)
        "WITH",  # the reservation, its history row and its nights
        "COMMIT",
    ],
    ("sqlite", "new guest"): [
        "SELECT",
        "SELECT",
        "BEGIN",  # IMMEDIATE: the write lock
        "UPDATE",
        "INSERT",  # the guest
        "INSERT",  # … its history row
        "INSERT",  # the folio
        "INSERT",  # the reservation
        "INSERT",  # … its history row
        "INSERT",  # its nights
        "COMMIT",
    ],
    # A guest sent with an email: looked up first (the same email and name is the same
    # person); not found, inserted inside a savepoint (a concurrent booking may insert them
    # first, then the unique index says so and the booking joins that record).
    ("postgresql", "new guest with email"): [
        "SELECT",
        "SELECT",
        "BEGIN",
        "UPDATE",
        "SELECT",
        "SAVEPOINT",
        "WITH",
        "RELEASE",
        "INSERT",
        "WITH",
        "COMMIT",
    ],
    ("sqlite", "new guest with email"): [
        "SELECT",
        "SELECT",
        "BEGIN",
        "UPDATE",
        "SELECT",
        "SAVEPOINT",
        "INSERT",
        "INSERT",
        "RELEASE",
        "INSERT",
        "INSERT",
        "INSERT",
        "INSERT",
        "COMMIT",
    ],
}


@pytest.mark.parametrize("case", ["new guest", "new guest with email"])
def test_one_booking_costs_the_pinned_statements(transactional_db, desk, hotel, today, case):
    api = Api(desk)
    assert api.post(URL, booking(today, offset=20)).status_code == 201  # warm the caches
    body = booking(today, offset=3, nights=3)
    body["guest"] = {"first_name": "Pinned", "last_name": "Guest"}
    if case == "new guest with email":
        body["guest"]["email"] = "pinned@example.com"
    with CaptureQueriesContext(connection) as queries:
        response = api.post(URL, body)
    assert response.status_code == 201, response.data
    statements = [q["sql"].split()[0].upper().strip('"') for q in queries.captured_queries]
    assert statements == EXPECTED[(connection.vendor, case)], [
        q["sql"][:100] for q in queries.captured_queries
    ]


def _called_off_stays(hotel, count: int, start: int = 0) -> None:
    """Stays that hold no rooms, so any number fit; each with its own guest."""
    today = hotel.today()
    for i in range(start, start + count):
        services.reservation_import(
            establishment=hotel,
            actor=None,
            room_type_code="std" if i % 2 else "ste",
            arrival=today + dt.timedelta(days=i - 20),
            departure=today + dt.timedelta(days=i - 18),
            status="cancelled",
            guest={"first_name": "Many", "last_name": f"Guest{i}"},
            cancel_reason="Test",
        )


def test_the_reservation_list_costs_the_same_for_3_rows_or_40(db, desk, hotel):
    """The list page and the API list read the guests, room types (and, in the API, the
    nights) with the rows, never one query per row."""
    page = Client()
    page.force_login(desk)
    api = Api(desk)

    def statements():
        with CaptureQueriesContext(connection) as on_page:
            assert page.get("/e/hotel/reservations/", {"q": "many"}).status_code == 200
        with CaptureQueriesContext(connection) as on_api:
            assert api.get(URL, q="many").status_code == 200
        return len(on_page.captured_queries), len(on_api.captured_queries)

    _called_off_stays(hotel, 3)
    statements()  # the reference cache warm, as on a running server
    few = statements()
    _called_off_stays(hotel, 37, start=3)
    many = statements()
    assert many == few, (few, many)
    # Session, user, role, count, page of rows; the API: token, role, count, rows, nights.
    assert few[0] <= 6 and few[1] <= 5, few


def test_the_dashboard_costs_the_same_for_1_arrival_or_20(db, desk, root):
    """The figures the dashboard reads every minute: the arrivals and departures with their
    guests and room types, counted in one query, never one per row."""
    big = build_hotel(root, code="big", rooms={"std": (25, 2, "100.00")})
    staff_role_grant(establishment=big, user=desk, role=Role.FRONT_DESK_AGENT)
    page = Client()
    page.force_login(desk)
    today = big.today()

    def arrive(count, start=0):
        for i in range(start, start + count):
            services.reservation_create(
                establishment=big,
                actor=None,
                room_type_code="std",
                arrival=today,
                departure=today + dt.timedelta(days=1),
                guest={"last_name": f"Arriving{i}"},
            )

    def statements():
        with CaptureQueriesContext(connection) as queries:
            response = page.get("/e/big/dashboard/figures/")
        assert response.status_code == 200
        return [q["sql"].split()[0] for q in queries.captured_queries]

    arrive(1)
    statements()  # the reference cache warm
    one = statements()
    arrive(19, start=1)
    assert statements() == one
    # 10 for the desk's figures and lists, and one each for the panels the apps above add
    # (wake-up calls due within the hour; open complaints and unread shift notes).
    assert len(one) <= 12, one


def test_the_room_rack_and_the_rooms_read_cost_the_same_for_1_guest_in_house_or_12(db, desk, root):
    """The rack and GET …/rooms read who is in each room and who comes next with a fixed
    number of statements, never one per room or per stay; so do the arrivals and in-house
    pages."""
    big = build_hotel(root, code="big", rooms={"std": (25, 2, "100.00")})
    staff_role_grant(establishment=big, user=desk, role=Role.FRONT_DESK_AGENT)
    page = Client()
    page.force_login(desk)
    api = Api(desk)
    today = big.business_day()

    def check_in(count, start=0):
        for i in range(start, start + count):
            r = services.reservation_create(
                establishment=big,
                actor=None,
                room_type_code="std",
                arrival=today,
                departure=today + dt.timedelta(days=2),
                guest={"last_name": f"Inhouse{i}"},
            )
            services.reservation_check_in(reservation=r, actor=None)
            nxt = services.reservation_create(
                establishment=big,
                actor=None,
                room_type_code="std",
                arrival=today + dt.timedelta(days=3),
                departure=today + dt.timedelta(days=4),
                guest={"last_name": f"Next{i}"},
            )
            services.reservation_assign_room(reservation=nxt, actor=None)

    def statements():
        # The reference cache cold each time: a 2-second entry that lapsed between two
        # measurements (a slow machine) would read as one statement more.
        from frontoffice.core import refcache

        counts = []
        for url in ("/e/big/rooms/", "/e/big/in-house/", "/e/big/arrivals/"):
            refcache.clear()
            with CaptureQueriesContext(connection) as queries:
                assert page.get(url).status_code == 200
            counts.append(len(queries.captured_queries))
        refcache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert api.get("/api/v1/establishments/big/rooms").status_code == 200
        counts.append(len(queries.captured_queries))
        return counts

    check_in(1)
    statements()  # the reference cache warm
    one = statements()
    check_in(11, start=1)
    assert statements() == one
