"""The knowledge base: answers to the questions customers ask the desk."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from frontoffice.core import tenancy
from frontoffice.core.errors import Invalid
from frontoffice.core.models import Establishment
from frontoffice.core.validation import full_clean

from ..models import Answer
from ..search import search_form


def _fill(row: Answer) -> None:
    row.topic, row.answer, row.keywords = (
        row.topic.strip(),
        row.answer.strip(),
        row.keywords.strip(),
    )
    if not row.topic or not row.answer:
        raise Invalid(_("Give the question and its answer."), code="required")
    row.search_topic = search_form(f"{row.topic} {row.keywords}")
    row.search_text = search_form(f"{row.topic} {row.keywords} {row.answer}")
    full_clean(row)


def answer_create(
    *,
    establishment: Establishment,
    actor: AbstractBaseUser | None,
    language: str,
    topic: str,
    answer: str,
    keywords: str = "",
) -> Answer:
    with tenancy.scope(establishment), transaction.atomic():
        row = Answer(
            establishment=establishment,
            language=language,
            topic=topic,
            answer=answer,
            keywords=keywords,
            updated_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        _fill(row)
        row.save(force_insert=True)
        return row


def answer_update(*, answer: Answer, actor: AbstractBaseUser | None, **changes: str) -> Answer:
    """Change the question, answer, keywords or language of an answer."""
    allowed = {"language", "topic", "answer", "keywords"}
    with tenancy.scope(answer.establishment_id), transaction.atomic():
        row = Answer.objects.select_for_update().get(pk=answer.pk)
        for field, value in changes.items():
            if field not in allowed:
                raise Invalid(_("This cannot be changed."), code="invalid", field=field)
            setattr(row, field, value)
        row.updated_by = actor if getattr(actor, "is_authenticated", False) else None
        _fill(row)
        row.save()
        return row
