"""Message templates and protocols: each change is a new version."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from frontoffice.core import tenancy
from frontoffice.core.errors import Conflict, Invalid
from frontoffice.core.models import Establishment
from frontoffice.core.validation import full_clean

from ..models import MessageTemplate, Protocol
from . import rendering


def _who(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _next_version(queryset) -> int:
    return (queryset.aggregate(top=models.Max("version"))["top"] or 0) + 1


def _insert_next_version(row, same) -> None:
    """Number the row after the highest version so far; two managers saving at once both
    get a version (the unique key refuses the second number, which draws again)."""
    for _attempt in range(5):
        row.version = _next_version(same)
        full_clean(row)
        try:
            with transaction.atomic():
                row.save(force_insert=True)
            return
        except IntegrityError:
            row.pk = None
            continue
    raise Conflict(_("Please try again."), code="retry")


def template_create(
    *,
    establishment: Establishment,
    actor: AbstractBaseUser | None,
    kind: str,
    language: str,
    subject: str,
    body: str,
    active: bool = True,
) -> MessageTemplate:
    """A new version of the template of this kind and language (the first one is 1).
    Invalid (422 `unknown_placeholder`) when the subject or text uses a placeholder that
    is not in the list."""
    rendering.check(subject)
    rendering.check(body)
    with tenancy.scope(establishment), transaction.atomic():
        row = MessageTemplate(
            establishment=establishment,
            kind=kind,
            language=language,
            subject=subject,
            body=body,
            active=active,
            created_by=_who(actor),
        )
        same = MessageTemplate.objects.filter(
            establishment=establishment, kind=kind, language=language
        )
        _insert_next_version(row, same)
        return row


def protocol_create(
    *,
    establishment: Establishment,
    actor: AbstractBaseUser | None,
    channel: str,
    kind: str,
    language: str,
    title: str,
    body: str,
) -> Protocol:
    """A new version of the script for this channel, kind and language."""
    if not title.strip() or not body.strip():
        raise Invalid(_("Give a title and the text."), code="required")
    with tenancy.scope(establishment), transaction.atomic():
        row = Protocol(
            establishment=establishment,
            channel=channel,
            kind=kind,
            language=language,
            title=title,
            body=body,
            created_by=_who(actor),
        )
        same = Protocol.objects.filter(
            establishment=establishment, channel=channel, kind=kind, language=language
        )
        _insert_next_version(row, same)
        return row
