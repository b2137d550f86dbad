"""The `frontoffice` command and deployment settings."""

import os
import subprocess
import sys
import zipfile

import pytest

pytestmark = pytest.mark.engine_independent

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(__file__)))))


def run(args, tmp_path, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(FRONTOFFICE_DATA_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, "-m", "frontoffice.config.cli", *args],
        env=environment,
        capture_output=True,
        text=True,
        # A deadline against a hang, not a speed goal (those are in `make bench`): the demo
        # takes about a minute on an idle 2-core machine and several on a busy one.
        timeout=600,
    )


def test_check_deploy_is_clean_with_https_and_a_real_key(tmp_path):
    result = run(
        ["check", "--deploy", "--fail-level", "WARNING"],
        tmp_path,
        FRONTOFFICE_HTTPS="1",
        SECRET_KEY="k" * 20 + "-Zq8vR2mX7pL4nT9wB3yH6cJ1fD5sG0a",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_secret_key_is_generated_once_into_the_data_dir(tmp_path):
    assert run(["check"], tmp_path).returncode == 0
    key = (tmp_path / "secret_key").read_text()
    assert len(key) > 50
    run(["check"], tmp_path)
    assert (tmp_path / "secret_key").read_text() == key


DEMO_CHECK = """
from collections import Counter
from django.db.models import F
from frontoffice.core import tenancy
from frontoffice.lodging.models import BlockNight, InventoryNight, Reservation, ReservationNight, Room
with tenancy.every_establishment():
    held = Counter(ReservationNight.objects.filter(held=True).values_list("room_type_id", "date"))
    # A room block holds its rooms in the counters; what it has not sold yet is on top of
    # the reservations' nights.
    for b in BlockNight.objects.filter(held__gt=F("picked_up")):
        held[(b.room_type_id, b.date)] += b.held - b.picked_up
    wrong = sum(
        1 for n in InventoryNight.objects.all() if n.sold != held.get((n.room_type_id, n.date), 0)
    )
    over = InventoryNight.objects.filter(sold__gt=F("capacity")).count()
    print(Reservation.objects.count(), Room.objects.count(), wrong, over)
"""


def test_demo_on_a_fresh_data_directory_twice_changes_nothing(tmp_path):
    """No `migrate` first: the demo makes its tables. Its reservations went through the
    booking's own inventory UPDATE, so every night's counter matches the nights held."""
    first = run(["demo"], tmp_path)
    assert first.returncode == 0, first.stderr
    assert "desk" in first.stdout and "Front desk agent" in first.stdout
    second = run(["demo"], tmp_path)
    assert second.returncode == 0 and "nothing changed" in second.stdout
    result = run(["shell", "-c", DEMO_CHECK], tmp_path)
    reservations, rooms, wrong, oversold = map(int, result.stdout.strip().splitlines()[-1].split())
    assert rooms == 120 and reservations > 5000
    assert wrong == 0 and oversold == 0
    superuser = run(
        ["createsuperuser", "--noinput"],
        tmp_path,
        DJANGO_SUPERUSER_USERNAME="boss",
        DJANGO_SUPERUSER_PASSWORD="a-Long-pass-123",
        DJANGO_SUPERUSER_EMAIL="b@example.com",
    )
    assert superuser.returncode == 0, superuser.stderr


def test_the_demo_is_never_loaded_beside_real_establishments(tmp_path):
    """It makes logins with a known password: not in a database with real data."""
    assert run(["migrate", "--noinput"], tmp_path).returncode == 0
    made = run(
        [
            "shell",
            "-c",
            "from frontoffice.core.services import auth, establishments; "
            "boss = auth.user_create(username='boss', password='x-Long-pass-1', superuser=True); "
            "establishments.establishment_create(actor=boss, code='real', name='Real hotel')",
        ],
        tmp_path,
    )
    assert made.returncode == 0, made.stderr
    refused = run(["demo"], tmp_path)
    assert refused.returncode != 0
    assert "holds other establishments" in refused.stderr
    users = run(
        [
            "shell",
            "-c",
            "from django.contrib.auth import get_user_model; "
            "print(sorted(get_user_model().objects.values_list('username', flat=True)))",
        ],
        tmp_path,
    )
    assert users.stdout.strip().splitlines()[-1] == "['boss']"
    # `make run` says so instead of failing: --if-empty leaves a database with data alone.
    quiet = run(["demo", "--if-empty"], tmp_path)
    assert quiet.returncode == 0 and "not loaded" in quiet.stdout


def test_a_database_from_before_the_migration_reset_is_refused_clearly(tmp_path):
    import sqlite3

    database = sqlite3.connect(tmp_path / "frontoffice.sqlite3")
    database.execute(
        "CREATE TABLE django_migrations (id INTEGER PRIMARY KEY, app TEXT, name TEXT, applied TEXT)"
    )
    database.execute(
        "INSERT INTO django_migrations (app, name, applied) "
        "VALUES ('core', '0002_ordering_by_id', '2026-11-20')"
    )
    database.commit()
    database.close()
    for command in (["migrate"], ["demo"]):
        result = run(command, tmp_path)
        assert result.returncode != 0
        assert "mv var var-0.1" in result.stderr, result.stderr


@pytest.mark.skipif(
    os.environ.get("CI") != "true" and not os.environ.get("FRONTOFFICE_WHEEL_TEST"),
    reason="builds a wheel; runs on CI",
)
def test_wheel_carries_templates_static_and_translations(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), ROOT],
        check=True,
        timeout=300,
    )
    wheel = next(tmp_path.glob("frontoffice-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for expected in (
        "frontoffice/templates/base.html",
        "frontoffice/static/frontoffice/htmx.min.js",
        "frontoffice/locale/pl/LC_MESSAGES/django.mo",
        "frontoffice/lodging/migrations/0001_initial.py",
    ):
        assert expected in names, expected


def test_prune_keeps_recent_idempotency_keys(root):
    import datetime as dt

    from django.core.management import CommandError, call_command
    from django.utils import timezone

    from frontoffice.core.models import IdempotencyKey

    old = IdempotencyKey.objects.create(user=root, key="old", fingerprint="x")
    IdempotencyKey.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(days=4)
    )
    IdempotencyKey.objects.create(user=root, key="new", fingerprint="x")
    call_command("prune")
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["new"]
    with pytest.raises(CommandError):
        call_command("prune", hours=1)
