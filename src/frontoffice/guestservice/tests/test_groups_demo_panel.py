"""The groups' demo step (an event with its room block, picked up in part) and the
manager's-desk panel of blocks near their cut-off."""

from __future__ import annotations

import datetime as dt
import io
import random

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from frontoffice.core import policy, tenancy
from frontoffice.core.models import Role
from frontoffice.core.services import establishments
from frontoffice.guestservice.demo_groups import demo_groups
from frontoffice.guestservice.groups_panels import blocks_near_cutoff_panel
from frontoffice.guestservice.models import Event
from frontoffice.lodging import demo
from frontoffice.lodging import services as lodging
from frontoffice.lodging.extensions import demo_steps

pytestmark = pytest.mark.django_db
D = dt.timedelta


def test_the_demo_has_an_event_with_a_block(root):
    assert demo_groups in demo_steps
    est = establishments.establishment_create(
        actor=root, code="demo", name="Demo", kind="hotel", timezone_name="Europe/Amsterdam",
        currency="EUR", language="en",
    )  # fmt: skip
    with tenancy.scope(est):
        demo._setup(est, random.Random(1))
        demo_groups(est, random.Random(1), root, est.today(), io.StringIO())
        event = Event.objects.get()
        assert event.block is not None and event.block.cutoff == est.today() + D(days=4)
        assert event.attendees.count() == 3
        assert event.block.reservations.count() == 3
        held = list(
            event.block.nights.order_by("room_type__code", "date").values_list(
                "room_type__code", "held", "picked_up"
            )
        )
    assert held[:3] == [("dbl", 6, 2), ("dbl", 6, 2), ("dbl", 6, 0)]
    assert held[3:] == [("sgl", 4, 1), ("sgl", 4, 1), ("sgl", 4, 0)]


def _access(user, hotel, role):
    return policy.Access(user=user, establishment=hotel, roles=frozenset({role}))


def _panel(user, hotel, role):
    request = RequestFactory().get("/")
    request.user = user
    with tenancy.scope(hotel):
        return blocks_near_cutoff_panel(request, _access(user, hotel, role))


def test_the_panel_lists_open_blocks_near_their_cut_off(hotel, root, make_user, today):
    day = hotel.business_day()

    def block(name, cutoff, count=2, night=10):
        return lodging.block_create(
            establishment=hotel,
            actor=root,
            name=name,
            cutoff=cutoff,
            rooms=[{"room_type": "std", "date": day + D(days=night), "count": count}],
        )

    near = block("Near", day + D(days=7), count=2)
    block("Far", day + D(days=8), count=1)
    released = lodging.block_release(block=block("Gone", day, count=1, night=11), actor=root)
    assert released.status == "released"
    lodging.block_book(
        block=near,
        actor=root,
        room_type_code="std",
        arrival=day + D(days=10),
        departure=day + D(days=11),
        guest={"last_name": "Early"},
    )
    manager = make_user(Role.FRONT_OFFICE_MANAGER, hotel)
    template, context = _panel(manager, hotel, Role.FRONT_OFFICE_MANAGER)
    assert [b.name for b in context["near_cutoff_blocks"]] == ["Near"]
    html = render_to_string(
        template, {**context, "access": _access(manager, hotel, Role.FRONT_OFFICE_MANAGER)}
    )
    assert "Near" in html and "1 / 2 (50" in html and "Far" not in html
    assert _panel(make_user(Role.PORTER, hotel), hotel, Role.PORTER) is None
