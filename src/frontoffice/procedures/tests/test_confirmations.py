"""Confirmations on booking: queued in the booking's transaction when the establishment
turns them on, sent after it commits; off (the default), a booking is untouched."""

from __future__ import annotations

from django.core import mail

from frontoffice.conftest import Api, booking
from frontoffice.procedures import services
from frontoffice.procedures.models import Message

R = "/api/v1/establishments/hotel/reservations"


def test_off_by_default_nothing_is_sent(transactional_db, desk, templates, today):
    assert Api(desk).post(R, booking(today)).status_code == 201
    assert not Message.objects.exists() and not mail.outbox


def test_on_a_booking_sends_its_confirmation(transactional_db, desk, manager, templates, today):
    turned = Api(manager).patch(
        "/api/v1/establishments/hotel/message-settings", {"confirm_on_booking": True}
    )
    assert turned.status_code == 200 and turned.data == {"confirm_on_booking": True}
    response = Api(desk).post(R, booking(today))
    assert response.status_code == 201
    message = Message.objects.get()
    assert (message.status, message.reservation.confirmation, message.to_address) == (
        "sent",
        response.data["confirmation"],
        "ada@example.com",
    )
    assert message.subject == f"Your booking {response.data['confirmation']}"
    assert mail.outbox[0].subject == message.subject
    # Turned off again: the next booking sends nothing (the cached setting is dropped).
    Api(manager).patch(
        "/api/v1/establishments/hotel/message-settings", {"confirm_on_booking": False}
    )
    assert Api(desk).post(R, booking(today, offset=5)).status_code == 201
    assert Message.objects.count() == 1


def test_a_guest_without_email_or_a_failing_server_never_fails_the_booking(
    transactional_db, desk, hotel, root, templates, today, monkeypatch
):
    services.message_settings_set(establishment=hotel, actor=root, confirm_on_booking=True)
    no_mail = booking(today, guest={"last_name": "Nomail"})
    assert Api(desk).post(R, no_mail).status_code == 201
    assert not Message.objects.exists()

    def refuse(self, *args, **kwargs):
        raise OSError("no route to the mail server")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    response = Api(desk).post(R, booking(today, offset=3))
    assert response.status_code == 201
    message = Message.objects.get()
    assert (message.status, message.error) == ("failed", "OSError: no route to the mail server")


def test_a_booking_that_fails_leaves_no_message(
    transactional_db, desk, hotel, root, templates, today
):
    services.message_settings_set(establishment=hotel, actor=root, confirm_on_booking=True)
    # The suite has one room: the second booking of the same nights is refused (409), and
    # the confirmation it queued goes with it.
    first = Api(desk).post(R, booking(today, room_type="ste"))
    second = Api(desk).post(R, booking(today, room_type="ste"))
    assert (first.status_code, second.status_code) == (201, 409)
    assert Message.objects.count() == 1 and len(mail.outbox) == 1
