"""Two people acting on one request, or handing back one tag, at the same moment: one wins,
the others get 409 (a multi-process server, real transactions, SQLite and PostgreSQL)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings

from frontoffice.liveserver import LiveServer, request, setup_hotel

ENGINE = "postgres" if settings.DATABASES["default"]["ENGINE"].endswith("postgresql") else "sqlite"
pytestmark = pytest.mark.server
CLIENTS = 8
STAFF = f"""
from frontoffice.core.models import Establishment
from frontoffice.core.services import auth, establishments
est = Establishment.unscoped.get(code="live")
ids = []
for i in range({CLIENTS}):
    user = auth.user_create(username=f"taker{{i}}", password="pass-Word-123")
    establishments.staff_role_grant(establishment=est, user=user, role="porter")
    ids.append(str(user.pk))
print(",".join(ids))
"""


@pytest.fixture(scope="module")
def server():
    with LiveServer(engine=ENGINE, workers=3) as live:
        live.token = setup_hotel(live)
        live.api = f"{live.base_url}/api/v1/establishments/live"
        status, body = request(
            "POST",
            f"{live.api}/guests",
            {"first_name": "Greta", "last_name": "Gleichzeitig"},
            token=live.token,
        )
        assert status == 201, body
        live.guest = body["id"]
        out = live.python(STAFF)
        live.staff = [int(x) for x in out.strip().splitlines()[-1].split(",")]
        yield live


def _at_once(fn):
    barrier = threading.Barrier(CLIENTS)

    def go(i):
        barrier.wait()
        return fn(i)

    with ThreadPoolExecutor(CLIENTS) as pool:
        return list(pool.map(go, range(CLIENTS)))


def _new_request(server):
    status, body = request(
        "POST",
        f"{server.api}/requests",
        {"kind": "luggage", "customer": server.guest},
        token=server.token,
    )
    assert status == 201, body
    return body["id"]


def test_one_of_many_completing_a_request_at_once_wins(server):
    rid = _new_request(server)
    status, body = request("POST", f"{server.api}/requests/{rid}/start", {}, token=server.token)
    assert status == 200, body
    results = _at_once(
        lambda i: request(
            "POST", f"{server.api}/requests/{rid}/complete", {"note": f"n{i}"}, token=server.token
        )
    )
    statuses = sorted(status for status, _ in results)
    assert statuses == [200] + [409] * (CLIENTS - 1), results
    assert {body["code"] for status, body in results if status == 409} == {"invalid_status"}


def test_one_of_many_taking_a_request_at_once_gets_it(server):
    rid = _new_request(server)
    users = server.staff  # each client gives it to another porter
    results = _at_once(
        lambda i: request(
            "POST", f"{server.api}/requests/{rid}/assign", {"user": users[i]}, token=server.token
        )
    )
    statuses = sorted(status for status, _ in results)
    assert statuses == [200] + [409] * (CLIENTS - 1), results


def test_a_tag_handed_back_by_many_at_once_goes_back_once(server):
    status, body = request(
        "POST",
        f"{server.api}/luggage",
        {"customer": server.guest, "pieces": 2, "location": "Back room"},
        token=server.token,
    )
    assert status == 201, body
    tag = body["tag"]
    results = _at_once(
        lambda i: request(
            "POST",
            f"{server.api}/luggage/{tag}/release",
            {"last_name": "Gleichzeitig"},
            token=server.token,
        )
    )
    statuses = sorted(status for status, _ in results)
    assert statuses == [200] + [409] * (CLIENTS - 1), results
    assert {body["code"] for status, body in results if status == 409} == {"already_released"}


def test_tags_stored_at_once_are_all_different_and_without_gaps(server):
    results = _at_once(
        lambda i: request(
            "POST",
            f"{server.api}/luggage",
            {"customer": server.guest, "pieces": 1, "location": f"Shelf {i}"},
            token=server.token,
        )
    )
    assert all(status == 201 for status, _ in results), results
    numbers = sorted(int(body["tag"].removeprefix("L-")) for _, body in results)
    assert numbers == list(range(numbers[0], numbers[0] + CLIENTS))


COUNT_LEVELS = """
from frontoffice.core.models import Department
from frontoffice.guestservice.models import ServiceLevel
print(Department._base_manager.filter(establishment__code="live").order_by("pk").first().pk)
print(ServiceLevel._base_manager.filter(establishment__code="live").count())
"""


def test_many_first_saves_of_the_same_service_levels_at_once_make_one_row_each(server):
    out = server.python(COUNT_LEVELS).strip().splitlines()
    department, before = int(out[-2]), int(out[-1])
    url = f"{server.api}/departments/{department}/service-levels"
    status, grid = request("GET", url, token=server.token)
    assert status == 200, grid
    cells = [(cell["kind"], cell["priority"]) for cell in grid["levels"] if cell["own"] is None]
    assert len(cells) == 28
    results = _at_once(
        lambda i: request(
            "PUT",
            url,
            {"levels": [{"kind": k, "priority": p, "minutes": 10 + i} for k, p in cells]},
            token=server.token,
        )
    )
    assert sorted(status for status, _ in results) == [200] * CLIENTS, results
    assert int(server.python(COUNT_LEVELS).strip().splitlines()[-1]) == before + 28
