"""Two rate changes of one plan never interleave: two real transactions in two processes.

Process 1 sets a price on a week of nights and holds its transaction open; process 2 sets a
minimum stay on the same nights meanwhile. Without the plan's row lock that every rate
change takes first, PostgreSQL let process 2 read the nights before process 1 committed
(no rows yet), insert its own, wait on the unique key and then fail: the manager's second
change refused for a reason nobody could see. With it, process 2 waits, then finds process
1's rows and adds its minimum stay to them: every night ends with both. (SQLite runs one
writer at a time: process 2 waits for the write lock either way.)

And the lock does not hold up the desk: a booking on that plan, made while the change is
held open, goes through at once."""

from __future__ import annotations

import json
import time

import pytest
from django.conf import settings

from frontoffice.liveserver import LiveServer, setup_hotel

ENGINE = "postgres" if settings.DATABASES["default"]["ENGINE"].endswith("postgresql") else "sqlite"
pytestmark = pytest.mark.server

PRELUDE = """
import datetime as dt, os, sys, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontoffice.config.settings")
django.setup()
from django.db import transaction
from frontoffice.core.models import Establishment
from frontoffice.lodging import services
est = Establishment.unscoped.get(code="live")
first = est.today() + dt.timedelta(days=10)
def change(**values):
    return services.rate_plan_days_change(
        establishment=est, actor=None, rate_plan_code="bb", room_type_codes=["std"],
        first_night=first, last_night=first + dt.timedelta(days=6), **values,
    )
"""

PRICE_AND_HOLD = (
    PRELUDE
    + """
with transaction.atomic():
    change(price="150")
    print("holding", flush=True)
    sys.stdin.readline()
print("committed", flush=True)
"""
)

MIN_STAY = (
    PRELUDE
    + """
print(change(min_stay=2).changed, flush=True)
"""
)

BOOK = (
    PRELUDE
    + """
r = services.reservation_create(
    establishment=est, actor=None, room_type_code="std", arrival=first - dt.timedelta(days=3),
    departure=first - dt.timedelta(days=1), rate_plan_code="bb", guest={"last_name": "Desk"},
)
print(r.confirmation, flush=True)
"""
)

SETUP = """
from frontoffice.core.models import Establishment
from frontoffice.lodging import services
est = Establishment.unscoped.get(code="live")
services.rate_plan_create(establishment=est, code="bb", name="B&B", prices={"std": "100"})
"""

CHECK = """
import json
from frontoffice.core import tenancy
from frontoffice.core.models import Establishment
from frontoffice.lodging.models import RatePlanDay
est = Establishment.unscoped.get(code="live")
with tenancy.scope(est):
    rows = sorted(
        (str(price), min_stay)
        for price, min_stay in RatePlanDay.objects.values_list("price", "min_stay")
    )
print(json.dumps(rows))
"""


def test_two_rate_changes_of_one_plan_wait_for_each_other():
    server = LiveServer(engine=ENGINE)
    try:
        server.manage("migrate", "--noinput")
        setup_hotel(server, rooms={"std": 3})
        server.python(SETUP)
        holder = server.spawn(PRICE_AND_HOLD)
        assert holder.stdout.readline().strip() == "holding", holder.stderr.read()
        if ENGINE == "postgres":
            # The desk books on the plan meanwhile: the change's lock does not stop it.
            booked = server.spawn(BOOK)
            out, err = booked.communicate(timeout=10)
            assert booked.returncode == 0 and len(out.strip()) == 8, err
        other = server.spawn(MIN_STAY)
        time.sleep(1.5)
        # The second change waits for the first transaction (plan lock or write lock) …
        assert other.poll() is None, other.communicate()
        holder.stdin.write("go\n")
        holder.stdin.flush()
        assert holder.wait(timeout=60) == 0, holder.stderr.read()
        out, err = other.communicate(timeout=60)
        assert other.returncode == 0, err
        assert out.strip() == "7"  # … then changes the seven nights the first one made
        rows = json.loads(server.python(CHECK).strip().splitlines()[-1])
        assert rows == [["150.000", 2]] * 7, rows
    finally:
        server.stop()
