"""Room blocks at the service layer (issue 8, section 2): a block takes inventory like a
booking, bookings from it take its nights, cancellations give them back to it, and its
release (by hand or by the night audit of the cut-off date) returns what is unsold, once.
Expected counts written out by hand. Both engines."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from frontoffice.core.errors import Conflict, Invalid, NotAvailable
from frontoffice.lodging import services
from frontoffice.lodging.models import (
    BlockNight,
    BlockStatus,
    InventoryNight,
    Reservation,
    ReservationStatus,
    RoomBlock,
)
from frontoffice.lodging.services import audit as audit_mod

pytestmark = pytest.mark.django_db
D = dt.timedelta


def sold(hotel, day, code="std"):
    return InventoryNight.objects.get(establishment=hotel, room_type__code=code, date=day).sold


def make_block(hotel, root, first, nights=2, count=2, cutoff=None, code="std"):
    return services.block_create(
        establishment=hotel,
        actor=root,
        name="Wedding Jansen",
        cutoff=cutoff or first,
        rooms=[
            {"room_type": code, "date": first + D(days=i), "count": count} for i in range(nights)
        ],
    )


def book(block, root, first, nights=2, name="Guest", code="std"):
    return services.block_book(
        block=block,
        actor=root,
        room_type_code=code,
        arrival=first,
        departure=first + D(days=nights),
        guest={"first_name": name, "last_name": "Group"},
    )


def pickup(block):
    return list(block.nights.order_by("date").values_list("held", "picked_up", "released"))


def test_a_block_takes_its_rooms_from_the_inventory(hotel, root, today):
    first = today + D(days=5)
    block = make_block(hotel, root, first)
    assert [sold(hotel, first), sold(hotel, first + D(days=1))] == [2, 2]
    assert sold(hotel, first + D(days=2)) == 0
    assert pickup(block) == [(2, 0, 0), (2, 0, 0)]
    # One std room is left for the general sale on those nights, not two.
    services.reservation_create(
        establishment=hotel,
        actor=root,
        room_type_code="std",
        arrival=first,
        departure=first + D(days=2),
        guest={"last_name": "Outsider"},
    )
    with pytest.raises(NotAvailable):
        services.reservation_create(
            establishment=hotel,
            actor=root,
            room_type_code="std",
            arrival=first,
            departure=first + D(days=1),
            guest={"last_name": "Outsider2"},
        )


def test_a_block_is_all_or_nothing_and_names_the_night_short(hotel, root, today):
    first = today + D(days=5)
    services.reservation_create(
        establishment=hotel,
        actor=root,
        room_type_code="std",
        arrival=first + D(days=1),
        departure=first + D(days=2),
        guest={"last_name": "Early"},
    )
    with pytest.raises(NotAvailable) as error:
        make_block(hotel, root, first, nights=2, count=3)
    assert error.value.code == "not_available"
    assert error.value.extra == {"room_type": "std", "date": (first + D(days=1)).isoformat()}
    assert [sold(hotel, first), sold(hotel, first + D(days=1))] == [0, 1]
    assert not RoomBlock.objects.exists()


def test_bad_blocks_are_refused(hotel, root, today):
    first = today + D(days=5)
    with pytest.raises(Invalid) as error:
        make_block(hotel, root, first, cutoff=first + D(days=2))
    assert error.value.code == "invalid_cutoff"
    with pytest.raises(Invalid) as error:
        make_block(hotel, root, first, cutoff=today - D(days=1))
    assert error.value.code == "invalid_cutoff"
    with pytest.raises(Invalid) as error:
        make_block(hotel, root, first, code="nope")
    assert error.value.code == "unknown_room_type"
    with pytest.raises(Invalid) as error:
        services.block_create(
            establishment=hotel,
            actor=root,
            name="Twice",
            cutoff=first,
            rooms=[{"room_type": "std", "date": first, "count": 1}] * 2,
        )
    assert error.value.code == "duplicate_night"
    with pytest.raises(Invalid):
        make_block(hotel, root, first, count=0)
    assert not RoomBlock.objects.exists() and sold(hotel, first) == 0


def test_bookings_from_a_block_take_its_nights_never_more(hotel, root, today):
    first = today + D(days=5)
    block = make_block(hotel, root, first)
    r1 = book(block, root, first)
    r2 = book(block, root, first, nights=1)
    assert r1.block_id == block.pk and r2.block_id == block.pk
    assert pickup(block) == [(2, 2, 0), (2, 1, 0)]
    # The general inventory is not taken a second time.
    assert [sold(hotel, first), sold(hotel, first + D(days=1))] == [2, 2]
    with pytest.raises(NotAvailable):
        book(block, root, first, nights=1)
    # A night the block does not hold is refused, and nothing of the stay is taken.
    with pytest.raises(NotAvailable):
        book(block, root, first + D(days=1), nights=2)
    assert pickup(block) == [(2, 2, 0), (2, 1, 0)]
    with pytest.raises(NotAvailable):
        book(block, root, first, nights=1, code="ste")


def test_the_database_refuses_a_pick_up_beyond_the_block(hotel, root, today):
    block = make_block(hotel, root, today + D(days=5), nights=1, count=1)
    night = BlockNight.objects.get(block=block)
    with pytest.raises(IntegrityError), transaction.atomic():
        BlockNight.objects.filter(pk=night.pk).update(picked_up=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        BlockNight.objects.filter(pk=night.pk).update(picked_up=-1)


def test_a_cancellation_gives_the_room_back_to_the_open_block(hotel, root, today):
    first = today + D(days=5)
    block = make_block(hotel, root, first)
    r1 = book(block, root, first)
    services.reservation_cancel(reservation=r1, actor=root, reason="Plans changed")
    assert pickup(block) == [(2, 0, 0), (2, 0, 0)]
    assert [sold(hotel, first), sold(hotel, first + D(days=1))] == [2, 2]


def test_a_block_stay_keeps_its_dates_while_the_block_is_open(hotel, root, today):
    first = today + D(days=5)
    block = make_block(hotel, root, first, nights=3)
    r1 = book(block, root, first)
    with pytest.raises(Conflict) as error:
        services.reservation_modify(reservation=r1, actor=root, departure=first + D(days=3))
    assert error.value.code == "in_block"
    services.reservation_modify(reservation=r1, actor=root, adults=2)
    services.block_release(block=block, actor=root)
    services.reservation_modify(reservation=r1, actor=root, departure=first + D(days=3))
    assert sold(hotel, first + D(days=2)) == 1


def test_the_release_gives_back_what_is_unsold_and_records_the_pick_up(hotel, root, today):
    first = today + D(days=5)
    block = make_block(hotel, root, first, nights=2, count=3)
    r1 = book(block, root, first)
    book(block, root, first, nights=1, name="Second")
    assert [sold(hotel, first), sold(hotel, first + D(days=1))] == [3, 3]
    services.block_release(block=block, actor=root)
    block.refresh_from_db()
    assert block.status == BlockStatus.RELEASED and block.released_at is not None
    assert pickup(block) == [(2, 2, 1), (1, 1, 2)]
    assert [sold(hotel, first), sold(hotel, first + D(days=1))] == [2, 1]
    with pytest.raises(Conflict) as error:
        services.block_release(block=block, actor=root)
    assert error.value.code == "block_released"
    with pytest.raises(Conflict) as error:
        book(block, root, first, nights=1)
    assert error.value.code == "block_released"
    # After the release a cancellation gives the rooms to the general sale.
    services.reservation_cancel(reservation=r1, actor=root, reason="Ill")
    assert [sold(hotel, first), sold(hotel, first + D(days=1))] == [1, 0]
    assert pickup(block) == [(2, 2, 1), (1, 1, 2)]


def test_the_night_audit_of_the_cut_off_date_releases_the_block_once(hotel, root, today):
    day = hotel.business_day()
    first = day + D(days=3)
    due = make_block(hotel, root, first, count=2, cutoff=day)
    later = make_block(hotel, root, first, nights=1, count=1, cutoff=day + D(days=1))
    book(due, root, first, nights=1)
    assert sold(hotel, first) == 3
    services.night_audit(establishment=hotel, actor=root, business_date=day)
    due.refresh_from_db()
    later.refresh_from_db()
    assert due.status == BlockStatus.RELEASED and later.status == BlockStatus.OPEN
    assert pickup(due) == [(1, 1, 1), (0, 0, 2)]
    assert [sold(hotel, first), sold(hotel, first + D(days=1))] == [2, 0]
    # The same date again answers its report and releases nothing a second time.
    services.night_audit(establishment=hotel, actor=root, business_date=day)
    assert [sold(hotel, first), sold(hotel, first + D(days=1))] == [2, 0]
    assert pickup(due) == [(1, 1, 1), (0, 0, 2)]


def test_a_night_audit_that_fails_halfway_releases_nothing(hotel, root, today, monkeypatch):
    day = hotel.business_day()
    first = day + D(days=3)
    block = make_block(hotel, root, first, nights=1, count=2, cutoff=day)

    def crash(**kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr(audit_mod, "establishment_close_day", crash)
    with pytest.raises(RuntimeError):
        services.night_audit(establishment=hotel, actor=root, business_date=day)
    block.refresh_from_db()
    assert block.status == BlockStatus.OPEN and sold(hotel, first) == 2
    monkeypatch.undo()
    services.night_audit(establishment=hotel, actor=root, business_date=day)
    assert sold(hotel, first) == 0
    assert pickup(block) == [(0, 0, 2)]


def test_a_no_show_from_an_open_block_gives_the_rooms_back_to_the_block(hotel, root, today):
    day = hotel.business_day()
    block = make_block(hotel, root, day, nights=2, count=2, cutoff=day + D(days=1))
    no_show = book(block, root, day)
    services.night_audit(establishment=hotel, actor=root, business_date=day, mark_no_shows=True)
    no_show.refresh_from_db()
    assert no_show.status == ReservationStatus.NO_SHOW
    # Its nights from that date on go back to the block, not to the general sale.
    assert pickup(block) == [(2, 0, 0), (2, 0, 0)]
    assert sold(hotel, day + D(days=1)) == 2
    assert Reservation.objects.filter(block=block).count() == 1


def test_a_block_stay_in_house_keeps_its_room_type_and_may_leave_early(hotel, root, today):
    """In house: no extension and no move to another type while the block is open (its
    nights are the block's); an early departure gives the nights left back to the block."""
    from .test_night_audit import check_in

    day = hotel.business_day()
    block = make_block(hotel, root, day, nights=3, count=1, cutoff=day + D(days=2))
    stay = check_in(book(block, root, day, nights=3), root, room_number="101")
    with pytest.raises(Conflict) as error:
        services.reservation_modify(reservation=stay, actor=root, departure=day + D(days=4))
    assert error.value.code == "in_block"
    with pytest.raises(Conflict) as error:
        services.reservation_move(reservation=stay, actor=root, room_number="104", reason="View")
    assert error.value.code == "in_block"
    services.reservation_modify(reservation=stay, actor=root, departure=day + D(days=1))
    assert pickup(block) == [(1, 1, 0), (1, 0, 0), (1, 0, 0)]
    assert [sold(hotel, day + D(days=i)) for i in range(3)] == [1, 1, 1]


def test_a_no_show_reinstated_takes_its_nights_from_the_block_again(hotel, root, today):
    day = hotel.business_day()
    block = make_block(hotel, root, day, nights=2, count=1, cutoff=day + D(days=1))
    stay = book(block, root, day)
    services.reservation_no_show(reservation=stay, actor=root)
    assert pickup(block) == [(1, 0, 0), (1, 0, 0)]
    services.reservation_reinstate(reservation=stay, actor=root)
    assert pickup(block) == [(1, 1, 0), (1, 1, 0)]
    assert [sold(hotel, day), sold(hotel, day + D(days=1))] == [1, 1]


def test_a_block_changes_its_name_and_cutoff_by_the_rules_of_its_creation(hotel, root, today):
    first = today + D(days=5)
    block = make_block(hotel, root, first, cutoff=today + D(days=1))
    changed = services.block_update(
        block=block, actor=root, name=" Jansen ", cutoff=first + D(days=1)
    )
    assert (changed.name, changed.cutoff) == ("Jansen", first + D(days=1))  # the last night
    for cutoff in (today - D(days=1), first + D(days=2)):
        with pytest.raises(Invalid) as refused:
            services.block_update(block=block, actor=root, cutoff=cutoff)
        assert refused.value.code == "invalid_cutoff"
    with pytest.raises(Invalid):
        services.block_update(block=block, actor=root, name="  ")
    block.refresh_from_db()
    assert (block.name, block.cutoff) == ("Jansen", first + D(days=1))
    assert sold(hotel, first) == 2  # the rooms held stay


def test_a_block_released_after_it_was_read_is_not_changed(hotel, root, today):
    """The release (or the night audit) ran between reading the block and changing it:
    the change looks at the locked row, not at the copy read before."""
    block = make_block(hotel, root, today + D(days=5))
    stale = RoomBlock.objects.get(pk=block.pk)
    services.block_release(block=block, actor=root)
    with pytest.raises(Conflict) as refused:
        services.block_update(block=stale, actor=root, name="Too late")
    assert refused.value.code == "block_released"
    assert RoomBlock.objects.get(pk=block.pk).name == "Wedding Jansen"


def test_the_blocks_history_records_who_made_changed_and_released_it(hotel, root, today, make_user):
    """Who made the block, who renamed it and moved its cut-off, who released it (the
    night audit's actor too), each with its fields as they then were; a booking from the
    block writes no history row of the block (its pick-up is on the block's nights)."""
    maker, editor, auditor = (make_user(username=n) for n in ("maker", "editor", "auditor"))
    day = hotel.business_day()
    first = day + D(days=3)
    block = services.block_create(
        establishment=hotel,
        actor=maker,
        name="Wedding",
        cutoff=first,
        rooms=[{"room_type": "std", "date": first, "count": 2}],
    )
    services.block_update(block=block, actor=editor, name="Wedding Jansen", cutoff=day)
    book(block, root, first, nights=1)
    assert block.history.count() == 2
    services.night_audit(establishment=hotel, actor=auditor, business_date=day)
    rows = list(
        block.history.order_by("history_id").values_list(
            "history_type", "history_user__username", "name", "cutoff", "status"
        )
    )
    assert rows == [
        ("+", "maker", "Wedding", first, "open"),
        ("~", "editor", "Wedding Jansen", day, "open"),
        ("~", "auditor", "Wedding Jansen", day, "released"),
    ]
    other = make_block(hotel, maker, first, nights=1, count=1)
    services.block_release(block=other, actor=editor)
    assert list(
        other.history.order_by("history_id").values_list("history_type", "history_user")
    ) == [("+", maker.pk), ("~", editor.pk)]
