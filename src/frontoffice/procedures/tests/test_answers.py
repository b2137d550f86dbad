"""The knowledge base: every word must match (the last as the start of a word), folded,
the page's language first, question matches above answer matches."""

from __future__ import annotations

import pytest

from frontoffice.conftest import Api
from frontoffice.procedures import selectors, services

A = "/api/v1/establishments/hotel/answers"


@pytest.fixture
def answers(hotel, root):
    rows = [
        (
            "en",
            "Is there parking?",
            "Yes: the garage under the hotel, 25 euros a night.",
            "car garage",
        ),
        ("en", "When is breakfast served?", "From 7:00 to 10:30 in the winter garden.", ""),
        (
            "en",
            "What is the Wi-Fi password?",
            "The network is Hotel-Guest; no password.",
            "internet wifi",
        ),
        (
            "nl",
            "Kan ik parkeren?",
            "Ja, in de garage onder het hotel, 25 euro per nacht.",
            "auto garage",
        ),
        ("de", "Gibt es Frühstück?", "Von 7:00 bis 10:30 Uhr im Wintergarten.", ""),
    ]
    return {
        (lang, topic.split()[0]): services.answer_create(
            establishment=hotel, actor=root, language=lang, topic=topic, answer=text, keywords=kw
        )
        for lang, topic, text, kw in rows
    }


def topics(rows):
    return [r.topic for r in rows]


def test_every_word_must_match_the_last_as_a_prefix(hotel, answers):
    assert topics(selectors.answer_search(hotel, "parking", language="en")) == ["Is there parking?"]
    assert topics(selectors.answer_search(hotel, "park", language="en")) == [
        "Is there parking?",
        "Kan ik parkeren?",
    ]
    # "par" is not a whole word: only the last word may be the start of one.
    assert not topics(selectors.answer_search(hotel, "par garage", language="en"))
    assert topics(selectors.answer_search(hotel, "garage nig", language="en")) == [
        "Is there parking?"
    ]
    assert not topics(selectors.answer_search(hotel, "parking breakfast", language="en"))


def test_folded_without_case_accents_or_punctuation(hotel, answers):
    assert topics(selectors.answer_search(hotel, "FRUHSTUCK", language="de")) == [
        "Gibt es Frühstück?"
    ]
    assert topics(selectors.answer_search(hotel, "wi-fi", language="en")) == [
        "What is the Wi-Fi password?"
    ]


def test_the_pages_language_first_then_question_matches_above_answer_matches(hotel, answers):
    # "garage": the Dutch question's keyword, the English parking keyword, and only the
    # answer text of breakfast ("winter garden" is not "garage"; "garden" does not match).
    assert topics(selectors.answer_search(hotel, "garage", language="nl")) == [
        "Kan ik parkeren?",
        "Is there parking?",
    ]
    # "hotel" is in the question of none, in the answer of parking and the keyword-less Wi-Fi
    # answer; "network" only in an answer body, under a question match.
    services.answer_create(
        establishment=hotel, actor=None, language="en", topic="Network printer", answer="Ask us."
    )
    assert topics(selectors.answer_search(hotel, "network", language="en")) == [
        "Network printer",
        "What is the Wi-Fi password?",
    ]


def test_the_api_searches_and_managers_write(desk, manager, hotel, answers):
    found = Api(desk).get(A, q="wifi pass", language="en").data
    assert found["count"] == 1 and found["items"][0]["answer"].startswith("The network")
    # Without a language: the request's (English) first.
    assert Api(desk).get(A, q="garage").data["items"][0]["language"] == "en"
    assert Api(desk).get(A, q="garage", language="nl").data["items"][0]["language"] == "nl"
    created = Api(manager).post(
        A, {"language": "es", "topic": "¿Se admiten mascotas?", "answer": "Sí, perros pequeños."}
    )
    assert created.status_code == 201
    assert Api(desk).get(A, q="mascotas", language="es").data["count"] == 1
    changed = Api(manager).patch(f"{A}/{created.data['id']}", {"keywords": "perro gato"})
    assert changed.status_code == 200 and changed.data["keywords"] == "perro gato"
    assert Api(desk).get(A, q="gato").data["count"] == 1
    assert Api(manager).post(A, {"language": "es", "topic": " ", "answer": "x"}).status_code == 422
    assert Api(manager).patch(f"{A}/999999", {"keywords": "x"}).status_code == 404
