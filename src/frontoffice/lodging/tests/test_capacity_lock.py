"""Capacity changes never count around each other: two real transactions in two processes.

Process 1 adds a room and holds its transaction open; process 2 takes another room out of
service meanwhile. Without the establishment lock that every capacity change takes first,
PostgreSQL let process 2 count the rooms before process 1 committed (3, not 4) and write
that count after it: capacity 2 for 3 rooms in service. With it, process 2 waits, then
counts what is there."""

from __future__ import annotations

import time

import pytest
from django.conf import settings

from frontoffice.liveserver import LiveServer, setup_hotel

ENGINE = "postgres" if settings.DATABASES["default"]["ENGINE"].endswith("postgresql") else "sqlite"
pytestmark = pytest.mark.server

PRELUDE = """
import os, sys, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontoffice.config.settings")
django.setup()
from django.db import transaction
from frontoffice.core import tenancy
from frontoffice.core.models import Establishment
from frontoffice.lodging import services
from frontoffice.lodging.models import Room
est = Establishment.unscoped.get(code="live")
"""

ADD_AND_HOLD = (
    PRELUDE
    + """
with transaction.atomic():
    services.room_create(establishment=est, number="2001", room_type_code="std")
    print("holding", flush=True)
    sys.stdin.readline()
print("committed", flush=True)
"""
)

TAKE_ONE_OUT = (
    PRELUDE
    + """
with tenancy.scope(est):
    room = Room.objects.filter(number="1001").get()
services.room_update(room=room, active=False)
print("done", flush=True)
"""
)

CHECK = """
import datetime as dt, json
from frontoffice.core import tenancy
from frontoffice.core.models import Establishment
from frontoffice.lodging.models import InventoryNight, Room
est = Establishment.unscoped.get(code="live")
with tenancy.scope(est):
    rooms = Room.objects.filter(active=True).count()
    capacities = set(InventoryNight.objects.filter(date__gte=est.today()).values_list("capacity", flat=True))
print(json.dumps({"rooms": rooms, "capacities": sorted(capacities)}))
"""


def test_concurrent_capacity_changes_count_the_rooms_that_are_there():
    import json

    server = LiveServer(engine=ENGINE)
    try:
        server.manage("migrate", "--noinput")
        setup_hotel(server, rooms={"std": 3})
        holder = server.spawn(ADD_AND_HOLD)
        assert holder.stdout.readline().strip() == "holding", holder.stderr.read()
        other = server.spawn(TAKE_ONE_OUT)
        time.sleep(1.5)
        # The second change waits for the first transaction (lock or write lock) …
        assert other.poll() is None, other.communicate()
        holder.stdin.write("go\n")
        holder.stdin.flush()
        assert holder.wait(timeout=60) == 0, holder.stderr.read()
        out, err = other.communicate(timeout=60)
        assert other.returncode == 0, err
        # … and then counts 3 + 1 - 1 rooms in service, on every future night.
        result = json.loads(server.python(CHECK).strip().splitlines()[-1])
        assert result == {"rooms": 3, "capacities": [3]}, result
    finally:
        server.stop()
