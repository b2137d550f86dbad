"""The room block's locks, each pinned by a deterministic interleaving of two real
transactions in two threads (one process per test, on its own SQLite file or PostgreSQL
database, with the real migrations), on both engines.

Thread A calls a real service and is held still at one point inside its transaction, holding
what the service has locked so far: the test wraps one module function (`open_block`,
`_release` or `take`) so that it runs, then waits on a threading.Event. Production code is
unchanged. Thread B then calls another real service. The test gives B one second: B must
still be waiting when A is let go, finish after A's commit (an on_commit hook stamps it),
and leave exact, hand-counted numbers.

Which guard each test pins (deleting it turns the test red on PostgreSQL):
- `block_release` locks the block's row: a second release waits for the first, then finds
  the block released. Without it the second release answers 200 and rewrites `released`
  to 0. (Beside a cancellation holding the row, a release without its lock deadlocks with
  it at its own UPDATE of the row; PostgreSQL aborts one after a second and it is retried,
  so the numbers stay right either way: that test pins the cancellation's lock instead.)
- `release_due` (the night audit) locks the due blocks' rows: without it, the audit
  releases a block being released by hand a second time (`released` rewritten to 0).
- `block_nights.open_block` (a cancellation, a no-show) locks the block's row: without it, a
  cancellation during a release reads the block as open and gives its room back to the
  released block, where nobody can book it: a room lost to the sale; and a release no
  longer waits for a cancellation in progress.
- `_release` locks the block's nights: without it, a release beside a booking from the block
  counts the pick-up before the booking and gives one room too many back to the sale: a
  room sold twice. (The block's row is locked FOR NO KEY UPDATE so that the booking, whose
  foreign key to the block takes KEY SHARE, is not held up by it: with FOR UPDATE the two
  deadlocked, PostgreSQL aborted the booking after a second and its retry found the block
  released; this test caught that too.)

On SQLite `select_for_update` does nothing: every transaction Django opens is `BEGIN
IMMEDIATE` behind one file lock (core/sqlite), so B cannot even begin while A's transaction
is open. There these tests prove that the services' transactions are serialised whole and
that each order leaves the exact numbers; deleting a `select_for_update` cannot turn them
red (it changes nothing on SQLite). The guard there is the IMMEDIATE begin behind the file
lock: with DEFERRED transactions and no file lock, the first six go red (B runs beside A, then
one of them fails "database is locked" and its work is lost).
"""

from __future__ import annotations

import json

import pytest
from django.conf import settings

ENGINE = "postgres" if settings.DATABASES["default"]["ENGINE"].endswith("postgresql") else "sqlite"
pytestmark = pytest.mark.server

PRELUDE = """
import datetime as dt, json, threading, time
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from frontoffice.core import tenancy
from frontoffice.core.services import establishments
from frontoffice.lodging import services as lodging
from frontoffice.lodging.models import BlockNight, InventoryNight, Reservation, RoomBlock
from frontoffice.lodging.services import audit, block_nights, blocks, reservations

HOLD = 1.0  # seconds B is given to get past A, which holds its locks meanwhile
root = get_user_model().objects.get(username="root")
est = establishments.establishment_create(actor=root, code=CODE, name=CODE, timezone_name="UTC")
lodging.room_type_create(establishment=est, code="std", name="STD", capacity=2, base_rate=100)
for n in range(4):
    lodging.room_create(establishment=est, number=str(101 + n), room_type_code="std")
today = est.business_day()


class Pause:
    # module.name runs, then (still inside the caller's transaction) the first call says
    # `reached` and waits for `go`; `committing` is when that thread's connection sent
    # COMMIT (stamped just before: B finishing later cannot have got past A's locks).
    def __init__(self, module, name):
        self.reached, self.go = threading.Event(), threading.Event()
        self.calls, self.committing = 0, None
        original = getattr(module, name)

        def wrapper(*args, **kwargs):
            result = original(*args, **kwargs)
            self.calls += 1
            if self.calls == 1:
                self.stamp_commit(transaction.get_connection())
                self.reached.set()
                self.go.wait(30)
            return result

        setattr(module, name, wrapper)

    def stamp_commit(self, conn):
        commit = conn._commit

        def stamped():
            self.committing = time.monotonic()
            return commit()

        conn._commit = stamped


def start(fn):
    out = {}

    def target():
        try:
            value = fn()
            out["status"] = getattr(value, "status", "ok")
        except Exception as exc:
            out["error"] = getattr(exc, "code", None) or type(exc).__name__
        finally:
            out["done"] = time.monotonic()
            connection.close()

    out["thread"] = threading.Thread(target=target)
    out["thread"].start()
    return out


def race(pause, first, second):
    # A runs `first` up to the pause; B runs `second` meanwhile; A is let go after HOLD.
    a = start(first)
    assert pause.reached.wait(30), a
    b = start(second)
    b["thread"].join(HOLD)
    waited = b["thread"].is_alive()
    pause.go.set()
    a["thread"].join(30)
    b["thread"].join(30)
    return {
        "a": a.get("status", a.get("error")),
        "b": b.get("status", b.get("error")),
        "b_waited": waited,
        "b_after_a": pause.committing is not None and b["done"] > pause.committing,
        "a_attempts": pause.calls,
    }


def block(nights, count, cutoff=None):
    rooms = [{"room_type": "std", "date": n, "count": count} for n in nights]
    return blocks.block_create(
        establishment=est, actor=root, name="Wedding", cutoff=cutoff or nights[0], rooms=rooms
    )


def book(b, arrival, nights, name):
    return blocks.block_book(
        block=b, actor=root, room_type_code="std", arrival=arrival,
        departure=arrival + dt.timedelta(days=nights),
        guest={"first_name": name, "last_name": "Guest"},
    )


def figures(b):
    with tenancy.scope(est):
        rows = BlockNight.objects.filter(block=b).order_by("date")
        nights = [[r.held, r.picked_up, r.released] for r in rows]
        sold = [
            InventoryNight.objects.get(room_type__code="std", date=r.date).sold for r in rows
        ]
        status = RoomBlock.objects.get(pk=b.pk).status
    return {"nights": nights, "sold": sold, "block": status}


def report(result, b):
    print(json.dumps({**result, **figures(b)}))
"""

CANCEL_THEN_RELEASE = """
# A block of 3 of the 4 rooms on two nights; two stays booked from it.
first = today + dt.timedelta(days=10)
b = block([first, first + dt.timedelta(days=1)], 3)
leaver, _stayer = book(b, first, 2, "Leaver"), book(b, first, 2, "Stayer")
pause = Pause(block_nights, "open_block")
result = race(
    pause,
    lambda: reservations.reservation_cancel(reservation=leaver, actor=root, reason="Ill"),
    lambda: blocks.block_release(block=b, actor=root),
)
report(result, b)
"""

NO_SHOW_THEN_RELEASE = """
# A block of 3 of the 4 rooms tonight and tomorrow; two stays arriving today.
b = block([today, today + dt.timedelta(days=1)], 3)
missing, _stayer = book(b, today, 2, "Missing"), book(b, today, 2, "Stayer")
pause = Pause(block_nights, "open_block")
result = race(
    pause,
    lambda: reservations.reservation_no_show(reservation=missing, actor=root),
    lambda: blocks.block_release(block=b, actor=root),
)
report(result, b)
"""

RELEASE_THEN_CANCEL = """
first = today + dt.timedelta(days=10)
b = block([first, first + dt.timedelta(days=1)], 3)
leaver, _stayer = book(b, first, 2, "Leaver"), book(b, first, 2, "Stayer")
pause = Pause(blocks, "_release")
result = race(
    pause,
    lambda: blocks.block_release(block=b, actor=root),
    lambda: reservations.reservation_cancel(reservation=leaver, actor=root, reason="Ill"),
)
report(result, b)
"""

RELEASE_THEN_RELEASE = """
first = today + dt.timedelta(days=10)
b = block([first, first + dt.timedelta(days=1)], 3)
book(b, first, 2, "Stayer")
pause = Pause(blocks, "_release")
result = race(
    pause,
    lambda: blocks.block_release(block=b, actor=root),
    lambda: blocks.block_release(block=b, actor=root),
)
report(result, b)
"""

RELEASE_THEN_AUDIT = """
# Cut-off today, nights from tomorrow: tonight's audit releases the block.
first = today + dt.timedelta(days=1)
b = block([first, first + dt.timedelta(days=1)], 3, cutoff=today)
book(b, first, 2, "Stayer")
pause = Pause(blocks, "_release")
result = race(
    pause,
    lambda: blocks.block_release(block=b, actor=root),
    lambda: audit.night_audit(establishment=est, actor=root, business_date=today),
)
report(result, b)
"""

BOOK_THEN_RELEASE = """
first = today + dt.timedelta(days=10)
b = block([first, first + dt.timedelta(days=1)], 3)
book(b, first, 2, "Early")
pause = Pause(block_nights, "take")
result = race(
    pause,
    lambda: book(b, first, 2, "Late"),
    lambda: blocks.block_release(block=b, actor=root),
)
report(result, b)
"""

EDIT_THEN_BOOK = """
# The block's cut-off is being moved (A holds the block's row) while a booking is made from it.
first = today + dt.timedelta(days=10)
b = block([first, first + dt.timedelta(days=1)], 3, cutoff=first)
book(b, first, 2, "Early")
pause = Pause(blocks, "full_clean")
result = race(
    pause,
    lambda: blocks.block_update(block=b, actor=root, cutoff=today + dt.timedelta(days=5)),
    lambda: book(b, first, 2, "Late"),
)
with tenancy.scope(est):
    result["cutoff"] = (RoomBlock.objects.get(pk=b.pk).cutoff - today).days
report(result, b)
"""

EDIT_THEN_RELEASE = """
first = today + dt.timedelta(days=10)
b = block([first, first + dt.timedelta(days=1)], 3, cutoff=first)
book(b, first, 2, "Early")
pause = Pause(blocks, "full_clean")
result = race(
    pause,
    lambda: blocks.block_update(block=b, actor=root, cutoff=today + dt.timedelta(days=5)),
    lambda: blocks.block_release(block=b, actor=root),
)
with tenancy.scope(est):
    result["cutoff"] = (RoomBlock.objects.get(pk=b.pk).cutoff - today).days
report(result, b)
"""


@pytest.fixture
def server(migrated_database):
    return migrated_database


def _run(server, scenario: str, code: str) -> dict:
    script = PRELUDE.replace("CODE", repr(code)) + scenario
    return json.loads(server.python(script).strip().splitlines()[-1])


def test_a_release_waits_for_a_cancellation_holding_the_block(server):
    """A cancellation has locked the block (found it open) and is about to give its room
    back to it; the release waits, then counts that room as unsold: 3 held, 1 picked up,
    2 released on each night; the block's 3 rooms left the sale, 2 came back: 1 sold."""
    result = _run(server, CANCEL_THEN_RELEASE, "cancel1")
    assert result == {
        "a": "cancelled",
        "b": "released",
        "b_waited": True,
        "b_after_a": True,
        "a_attempts": 1,
        "nights": [[1, 1, 2], [1, 1, 2]],
        "sold": [1, 1],
        "block": "released",
    }, result


def test_a_release_waits_for_a_no_show_holding_the_block(server):
    """The same with a no-show recorded on the arrival day: both nights go back."""
    result = _run(server, NO_SHOW_THEN_RELEASE, "noshow1")
    assert result == {
        "a": "no_show",
        "b": "released",
        "b_waited": True,
        "b_after_a": True,
        "a_attempts": 1,
        "nights": [[1, 1, 2], [1, 1, 2]],
        "sold": [1, 1],
        "block": "released",
    }, result


def test_a_cancellation_during_a_release_gives_its_room_to_the_sale(server):
    """The release has given the 1 unsold room per night back (held 2 = picked up) and
    holds the block; the cancellation waits, finds the block released and gives its room
    to the general sale: sold 3 (block) - 1 (release) - 1 (cancellation) = 1."""
    result = _run(server, RELEASE_THEN_CANCEL, "cancel2")
    assert result == {
        "a": "released",
        "b": "cancelled",
        "b_waited": True,
        "b_after_a": True,
        "a_attempts": 1,
        "nights": [[2, 2, 1], [2, 2, 1]],
        "sold": [1, 1],
        "block": "released",
    }, result


def test_a_second_release_waits_and_is_refused(server):
    """Two releases at once: the second waits for the first and answers 409
    `block_released`; the 2 unsold rooms per night are given back once and stay recorded."""
    result = _run(server, RELEASE_THEN_RELEASE, "release2")
    assert result == {
        "a": "released",
        "b": "block_released",
        "b_waited": True,
        "b_after_a": True,
        "a_attempts": 1,
        "nights": [[1, 1, 2], [1, 1, 2]],
        "sold": [1, 1],
        "block": "released",
    }, result


def test_the_night_audit_waits_for_a_release_by_hand_and_releases_nothing_twice(server):
    """The audit of the cut-off date runs while the block is being released by hand: it
    waits, then finds no block due (the report is written; nothing released twice)."""
    result = _run(server, RELEASE_THEN_AUDIT, "audit1")
    assert result["b"] == "ok", result  # night_audit answers a DailyReport
    assert {**result, "b": None} == {
        "a": "released",
        "b": None,
        "b_waited": True,
        "b_after_a": True,
        "a_attempts": 1,
        "nights": [[1, 1, 2], [1, 1, 2]],
        "sold": [1, 1],
        "block": "released",
    }, result


def test_a_release_waits_for_a_booking_from_the_block(server):
    """A booking has taken its nights from the block (picked up 1 -> 2, not committed);
    the release waits for it and gives back 3 - 2 = 1 room per night, not 2."""
    result = _run(server, BOOK_THEN_RELEASE, "book1")
    assert result == {
        "a": "confirmed",
        "b": "released",
        "b_waited": True,
        "b_after_a": True,
        "a_attempts": 1,
        "nights": [[2, 2, 1], [2, 2, 1]],
        "sold": [2, 2],
        "block": "released",
    }, result


def test_a_booking_from_the_block_is_not_held_up_by_an_edit_of_the_block(server):
    """`block_update` holds the block's row (moving the cut-off, not committed); a booking
    from the block, whose INSERT takes KEY SHARE on that row through its foreign key, goes
    through meanwhile on PostgreSQL (the edit locks FOR NO KEY UPDATE; with plain FOR UPDATE
    the booking waited for the edit). On SQLite the two transactions are serialised whole.
    Both commit: 2 of the 3 rooms picked up per night, the cut-off moved to day 5."""
    result = _run(server, EDIT_THEN_BOOK, "edit1")
    postgres = ENGINE == "postgres"
    assert result == {
        "a": "open",
        "b": "confirmed",
        "b_waited": not postgres,
        "b_after_a": not postgres,
        "a_attempts": 1,
        "cutoff": 5,
        "nights": [[3, 2, 0], [3, 2, 0]],
        "sold": [3, 3],
        "block": "open",
    }, result


def test_a_release_waits_for_an_edit_of_the_block(server):
    """The edit holds the block's row; the release waits for it (both lock the row FOR NO
    KEY UPDATE), then releases the 2 unsold rooms per night; the moved cut-off is kept."""
    result = _run(server, EDIT_THEN_RELEASE, "edit2")
    assert result == {
        "a": "open",
        "b": "released",
        "b_waited": True,
        "b_after_a": True,
        "a_attempts": 1,
        "cutoff": 5,
        "nights": [[1, 1, 2], [1, 1, 2]],
        "sold": [1, 1],
        "block": "released",
    }, result
