"""The migrations of issue 8's follow-ups on a database that already has data: blocks and
events made before their history was kept get a "created" row (when and by whom), so the
first change afterwards shows what it was before; service levels that a race doubled keep
their newest row before the one-row-per-cell constraints."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from frontoffice.guestservice.models import Event, ServiceLevel
from frontoffice.guestservice.services import events as event_services
from frontoffice.guestservice.services import requests as request_services
from frontoffice.lodging import services as lodging_services
from frontoffice.lodging.models_blocks import RoomBlock


@pytest.mark.django_db(transaction=True)
def test_existing_blocks_and_events_get_a_first_history_row_and_doubled_levels_one(hotel, root):
    today = hotel.business_day()
    block = lodging_services.block_create(
        establishment=hotel,
        actor=root,
        name="Choir",
        cutoff=today,
        rooms=[{"room_type": "std", "date": today + dt.timedelta(days=2), "count": 1}],
    )
    starts = dt.datetime.combine(today + dt.timedelta(days=2), dt.time(18), dt.UTC)
    event = event_services.event_create(
        establishment=hotel,
        actor=root,
        name="Choir dinner",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
    )
    request_services.service_level_set(
        establishment=hotel,
        department_kind="housekeeping",
        kind="amenity",
        priority="normal",
        minutes=25,
    )
    before = [("lodging", "0010_blocks"), ("guestservice", "0005_complaints")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        levels = old.get_model("guestservice", "ServiceLevel").objects
        first = levels.get(establishment_id=hotel.pk)
        levels.create(
            establishment_id=hotel.pk,
            department_kind="housekeeping",
            kind="amenity",
            priority="normal",
            minutes=40,
        )  # the race's second row, the newer
        assert levels.filter(establishment_id=hotel.pk).count() == 2
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    rows = list(
        RoomBlock.history.filter(id=block.pk).values_list("history_type", "history_user_id", "name")
    )
    assert rows == [("+", root.pk, "Choir")]
    rows = list(
        Event.history.filter(id=event.pk).values_list("history_type", "history_user_id", "name")
    )
    assert rows == [("+", root.pk, "Choir dinner")]
    kept = list(ServiceLevel.objects.filter(establishment=hotel).values_list("pk", "minutes"))
    assert len(kept) == 1 and kept[0][0] != first.pk and kept[0][1] == 40
    # and the first change after shows the name before
    lodging_services.block_update(
        block=RoomBlock.objects.get(pk=block.pk), actor=root, name="Choir tour"
    )
    names = list(
        RoomBlock.history.filter(id=block.pk).order_by("history_id").values_list("name", flat=True)
    )
    assert names == ["Choir", "Choir tour"]
