"""Resolving one complaint from many clients at once: resolved once, one allowance on the
folio, the others refused (409 `already_resolved`). A multi-process server on SQLite and
PostgreSQL, real threads and transactions (the row lock in `complaint_resolve`)."""

import contextlib
import datetime as dt
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings

from frontoffice.liveserver import LiveServer, request, setup_hotel

ENGINE = "postgres" if settings.DATABASES["default"]["ENGINE"].endswith("postgresql") else "sqlite"
pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def server():
    with LiveServer(engine=ENGINE, workers=3) as live:
        live.token = setup_hotel(live, code="gsc")
        yield live


def _call(server, method, path, body=None):
    return request(
        method, f"{server.base_url}/api/v1/establishments/gsc{path}", body, token=server.token
    )


@contextlib.contextmanager
def holding_the_folio(server, folio_id):
    """On PostgreSQL another transaction holds the folio's row, so every resolution has
    read the complaint before the first can post its allowance: without the complaint's row
    lock each would then post one. (SQLite's transactions take the write lock when they
    begin: they never overlap.)"""
    if server.engine != "postgres":
        yield
        return
    import psycopg

    with psycopg.connect(server.env["DATABASE_URL"]) as conn:
        conn.execute("SELECT id FROM billing_folio WHERE id = %s FOR UPDATE", [folio_id])
        yield
        time.sleep(1.5)  # the requests pile up behind the lock
        conn.rollback()


def test_many_clients_resolving_one_complaint_resolve_it_once(server):
    arrival = dt.date.today() + dt.timedelta(days=3)
    status, booked = _call(
        server,
        "POST",
        "/reservations",
        {
            "guest": {"first_name": "Rita", "last_name": "Race"},
            "room_type": "std",
            "arrival": arrival.isoformat(),
            "departure": (arrival + dt.timedelta(days=1)).isoformat(),
            "adults": 1,
        },
    )
    assert status == 201, booked
    status, charge = _call(
        server,
        "POST",
        f"/folios/{booked['folio']}/charges",
        {"category": "room", "unit_price": "100.00"},
    )
    assert status == 201, charge
    status, complaint = _call(
        server,
        "POST",
        "/complaints",
        {
            "customer": booked["guest"]["id"],
            "reservation": booked["confirmation"],
            "category": "noise",
            "description": "Race",
        },
    )
    assert status == 201, complaint
    clients = 8
    barrier = threading.Barrier(clients)

    def resolve(i):
        barrier.wait()
        return _call(
            server,
            "POST",
            f"/complaints/{complaint['id']}/resolve",
            {"resolution": f"Client {i}", "compensation": {"amount": "10"}},
        )

    with ThreadPoolExecutor(clients) as pool:
        with holding_the_folio(server, booked["folio"]):
            futures = [pool.submit(resolve, i) for i in range(clients)]
        results = [f.result() for f in futures]
    statuses = sorted(status for status, _ in results)
    assert statuses == [200] + [409] * (clients - 1), results
    assert all(body["code"] == "already_resolved" for status, body in results if status == 409)
    status, folio = _call(server, "GET", f"/folios/{booked['folio']}")
    allowances = [e for e in folio["entries"] if e["kind"] == "allowance"]
    assert len(allowances) == 1 and allowances[0]["amount"] == "-10.00"
