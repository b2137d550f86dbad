"""Managers saving the same template at the same moment each get their own version number:
a multi-process `frontoffice serve`, client threads sending at once, on SQLite and on
PostgreSQL (the unique key on the version has the last word; a clash draws the next)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings

from frontoffice.liveserver import LiveServer, request, setup_hotel

ENGINE = "postgres" if settings.DATABASES["default"]["ENGINE"].endswith("postgresql") else "sqlite"
pytestmark = pytest.mark.server


def test_simultaneous_saves_get_consecutive_versions():
    writers = 6
    with LiveServer(engine=ENGINE, workers=3) as live:
        token = setup_hotel(live, rooms={"std": 1})
        url = f"{live.base_url}/api/v1/establishments/live/templates"
        barrier = threading.Barrier(writers)

        def save(n):
            barrier.wait()
            body = {"kind": "welcome", "language": "en", "subject": f"Hi {n}", "body": "Hello"}
            return request("POST", url, body, token=token)

        with ThreadPoolExecutor(writers) as pool:
            answers = list(pool.map(save, range(writers)))
        assert [status for status, _body in answers] == [201] * writers, answers
        assert sorted(body["version"] for _status, body in answers) == list(range(1, writers + 1))
        status, listing = request("GET", url + "?versions=true", token=token)
        assert status == 200 and [t["version"] for t in listing["items"]] == [6, 5, 4, 3, 2, 1]
