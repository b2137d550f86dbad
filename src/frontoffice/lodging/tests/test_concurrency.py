"""Invariants 1 and 3 under real concurrency: a multi-process `frontoffice serve`, many
client threads with their own connections, on SQLite and on PostgreSQL."""

import datetime as dt
import random
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings

from frontoffice.liveserver import LiveServer, holding_the_nights, request, setup_hotel

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


def test_parallel_wrong_passwords_get_no_more_tries_than_the_limit(server):
    """40 guesses at once, over 3 server processes: exactly 5 reach the password check
    (the attempt is reserved before hashing), 35 are refused; then even the right password
    is refused from that address."""
    url = f"{server.base_url}/api/v1/auth/token"
    clients = 40
    barrier = threading.Barrier(clients)

    def guess(i):
        barrier.wait()
        return request("POST", url, {"username": "root", "password": f"wrong-{i}"})[0]

    with ThreadPoolExecutor(clients) as pool:
        statuses = Counter(pool.map(guess, range(clients)))
    assert statuses == {401: 5, 429: 35}, statuses
    assert request("POST", url, {"username": "root", "password": "root-pass-123"})[0] == 429


def test_concurrent_changes_of_one_reservation_run_one_after_the_other(server):
    """Ten cancellations and ten date changes of one reservation, all arriving while its
    nights are busy: the reservation's row lock lets one cancellation through and makes
    every other change wait and then find it cancelled, so each night is given back once.
    (Without the row lock all of them read "confirmed" first and release again.)"""
    arrival = dt.date.today() + dt.timedelta(days=120)
    base = f"{server.base_url}/api/v1/establishments/live/reservations"
    status, target = _book(server, _body(arrival, 2, "dbl", name="Target"))
    assert status == 201, target
    others = [_book(server, _body(arrival, 2, "dbl", name=f"Other{i}")) for i in range(3)]
    assert all(s == 201 for s, _ in others)
    code = target["confirmation"]
    later = (arrival + dt.timedelta(days=3)).isoformat()

    def act(i):
        if i % 2:
            return "cancel", request(
                "POST", f"{base}/{code}/cancel", {"reason": f"r{i}"}, token=server.token
            )
        return "modify", request(
            "PATCH", f"{base}/{code}", {"departure": later}, token=server.token
        )

    nights = [arrival, arrival + dt.timedelta(days=1)]
    with ThreadPoolExecutor(20) as pool:
        with holding_the_nights(server, "dbl", nights):
            futures = [pool.submit(act, i) for i in range(20)]
            time.sleep(1.5)
        results = [f.result() for f in futures]
    cancels = Counter(status for kind, (status, _b) in results if kind == "cancel")
    modifies = Counter(status for kind, (status, _b) in results if kind == "modify")
    assert cancels[200] == 1 and cancels[409] == 9, (cancels, results)
    assert set(modifies) <= {200, 409}, modifies
    # 5 doubles, 3 others hold the two nights: 2 free, whatever order things ran in.
    free = _availability(server, arrival, arrival + dt.timedelta(days=4), "dbl")["nights"]
    assert [n["available"] for n in free] == [2, 2, 5, 5], free


def test_one_new_guest_booked_by_two_channels_at_once_is_one_record(server):
    arrival = dt.date.today() + dt.timedelta(days=150)
    clients = 8
    barrier = threading.Barrier(clients)
    guest = {
        "first_name": "Twin",
        "last_name": "Channel",
        "email": "twin.channel@example.com",
    }

    def book(i):
        body = _body(arrival + dt.timedelta(days=i), 1, "dbl")
        body["guest"] = dict(guest, phone="+31 20 123 4567") if i == 3 else guest
        return _book(server, body, barrier=barrier)

    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(book, range(clients)))
    assert [s for s, _ in results] == [201] * clients, results
    assert len({b["guest"]["id"] for _, b in results}) == 1
    status, found = request(
        "GET",
        f"{server.base_url}/api/v1/establishments/live/guests?q=twin.channel@example.com",
        token=server.token,
    )
    assert found["count"] == 1
    # The phone one of the bookings sent was kept on the record it joined.
    assert found["items"][0]["phone"] == "+31201234567"


def _assign(server, confirmation, room=None, barrier=None):
    if barrier:
        barrier.wait()
    return request(
        "POST",
        f"{server.base_url}/api/v1/establishments/live/reservations/{confirmation}/assign",
        {"room": room} if room else {},
        token=server.token,
    )


def test_one_room_asked_for_by_three_stays_at_once_goes_to_one(server):
    """Invariant: a room is never given to two stays whose nights overlap. Three desks ask
    for the same room for three overlapping stays at the same moment: one gets it, two get
    409 room_unavailable, and each night of the room is held by exactly one stay."""
    arrival = dt.date.today() + dt.timedelta(days=200)
    stays = []
    for n in range(3):
        status, body = _book(server, _body(arrival + dt.timedelta(days=n % 2), 2, name=f"R{n}"))
        assert status == 201, body
        stays.append(body["confirmation"])
    rooms = request(
        "GET", f"{server.base_url}/api/v1/establishments/live/rooms", token=server.token
    )[1]["items"]
    number = next(r["number"] for r in rooms if r["room_type"] == "std")
    barrier = threading.Barrier(3)
    with ThreadPoolExecutor(3) as pool:
        answers = list(pool.map(lambda c: _assign(server, c, number, barrier), stays))
    statuses = Counter(status for status, _ in answers)
    assert statuses == {200: 1, 409: 2}, answers
    assert {body["code"] for status, body in answers if status == 409} == {"room_unavailable"}


def test_automatic_assignment_at_once_gives_each_stay_its_own_room(server):
    arrival = dt.date.today() + dt.timedelta(days=220)
    stays = []
    for n in range(3):
        status, body = _book(server, _body(arrival, 3, name=f"A{n}"))
        assert status == 201, body
        stays.append(body["confirmation"])
    barrier = threading.Barrier(3)
    with ThreadPoolExecutor(3) as pool:
        answers = list(pool.map(lambda c: _assign(server, c, None, barrier), stays))
    assert [status for status, _ in answers] == [200, 200, 200], answers
    given = [body["room"] for _, body in answers]
    assert len(set(given)) == 3 and None not in given


def test_two_desks_checking_two_guests_into_one_room_at_once(server):
    """Two arrivals of today, two desks, the same room asked for at the same moment: one
    guest gets the room and is checked in, the other gets 409 room_unavailable and stays
    confirmed, without a room (the unique index on held nights decides, on both engines)."""
    today = dt.datetime.now(dt.UTC).date()  # the live hotel's time zone is UTC
    stays = []
    for n in range(2):
        status, body = _book(server, _body(today, 2, name=f"Desk{n}"))
        assert status == 201, body
        stays.append(body["confirmation"])
    rooms = request(
        "GET", f"{server.base_url}/api/v1/establishments/live/rooms", token=server.token
    )[1]["items"]
    number = next(r["number"] for r in rooms if r["room_type"] == "std" and not r["occupied"])
    base = f"{server.base_url}/api/v1/establishments/live/reservations"
    barrier = threading.Barrier(2)

    def check_in(confirmation):
        barrier.wait()
        return request(
            "POST", f"{base}/{confirmation}/check-in", {"room": number}, token=server.token
        )

    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(check_in, stays))
    statuses = sorted(status for status, _ in answers)
    assert statuses == [200, 409], answers
    loser = next(body for status, body in answers if status == 409)
    assert loser["code"] == "room_unavailable"
    read = {c: request("GET", f"{base}/{c}", token=server.token)[1] for c in stays}
    assert sorted(r["status"] for r in read.values()) == ["checked_in", "confirmed"]
    assert [r["room"] for r in read.values() if r["status"] == "confirmed"] == [None]
    occupied = [
        r
        for r in request(
            "GET", f"{server.base_url}/api/v1/establishments/live/rooms", token=server.token
        )[1]["items"]
        if r["occupied"]
    ]
    assert [r["number"] for r in occupied] == [number]
