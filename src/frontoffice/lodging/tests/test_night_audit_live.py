"""Invariant 4 for real: a night audit killed (SIGKILL) halfway leaves nothing and a rerun
posts every charge once; two audits of one date started at once against the multi-process
server both answer the same report and post once. SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from django.conf import settings

from frontoffice.liveserver import LiveServer, request
from frontoffice.lodging.services.audit import PAUSE_ENV

ENGINE = "postgres" if settings.DATABASES["default"]["ENGINE"].endswith("postgresql") else "sqlite"
pytestmark = pytest.mark.server
STAYS = 12

SETUP = """
import datetime as dt
from decimal import Decimal
from django.contrib.auth import get_user_model
from frontoffice.billing.models import TaxRate
from frontoffice.core import tenancy
from frontoffice.core.services import auth, establishments
from frontoffice.lodging import services as lodging
from frontoffice.lodging.models import CityTax, Reservation
root = get_user_model().objects.filter(username="root").first() or auth.user_create(
    username="root", password="root-pass-123", superuser=True)
est = establishments.establishment_create(actor=root, code={code!r}, name="Live", timezone_name="UTC")
lodging.room_type_create(establishment=est, code="std", name="STD", capacity=3, base_rate=Decimal("120.00"))
for n in range({stays} + 2):
    lodging.room_create(establishment=est, number=str(100 + n), room_type_code="std")
lodging.city_tax_save(establishment=est, kind="fixed_per_person", amount=Decimal("3.00"),
                      valid_from=dt.date(2020, 1, 1))
with tenancy.scope(est):
    TaxRate.objects.create(establishment=est, category="room", rate=Decimal("9"),
                           valid_from=dt.date(2020, 1, 1))
today = est.today()
for n in range({stays}):
    r = lodging.reservation_create(establishment=est, actor=root, room_type_code="std",
        arrival=today, departure=today + dt.timedelta(days=2), adults=2,
        guest={{"last_name": f"Guest{{n}}"}})
    lodging.reservation_assign_room(reservation=r, actor=root)
    with tenancy.scope(est):
        # In house: the check-in service is on another branch; the same history-aware save.
        r = Reservation.objects.get(pk=r.pk)
        r.status = "checked_in"
        r._history_user = root
        r.save()
print(json.dumps({{"token": auth.token_create(user=root), "day": est.business_day().isoformat()}}))
"""

AUDIT = """
import datetime as dt, json
from frontoffice.core.models import Establishment
from frontoffice.lodging.services import night_audit
est = Establishment.unscoped.get(code={code!r})
report = night_audit(establishment=est, actor=None, business_date=dt.date.fromisoformat({day!r}))
print(json.dumps(report.figures))
"""

STATE = """
import json
from django.db.models import Count
from frontoffice.billing.models import Entry
from frontoffice.core import tenancy
from frontoffice.core.models import Establishment
from frontoffice.lodging.models import DailyReport, Room
est = Establishment.unscoped.get(code={code!r})
with tenancy.scope(est):
    entries = Entry.objects.filter(establishment=est)
    print(json.dumps({{
        "entries": entries.count(),
        "keys": entries.values("posting_key").distinct().count(),
        "by_category": dict(entries.values_list("category").annotate(n=Count("id"))),
        "reports": DailyReport.objects.filter(establishment=est).count(),
        "business_date": str(est.business_date),
        "dirty": Room.objects.filter(establishment=est, housekeeping="dirty").count(),
    }}))
"""


@pytest.fixture(scope="module")
def server():
    live = LiveServer(engine=ENGINE, workers=3)
    # Every audit the server runs pauses a second after its first charges: two audits
    # started together certainly overlap.
    live.env[PAUSE_ENV] = "1"
    with live:
        yield live


def _setup(server, code):
    out = server.python("import json\n" + SETUP.format(code=code, stays=STAYS))
    return json.loads(out.strip().splitlines()[-1])


def _state(server, code):
    return json.loads(server.python(STATE.format(code=code)).strip().splitlines()[-1])


def test_an_audit_killed_halfway_leaves_nothing_and_a_rerun_posts_once(server):
    info = _setup(server, "killed")
    script = (
        "import os, django\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'frontoffice.config.settings')\n"
        "django.setup()\n" + AUDIT.format(code="killed", day=info["day"])
    )
    env = {**server.env, PAUSE_ENV: "120"}
    process = subprocess.Popen(
        [sys.executable, "-c", script], env=env, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 60
        line = ""
        while "first charges posted" not in line:
            assert time.monotonic() < deadline, "the audit never reached its charges"
            line = process.stderr.readline()
            assert line or process.poll() is None, "the audit ended early"
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL
    before = _state(server, "killed")
    assert before == {
        "entries": 0,
        "keys": 0,
        "by_category": {},
        "reports": 0,
        "business_date": "None",
        "dirty": 0,
    }
    figures = json.loads(
        server.python(AUDIT.format(code="killed", day=info["day"])).strip().splitlines()[-1]
    )
    after = _state(server, "killed")
    assert after["entries"] == after["keys"] == 2 * STAYS
    assert after["by_category"] == {"room": STAYS, "city_tax": STAYS}
    assert after["reports"] == 1 and after["dirty"] == STAYS
    assert figures["rooms_sold"] == STAYS and figures["room_revenue"] == f"{120 * STAYS}.00"
    assert figures["city_tax"] == f"{6 * STAYS}.00"
    # And again: the date is closed, nothing more is posted.
    server.python(AUDIT.format(code="killed", day=info["day"]))
    assert _state(server, "killed")["entries"] == 2 * STAYS


def test_two_audits_of_one_date_at_once_close_once_and_answer_the_same_report(server):
    info = _setup(server, "twice")
    url = f"{server.base_url}/api/v1/establishments/twice/night-audit"
    barrier = threading.Barrier(3)
    answers: list = [None] * 3

    def run(i):
        barrier.wait()
        answers[i] = request("POST", url, {"business_date": info["day"]}, token=info["token"])

    threads = [threading.Thread(target=run, args=(i,)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    statuses = [status for status, _body in answers]
    assert statuses == [200, 200, 200], answers
    bodies = [body for _status, body in answers]
    assert bodies[0] == bodies[1] == bodies[2]
    assert bodies[0]["figures"]["rooms_sold"] == STAYS
    state = _state(server, "twice")
    assert state["entries"] == state["keys"] == 2 * STAYS and state["reports"] == 1
