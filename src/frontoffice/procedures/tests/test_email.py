"""Outgoing mail: the settings read from the environment, and a message sent to a real
SMTP server on this machine (aiosmtpd)."""

from __future__ import annotations

import socket

import pytest
from aiosmtpd.controller import Controller
from django.core.exceptions import ImproperlyConfigured

from frontoffice.config.settings import email_settings
from frontoffice.conftest import Api
from frontoffice.procedures.models import Message

SMTP = "django.core.mail.backends.smtp.EmailBackend"


def test_console_by_default():
    assert email_settings({}) == {
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "DEFAULT_FROM_EMAIL": "frontoffice@localhost",
    }


@pytest.mark.parametrize(
    "url,expected",
    [
        (
            "smtp://mailer:s%40cret@mail.example.com:587?tls=1",
            ("mail.example.com", 587, "mailer", "s@cret", True, False),
        ),
        ("smtps://u:p@mail.example.com", ("mail.example.com", 465, "u", "p", False, True)),
        ("smtp://localhost", ("localhost", 25, "", "", False, False)),
        ("smtp://relay:2525?ssl=yes", ("relay", 2525, "", "", False, True)),
    ],
)
def test_email_url(url, expected):
    got = email_settings({"EMAIL_URL": url, "DEFAULT_FROM_EMAIL": "desk@hotel.example"})
    assert got["EMAIL_BACKEND"] == SMTP
    assert got["DEFAULT_FROM_EMAIL"] == "desk@hotel.example"
    keys = ("HOST", "PORT", "HOST_USER", "HOST_PASSWORD", "USE_TLS", "USE_SSL")
    assert tuple(got[f"EMAIL_{k}"] for k in keys) == expected


def test_the_usual_settings():
    got = email_settings(
        {"EMAIL_HOST": "mail.example.com", "EMAIL_PORT": "2525", "EMAIL_USE_TLS": "true"}
    )
    assert (got["EMAIL_BACKEND"], got["EMAIL_HOST"], got["EMAIL_PORT"]) == (
        SMTP,
        "mail.example.com",
        2525,
    )
    assert got["EMAIL_USE_TLS"] is True and got["EMAIL_USE_SSL"] is False


@pytest.mark.parametrize(
    "environ",
    [
        {"EMAIL_URL": "http://mail.example.com"},
        {"EMAIL_URL": "smtp://"},
        {"EMAIL_URL": "smtp://host:notaport"},
        {"EMAIL_HOST": "mail", "EMAIL_PORT": "twenty-five"},
    ],
)
def test_bad_values_stop_the_program(environ):
    with pytest.raises(ImproperlyConfigured):
        email_settings(environ)


class Inbox:
    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.received.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server():
    with socket.socket() as probe:  # a free port (the controller cannot be given 0)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, inbox
    finally:
        controller.stop()


def test_a_message_reaches_a_real_smtp_server(
    transactional_db, settings, smtp_server, desk, templates, guest
):
    port, inbox = smtp_server
    settings.EMAIL_BACKEND = SMTP
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.DEFAULT_FROM_EMAIL = "desk@hotel.example"
    response = Api(desk).post(
        "/api/v1/establishments/hotel/messages", {"template": "welcome", "customer": guest.pk}
    )
    assert response.status_code == 201 and response.data["status"] == "sent", response.data
    [envelope] = inbox.received
    assert (envelope.mail_from, envelope.rcpt_tos) == ("desk@hotel.example", ["anna@example.com"])
    content = envelope.content.decode()
    assert "Subject: Welkom, Anna" in content
    assert "multipart/alternative" in content and "text/html" in content


def test_an_smtp_server_that_is_not_there_fails_the_message(
    transactional_db, settings, desk, templates, guest
):
    settings.EMAIL_BACKEND = SMTP
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    response = Api(desk).post(
        "/api/v1/establishments/hotel/messages", {"template": "welcome", "customer": guest.pk}
    )
    assert response.status_code == 201 and response.data["status"] == "failed"
    assert "Connection" in response.data["error"] or "refused" in response.data["error"]
    assert Message.objects.get().status == "failed"
