from frontoffice.conftest import Api
from frontoffice.core.models import LoginAttempts

G = "/api/v1/establishments/hotel/guests"


def test_token_login_and_lockout(desk, settings):
    api = Api()
    ok = api.post("/api/v1/auth/token", {"username": "desk", "password": "pass-Word-123"})
    assert ok.status_code == 200 and len(ok.data["token"]) > 30
    assert Api(token=ok.data["token"]).get(G).status_code == 200
    for _ in range(settings.FRONTOFFICE_LOGIN_MAX_FAILURES):
        bad = api.post("/api/v1/auth/token", {"username": "desk", "password": "nope"})
        assert bad.status_code == 401 and bad.data["code"] == "invalid_credentials"
    locked = api.post("/api/v1/auth/token", {"username": "DESK", "password": "pass-Word-123"})
    assert locked.status_code == 429 and locked.data["code"] == "too_many_attempts"
    assert int(locked["Retry-After"]) > 0
    LoginAttempts.objects.all().delete()
    assert (
        api.post(
            "/api/v1/auth/token", {"username": "desk", "password": "pass-Word-123"}
        ).status_code
        == 200
    )
    assert api.post("/api/v1/auth/token", {"username": "", "password": ""}).status_code == 422


def test_session_auth_needs_csrf_for_writes(desk, client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(desk)
    assert strict.get(G).status_code == 200
    assert strict.post(G, {"last_name": "X"}, content_type="application/json").status_code == 403


def test_token_user_is_a_complete_user(desk):
    import datetime as dt

    from frontoffice.core.services import auth

    token = auth.token_create(user=desk)
    user = auth.token_authenticate(token)
    assert user.pk == desk.pk and user.username == "desk"
    assert isinstance(user.date_joined, dt.datetime) and user.date_joined.tzinfo is not None
    assert user.is_active is True and user.is_superuser is False
    assert user.check_password("pass-Word-123")
    desk.is_active = False
    desk.save()
    assert auth.token_authenticate(token) is None
    assert auth.token_authenticate("nope") is None
