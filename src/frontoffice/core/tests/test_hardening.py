"""Hardening: a Content-Security-Policy the pages keep (no inline code anywhere), cookies
scripts cannot read, a login page that is never cached nor logged with its password, a
logged-out htmx request that sends the whole page to the login, deployment settings."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, RequestFactory

PACKAGE = Path(__file__).resolve().parents[2]


def _our_templates():
    return sorted((PACKAGE / "templates").rglob("*.html"))


def test_templates_carry_no_inline_code():
    """The CSP forbids inline scripts and styles; a template that had one would break
    silently in the browser. No <script> without src, no on…= handlers, no style=."""
    offenders = []
    for path in _our_templates():
        text = path.read_text()
        for match in re.finditer(r"<script\b[^>]*>", text):
            if "src=" not in match.group(0):
                offenders.append(f"{path.name}: inline <script>")
        if re.search(r"\son[a-z]+\s*=", text):
            offenders.append(f"{path.name}: on…= handler")
        if re.search(r"\sstyle\s*=", text):
            offenders.append(f"{path.name}: style attribute")
        if "<style" in text:
            offenders.append(f"{path.name}: <style> element")
    assert offenders == []


def test_pages_send_a_strict_content_security_policy(desk, client):
    client.force_login(desk)
    for url in ("/login/", "/e/hotel/", "/e/hotel/reservations/new/"):
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
        assert directives["script-src"] == "'self'", url
        assert directives["style-src"] == "'self'", url
        assert directives["default-src"] == "'self'", url
        assert directives["frame-ancestors"] == "'none'", url
        assert "unsafe" not in policy, url


def test_cookies_scripts_cannot_read(desk, client):
    response = client.get("/login/")
    assert response.cookies["csrftoken"]["httponly"] is True
    logged_in = client.post("/login/", {"username": "desk", "password": "pass-Word-123"})
    assert logged_in.cookies["sessionid"]["httponly"] is True
    assert logged_in.cookies["sessionid"]["samesite"] == "Lax"


def test_the_login_page_is_never_cached_and_hides_the_password(desk):
    from frontoffice.core.views import login_view

    response = Client().get("/login/")
    cache = response["Cache-Control"]
    assert "no-store" in cache and "no-cache" in cache and "private" in cache
    request = RequestFactory().post("/login/", {"username": "desk", "password": "secret"})
    request.session = {}
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    request._dont_enforce_csrf_checks = True
    login_view(request)
    # Django's error reports leave out what is listed here.
    assert request.sensitive_post_parameters == ("password",)


def test_a_logged_out_htmx_request_sends_the_whole_page_to_the_login(hotel):
    response = Client().get(
        "/e/hotel/reservations/quote/?room_type=std",
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver/e/hotel/reservations/new/?arrival=2030-01-01",
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == (
        "/login/?next=/e/hotel/reservations/new/%3Farrival%3D2030-01-01"
    )
    plain = Client().get("/e/hotel/reservations/")
    assert plain.status_code == 302 and plain["Location"].startswith("/login/?next=")


def _settings_in_a_fresh_process(tmp_path, **env) -> str:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "ALLOWED_HOSTS", "FRONTOFFICE_HTTPS"}
    }
    environment.update(FRONTOFFICE_DATA_DIR=str(tmp_path), **env)
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
        "'frontoffice.config.settings'); django.setup(); from django.conf import settings as s; "
        "print(s.ALLOWED_HOSTS, getattr(s, 'SECURE_HSTS_PRELOAD', None), "
        "getattr(s, 'SECURE_HSTS_SECONDS', None))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_deployment_defaults(tmp_path):
    plain = _settings_in_a_fresh_process(tmp_path)
    assert plain == "['127.0.0.1', 'localhost', '[::1]'] False 0"  # no testserver, no HSTS
    https = _settings_in_a_fresh_process(tmp_path, FRONTOFFICE_HTTPS="1")
    assert https.endswith("False 31536000")  # HSTS, but no preload unless asked for
    preload = _settings_in_a_fresh_process(
        tmp_path, FRONTOFFICE_HTTPS="1", FRONTOFFICE_HSTS_PRELOAD="1"
    )
    assert preload.endswith("True 31536000")


@pytest.mark.parametrize(
    "name, bad",
    [
        ("FRONTOFFICE_LOGIN_MAX_FAILURES", "many"),
        ("FRONTOFFICE_LOGIN_MAX_FAILURES", "-1"),
        # Three waits of 26 s would outlast gunicorn's 90 s: the worker killed, not a 503.
        ("FRONTOFFICE_DB_BUSY_TIMEOUT", "26"),
    ],
)
def test_bad_settings_are_refused_clearly(tmp_path, name, bad):
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update(FRONTOFFICE_DATA_DIR=str(tmp_path), **{name: bad})
    result = subprocess.run(
        [sys.executable, "-m", "frontoffice.config.cli", "check"],
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert name in result.stderr
