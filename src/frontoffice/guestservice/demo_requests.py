"""The demo hotel's requests (one in every state, overdue ones, wake-up calls) and luggage
kept at the bell desk, made through the services."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.utils import timezone

from frontoffice.customers.models import Customer
from frontoffice.lodging.models import Reservation, ReservationStatus

from .models import Priority, RequestKind
from .services import luggage as luggage_services
from .services import requests as request_services

K = RequestKind


def demo_requests(establishment, rng, root, today, stdout) -> None:
    stays = list(
        Reservation.objects.filter(
            establishment=establishment, status=ReservationStatus.CHECKED_IN, room__isnull=False
        )
        .select_related("customer", "room")
        .order_by("room__number")[:10]
    )
    if len(stays) < 6:
        return
    User = get_user_model()
    people = {u.username: u for u in User.objects.filter(username__in=["desk", "porter"])}
    desk, porter = people.get("desk", root), people.get("porter", root)
    now = timezone.now()
    request_services.service_level_set(
        establishment=establishment,
        department_kind="housekeeping",
        kind=K.AMENITY,
        priority=Priority.NORMAL,
        minutes=30,
    )

    def take(stay, kind, text, **extra):
        return request_services.request_create(
            establishment=establishment,
            actor=desk,
            kind=kind,
            reservation=stay,
            description=text,
            **extra,
        )

    # New, one of them overdue.
    take(stays[0], K.AMENITY, "Extra towels and two pillows")
    take(
        stays[1],
        K.MAINTENANCE,
        "The air conditioning is noisy",
        priority=Priority.HIGH,
        due_at=now - dt.timedelta(minutes=12),
    )
    # Assigned, and escalated once.
    job = take(stays[2], K.HOUSEKEEPING, "Turn-down service at 20:00")
    request_services.request_assign(request=job, actor=desk, user=desk)
    request_services.request_escalate(request=job, actor=desk)
    # In progress: the porter carries bags.
    job = take(stays[3], K.LUGGAGE, f"Luggage from the car to room {stays[3].room.number}")
    request_services.request_start(request=job, actor=porter)
    # Done, with a charge on the folio.
    job = take(stays[4], K.AMENITY, "Bottle of champagne")
    request_services.request_start(request=job, actor=desk)
    request_services.request_complete(
        request=job,
        actor=desk,
        note="Delivered with two glasses",
        charge={"category": "minibar", "unit_price": "45.00", "quantity": 1},
    )
    # Cancelled.
    job = take(stays[5], K.CONCIERGE_BOOKING, "Table for four at 19:30")
    request_services.request_cancel(request=job, actor=desk, reason="The guests eat in")
    # Wake-up calls: one within the hour (on the dashboard), one tomorrow morning.
    take(stays[0], K.WAKE_UP, "", due_at=now + dt.timedelta(minutes=40))
    tomorrow = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(6, 30))
    tz = ZoneInfo(establishment.timezone)
    take(stays[1], K.WAKE_UP, "", due_at=tomorrow.replace(tzinfo=tz))
    # A walk-up customer (a guest with no stay in house) asks for a taxi.
    walk_up = (
        Customer.objects.filter(establishment=establishment)
        .exclude(pk__in=[s.customer_id for s in stays])
        .order_by("id")
        .first()
    )
    if walk_up is not None:
        request_services.request_create(
            establishment=establishment,
            actor=desk,
            kind=K.SERVICE,
            customer=walk_up,
            description="Taxi to the airport",
            priority=Priority.URGENT,
        )
    # Luggage at the bell desk: two kept, one handed back.
    for stay, pieces, place in [
        (stays[6], 2, "Luggage room, shelf A"),
        (stays[7 % len(stays)], 3, "Luggage room, shelf B"),
    ]:
        luggage_services.luggage_store(
            establishment=establishment,
            actor=porter,
            reservation=stay,
            pieces=pieces,
            location=place,
        )
    back = luggage_services.luggage_store(
        establishment=establishment,
        actor=porter,
        reservation=stays[2],
        pieces=1,
        location="Cloakroom",
    )
    luggage_services.luggage_release(
        luggage=back, actor=porter, last_name=stays[2].customer.last_name
    )
    stdout.write("Requests and luggage added.\n")
