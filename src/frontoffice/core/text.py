"""Text as people search for it: without case or accents ("Muller" finds "Müller",
"zielinski" finds "Zieliński"), the same on every database engine because it is done here,
not by the database's collation."""

from __future__ import annotations

import unicodedata

# Letters that carry no combining accent to strip but are searched as plain Latin ones.
_PLAIN = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i"}
)


def fold(text: str) -> str:
    """Lower case, accents off, runs of spaces made one."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.translate(_PLAIN).split())
