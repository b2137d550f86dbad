"""The demo hotel's complaints and high-profile guests (a `lodging.extensions.demo_steps`
step, through services only): a VIP in house with handling instructions, a private guest
(a celebrity) arriving today, complaints open, escalated and resolved with compensation,
and a compliment; and a few notes in the shift log."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model

from frontoffice.billing.models import Entry
from frontoffice.customers import services as customer_services
from frontoffice.lodging.models import Reservation, ReservationStatus

from .models import Complaint
from .services import complaints as services
from .services import shiftlog

VIP_INSTRUCTIONS = (
    "Greet by name; the manager welcomes him in person. Fruit basket and still water in the "
    "room; late check-out whenever asked."
)
PRIVATE_INSTRUCTIONS = (
    "Never confirm this guest is staying here. Side entrance; calls only from the agent's list."
)


def _room_charge(reservation: Reservation) -> Entry | None:
    if reservation.folio_id is None:
        return None
    return (
        Entry.objects.filter(folio_id=reservation.folio_id, kind=Entry.Kind.CHARGE, category="room")
        .order_by("-id")
        .first()
    )


def demo_complaints(establishment, rng, root, today, stdout) -> None:
    in_house = list(
        Reservation.objects.filter(establishment=establishment, status=ReservationStatus.CHECKED_IN)
        .select_related("customer", "folio", "room")
        .order_by("arrival", "id")
    )
    with_charge = [r for r in in_house if _room_charge(r) is not None]
    arriving = list(
        Reservation.objects.filter(
            establishment=establishment, status=ReservationStatus.CONFIRMED, arrival=today
        )
        .select_related("customer")
        .order_by("id")
    )
    if len(with_charge) < 4 or not arriving:
        stdout.write("Too few guests for the complaints of the demo; none made.\n")
        return
    stdout.write("Complaints, a VIP and a private guest…\n")
    manager = get_user_model().objects.filter(username="manager").first() or root
    desk = get_user_model().objects.filter(username="desk").first() or root

    vip_stay, noisy, billed, happy = with_charge[:4]
    vip = customer_services.customer_update(
        customer=vip_stay.customer,
        actor=root,
        vip_level=2,
        vip_instructions=VIP_INSTRUCTIONS,
    )
    customer_services.customer_update(
        customer=arriving[0].customer,
        actor=root,
        vip_level=3,
        private=True,
        vip_instructions=PRIVATE_INSTRUCTIONS,
    )
    # A VIP's complaint, however small, is escalated: on the manager's desk, open.
    services.complaint_create(
        customer=vip,
        actor=desk,
        reservation=vip_stay,
        category=Complaint.Category.ROOM,
        severity=Complaint.Severity.LOW,
        description="The minibar was not restocked this morning.",
    )
    # An open complaint the desk handles.
    services.complaint_create(
        customer=noisy.customer,
        actor=desk,
        reservation=noisy,
        category=Complaint.Category.NOISE,
        severity=Complaint.Severity.MEDIUM,
        description="Loud music from the room above until 2 am.",
        follow_up=today + dt.timedelta(days=1),
    )
    # Escalated by its severity, then resolved by the manager with compensation.
    complaint = services.complaint_create(
        customer=billed.customer,
        actor=desk,
        reservation=billed,
        category=Complaint.Category.CLEANLINESS,
        severity=Complaint.Severity.HIGH,
        description="Hair in the shower and the bed not made on arrival.",
    )
    charge = _room_charge(billed)
    services.complaint_resolve(
        complaint=complaint,
        actor=manager,
        resolution="Apologised, room cleaned again at once; a part of the night refunded.",
        may_resolve_escalated=True,
        above_limit_allowed=True,
        compensation=min(Decimal("30.00"), charge.amount),
        charge_entry=charge.pk,
        satisfaction=4,
    )
    services.complaint_create(
        customer=happy.customer,
        actor=desk,
        reservation=happy,
        kind=Complaint.Kind.COMPLIMENT,
        category=Complaint.Category.STAFF,
        description="The concierge found tickets for a sold-out concert. Thank you!",
    )
    shiftlog.shift_note_write(
        establishment=establishment,
        actor=manager,
        # Porters and cashiers read the shift log too: the note names no one.
        text="A private guest arrives today: no names on the phone. Do not confirm the stay "
        "to anyone.",
        important=True,
    )
    shiftlog.shift_note_write(
        establishment=establishment,
        actor=desk,
        text=f"Room {noisy.room.number if noisy.room else '—'}: call the guest tomorrow morning "
        "about last night's noise.",
    )
