"""Logging in and bearer tokens: one throttled path for every login, counted per account and
address and per address; tokens that expire, slide, die with the password and can be
revoked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import authenticate
from django.test import Client, RequestFactory
from django.utils import timezone

from frontoffice.conftest import Api
from frontoffice.core.models import ApiToken, LoginAttempts, Role
from frontoffice.core.services import auth

G = "/api/v1/establishments/hotel/guests"
TOKEN = "/api/v1/auth/token"
PASSWORD = "pass-Word-123"


def _token_post(username, password, address="10.0.0.1"):
    return Api()._send(
        "post",
        TOKEN,
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_token_login_and_lockout(desk, settings):
    ok = _token_post("desk", PASSWORD)
    assert ok.status_code == 200 and len(ok.data["token"]) > 30
    assert Api(token=ok.data["token"]).get(G).status_code == 200
    for _ in range(settings.FRONTOFFICE_LOGIN_MAX_FAILURES):
        bad = _token_post("desk", "nope")
        assert bad.status_code == 401 and bad.data["code"] == "invalid_credentials"
    locked = _token_post("DESK", PASSWORD)
    assert locked.status_code == 429 and locked.data["code"] == "too_many_attempts"
    assert 290 <= int(locked["Retry-After"]) <= 301
    # The lock-out is for this account from this address only.
    assert _token_post("desk", PASSWORD, address="10.0.0.2").status_code == 200
    LoginAttempts.objects.all().delete()
    assert _token_post("desk", PASSWORD).status_code == 200
    assert _token_post("", "").status_code == 422


def test_a_success_clears_the_accounts_count(desk, settings):
    for _ in range(settings.FRONTOFFICE_LOGIN_MAX_FAILURES - 1):
        assert _token_post("desk", "nope").status_code == 401
    assert _token_post("desk", PASSWORD).status_code == 200
    for _ in range(settings.FRONTOFFICE_LOGIN_MAX_FAILURES):
        assert _token_post("desk", "nope").status_code == 401
    assert _token_post("desk", PASSWORD).status_code == 429


def test_one_address_cannot_spray_many_accounts(make_user, hotel, settings):
    settings.FRONTOFFICE_LOGIN_MAX_PER_ADDRESS = 12
    for n in range(12):
        assert _token_post(f"someone{n}", "guess", address="203.0.113.9").status_code == 401
    victim = make_user(Role.FRONT_DESK_AGENT, hotel, username="victim")
    assert victim
    # Every account is closed to that address now, even with the right password …
    assert _token_post("victim", PASSWORD, address="203.0.113.9").status_code == 429
    # … and open from anywhere else.
    assert _token_post("victim", PASSWORD, address="198.51.100.7").status_code == 200


def test_an_office_logging_in_all_day_from_one_address_is_never_locked_out(
    make_user, hotel, settings
):
    settings.FRONTOFFICE_LOGIN_MAX_PER_ADDRESS = 5
    for n in range(3):
        make_user(Role.FRONT_DESK_AGENT, hotel, username=f"staff{n}")
    for _ in range(10):
        for n in range(3):
            assert _token_post(f"staff{n}", PASSWORD, address="192.0.2.50").status_code == 200
    # A few wrong passwords among them still count, and lock the address at the limit.
    for _ in range(5):
        assert _token_post("staff0", "typo", address="192.0.2.50").status_code == 401
    assert _token_post("staff1", PASSWORD, address="192.0.2.50").status_code == 429


def test_an_ipv6_host_counts_as_its_whole_64(make_user, hotel, settings):
    settings.FRONTOFFICE_LOGIN_MAX_PER_ADDRESS = 4
    for n in range(4):
        _token_post(f"nobody{n}", "guess", address=f"2001:db8:1:2::{n + 1}")
    make_user(Role.FRONT_DESK_AGENT, hotel, username="v6user")
    assert _token_post("v6user", PASSWORD, address="2001:db8:1:2::99").status_code == 429
    assert _token_post("v6user", PASSWORD, address="2001:db8:1:3::1").status_code == 200


def test_a_password_with_spaces_at_its_ends_works(make_user, hotel):
    user = make_user(Role.FRONT_DESK_AGENT, hotel, username="spacey")
    user.set_password("  correct horse ")
    user.save()
    assert _token_post("spacey", "  correct horse ").status_code == 200
    assert _token_post("spacey", "correct horse").status_code == 401
    page = Client().post("/login/", {"username": "spacey", "password": "  correct horse "})
    assert page.status_code == 302


def test_the_lock_lapses(desk, settings):
    for _ in range(settings.FRONTOFFICE_LOGIN_MAX_FAILURES):
        _token_post("desk", "nope")
    assert _token_post("desk", PASSWORD).status_code == 429
    LoginAttempts.objects.update(window_end=timezone.now() - dt.timedelta(seconds=1))
    assert _token_post("desk", PASSWORD).status_code == 200


def test_every_authenticate_is_counted(desk, settings):
    """Not only our login views: Django's authenticate() itself goes through the throttle,
    so no other path (a future form, a management command) can guess freely."""
    request = RequestFactory().post("/", REMOTE_ADDR="10.9.9.9")
    for _ in range(settings.FRONTOFFICE_LOGIN_MAX_FAILURES):
        assert authenticate(request, username="desk", password="nope") is None
        assert not hasattr(request, "login_throttled")
    assert authenticate(request, username="desk", password=PASSWORD) is None
    assert request.login_throttled.code == "too_many_attempts"


def test_the_admin_logs_in_through_the_one_login_page(desk, make_user, hotel, settings):
    client = Client()
    response = client.get("/admin/login/?next=/admin/lodging/room/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/admin/lodging/room/"
    # Posting credentials to the admin's login logs nobody in.
    manager = make_user(Role.FRONT_OFFICE_MANAGER, hotel, username="boss")
    assert manager.is_staff
    client.post("/admin/login/", {"username": "boss", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    # A manager locked out on the login page stays locked out of the admin.
    for _ in range(settings.FRONTOFFICE_LOGIN_MAX_FAILURES):
        client.post("/login/", {"username": "boss", "password": "wrong"})
    page = client.post("/login/", {"username": "boss", "password": PASSWORD, "next": "/admin/"})
    assert page.status_code == 200 and "Too many failed attempts" in page.content.decode()
    assert client.get("/admin/").status_code == 302
    # Logged in (after the lock), the admin opens.
    LoginAttempts.objects.all().delete()
    done = client.post("/login/", {"username": "boss", "password": PASSWORD, "next": "/admin/"})
    assert done["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_logged_in_person_without_setup_rights_gets_403_from_the_admin(desk):
    client = Client()
    client.force_login(desk)
    assert client.get("/admin/", follow=True).status_code == 403


def test_session_auth_needs_csrf_for_writes(desk):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(desk)
    assert strict.get(G).status_code == 200
    assert strict.post(G, {"last_name": "X"}, content_type="application/json").status_code == 403


# --- tokens ---------------------------------------------------------------------------------


def test_token_is_a_complete_user_and_slides(desk):
    key = auth.token_create(user=desk, name="channel manager")
    user = auth.token_authenticate(key)
    assert user.pk == desk.pk and user.username == "desk"
    assert isinstance(user.date_joined, dt.datetime) and user.date_joined.tzinfo is not None
    assert user.check_password(PASSWORD)
    token = ApiToken.objects.get()
    assert token.name == "channel manager"
    assert dt.timedelta(days=29) < token.expires_at - timezone.now() <= dt.timedelta(days=30)
    # Used again two weeks later: it was about to expire in 16 days; now in 30 again.
    past = timezone.now() - dt.timedelta(days=14)
    ApiToken.objects.update(last_used_at=past, expires_at=past + dt.timedelta(days=30))
    assert auth.token_authenticate(key) is not None
    token.refresh_from_db()
    assert timezone.now() - token.last_used_at < dt.timedelta(seconds=5)
    assert token.expires_at - timezone.now() > dt.timedelta(days=29)
    # Unused for 30 days: expired.
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert auth.token_authenticate(key) is None
    assert Api(token=key).get(G).status_code == 401
    assert auth.token_authenticate("nope") is None


def test_no_token_outlives_a_year(desk):
    key = auth.token_create(user=desk)
    made = timezone.now() - dt.timedelta(days=364, hours=23)
    ApiToken.objects.update(
        created_at=made,
        last_used_at=made,
        expires_at=timezone.now() + dt.timedelta(days=1),
        expires_at_latest=made + dt.timedelta(days=365),
    )
    auth.token_authenticate(key)
    token = ApiToken.objects.get()
    assert token.expires_at <= made + dt.timedelta(days=365)


def test_a_password_change_or_deactivation_ends_every_token(desk):
    key = auth.token_create(user=desk)
    other = auth.token_create(user=desk)
    assert Api(token=key).get(G).status_code == 200
    desk.set_password("a-New-pass-456")
    desk.save()
    assert Api(token=key).get(G).status_code == 401
    assert Api(token=other).get(G).status_code == 401
    fresh = auth.token_create(user=desk)
    assert Api(token=fresh).get(G).status_code == 200
    desk.is_active = False
    desk.save()
    assert not ApiToken.objects.filter(user=desk).exists()
    desk.is_active = True
    desk.save()
    assert Api(token=fresh).get(G).status_code == 401


def test_a_user_deactivated_behind_the_signals_back_has_no_token_either(desk):
    """A bulk update (no post_save) leaves the token rows, but they no longer let anyone in."""
    from django.contrib.auth import get_user_model

    key = auth.token_create(user=desk)
    get_user_model().objects.filter(pk=desk.pk).update(is_active=False)
    assert ApiToken.objects.filter(user=desk).exists()
    assert auth.token_authenticate(key) is None
    assert Api(token=key).get(G).status_code == 401


def test_revoke_the_current_token_and_list_ones_own(desk, make_user, hotel):
    issued = Api()._send("post", TOKEN, {"username": "desk", "password": PASSWORD, "name": "kiosk"})
    assert issued.status_code == 200 and "expires_at" in issued.data
    api = Api(token=issued.data["token"])
    second = Api(desk)
    listing = api.get("/api/v1/auth/tokens").data
    assert [(t["name"], t["current"]) for t in listing] == [("kiosk", True), ("", False)] or [
        (t["name"], t["current"]) for t in listing
    ] == [("", False), ("kiosk", True)]
    assert "key" not in str(listing) and issued.data["token"] not in str(listing)
    # Someone else's token id is not found.
    stranger = make_user(Role.FRONT_DESK_AGENT, hotel)
    stranger_api = Api(stranger)
    theirs = stranger_api.get("/api/v1/auth/tokens").data[0]["id"]
    assert api.delete(f"/api/v1/auth/tokens/{theirs}").status_code == 404
    assert api.delete(TOKEN).status_code == 204
    assert api.get(G).status_code == 401
    assert second.get(G).status_code == 200
    # A session (no bearer token) has no "current token" to delete.
    browser = Client()
    browser.force_login(desk)
    response = browser.delete(TOKEN)
    assert response.status_code == 422


def test_the_tokens_page_lists_and_revokes(desk):
    auth.token_create(user=desk, name="channel manager")
    keep = auth.token_create(user=desk, name="kiosk")
    client = Client()
    client.force_login(desk)
    page = client.get("/account/tokens/").content.decode()
    assert "channel manager" in page and "kiosk" in page
    doomed = ApiToken.objects.get(name="channel manager")
    assert client.post("/account/tokens/", {"revoke": doomed.pk}).status_code == 302
    assert list(ApiToken.objects.values_list("name", flat=True)) == ["kiosk"]
    assert Api(token=keep).get(G).status_code == 200
    client.post("/account/tokens/", {"all": "1"})
    assert not ApiToken.objects.exists()


def test_prune_drops_expired_tokens_and_lapsed_lockouts(desk, root):
    from django.core.management import call_command

    auth.token_create(user=desk, name="old")
    auth.token_create(user=desk, name="live")
    ApiToken.objects.filter(name="old").update(expires_at=timezone.now() - dt.timedelta(days=1))
    LoginAttempts.objects.create(
        key="user:x|1", attempts=5, window_end=timezone.now() - dt.timedelta(minutes=1)
    )
    LoginAttempts.objects.create(
        key="user:y|1", attempts=5, window_end=timezone.now() + dt.timedelta(minutes=1)
    )
    call_command("prune")
    assert list(ApiToken.objects.values_list("name", flat=True)) == ["live"]
    assert list(LoginAttempts.objects.values_list("key", flat=True)) == ["user:y|1"]


@pytest.mark.parametrize(
    "forwarded, proxies, expected",
    [
        ("", 0, "192.0.2.1"),
        ("198.51.100.1", 0, "192.0.2.1"),  # not trusted: REMOTE_ADDR
        ("203.0.113.5, 198.51.100.1", 1, "198.51.100.1"),
        ("spoofed, 203.0.113.5, 198.51.100.1", 2, "203.0.113.5"),
    ],
)
def test_client_address(settings, forwarded, proxies, expected):
    settings.FRONTOFFICE_TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert auth.client_address(request) == expected
