"""Messages from templates: placeholders, the guest's language and its fallbacks, safe
rendering, the outbox and its delivery status."""

from __future__ import annotations

import pytest
from django.core import mail

from frontoffice.conftest import Api
from frontoffice.core.errors import Invalid, NotFound
from frontoffice.core.services import establishments as establishment_services
from frontoffice.customers import services as customer_services
from frontoffice.procedures import selectors, services
from frontoffice.procedures.models import Message

M = "/api/v1/establishments/hotel/messages"


def send(api, body, capture):
    """Under a test's transaction the mail goes when the capture ends (on a server: when
    the request's transaction commits, before the answer, as the transactional tests show)."""
    with capture(execute=True):
        return api.post(M, body)


def test_a_welcome_goes_out_in_the_guests_language(transactional_db, desk_api, templates, guest):
    # Real transactions: the mail goes when the message's transaction commits, before the
    # answer, which says how it went.
    response = desk_api.post(M, {"template": "welcome", "customer": guest.pk})
    assert response.status_code == 201, response.data
    body = response.data
    assert body["status"] == "sent" and body["sent_at"] and body["error"] == ""
    assert (body["language"], body["to"]) == ("nl", "anna@example.com")
    assert body["subject"] == "Welkom, Anna"
    assert body["body"] == "Beste Anna de Vries,\n\nWelkom in Hotel hotel."
    assert body["template"] == templates[("welcome", "nl")].pk
    [sent] = mail.outbox
    assert (sent.subject, sent.to, sent.body) == (
        "Welkom, Anna",
        ["anna@example.com"],
        body["body"],
    )
    html, kind = sent.alternatives[0]
    assert kind == "text/html" and "<p>Beste Anna de Vries,</p>" in html
    row = Message.objects.get()
    assert (row.status, row.created_by.username, row.customer_id) == ("sent", "desk", guest.pk)


def test_the_reservation_fills_its_placeholders_in_the_messages_language(
    desk_api, templates, guest, guest_stay, django_capture_on_commit_callbacks, root
):
    # Anna reads Dutch; there is no Dutch confirmation: the establishment's language (German
    # here) comes next, with German dates.
    establishment_services.establishment_update(establishment=guest.establishment, language="de")
    response = send(
        desk_api,
        {"template": "confirmation", "reservation": guest_stay.confirmation},
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 201, response.data
    assert response.data["language"] == "de"
    assert response.data["subject"] == f"Ihre Buchung {guest_stay.confirmation}"
    arrival, departure = guest_stay.arrival, guest_stay.departure
    months = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
              "September", "Oktober", "November", "Dezember"]  # fmt: skip
    german = f"{arrival.day}. {months[arrival.month - 1]} {arrival.year}"
    assert (
        f"vom {german} bis {departure.day}. {months[departure.month - 1]}" in response.data["body"]
    )
    assert response.data["reservation"] == guest_stay.confirmation


def test_english_is_the_last_fallback(hotel, root, templates, guest):
    establishment_services.establishment_update(establishment=hotel, language="pl")
    hotel.refresh_from_db()
    # No Polish confirmation, no Dutch: English.
    assert selectors.template_for(hotel, "confirmation", "nl") == templates[("confirmation", "en")]
    # The guest's own language first, even over the establishment's.
    assert selectors.template_for(hotel, "welcome", "nl") == templates[("welcome", "nl")]
    # A guest without a preferred language gets the establishment's (here: none, so English).
    assert selectors.template_for(hotel, "welcome", "") == templates[("welcome", "en")]
    establishment_services.establishment_update(establishment=hotel, language="nl")
    hotel.refresh_from_db()
    assert selectors.template_for(hotel, "welcome", "") == templates[("welcome", "nl")]
    assert selectors.template_for(hotel, "apology", "nl") is None


def test_the_current_version_is_the_highest_and_a_message_keeps_its_own(
    hotel, root, templates, guest, django_capture_on_commit_callbacks
):
    first = templates[("welcome", "nl")]
    with django_capture_on_commit_callbacks(execute=True):
        old = services.message_send(
            establishment=hotel, actor=root, template="welcome", customer=guest
        )
    second = services.template_create(
        establishment=hotel, actor=root, kind="welcome", language="nl",
        subject="Hartelijk welkom, {first_name}", body="Fijn dat u er bent, {first_name}.",
    )  # fmt: skip
    assert (first.version, second.version) == (1, 2)
    assert selectors.template_for(hotel, "welcome", "nl") == second
    with django_capture_on_commit_callbacks(execute=True):
        new = services.message_send(
            establishment=hotel, actor=root, template="welcome", customer=guest
        )
    old.refresh_from_db()
    assert (old.template, old.subject) == (first, "Welkom, Anna")
    assert (new.template, new.body) == (second, "Fijn dat u er bent, Anna.")
    # An exact version may still be asked for by its id.
    again = services.message_send(
        establishment=hotel, actor=root, template=first.pk, customer=guest
    )
    assert again.subject == "Welkom, Anna"
    # A version saved inactive withdraws Dutch: the establishment's English is used.
    services.template_create(
        establishment=hotel, actor=root, kind="welcome", language="nl",
        subject="-", body="-", active=False,
    )  # fmt: skip
    assert selectors.template_for(hotel, "welcome", "nl") == templates[("welcome", "en")]
    assert [t.version for t in selectors.template_list(hotel, kind="welcome", language="nl")] == [3]


@pytest.mark.parametrize(
    "name", ["<script>alert(1)</script>", "{confirmation}", "{guest_name.__class__}", "{{x}}"]
)
def test_a_guests_name_injects_nothing(
    hotel, root, templates, name, django_capture_on_commit_callbacks
):
    evil = customer_services.customer_create(
        establishment=hotel, actor=root, first_name=name, last_name="Smith", email="e@example.com"
    )
    with django_capture_on_commit_callbacks(execute=True):
        message = services.message_send(
            establishment=hotel, actor=root, template="welcome", customer=evil
        )
    # The text carries the name exactly as typed, never read as a placeholder.
    assert message.subject == f"Welcome, {name}"
    assert message.body.startswith(f"Dear {name} Smith,")
    html = mail.outbox[0].alternatives[0][0]
    assert "<script>" not in html and "&lt;script&gt;" in html or "<" not in name
    assert f"<p>Dear {name.replace('<', '&lt;').replace('>', '&gt;')} Smith,</p>" in html


@pytest.mark.parametrize(
    "text,name",
    [
        ("Hello {nickname}", "nickname"),
        ("Hello {first_name.__class__}", "first_name.__class__"),
        ("Hello {first_name!r}", "first_name"),
        ("Hello {first_name:>10}", "first_name"),
        ("Hello {0}", "0"),
        ("Hello {}", ""),
    ],
)
def test_an_unknown_placeholder_is_refused_by_name(manager, hotel, text, name):
    response = Api(manager).post(
        "/api/v1/establishments/hotel/templates",
        {"kind": "welcome", "language": "en", "subject": "Hi", "body": text},
    )
    assert response.status_code == 422, response.data
    assert response.data["code"] == "unknown_placeholder"
    assert response.data["placeholder"] == name
    assert not selectors.template_list(hotel)


def test_a_stray_brace_is_refused_and_doubled_braces_are_literal(hotel, root, guest):
    with pytest.raises(Invalid) as refused:
        services.template_create(
            establishment=hotel,
            actor=root,
            kind="apology",
            language="nl",
            subject="x",
            body="{oops",
        )
    assert refused.value.code == "bad_placeholder"
    services.template_create(
        establishment=hotel, actor=root, kind="apology", language="nl",
        subject="Sorry", body="{{first_name}} = {first_name}",
    )  # fmt: skip
    message = services.message_send(
        establishment=hotel, actor=root, template="apology", customer=guest
    )
    assert message.body == "{first_name} = Anna"


def test_what_cannot_be_sent_is_refused_and_nothing_is_kept(
    desk_api, hotel, root, templates, guest, guest_stay
):
    no_mail = customer_services.customer_create(establishment=hotel, actor=root, last_name="Post")
    cases = [
        ({"template": "welcome", "customer": no_mail.pk}, 422, "no_address"),
        ({"template": "confirmation", "customer": guest.pk}, 422, "reservation_required"),
        ({"template": "apology", "customer": guest.pk}, 404, "no_template"),
        ({"template": "welcome"}, 422, "guest_required"),
        ({"template": "welcome", "customer": 999999}, 404, "not_found"),
        ({"template": "welcome", "reservation": "NOPE1234"}, 404, "not_found"),
        ({"template": 999999, "customer": guest.pk}, 404, "not_found"),
        ({"template": "welcome", "customer": guest.pk, "channel": "sms"}, 422, None),
        ({"template": "postcard", "customer": guest.pk}, 422, None),
    ]
    for body, status, code in cases:
        response = desk_api.post(M, body)
        assert response.status_code == status, (body, response.data)
        if code:
            assert response.data["code"] == code, (body, response.data)
    assert not Message.objects.exists()


def test_another_guests_reservation_is_refused(hotel, root, templates, guest, guest_stay):
    other = customer_services.customer_create(
        establishment=hotel, actor=root, last_name="Other", email="o@example.com"
    )
    with pytest.raises(Invalid) as refused:
        services.message_send(
            establishment=hotel,
            actor=root,
            template="welcome",
            customer=other,
            reservation=guest_stay,
        )
    assert refused.value.code == "guest_mismatch"
    with pytest.raises(NotFound):
        services.message_send(establishment=hotel, actor=root, template="apology", customer=other)


def test_a_mail_server_that_fails_marks_the_message_failed_and_keeps_it(
    transactional_db, desk_api, templates, guest, monkeypatch
):
    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    response = desk_api.post(M, {"template": "welcome", "customer": guest.pk})
    assert response.status_code == 201
    assert response.data["status"] == "failed"
    assert response.data["error"] == "ConnectionRefusedError: mail server down"
    row = Message.objects.get()
    assert (row.status, row.sent_at, row.body) == ("failed", None, response.data["body"])


def test_the_outbox_lists_newest_first_and_by_guest(
    desk_api, hotel, root, templates, guest, django_capture_on_commit_callbacks
):
    other = customer_services.customer_create(
        establishment=hotel, actor=root, last_name="Other", email="o@example.com"
    )
    for who in (guest, other, guest):
        send(
            desk_api,
            {"template": "welcome", "customer": who.pk},
            django_capture_on_commit_callbacks,
        )
    everyone = desk_api.get(M).data
    assert everyone["count"] == 3
    assert [m["customer"] for m in everyone["items"]] == [guest.pk, other.pk, guest.pk]
    mine = desk_api.get(M, customer=guest.pk).data
    assert mine["count"] == 2 and {m["status"] for m in mine["items"]} == {"sent"}


def test_ids_no_database_can_hold_are_not_found(desk_api, manager, guest, templates):
    huge = 2**70
    assert desk_api.post(M, {"template": huge, "customer": guest.pk}).status_code == 404
    assert desk_api.post(M, {"template": "welcome", "customer": huge}).status_code == 404
    assert desk_api.get(M, customer=huge).data["count"] == 0
    answers = "/api/v1/establishments/hotel/answers"
    assert Api(manager).patch(f"{answers}/{huge}", {"keywords": "x"}).status_code == 404


def test_a_version_number_taken_meanwhile_is_drawn_again(hotel, root, templates, monkeypatch):
    """Two managers saving at once both read "1 is the highest": the second insert meets the
    unique key and draws again (test_versions_concurrency sends such saves at once)."""
    from frontoffice.procedures.services import templates as template_services

    real = template_services._next_version
    stale = iter([1])  # as if read before the other manager's version 1 committed

    def next_version(queryset):
        return next(stale, None) or real(queryset)

    monkeypatch.setattr(template_services, "_next_version", next_version)
    row = services.template_create(
        establishment=hotel, actor=root, kind="welcome", language="en", subject="x", body="y"
    )
    assert row.version == 2
