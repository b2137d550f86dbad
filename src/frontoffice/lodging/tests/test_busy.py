"""A writer that holds the database too long makes the others wait until the busy timeout,
not forever: they answer 503 `busy` (with Retry-After) and book nothing; once the lock is
gone the same request succeeds. Real server processes on each engine."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.conf import settings

from frontoffice.liveserver import LiveServer, holding_the_nights, request, setup_hotel

ENGINE = "postgres" if settings.DATABASES["default"]["ENGINE"].endswith("postgresql") else "sqlite"
pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def server():
    live = LiveServer(engine=ENGINE, workers=2)
    live.env["FRONTOFFICE_DB_BUSY_TIMEOUT"] = "2"
    with live:
        live.token = setup_hotel(live, rooms={"dbl": 2})
        yield live


def test_a_stuck_writer_gets_the_others_a_503_within_the_timeout(server):
    arrival = dt.date.today() + dt.timedelta(days=20)
    body = {
        "guest": {"last_name": "Waiting"},
        "room_type": "dbl",
        "arrival": arrival.isoformat(),
        "departure": (arrival + dt.timedelta(days=1)).isoformat(),
    }
    url = f"{server.base_url}/api/v1/establishments/live/reservations"
    with holding_the_nights(server, "dbl", [arrival]):
        started = time.monotonic()
        status, answer = request("POST", url, body, token=server.token, timeout=30)
        waited = time.monotonic() - started
    assert status == 503, answer
    assert answer["code"] == "busy"
    assert 1.5 <= waited < 10, waited
    status, listing = request("GET", f"{url}?arrival={arrival.isoformat()}", token=server.token)
    assert listing["count"] == 0
    status, made = request("POST", url, body, token=server.token)
    assert status == 201, made
