"""Demo data of groups: a congress with its room block (partly picked up, attendees from
its reservations) whose cut-off is near, so it shows on the manager's desk too."""

from __future__ import annotations

import datetime as dt

from frontoffice.core.errors import NotAvailable
from frontoffice.lodging import services as lodging

from .services import events as event_services

GROUP_GUESTS = [
    ("Ingrid", "Svensson"),
    ("Tomasz", "Nowak"),
    ("Lucía", "García"),
    ("Jan", "de Vries"),
]


def demo_groups(establishment, rng, root, today, stdout) -> None:
    first = today + dt.timedelta(days=14)
    starts = dt.datetime.combine(first + dt.timedelta(days=1), dt.time(9), tzinfo=dt.UTC)
    event = event_services.event_create(
        establishment=establishment,
        actor=root,
        name="European Front Office Congress",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=8),
        venue_text="Congress hall, ground floor",
        organiser_name="Hospitality Europe",
        notes="Coffee at 10:30, lunch at 12:30 for all attendees.",
    )
    rooms = []
    for code, count in (("dbl", 6), ("sgl", 4)):
        rooms += [
            {"room_type": code, "date": first + dt.timedelta(days=i), "count": count}
            for i in range(3)
        ]
    for share in (1, 2, 4):  # the demo's bookings may leave fewer rooms free
        try:
            block = event_services.event_block_create(
                establishment=establishment,
                actor=root,
                event=event,
                name="Congress delegates",
                cutoff=today + dt.timedelta(days=4),
                rooms=[dict(r, count=max(1, r["count"] // share)) for r in rooms],
            )
            break
        except NotAvailable:
            continue
    else:
        stdout.write("Groups: no rooms free for the demo block.\n")
        return
    for first_name, last_name in GROUP_GUESTS[:3]:
        try:
            reservation = lodging.block_book(
                block=block,
                actor=root,
                room_type_code="dbl" if last_name != "Nowak" else "sgl",
                arrival=first,
                departure=first + dt.timedelta(days=2),
                guest={"first_name": first_name, "last_name": last_name},
            )
        except NotAvailable:
            continue
        event_services.event_attendee_add(
            event=event, actor=root, reservation=reservation.confirmation
        )
    stdout.write("Groups: one event with a room block.\n")
