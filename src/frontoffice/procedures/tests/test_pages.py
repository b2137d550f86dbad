"""procedures' pages: the knowledge base searched as the desk types, a new template version
with its preview, sending a message that asks once, the guest's outbox."""

from __future__ import annotations

from django.core import mail
from django.test import Client

from frontoffice.procedures import selectors, services
from frontoffice.procedures.models import Message

P = "/e/hotel"


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_knowledge_base_answers_as_the_desk_types(desk, hotel, root):
    services.answer_create(
        establishment=hotel, actor=root, language="en", topic="Is there parking?",
        answer="Yes, in the garage: 25 euros a night.", keywords="car",
    )  # fmt: skip
    client = logged_in(desk)
    full = client.get(f"{P}/answers/").content.decode()
    assert (
        'id="answer-q"' in full
        and "data-autofocus" in full
        and 'hx-get="/e/hotel/answers/"' in full
    )
    fragment = client.get(f"{P}/answers/", {"q": "parki"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and "25 euros a night" in fragment
    assert "No answer matches" in client.get(f"{P}/answers/", {"q": "sauna"}).content.decode()
    # The desk reads; the edit link is the manager's.
    assert "/answers/new/" not in full


def test_a_manager_adds_an_answer(manager, hotel):
    client = logged_in(manager)
    response = client.post(
        f"{P}/answers/new/",
        {
            "topic": "Wann gibt es Frühstück?",
            "answer": "Von 7 bis 10:30 Uhr.",
            "keywords": "",
            "language": "de",
        },
    )
    assert response.status_code == 302
    [row] = selectors.answer_search(hotel, "fruhstuck")
    assert row.language == "de"
    bad = client.post(f"{P}/answers/new/", {"topic": "", "answer": "x", "language": "de"})
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()


def test_a_new_template_version_with_its_preview(manager, hotel, templates):
    client = logged_in(manager)
    form = client.get(f"{P}/templates/new/", {"kind": "welcome", "language": "nl"}).content.decode()
    assert "Welkom in {establishment}." in form  # the current version to start from
    preview = client.get(
        f"{P}/templates/new/",
        {
            "kind": "welcome",
            "language": "de",
            "subject": "Willkommen, {first_name}",
            "body": "Ankunft: {arrival}",
        },
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "Willkommen, Anna" in preview and "Ankunft: " in preview and "{arrival}" not in preview
    refused = client.get(
        f"{P}/templates/new/",
        {"kind": "welcome", "language": "de", "subject": "x", "body": "{nickname}"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "Unknown placeholder {nickname}" in refused
    bad = client.post(
        f"{P}/templates/new/",
        {
            "kind": "welcome",
            "language": "nl",
            "subject": "Hoi",
            "body": "Hoi {nickname}",
            "active": "on",
        },
    )
    assert bad.status_code == 200 and "Unknown placeholder {nickname}" in bad.content.decode()
    good = client.post(
        f"{P}/templates/new/",
        {
            "kind": "welcome",
            "language": "nl",
            "subject": "Hoi {first_name}",
            "body": "Welkom!",
            "active": "on",
        },
    )
    assert good.status_code == 302
    assert selectors.template_for(hotel, "welcome", "nl").version == 2
    listing = logged_in(manager).get(f"{P}/templates/").content.decode()
    assert "Hoi {first_name}" in listing


def test_sending_a_message_asks_once_and_lands_in_the_guests_outbox(
    desk, guest, guest_stay, templates, django_capture_on_commit_callbacks
):
    client = logged_in(desk)
    url = f"{P}/messages/new/?guest={guest.pk}&reservation={guest_stay.confirmation}"
    assert client.get(url).status_code == 200
    # Choosing the template shows the text in the guest's language.
    shown = client.get(url + "&template=welcome", HTTP_HX_REQUEST="true").content.decode()
    assert "Welkom, Anna" in shown and "anna@example.com" in shown
    # The first press asks; nothing is sent yet.
    body = {"guest": guest.pk, "reservation": guest_stay.confirmation, "template": "welcome"}
    asked = client.post(f"{P}/messages/new/", body).content.decode()
    assert "Send now" in asked and 'name="confirmed"' in asked
    assert not Message.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(f"{P}/messages/new/", {**body, "confirmed": "on"})
    assert sent.status_code == 302 and sent["Location"] == f"{P}/guests/{guest.pk}/"
    assert mail.outbox[0].subject == "Welkom, Anna"
    page = client.get(sent["Location"]).content.decode()
    assert 'id="guest-messages"' in page and "Welkom, Anna" in page and "Sent" in page
    outbox = client.get(f"{P}/messages/").content.decode()
    assert "Welkom, Anna" in outbox and "Anna de Vries" in outbox


def test_a_template_that_needs_a_reservation_says_so(desk, guest, templates):
    client = logged_in(desk)
    page = client.get(
        f"{P}/messages/new/?guest={guest.pk}&template=confirmation", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "needs a reservation" in page
    assert client.get(f"{P}/messages/new/?guest=999999").status_code == 404


def test_a_manager_turns_confirmations_on_booking_on_and_the_desk_cannot(manager, desk, hotel):
    from frontoffice.procedures.services.messages import confirm_on_booking

    assert logged_in(desk).post(f"{P}/templates/", {"confirm_on_booking": "on"}).status_code == 403
    assert 'id="confirm-setting"' not in logged_in(desk).get(f"{P}/templates/").content.decode()
    client = logged_in(manager)
    assert client.post(f"{P}/templates/", {"confirm_on_booking": "on"}).status_code == 302
    assert confirm_on_booking(hotel.pk) is True
    assert "checked" in client.get(f"{P}/templates/").content.decode()
    client.post(f"{P}/templates/", {})
    assert confirm_on_booking(hotel.pk) is False


def test_non_ascii_digits_are_no_guest_and_no_template(desk, guest, hotel):
    import pytest

    from frontoffice.core.errors import NotFound
    from frontoffice.procedures.services.messages import message_preview

    client = logged_in(desk)
    for digits in ("²", "١٢"):
        assert client.get(f"{P}/messages/new/?guest={digits}").status_code == 404
        with pytest.raises(NotFound):
            message_preview(establishment=hotel, template=digits, customer=guest)
