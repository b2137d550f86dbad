"""The demo's templates, scripts and answers: every kind in every language, each one
renders for a real reservation, and the desk finds answers in each language."""

from __future__ import annotations

import io
import random

from frontoffice.core.models import Language
from frontoffice.procedures import selectors
from frontoffice.procedures.demo import load_procedures
from frontoffice.procedures.models import MessageTemplate, Protocol
from frontoffice.procedures.services.messages import message_preview


def test_the_demo_speaks_five_languages(hotel, root, today, reservation):
    load_procedures(hotel, random.Random(1), root, today, io.StringIO())
    languages = set(Language.values)
    for kind in MessageTemplate.Kind.values:
        assert {t.language for t in selectors.template_list(hotel, kind=kind)} == languages
    assert Protocol.objects.filter(establishment=hotel).count() == 4 * 5
    for language in languages:
        shown = message_preview(
            establishment=hotel,
            template=selectors.template_for(hotel, "confirmation", language).pk,
            reservation=reservation,
        )
        assert reservation.confirmation in shown["subject"] and "{" not in shown["body"]
    searches = {
        "en": "wifi",
        "nl": "parkeren",
        "de": "fruhstuck",
        "pl": "zwierze",
        "es": "cancelar",
    }
    for language, q in searches.items():
        found = list(selectors.answer_search(hotel, q, language=language))
        assert found and found[0].language == language, (language, q)
    assert selectors.answer_search(hotel, "", language="en").count() == 12 * 5
