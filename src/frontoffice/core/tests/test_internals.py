"""Where we lean on another library's internals, a test that fails on an incompatible
upgrade: simple-history's history descriptor (cached per model) and the SQLite backend's
transaction hooks (the write queue). Bearer tokens use the public ORM now."""

from __future__ import annotations

import fcntl
import os
import time

import pytest
from django.db import OperationalError, connections, transaction
from simple_history.manager import HistoryDescriptor

from frontoffice.customers.models import Customer
from frontoffice.lodging.models import Reservation

# --- simple-history ------------------------------------------------------------------------


@pytest.mark.parametrize("model", [Customer, Reservation])
def test_the_cached_history_manager_behaves_as_simple_historys_own(model, reservation):
    cached = model.__dict__["history"]
    assert type(cached).__name__ == "CachedHistoryDescriptor"
    # The attributes the cache is built from still exist on simple-history's descriptor.
    original = HistoryDescriptor(
        cached.model, manager=cached.manager_class, queryset=cached.queryset_class
    )
    instance = reservation if model is Reservation else reservation.customer
    for owner_instance in (None, instance):
        ours = cached.__get__(owner_instance, model)
        theirs = original.__get__(owner_instance, model)
        assert type(ours).__mro__[1:] == type(theirs).__mro__[1:]
        assert ours.model is theirs.model
        assert str(ours.all().query) == str(theirs.all().query)
    # Built once per model, not per access (the point of the cache).
    assert type(model.history) is type(model.history)
    assert list(instance.history.values_list("history_type", flat=True)) == ["+"]


def test_the_history_row_of_a_new_row_matches_it_on_every_engine(hotel, root, today):
    """A booking's rows and their "created" history rows are written by hand on the hot
    path (one statement on PostgreSQL): field by field the same as the row, as
    simple-history's own save() would write them."""
    import datetime as dt

    from frontoffice.lodging import services

    made = services.reservation_create(
        establishment=hotel,
        actor=root,
        room_type_code="std",
        arrival=today,
        departure=today + dt.timedelta(days=2),
        guest={"first_name": "Hist", "last_name": "Ory", "email": "h@x.org"},
        notes="ground floor",
    )
    for obj in (made, made.customer):
        model = type(obj)
        row = model._base_manager.get(pk=obj.pk)
        record = model.history.get(id=obj.pk)
        tracked = [f.attname for f in model.history.model.tracked_fields]
        assert {n: getattr(record, n) for n in tracked} == {n: getattr(row, n) for n in tracked}
        assert (record.history_type, record.history_user_id) == ("+", root.pk)
        assert record.history_change_reason is None
        assert abs((record.history_date - row.created_at).total_seconds()) < 5
    assert [(n.date, n.price) for n in made.nights.order_by("date")] == [
        (today, made.room_type.base_rate),
        (today + dt.timedelta(days=1), made.room_type.base_rate),
    ]


# --- the SQLite backend ---------------------------------------------------------------------


@pytest.fixture
def sqlite_probe(tmp_path, django_db_blocker):
    """A second, file-based SQLite connection through our backend (not the test database,
    so pytest-django's guard is lifted for it)."""
    alias = "fo_sqlite_probe"
    config = {
        "ENGINE": "frontoffice.core.sqlite",
        "NAME": str(tmp_path / "probe.sqlite3"),
        "ATOMIC_REQUESTS": False,
        "AUTOCOMMIT": True,
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 1},
        "TIME_ZONE": None,
        "USER": "",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
        "TEST": {},
    }
    connections.settings[alias] = config
    try:
        with django_db_blocker.unblock():
            yield alias, config["NAME"] + ".writelock"
            connections[alias].close()
    finally:
        del connections[alias]
        del connections.settings[alias]


def _lock_is_free(path: str) -> bool:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return True
    finally:
        os.close(fd)


def test_the_write_queue_is_held_exactly_for_each_transaction(sqlite_probe):
    """Django must keep calling the hooks the backend overrides at the edges of every
    transaction: BEGIN takes the file lock, COMMIT, ROLLBACK and closing give it back."""
    alias, lock = sqlite_probe
    with transaction.atomic(using=alias):
        connections[alias].cursor().execute("CREATE TABLE t (x INTEGER)")
        assert not _lock_is_free(lock)
    assert _lock_is_free(lock)
    with pytest.raises(ZeroDivisionError), transaction.atomic(using=alias):
        connections[alias].cursor().execute("INSERT INTO t VALUES (1)")
        assert not _lock_is_free(lock)
        1 / 0  # noqa: B018 - a failure inside the transaction rolls it back
    assert _lock_is_free(lock)
    # A connection closed in the middle of a transaction (a worker shutting down) lets go.
    with transaction.atomic(using=alias):
        connections[alias].cursor().execute("INSERT INTO t VALUES (2)")
        assert not _lock_is_free(lock)
        connections[alias].close()
        assert _lock_is_free(lock)


def test_a_writer_waits_for_the_lock_until_the_timeout_then_gives_up(sqlite_probe):
    alias, lock = sqlite_probe
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        started = time.monotonic()
        with pytest.raises(OperationalError, match="database is locked"):
            with transaction.atomic(using=alias):
                pass
        assert 0.9 <= time.monotonic() - started < 5
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
    with transaction.atomic(using=alias):
        connections[alias].cursor().execute("SELECT 1")
