"""Translation catalogues: compile .po to .mo with babel (no system gettext needed) and
check that every entry is translated and none is fuzzy.

    python -m frontoffice.core.i18n compile
    python -m frontoffice.core.i18n check
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES = ("nl", "de", "pl", "es")


def catalog_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def problems(language: str) -> list[str]:
    with catalog_path(language).open("rb") as handle:
        catalog = read_po(handle)
    found = []
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        if message.fuzzy:
            found.append(f"{language}: fuzzy: {key!r}")
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            found.append(f"{language}: untranslated: {key!r}")
    return found


def compile_all() -> None:
    for language in LANGUAGES:
        with catalog_path(language).open("rb") as handle:
            catalog = read_po(handle)
        with catalog_path(language).with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalog)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "compile":
        compile_all()
        return 0
    issues = [p for language in LANGUAGES for p in problems(language)]
    print("\n".join(issues) or "all catalogues complete")
    return 1 if issues else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
