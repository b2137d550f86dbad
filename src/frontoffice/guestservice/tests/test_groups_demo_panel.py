"""The groups' demo step (an event with its room block, picked up in part) and the
manager's-desk panel of blocks near their cut-off."""

from __future__ import annotations

import datetime as dt
import io
import random

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils import timezone

from frontoffice.core import policy, tenancy
from frontoffice.core.models import Role
from frontoffice.core.services import establishments
from frontoffice.customers import services as customers
from frontoffice.guestservice.demo_groups import demo_groups
from frontoffice.guestservice.groups_panels import blocks_near_cutoff_panel
from frontoffice.guestservice.models import Event
from frontoffice.guestservice.requests_panels import overdue_requests_panel
from frontoffice.guestservice.services import requests
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


def _desk(user) -> str:
    client = Client()
    client.force_login(user)
    response = client.get("/e/hotel/manager/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_managers_desk_shows_blocks_near_cut_off_and_overdue_requests(hotel, root, make_user):
    day = hotel.business_day()

    def block(name, cutoff, count=2, night=10):
        return lodging.block_create(
            establishment=hotel,
            actor=root,
            name=name,
            cutoff=cutoff,
            rooms=[{"room_type": "std", "date": day + D(days=night), "count": count}],
        )

    near = block("Nearcutoff group", day + D(days=7), count=2)
    block("Farcutoff group", day + D(days=8), count=1)
    released = lodging.block_release(
        block=block("Gonecutoff group", day, count=1, night=11), actor=root
    )
    assert released.status == "released"
    lodging.block_book(
        block=near,
        actor=root,
        room_type_code="std",
        arrival=day + D(days=10),
        departure=day + D(days=11),
        guest={"last_name": "Early"},
    )
    walk_up = customers.customer_create(
        establishment=hotel, actor=root, first_name="Olga", last_name="Overdue"
    )
    star = customers.customer_create(
        establishment=hotel, actor=root, first_name="Stella", last_name="Starling", private=True
    )
    for who, what in [(walk_up, "Extra towels please"), (star, "Ice bucket")]:
        requests.request_create(
            establishment=hotel,
            actor=root,
            kind="amenity",
            description=what,
            customer=who,
            due_at=timezone.now() - D(hours=1),
        )
    manager = make_user(Role.FRONT_OFFICE_MANAGER, hotel)
    html = _desk(manager)
    blocks = html[html.index('id="blocks-near-cutoff"') :]
    blocks = blocks[: blocks.index("</section>")]
    assert "Nearcutoff group" in blocks and "1 / 2 (50" in blocks
    assert "Farcutoff group" not in blocks and "Gonecutoff group" not in blocks
    overdue = html[html.index('id="overdue-requests"') :]
    overdue = overdue[: overdue.index("</section>")]
    assert "Olga Overdue" in overdue and "No request is overdue." not in overdue
    # the manager may know of private guests
    assert "Stella Starling" in overdue
    assert _panel(make_user(Role.PORTER, hotel), hotel, Role.PORTER) is None


def test_the_managers_desk_says_so_when_nothing_is_near_or_overdue(hotel, make_user):
    html = _desk(make_user(Role.FRONT_OFFICE_MANAGER, hotel))
    assert "No room block reaches its cut-off in the next 7 days." in html
    assert "No request is overdue." in html


def test_the_overdue_panel_names_no_private_guest_to_who_may_not_know(hotel, root, make_user):
    star = customers.customer_create(
        establishment=hotel, actor=root, first_name="Stella", last_name="Starling", private=True
    )
    requests.request_create(
        establishment=hotel,
        actor=root,
        kind="amenity",
        customer=star,
        due_at=timezone.now() - D(hours=1),
    )
    concierge = make_user(Role.CONCIERGE, hotel)  # sees queues, may not know private guests
    request = RequestFactory().get("/")
    request.user = concierge
    access = _access(concierge, hotel, Role.CONCIERGE)
    with tenancy.scope(hotel):
        template, context = overdue_requests_panel(request, access)
        html = render_to_string(template, {"panel": context, "access": access})
    assert "Private guest" in html and "Starling" not in html
