"""Every string of ours is translated into nl, de, pl and es: no untranslated or fuzzy
entry, catalogues up to date with the source, compiled .mo files current."""

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from frontoffice.core import i18n

pytestmark = pytest.mark.engine_independent

PACKAGE = Path(i18n.__file__).resolve().parent.parent


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_catalogue_complete(language):
    assert i18n.problems(language) == []


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_compiled_catalogue_is_current(language):
    path = i18n.catalog_path(language)
    with path.open("rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    assert path.with_suffix(".mo").read_bytes() == buffer.getvalue(), "run make messages"


@pytest.mark.skipif(
    shutil.which("msgfmt") is None and os.environ.get("CI") != "true",
    reason="GNU gettext is needed to extract messages",
)
def test_every_source_string_is_in_the_catalogues(tmp_path):
    copy = tmp_path / "frontoffice"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "frontoffice.config.settings",
        "FRONTOFFICE_DATA_DIR": str(tmp_path / "data"),
    }
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "nl",
            "--no-obsolete",
            "--no-location",
            "-i",
            "conftest.py",
            "-i",
            "*/tests/*",
            "-i",
            "liveserver.py",
            "-i",
            "testing.py",
        ],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    with (copy / "locale/nl/LC_MESSAGES/django.po").open("rb") as handle:
        fresh = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    with i18n.catalog_path("nl").open("rb") as handle:
        committed = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    assert sorted(fresh - committed) == [], "new strings: run make messages and translate them"
