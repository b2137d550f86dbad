"""The demo step of complaints on a small hotel: a VIP with handling instructions, a
private guest arriving today, complaints open, escalated and resolved with compensation,
a compliment, notes in the shift log."""

import io
import random

import pytest

from frontoffice.billing.services import ledger
from frontoffice.customers import services as customer_services
from frontoffice.customers.models import Customer
from frontoffice.guestservice.demo_complaints import demo_complaints
from frontoffice.guestservice.models import Complaint, ShiftNote
from frontoffice.lodging import services as lodging_services

from .complaints_fixtures import checked_in

pytestmark = pytest.mark.django_db


def test_the_demo_step(root):
    import datetime as dt

    from frontoffice.conftest import build_hotel

    hotel = build_hotel(
        root, code="demo-gs", rooms={"std": (4, 2, "100.00"), "ste": (1, 4, "250.00")}
    )
    today = hotel.today()
    for number, name in zip(("101", "102", "103", "104"), "ABCD", strict=True):
        guest = customer_services.customer_create(establishment=hotel, actor=root, last_name=name)
        stay = checked_in(hotel, root, today, guest, room=number)
        ledger.charge_post(folio=stay.folio, actor=root, category="room", unit_price="100")
    lodging_services.reservation_create(
        establishment=hotel,
        actor=root,
        room_type_code="ste",
        arrival=today,
        departure=today + dt.timedelta(days=1),
        guest={"first_name": "Stella", "last_name": "Starr"},
    )
    demo_complaints(hotel, random.Random(1), root, today, io.StringIO())
    rows = sorted(
        (c.kind, c.status, c.escalated, c.compensation is not None) for c in Complaint.objects.all()
    )
    assert rows == [
        ("complaint", "open", False, False),
        ("complaint", "open", True, False),
        ("complaint", "resolved", True, True),
        ("compliment", "resolved", False, False),
    ]
    star = Customer.objects.get(last_name="Starr")
    assert star.private and star.vip_level == 3 and star.vip_instructions
    vip = Customer.objects.get(vip_level=2)
    assert vip.vip_instructions.startswith("Greet by name")
    assert list(ShiftNote.objects.filter(important=True).values_list("text", flat=True)) == [
        "A private guest arrives today: no names on the phone. Do not confirm the stay to anyone."
    ]
    assert not [n for n in ShiftNote.objects.values_list("text", flat=True) if "Starr" in n]
