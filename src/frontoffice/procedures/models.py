"""Procedures: protocols, message templates, messages, the knowledge base.

Protocols and message templates are versioned: a change is a new row with the next version
number, the old ones stay (a message points at the exact version it was rendered from); the
current one is the highest version per establishment, kind and language."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from frontoffice.core.models import Establishment, EstablishmentOwned, Language
from frontoffice.customers.models import Customer
from frontoffice.lodging.models import Reservation


class Channel(models.TextChoices):
    DESK = "desk", _("At the desk")
    PHONE = "phone", _("On the phone")
    EMAIL = "email", _("By email")


class Protocol(EstablishmentOwned):
    """How staff speak to customers on one channel: a greeting, a call script."""

    class Kind(models.TextChoices):
        GREETING = "greeting", _("Greeting")
        CALL_SCRIPT = "call_script", _("Call script")
        FAREWELL = "farewell", _("Farewell")
        COMPLAINT = "complaint", _("Handling a complaint")

    establishment = models.ForeignKey(
        Establishment, on_delete=models.CASCADE, related_name="protocols"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), max_length=10000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["channel", "kind", "language", "-version"]
        verbose_name = _("protocol")
        verbose_name_plural = _("protocols")
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "channel", "kind", "language", "version"],
                name="protocol_version_uniq",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class MessageTemplate(EstablishmentOwned):
    """The text of a message to guests, with placeholders ({first_name}, {arrival}, …)."""

    class Kind(models.TextChoices):
        CONFIRMATION = "confirmation", _("Booking confirmation")
        PRE_ARRIVAL = "pre_arrival", _("Before arrival")
        WELCOME = "welcome", _("Welcome")
        THANK_YOU = "thank_you", _("Thank you")
        APOLOGY = "apology", _("Apology")

    establishment = models.ForeignKey(
        Establishment, on_delete=models.CASCADE, related_name="message_templates"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    version = models.PositiveIntegerField(_("version"))
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"), max_length=10000)
    # A version saved inactive withdraws the kind in that language (the fallback applies).
    active = models.BooleanField(_("in use"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "language", "-version"]
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "kind", "language", "version"],
                name="message_template_version_uniq",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.language} v{self.version}"


class Message(EstablishmentOwned):
    """A message to a guest as it was rendered and sent: the outbox."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    class Via(models.TextChoices):
        EMAIL = "email", _("Email")

    establishment = models.ForeignKey(
        Establishment, on_delete=models.CASCADE, related_name="messages"
    )
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="messages", verbose_name=_("guest")
    )
    reservation = models.ForeignKey(
        Reservation, on_delete=models.PROTECT, null=True, blank=True, related_name="messages"
    )
    template = models.ForeignKey(MessageTemplate, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("channel"), max_length=10, choices=Via.choices)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    to_address = models.EmailField(_("to"), max_length=254)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    error = models.CharField(_("error"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            models.Index(
                fields=["establishment", "customer", "-created_at"], name="message_guest_idx"
            ),
            models.Index(fields=["establishment", "-created_at"], name="message_outbox_idx"),
        ]

    def __str__(self) -> str:
        return self.subject


class Answer(EstablishmentOwned):
    """An answer to a question customers often ask (parking, breakfast, Wi-Fi)."""

    establishment = models.ForeignKey(
        Establishment, on_delete=models.CASCADE, related_name="answers"
    )
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    topic = models.CharField(_("question"), max_length=200)
    answer = models.TextField(_("answer"), max_length=4000)
    keywords = models.CharField(_("keywords"), max_length=300, blank=True)
    # Folded (core.text.fold) words with a space before and after each, so that a word is
    # found as " word " and the start of a word as " wor": the question and keywords, and
    # the answer's text after them.
    search_topic = models.TextField(blank=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["topic", "id"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [models.Index(fields=["establishment", "language"], name="answer_language_idx")]

    def __str__(self) -> str:
        return self.topic


class MessageSettings(EstablishmentOwned):
    """What an establishment wants sent by itself."""

    establishment = models.OneToOneField(
        Establishment, on_delete=models.CASCADE, related_name="message_settings"
    )
    confirm_on_booking = models.BooleanField(_("send confirmations on booking"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("message settings")
        verbose_name_plural = _("message settings")

    def __str__(self) -> str:
        return str(self.establishment_id)
