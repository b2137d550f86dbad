"""Money under real concurrency: a multi-process server on SQLite and PostgreSQL."""

import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.conf import settings

from frontoffice.billing.gateway import TestGateway
from frontoffice.liveserver import LiveServer, request, setup_hotel

ENGINE = "postgres" if settings.DATABASES["default"]["ENGINE"].endswith("postgresql") else "sqlite"
pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def server():
    with LiveServer(engine=ENGINE, workers=3) as live:
        live.token = setup_hotel(live)
        yield live


def _folio(server, name):
    status, body = request(
        "POST",
        f"{server.base_url}/api/v1/establishments/live/folios",
        {"kind": "company", "name": name},
        token=server.token,
    )
    assert status == 201, body
    return body["id"]


def _post(server, folio, what, body, key=None, barrier=None):
    if barrier:
        barrier.wait()
    return request(
        "POST",
        f"{server.base_url}/api/v1/establishments/live/folios/{folio}/{what}",
        body,
        token=server.token,
        headers={"Idempotency-Key": key} if key else None,
    )


def _balance(server, folio):
    status, body = request(
        "GET", f"{server.base_url}/api/v1/establishments/live/folios/{folio}", token=server.token
    )
    assert status == 200
    return Decimal(body["balance"]), body["entries"]


def test_agents_posting_to_one_folio_at_once_leave_an_exact_balance(server):
    folio = _folio(server, "Busy")
    clients = 16
    barrier = threading.Barrier(clients)

    def work(i):
        if i % 2:
            return _post(
                server, folio, "payments", {"amount": f"{i}.25", "method": "cash"}, barrier=barrier
            )
        return _post(
            server,
            folio,
            "charges",
            {"category": "minibar", "unit_price": f"{i}.50"},
            barrier=barrier,
        )

    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(work, range(clients)))
    assert {status for status, _ in results} == {201}, results
    expected = sum(Decimal(f"{i}.50") for i in range(0, clients, 2)) - sum(
        Decimal(f"{i}.25") for i in range(1, clients, 2)
    )
    balance, entries = _balance(server, folio)
    assert balance == expected and len(entries) == clients
    receipts = sorted(e["receipt"] for e in entries if e["receipt"])
    assert len(set(receipts)) == clients // 2  # gap-free, none twice
    assert [int(r.rsplit("-", 1)[1]) for r in receipts] == list(range(1, clients // 2 + 1))


def test_concurrent_retries_of_one_card_payment_charge_once(server):
    folio = _folio(server, "Retry")
    clients = 12
    barrier = threading.Barrier(clients)
    body = {"amount": "77.00", "method": "card", "card_token": "tok_visa"}
    with ThreadPoolExecutor(clients) as pool:
        results = list(
            pool.map(
                lambda i: _post(server, folio, "payments", body, "card-retry-1", barrier),
                range(clients),
            )
        )
    assert {status for status, _ in results} == {201}, results
    assert len({b["id"] for _, b in results}) == 1
    balance, entries = _balance(server, folio)
    assert balance == Decimal("-77.00") and len(entries) == 1
    charges = TestGateway(path=server.tmp / "test-gateway.jsonl", timeout=0).charges()
    assert len(charges) == 1, charges
