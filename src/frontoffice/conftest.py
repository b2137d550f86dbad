"""Shared fixtures: an establishment with rooms, and staff personas per role."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from frontoffice.core import tenancy
from frontoffice.core.models import Role
from frontoffice.core.services import auth as auth_services
from frontoffice.core.services import establishments as establishment_services
from frontoffice.lodging import services as lodging_services

_counter = itertools.count(1)


def pytest_configure(config):
    from django.conf import settings

    # Hashing passwords at full strength would dominate the suite's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_collection_modifyitems(config, items):
    """On CI nothing may be skipped for want of PostgreSQL or Chromium."""
    if os.environ.get("CI", "").lower() != "true":
        return
    for item in items:
        for marker in item.iter_markers("skip"):
            raise pytest.UsageError(
                f"{item.nodeid} is skipped on CI: {marker.kwargs.get('reason')}"
            )
        for marker in item.iter_markers("skipif"):
            if marker.args and marker.args[0]:
                raise pytest.UsageError(
                    f"{item.nodeid} would be skipped on CI: {marker.kwargs.get('reason')}"
                )


@pytest.fixture(scope="session")
def migrated_database():
    """A database of its own (a SQLite file, or a new PostgreSQL database when the suite
    runs on PostgreSQL) with the real migrations and a superuser "root"; nothing serves it.
    For tests that run real services in threads of another process (`live.python(code)`):
    the suite's SQLite test database is in memory, where threads cannot wait for each
    other's transactions. Each test makes its own establishment in it."""
    from django.conf import settings

    from frontoffice.liveserver import LiveServer

    engine = settings.DATABASES["default"]["ENGINE"]
    live = LiveServer(engine="postgres" if engine.endswith("postgresql") else "sqlite")
    try:
        live.manage("migrate", "--noinput")
        live.python(
            "from frontoffice.core.services import auth\n"
            "auth.user_create(username='root', password='root-pass-123', superuser=True)\n"
        )
        yield live
    finally:
        live.stop()


@pytest.fixture(autouse=True)
def _tests_see_every_establishment():
    """Test code reads any establishment's rows to check results. The code under test
    does not benefit: every request opens its own scope (the middleware re-enables scoping,
    then `policy.access` narrows it), and every service scopes itself."""
    with tenancy.every_establishment():
        yield


@pytest.fixture(autouse=True)
def _english_unless_asked():
    """A request in another language leaves it active in this thread (LocaleMiddleware
    activates, nothing deactivates): each test starts in English."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _fresh_reference_cache():
    from frontoffice.core import refcache

    refcache.clear()
    yield
    refcache.clear()


class Api:
    """A JSON client for one user, speaking like an integrator (bearer token)."""

    def __init__(self, user=None, token: str | None = None):
        self.client = Client()
        self.headers = {}
        if user is not None:
            token = token or auth_services.token_create(user=user)
        if token:
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"

    def _send(self, method, path, body=None, **headers):
        kwargs = {**self.headers, **headers}
        if body is not None:
            data = body if isinstance(body, (str, bytes)) else json.dumps(body, default=str)
            response = getattr(self.client, method)(
                path, data=data, content_type="application/json", **kwargs
            )
        else:
            response = getattr(self.client, method)(path, **kwargs)
        try:
            response.data = response.json()
        except ValueError:
            response.data = None
        return response

    def get(self, path, **params):
        from urllib.parse import urlencode

        return self._send("get", path + ("?" + urlencode(params) if params else ""))

    def post(self, path, body=None, **headers):
        return self._send("post", path, body if body is not None else {}, **headers)

    def patch(self, path, body=None, **headers):
        return self._send("patch", path, body if body is not None else {}, **headers)

    def put(self, path, body=None, **headers):
        return self._send("put", path, body if body is not None else {}, **headers)

    def delete(self, path, **headers):
        return self._send("delete", path, **headers)


@pytest.fixture
def make_user(db):
    def make(role: str | None = None, establishment=None, *, superuser=False, username=None):
        User = get_user_model()
        username = username or f"{role or 'user'}{next(_counter)}"
        if superuser:
            user = User.objects.create_superuser(username, password="pass-Word-123")
        else:
            user = User.objects.create_user(username, password="pass-Word-123")
        if role and establishment:
            establishment_services.staff_role_grant(
                establishment=establishment, user=user, role=role
            )
        return user

    return make


@pytest.fixture
def root(make_user):
    return make_user(superuser=True, username="root")


def build_hotel(actor, code="hotel", rooms=None, timezone_name="Europe/Amsterdam"):
    est = establishment_services.establishment_create(
        actor=actor,
        code=code,
        name=f"Hotel {code}",
        kind="hotel",
        timezone_name=timezone_name,
        currency="EUR",
        language="en",
    )
    rooms = rooms or {"std": (3, 2, "100.00"), "ste": (1, 4, "250.00")}
    number = 100
    for type_code, (count, capacity, rate) in rooms.items():
        lodging_services.room_type_create(
            establishment=est,
            code=type_code,
            name=type_code.upper(),
            capacity=capacity,
            base_rate=Decimal(rate),
        )
        for _ in range(count):
            number += 1
            lodging_services.room_create(
                establishment=est, number=str(number), room_type_code=type_code
            )
    est.refresh_from_db()
    return est


@pytest.fixture
def hotel(root):
    return build_hotel(root)


@pytest.fixture
def other_hotel(root):
    return build_hotel(root, code="other")


@pytest.fixture
def desk(make_user, hotel):
    return make_user(Role.FRONT_DESK_AGENT, hotel, username="desk")


@pytest.fixture
def manager(make_user, hotel):
    return make_user(Role.FRONT_OFFICE_MANAGER, hotel, username="manager")


@pytest.fixture
def desk_api(desk):
    return Api(desk)


@pytest.fixture
def root_api(root):
    return Api(root)


@pytest.fixture
def today(hotel):
    return hotel.today()


@pytest.fixture
def reservation(hotel, root, today):
    """A confirmed two-night stay arriving today, for Pia Pagetest."""
    return lodging_services.reservation_create(
        establishment=hotel,
        actor=root,
        room_type_code="std",
        arrival=today,
        departure=today + dt.timedelta(days=2),
        guest={"last_name": "Pagetest", "first_name": "Pia"},
    )


def stay(today: dt.date, offset: int = 1, nights: int = 2) -> tuple[str, str]:
    arrival = today + dt.timedelta(days=offset)
    return arrival.isoformat(), (arrival + dt.timedelta(days=nights)).isoformat()


def booking(today, offset=1, nights=2, room_type="std", **extra):
    arrival, departure = stay(today, offset, nights)
    body = {
        "guest": {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com"},
        "room_type": room_type,
        "arrival": arrival,
        "departure": departure,
        "adults": 2,
    }
    body.update(extra)
    return body
