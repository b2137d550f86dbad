"""Saving new versions of one template (or protocol) at once, with the collision forced:
five API clients in five threads of one process (its own SQLite file or PostgreSQL database,
the real migrations, the real request stack), each in its own transaction.

The test wraps `templates._next_version` (production code is unchanged) so that each
client's first reading of the highest version waits at a gate until all five have read it,
or 0.3 s have passed. On PostgreSQL all five read "none yet" and all five insert version 1:
the unique key refuses four, which must draw again (`_insert_next_version`'s retry). Every
failed attempt loses to a version another client committed, so a client needs at most five
attempts, the retry's bound: all five get 201, versions 1..5, no 500. Without the retry, one
gets 201 and four get 409 `conflict` (the API's answer to an IntegrityError): red. With six
or more clients in
lockstep the last may exhaust its five attempts and get the designed 409 `retry`; five keeps
the test exact.

On SQLite a client's transaction (BEGIN IMMEDIATE behind the file lock, core/sqlite) holds
the whole database, so only one client is ever past the gate: each waits out the 0.3 s
alone, reads the last committed version and never collides. There the test proves the saves
are serialised (one at the gate at a time, one attempt each) and numbered 1..5; the retry is
never reached, so deleting it cannot turn the SQLite run red. Deferred transactions without
the file lock do: all five read beside each other, one saves, four get 503 `busy`."""

from __future__ import annotations

import json

import pytest
from django.conf import settings

ENGINE = "postgres" if settings.DATABASES["default"]["ENGINE"].endswith("postgresql") else "sqlite"
pytestmark = pytest.mark.server

CLIENTS = 5

SCRIPT = """
import json, threading
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import setup_test_environment
from frontoffice.core.services import auth, establishments
from frontoffice.procedures.services import templates

setup_test_environment()  # the test client's host name
CLIENTS = {clients}
root = get_user_model().objects.get(username="root")
est = establishments.establishment_create(actor=root, code={code!r}, name="Race")
token = auth.token_create(user=root)

lock = threading.Lock()
arrived, inside, most_inside, attempts = set(), 0, 0, 0
everyone = threading.Condition(lock)
real_next_version = templates._next_version


def next_version(queryset):
    global inside, most_inside, attempts
    version = real_next_version(queryset)
    with everyone:
        attempts += 1
        me = threading.get_ident()
        if me not in arrived:  # each client's first reading waits for the others
            arrived.add(me)
            inside += 1
            most_inside = max(most_inside, inside)
            everyone.notify_all()
            everyone.wait_for(lambda: len(arrived) == CLIENTS, timeout=0.3)
            inside -= 1
    return version


templates._next_version = next_version
answers = [None] * CLIENTS
start = threading.Barrier(CLIENTS)


def save(n):
    client = Client(raise_request_exception=False, HTTP_AUTHORIZATION="Bearer " + token)
    body = {body}
    body["subject"] = "Version from client %d" % n
    start.wait()
    response = client.post(
        "/api/v1/establishments/%s/{path}" % est.code, json.dumps(body),
        content_type="application/json",
    )
    try:
        data = response.json()
    except ValueError:
        data = None
    answers[n] = [response.status_code, (data or {{}}).get("version", data)]
    connection.close()


threads = [threading.Thread(target=save, args=(n,)) for n in range(CLIENTS)]
for t in threads:
    t.start()
for t in threads:
    t.join(60)
print(json.dumps({{"answers": answers, "most_inside": most_inside, "attempts": attempts}}))
"""

TEMPLATE = {"kind": "welcome", "language": "en", "body": "Hello"}
PROTOCOL = {"channel": "phone", "kind": "complaint", "language": "en", "title": "Script",
            "body": "Listen first."}  # fmt: skip


@pytest.fixture
def server(migrated_database):
    return migrated_database


def _race(server, code, path, body):
    script = SCRIPT.format(clients=CLIENTS, code=code, path=path, body=body)
    return json.loads(server.python(script).strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("path", "body"),
    [("templates", TEMPLATE), ("protocols", PROTOCOL)],
    ids=["template", "protocol"],
)
def test_five_simultaneous_saves_all_get_a_version_one_to_five(server, path, body):
    result = _race(server, f"race{path[0]}", path, body)
    answers = result["answers"]
    assert [status for status, _v in answers] == [201] * CLIENTS, answers
    assert sorted(version for _s, version in answers) == [1, 2, 3, 4, 5], answers
    if ENGINE == "postgres":
        # All five read the highest version before any inserted: four collided at least
        # once (the retry was needed), and none needed more than five attempts.
        assert result["most_inside"] == CLIENTS, result
        assert 2 * CLIENTS - 1 <= result["attempts"] <= CLIENTS * (CLIENTS + 1) // 2, result
    else:
        # One client in a transaction at a time: no overlap, no collision, no retry.
        assert result["most_inside"] == 1 and result["attempts"] == CLIENTS, result
