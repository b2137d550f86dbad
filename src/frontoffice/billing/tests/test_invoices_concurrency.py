"""Invoice numbers under real concurrency: a multi-process `frontoffice serve`, many client
threads at once, on SQLite and on PostgreSQL. Numbers are gap-free and unique per
establishment and series; a folio is invoiced once, an invoice cancelled once."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings

from frontoffice.liveserver import LiveServer, request, setup_hotel

ENGINE = "postgres" if settings.DATABASES["default"]["ENGINE"].endswith("postgresql") else "sqlite"
pytestmark = pytest.mark.server

FOLIOS = """
import datetime as dt
from frontoffice.core import tenancy
from frontoffice.core.models import Establishment
from frontoffice.billing.services import ledger
from frontoffice.lodging import services
est = Establishment.unscoped.get(code="live")
with tenancy.scope(est):
    ids = []
    for i in range({count}):
        r = services.reservation_create(
            establishment=est, actor=None, room_type_code="std",
            arrival=est.today() + dt.timedelta(days=10 + i),
            departure=est.today() + dt.timedelta(days=11 + i),
            guest={{"last_name": "Guest%d" % i}},
        )
        ledger.charge_post(folio=r.folio, actor=None, category="room", unit_price="120.00")
        ids.append(r.folio_id)
print(" ".join(map(str, ids)))
"""


@pytest.fixture(scope="module")
def server():
    with LiveServer(engine=ENGINE, workers=3) as live:
        live.token = setup_hotel(live, rooms={"std": 3})
        yield live


def _folios(server, count: int) -> list[int]:
    out = server.python(FOLIOS.format(count=count))
    return [int(i) for i in out.strip().splitlines()[-1].split()]


def _post(server, path, body=None, barrier=None):
    if barrier:
        barrier.wait()
    return request(
        "POST",
        f"{server.base_url}/api/v1/establishments/live{path}",
        body if body is not None else {},
        token=server.token,
    )


def _all_at_once(calls):
    barrier = threading.Barrier(len(calls))
    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(lambda call: call(barrier), calls))


def _numbers(server) -> list[str]:
    status, body = request(
        "GET",
        f"{server.base_url}/api/v1/establishments/live/invoices?limit=100",
        token=server.token,
    )
    assert status == 200, body
    return sorted(i["number"] for i in body["items"])


def test_twenty_folios_invoiced_at_once_get_numbers_one_to_twenty(server):
    before = len(_numbers(server))
    folios = _folios(server, 20)
    results = _all_at_once(
        [lambda b, f=f: _post(server, f"/folios/{f}/invoices", barrier=b) for f in folios]
    )
    assert Counter(status for status, _ in results) == {201: 20}, results
    issued = sorted(body["number"] for _, body in results)
    expected = [f"INV-{n:06d}" for n in range(before + 1, before + 21)]
    assert issued == expected
    assert _numbers(server)[-20:] == expected


def test_one_folio_invoiced_by_many_at_once_gets_one_invoice(server):
    (folio,) = _folios(server, 1)
    before = _numbers(server)
    results = _all_at_once(
        [lambda b: _post(server, f"/folios/{folio}/invoices", barrier=b) for _ in range(8)]
    )
    statuses = Counter(status for status, _ in results)
    assert statuses == {201: 1, 409: 7}, results
    assert {body["code"] for status, body in results if status == 409} == {"folio_closed"}
    assert len(_numbers(server)) == len(before) + 1


def test_an_invoice_cancelled_by_many_at_once_is_cancelled_once(server):
    (folio,) = _folios(server, 1)
    status, invoice = _post(server, f"/folios/{folio}/invoices")
    assert status == 201, invoice
    number = invoice["number"]
    results = _all_at_once(
        [
            lambda b: _post(server, f"/invoices/{number}/cancel", {"reason": "race"}, barrier=b)
            for _ in range(8)
        ]
    )
    statuses = Counter(status for status, _ in results)
    assert statuses == {201: 1, 409: 7}, results
    assert {body["code"] for status, body in results if status == 409} == {"already_cancelled"}
    # Gap-free: the refused cancellations gave their numbers back.
    numbers = _numbers(server)
    assert numbers == [f"INV-{n:06d}" for n in range(1, len(numbers) + 1)]
