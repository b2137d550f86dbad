"""The `frontoffice` command and deployment settings."""

import os
import subprocess
import sys
import zipfile

import pytest

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
        timeout=120,
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


def test_demo_twice_changes_nothing_and_superuser_from_environment(tmp_path):
    assert run(["migrate", "--noinput"], tmp_path).returncode == 0
    result = run(
        ["createsuperuser", "--noinput"],
        tmp_path,
        DJANGO_SUPERUSER_USERNAME="boss",
        DJANGO_SUPERUSER_PASSWORD="a-Long-pass-123",
        DJANGO_SUPERUSER_EMAIL="b@example.com",
    )
    assert result.returncode == 0, result.stderr
    first = run(["demo"], tmp_path)
    assert first.returncode == 0, first.stderr
    assert "desk" in first.stdout and "Front desk agent" in first.stdout
    second = run(["demo"], tmp_path)
    assert "nothing changed" in second.stdout
    count = run(
        [
            "shell",
            "-c",
            "from frontoffice.lodging.models import Reservation, Room; "
            "print(Reservation._base_manager.count(), Room._base_manager.count())",
        ],
        tmp_path,
    )
    reservations, rooms = map(int, count.stdout.strip().splitlines()[-1].split())
    assert rooms == 120 and reservations > 5000


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
