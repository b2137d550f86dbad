"""Knowledge base text as it is searched: folded words (core.text.fold), punctuation off."""

from __future__ import annotations

import re

from frontoffice.core.text import fold

_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """Folded words, punctuation dropped: "Wi-Fi?" -> ["wi", "fi"]."""
    return _WORD.findall(fold(text))


def search_form(text: str) -> str:
    """The words with a space before and after each: " wi fi password "."""
    return f" {' '.join(words(text))} "
