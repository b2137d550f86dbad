"""A booking charged to the folio racing the guest's check-out, on a multi-process server,
on SQLite and PostgreSQL: one of the two wins. Either the charge is on the folio and the
check-out is refused (balance due), or the guest has left and the charge is refused; never
a checked-out guest with a charge posted after they left."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings

from frontoffice.liveserver import LiveServer, request, setup_hotel

ENGINE = "postgres" if settings.DATABASES["default"]["ENGINE"].endswith("postgresql") else "sqlite"
pytestmark = pytest.mark.server
ROUNDS = 8


@pytest.fixture(scope="module")
def server():
    with LiveServer(engine=ENGINE, workers=3) as live:
        live.token = setup_hotel(live, rooms={"std": ROUNDS})
        yield live


def _call(server, method, path, body=None):
    return request(
        method, f"{server.base_url}/api/v1/establishments/live{path}", body, server.token
    )


def _in_house_and_paid(server, n):
    """A guest in house for one night whose night is paid ahead (120.00): check-out succeeds
    unless something else went on the folio."""
    import datetime as dt

    today = dt.datetime.now(dt.UTC).date()
    status, r = _call(
        server,
        "POST",
        "/reservations",
        {
            "guest": {"first_name": f"G{n}", "last_name": "Racing"},
            "room_type": "std",
            "arrival": today.isoformat(),
            "departure": (today + dt.timedelta(days=1)).isoformat(),
            "adults": 1,
        },
    )
    assert status == 201, r
    status, body = _call(server, "POST", f"/reservations/{r['confirmation']}/check-in", {})
    assert status == 200, body
    status, body = _call(
        server, "POST", f"/folios/{r['folio']}/payments", {"amount": "120.00", "method": "cash"}
    )
    assert status == 201, body
    return r


def test_a_booking_charge_and_the_check_out_never_both_win(server):
    status, attraction = _call(
        server, "POST", "/attractions", {"name": "Race track", "category": "entertainment"}
    )
    assert status == 201, attraction
    stays = [_in_house_and_paid(server, n) for n in range(ROUNDS)]
    outcomes = []
    for r in stays:
        barrier = threading.Barrier(2)

        def book(r=r, barrier=barrier):
            barrier.wait()
            return _call(
                server,
                "POST",
                f"/guests/{r['guest']['id']}/recommendations",
                {
                    "attraction": attraction["id"],
                    "kind": "booking",
                    "at": "2030-01-01T20:00:00Z",
                    "reservation": r["confirmation"],
                    "cost": "10.00",
                    "charge_to_folio": True,
                },
            )

        def leave(r=r, barrier=barrier):
            barrier.wait()
            return _call(server, "POST", f"/reservations/{r['confirmation']}/check-out", {})

        with ThreadPoolExecutor(2) as pool:
            booked, left = pool.submit(book), pool.submit(leave)
            (b_status, b_body), (l_status, l_body) = booked.result(), left.result()
        if b_status == 201:
            assert (l_status, l_body.get("code")) == (409, "balance_due"), "both won"
            outcomes.append("charged")
        else:
            assert (b_status, b_body.get("code")) == (409, "not_chargeable"), b_body
            assert l_status == 200, l_body
            outcomes.append("left")
        status, folio = _call(server, "GET", f"/folios/{r['folio']}")
        assert status == 200
        assert folio["balance"] == ("10.00" if b_status == 201 else "0.00"), folio
    assert len(outcomes) == ROUNDS
