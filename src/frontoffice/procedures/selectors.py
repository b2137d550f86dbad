"""Reads of procedures: current templates and protocols, the outbox, knowledge base search."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from frontoffice.core.errors import NotFound
from frontoffice.core.models import Establishment
from frontoffice.core.validation import is_row_id
from frontoffice.customers import privacy

from .models import Answer, Message, MessageTemplate, Protocol
from .search import words


def languages_for(establishment: Establishment, preferred: str | None) -> list[str]:
    """The guest's language, then the establishment's, then English."""
    order = []
    for language in (preferred, establishment.language, "en"):
        if language and language not in order:
            order.append(language)
    return order


def _current(rows) -> dict:
    """The highest version per key among `rows` (ordered by version, highest first)."""
    current = {}
    for row in rows:
        current.setdefault(row[0], row[1])
    return current


def template_for(
    establishment: Establishment, kind: str, preferred: str | None
) -> MessageTemplate | None:
    """The current version of the template of `kind` in the first language that has one in
    use: the guest's, the establishment's, English."""
    order = languages_for(establishment, preferred)
    rows = MessageTemplate.objects.filter(
        establishment=establishment, kind=kind, language__in=order
    ).order_by("-version")
    current = _current((row.language, row) for row in rows)
    for language in order:
        row = current.get(language)
        if row is not None and row.active:
            return row
    return None


_an_id = is_row_id


def template_get(establishment: Establishment, template_id: int) -> MessageTemplate:
    if not _an_id(template_id):
        raise NotFound(_("No such template."))
    row = MessageTemplate.objects.filter(establishment=establishment, pk=template_id).first()
    if row is None:
        raise NotFound(_("No such template."))
    return row


def template_list(
    establishment: Establishment,
    *,
    kind: str | None = None,
    language: str | None = None,
    every_version: bool = False,
) -> list[MessageTemplate]:
    """The current version of each kind and language (or every version, newest first)."""
    rows = MessageTemplate.objects.filter(establishment=establishment)
    if kind:
        rows = rows.filter(kind=kind)
    if language:
        rows = rows.filter(language=language)
    rows = rows.order_by("kind", "language", "-version")
    if every_version:
        return list(rows)
    return list(_current(((r.kind, r.language), r) for r in rows).values())


def protocol_list(
    establishment: Establishment, *, channel: str | None = None, language: str | None = None
) -> list[Protocol]:
    """The current version of each script per channel, kind and language."""
    rows = Protocol.objects.filter(establishment=establishment)
    if channel:
        rows = rows.filter(channel=channel)
    if language:
        rows = rows.filter(language=language)
    rows = rows.order_by("channel", "kind", "language", "-version")
    return list(_current(((r.channel, r.kind, r.language), r) for r in rows).values())


def message_list(
    establishment: Establishment, *, access, customer_id: int | None = None
) -> QuerySet:
    """The outbox, newest first: the messages to private guests only for who may know of
    them (`access=None`: the system)."""
    rows = (
        Message.objects.filter(establishment=establishment)
        .filter(privacy.visible(access, "customer__"))
        .select_related("customer", "reservation", "template", "created_by")
    )
    if customer_id is not None:
        rows = rows.filter(customer_id=customer_id) if _an_id(customer_id) else rows.none()
    return rows.order_by("-created_at", "-id")


def _matching(field: str, terms: list[str]) -> Q:
    """Every word whole, the last one also as the start of a word (the desk is typing)."""
    condition = Q()
    for position, term in enumerate(terms):
        last = position == len(terms) - 1
        condition &= Q(**{f"{field}__contains": f" {term}" if last else f" {term} "})
    return condition


def answer_search(
    establishment: Establishment, q: str = "", *, language: str | None = None
) -> QuerySet:
    """Answers whose words hold every word of `q`; those in `language` first, then those
    whose question or keywords match before those where only the answer does."""
    terms = words(q)[:10]
    rows = Answer.objects.filter(establishment=establishment)
    order = []
    if language:
        rows = rows.annotate(
            other_language=Case(
                When(language=language, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        order.append("other_language")
    if terms:
        rows = rows.filter(_matching("search_text", terms)).annotate(
            body_only=Case(
                When(_matching("search_topic", terms), then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        order.append("body_only")
    return rows.order_by(*order, "topic", "id")


def answer_get(establishment: Establishment, answer_id: int) -> Answer:
    if not _an_id(answer_id):
        raise NotFound(_("No such answer."))
    row = Answer.objects.filter(establishment=establishment, pk=answer_id).first()
    if row is None:
        raise NotFound(_("No such answer."))
    return row
