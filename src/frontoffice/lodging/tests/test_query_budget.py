"""The statements one booking over the API costs, pinned per engine, so the hot path cannot
grow unnoticed as modules are added. Measured as the server runs it (real transactions, the
reference cache warm), with a bearer token. Each number is the list of statements below;
change them only on purpose, with the benchmark's figures."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from frontoffice.conftest import Api, booking

URL = "/api/v1/establishments/hotel/reservations"

# What one booking does, statement by statement.
EXPECTED = {
    # The token and the role; then the nights taken, the guest and their history row, the
    # reservation, its history row and its nights: on PostgreSQL the last three (and the
    # guest's two) are one statement each.
    ("postgresql", "new guest"): [
        "SELECT",  # bearer token and its user
        "SELECT",  # the caller's roles in the establishment
        "BEGIN",
        "UPDATE",  # take one room of the type on every night
        "WITH",  # the guest and its history row
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
