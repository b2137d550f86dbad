"""Invariants 1 and 3 under real concurrency: a multi-process `frontoffice serve`, many
client threads with their own connections, on SQLite and on PostgreSQL."""

import datetime as dt
import random
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings

from frontoffice.liveserver import LiveServer, request, setup_hotel

ENGINE = "postgres" if settings.DATABASES["default"]["ENGINE"].endswith("postgresql") else "sqlite"
pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def server():
    with LiveServer(engine=ENGINE, workers=3) as live:
        token = setup_hotel(live, rooms={"std": 3, "dbl": 5})
        live.token = token
        yield live


def _book(server, body, key=None, barrier=None):
    if barrier:
        barrier.wait()
    headers = {"Idempotency-Key": key} if key else None
    return request(
        "POST",
        f"{server.base_url}/api/v1/establishments/live/reservations",
        body,
        token=server.token,
        headers=headers,
    )


def _body(arrival, nights, room_type="std", name="Client"):
    return {
        "guest": {"first_name": name, "last_name": "Concurrent"},
        "room_type": room_type,
        "arrival": arrival.isoformat(),
        "departure": (arrival + dt.timedelta(days=nights)).isoformat(),
        "adults": 1,
    }


def _availability(server, arrival, departure, room_type):
    status, body = request(
        "GET",
        f"{server.base_url}/api/v1/establishments/live/availability?arrival={arrival}"
        f"&departure={departure}&room_type={room_type}",
        token=server.token,
    )
    assert status == 200, body
    return body["room_types"][0]


def test_last_rooms_go_to_exactly_as_many_clients_as_there_are_rooms(server):
    arrival = dt.date.today() + dt.timedelta(days=30)
    clients = 24
    barrier = threading.Barrier(clients)
    with ThreadPoolExecutor(clients) as pool:
        results = list(
            pool.map(
                lambda i: _book(server, _body(arrival, 2, name=f"C{i}"), barrier=barrier),
                range(clients),
            )
        )
    statuses = Counter(status for status, _ in results)
    assert statuses == {201: 3, 409: clients - 3}, statuses
    assert all(body["code"] == "not_available" for status, body in results if status == 409)
    assert _availability(server, arrival, arrival + dt.timedelta(days=2), "std")["available"] == 0


def test_overlapping_stays_never_oversell_any_night(server):
    start = dt.date.today() + dt.timedelta(days=60)
    rng = random.Random(7)
    stays = [
        (start + dt.timedelta(days=rng.randrange(0, 8)), rng.randrange(1, 4)) for _ in range(40)
    ]
    barrier = threading.Barrier(len(stays))
    with ThreadPoolExecutor(len(stays)) as pool:
        results = list(
            pool.map(lambda s: _book(server, _body(s[0], s[1], "dbl"), barrier=barrier), stays)
        )
    booked = Counter()
    for (arrival, nights), (status, body) in zip(stays, results, strict=True):
        assert status in (201, 409), body
        if status == 201:
            for i in range(nights):
                booked[arrival + dt.timedelta(days=i)] += 1
    assert max(booked.values()) <= 5
    # Every night's free count is exactly rooms minus what the successful bookings took.
    free = _availability(server, start, start + dt.timedelta(days=11), "dbl")["nights"]
    for night in free:
        day = dt.date.fromisoformat(night["date"])
        assert night["available"] == 5 - booked[day], (day, night, booked[day])


def test_concurrent_retries_with_one_idempotency_key_book_once(server):
    arrival = dt.date.today() + dt.timedelta(days=90)
    clients = 20
    barrier = threading.Barrier(clients)
    body = _body(arrival, 3, "dbl", name="Retry")
    with ThreadPoolExecutor(clients) as pool:
        results = list(
            pool.map(
                lambda i: _book(server, body, key="retry-key-1", barrier=barrier), range(clients)
            )
        )
    assert {status for status, _ in results} == {201}, results
    confirmations = {b["confirmation"] for _, b in results}
    assert len(confirmations) == 1
    status, listing = request(
        "GET",
        f"{server.base_url}/api/v1/establishments/live/reservations?arrival={arrival}",
        token=server.token,
    )
    assert listing["count"] == 1
    assert _availability(server, arrival, arrival + dt.timedelta(days=3), "dbl")["available"] == 4


def test_failed_logins_lock_out_across_processes(server):
    url = f"{server.base_url}/api/v1/auth/token"
    statuses = [
        request("POST", url, {"username": "root", "password": "wrong"})[0] for _ in range(8)
    ]
    assert statuses[:5] == [401] * 5
    assert statuses[5:] == [429] * 3
    # Even the right password is refused while locked out.
    assert request("POST", url, {"username": "root", "password": "root-pass-123"})[0] == 429
