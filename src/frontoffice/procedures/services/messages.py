"""Messages to guests: rendered from the current template in the guest's language, written
to the outbox (queued) in the caller's transaction, sent through Django's email backend
after that transaction commits, and marked sent or failed by a second small step. A
failure to send never loses the message and never undoes what queued it (a booking)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontoffice.core import refcache, tenancy
from frontoffice.core.errors import DomainError, Invalid, NotFound
from frontoffice.core.models import Establishment
from frontoffice.core.validation import full_clean, row_id
from frontoffice.customers.models import Customer
from frontoffice.lodging.models import Reservation

from .. import selectors
from ..models import Message, MessageSettings, MessageTemplate
from . import rendering

log = logging.getLogger(__name__)


def _who(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def message_preview(
    *,
    establishment: Establishment,
    template: str | int,
    customer: Customer | None = None,
    reservation: Reservation | None = None,
) -> dict:
    """What would be sent: {template, language, subject, body, html, to}. `template` is a
    kind (the current version in the guest's language, see selectors.template_for) or the
    id of one exact version."""
    if reservation is not None:
        if customer is not None and customer.pk != reservation.customer_id:
            raise Invalid(_("This reservation is not this guest's."), code="guest_mismatch")
        customer = reservation.customer
    if customer is None:
        raise Invalid(_("Give a reservation or a guest."), code="guest_required")
    if isinstance(template, int) or (isinstance(template, str) and template.isdigit()):
        number = row_id(template)
        if number is None:
            raise NotFound(_("No such template."))
        row = selectors.template_get(establishment, number)
    else:
        if template not in MessageTemplate.Kind.values:
            raise Invalid(
                _("Unknown template: %(kind)s") % {"kind": template}, code="unknown_template"
            )
        row = selectors.template_for(establishment, template, customer.language)
        if row is None:
            raise NotFound(
                _("There is no template of this kind in any language yet."), code="no_template"
            )
    filled = rendering.values(
        establishment=establishment,
        customer=customer,
        reservation=reservation,
        language=row.language,
    )
    lacking = rendering.missing(row.subject, filled) | rendering.missing(row.body, filled)
    if lacking:
        raise Invalid(
            _("This template needs a reservation (it uses %(names)s).")
            % {"names": ", ".join("{" + n + "}" for n in sorted(lacking))},
            code="reservation_required",
        )
    return {
        "template": row,
        "customer": customer,
        "reservation": reservation,
        "language": row.language,
        "to": customer.email,
        "subject": " ".join(rendering.render_text(row.subject, filled).split()),
        "body": rendering.render_text(row.body, filled),
        "html": rendering.render_html(row.body, filled),
    }


def message_send(
    *,
    establishment: Establishment,
    actor: AbstractBaseUser | None,
    template: str | int,
    customer: Customer | None = None,
    reservation: Reservation | None = None,
    channel: str = Message.Via.EMAIL,
) -> Message:
    """Queue a message to the guest; it is sent when the transaction commits. Invalid
    (422) without an email address, for another channel than email, or when the template
    needs a reservation and none is given."""
    if channel != Message.Via.EMAIL:
        raise Invalid(_("Messages go by email only."), code="unsupported_channel", field="channel")
    with tenancy.scope(establishment), transaction.atomic():
        shown = message_preview(
            establishment=establishment,
            template=template,
            customer=customer,
            reservation=reservation,
        )
        if not shown["to"]:
            raise Invalid(
                _("This guest has no email address."), code="no_address", field="customer"
            )
        message = Message(
            establishment=establishment,
            customer=shown["customer"],
            reservation=reservation,
            template=shown["template"],
            channel=channel,
            language=shown["language"],
            to_address=shown["to"],
            subject=shown["subject"][:300],
            body=shown["body"],
            created_by=_who(actor),
        )
        full_clean(message)
        message.save(force_insert=True)
        html = shown["html"]
        transaction.on_commit(lambda: message_deliver(message=message, html=html))
        return message


def message_deliver(*, message: Message, html: str | None = None) -> Message:
    """Send a queued message now and record how it went. Never raises: a mail server that
    is down marks the message failed, with its error, for the desk to see and send again."""
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to_address],
    )
    if html:
        email.attach_alternative(html, "text/html")
    try:
        email.send(fail_silently=False)
    except Exception as exc:  # noqa: BLE001 - any failure of the mail server is recorded
        log.warning("message %s not sent: %s", message.pk, exc)
        error = f"{type(exc).__name__}: {exc}"[:500]
        return _mark_or_log(message, Message.Status.FAILED, error)
    return _mark_or_log(message, Message.Status.SENT, "")


def _mark_or_log(message: Message, status: str, error: str) -> Message:
    try:
        return message_mark(message=message, status=status, error=error)
    except Exception:  # noqa: BLE001 - the message stays queued, never lost
        log.exception("message %s: status %s not recorded", message.pk, status)
        return message


def message_mark(*, message: Message, status: str, error: str = "") -> Message:
    """Record the delivery of a message: sent (with the time) or failed (with the error)."""
    sent_at = timezone.now() if status == Message.Status.SENT else None
    with tenancy.scope(message.establishment_id), transaction.atomic():
        Message.objects.filter(pk=message.pk).update(status=status, error=error, sent_at=sent_at)
    message.status, message.error, message.sent_at = status, error, sent_at
    return message


# --- confirmations on booking -------------------------------------------------------------


def _settings_key(establishment_id: int) -> tuple:
    return ("procedures.confirm_on_booking", establishment_id)


def confirm_on_booking(establishment_id: int) -> bool:
    """Whether the establishment sends confirmations on booking (cached briefly: read on
    every booking)."""
    return refcache.get(
        _settings_key(establishment_id),
        lambda: MessageSettings.objects.filter(
            establishment_id=establishment_id, confirm_on_booking=True
        ).exists(),
    )


def message_settings_set(
    *, establishment: Establishment, actor: AbstractBaseUser | None, confirm_on_booking: bool
) -> MessageSettings:
    with tenancy.scope(establishment), transaction.atomic():
        row, _created = MessageSettings.objects.select_for_update().get_or_create(
            establishment=establishment
        )
        row.confirm_on_booking = confirm_on_booking
        full_clean(row)
        row.save()
        transaction.on_commit(refcache.clear)
    refcache.clear()
    return row


def queue_confirmation(reservation: Reservation, actor) -> None:
    """lodging.extensions.after_booking: inside the booking's transaction, queue its
    confirmation when the establishment asks for it and the guest has an email address.
    Nothing to send (no template yet, no address) is not an error for the booking."""
    if not confirm_on_booking(reservation.establishment_id):
        return
    if not reservation.customer.email:
        return
    establishment = reservation.establishment
    if (
        selectors.template_for(
            establishment, MessageTemplate.Kind.CONFIRMATION, reservation.customer.language
        )
        is None
    ):
        return
    try:
        with transaction.atomic():
            message_send(
                establishment=establishment,
                actor=actor,
                template=MessageTemplate.Kind.CONFIRMATION,
                reservation=reservation,
            )
    except DomainError as exc:
        log.warning("confirmation of %s not queued: %s", reservation.confirmation, exc)
