"""procedures' rows of the permission matrix (tests/matrix.py), for every role, outsiders
and anonymous callers; and its pages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from frontoffice.conftest import Api
from frontoffice.core.models import Role
from frontoffice.core.tests.test_permissions import ROLE_COLUMNS, call
from frontoffice.procedures import services

from .matrix import API_ROWS, PAGE_MATRIX


@pytest.fixture
def world(hotel, root, templates, guest, guest_stay):
    answer = services.answer_create(
        establishment=hotel, actor=root, language="en", topic="Parking?", answer="Yes."
    )
    return {"guest": guest, "stay": guest_stay, "answer": answer, "template": templates}


def bodies(world) -> dict:
    return {
        ("POST", "{E}/templates"): {
            "kind": "apology",
            "language": "en",
            "subject": "Sorry, {first_name}",
            "body": "We are sorry.",
        },
        ("POST", "{E}/protocols"): {
            "channel": "phone",
            "kind": "greeting",
            "language": "en",
            "title": "Answering",
            "body": "Good morning, {establishment}, this is …",
        },
        ("POST", "{E}/messages"): {"template": "welcome", "customer": world["guest"].pk},
        ("PATCH", "{E}/message-settings"): {"confirm_on_booking": False},
        ("POST", "{E}/answers"): {"language": "en", "topic": "Pets?", "answer": "Small dogs."},
        ("PATCH", "{E}/answers/{answer_id}"): {"keywords": "car"},
    }


def requests(world):
    body_of = bodies(world)
    for method, template, allowed in API_ROWS:
        url = "/api/v1" + template.format(E="/establishments/hotel", answer_id=world["answer"].pk)
        yield method, url, body_of.get((method, template)), allowed


@pytest.mark.parametrize("role", Role.values)
def test_role_matrix(role, make_user, hotel, world):
    api = Api(make_user(role, hotel))
    for method, url, body, allowed in requests(world):
        response = call(api, method, url, body)
        if allowed[role]:
            assert response.status_code not in (401, 403, 404, 500), (
                role, method, url, response.status_code, response.data,
            )  # fmt: skip
        else:
            assert response.status_code == 403, (role, method, url, response.status_code)
            assert response.data["code"] == "forbidden"


def test_outsiders_get_404_and_anonymous_callers_401(make_user, hotel, other_hotel, world):
    outsider = Api(make_user(Role.ADMINISTRATOR, other_hotel))
    for method, url, body, _allowed in requests(world):
        response = call(outsider, method, url, body)
        assert response.status_code == 404 and response.data["code"] == "not_found", (method, url)
        response = call(Api(), method, url, body)
        assert response.status_code == 401 and response.data["code"] == "unauthenticated"


# --- pages --------------------------------------------------------------------------------


def page_rows():
    header, *lines = [line.split() for line in PAGE_MATRIX.strip().splitlines()]
    roles = [ROLE_COLUMNS[name] for name in header[1:]]
    for name, *marks in lines:
        yield name, {role: mark == "Y" for role, mark in zip(roles, marks, strict=True)}


def page_url(name, world) -> str:
    if name == "answer_edit":
        return reverse(name, args=["hotel", world["answer"].pk])
    url = reverse(name, args=["hotel"])
    if name == "message_new":
        url += f"?guest={world['guest'].pk}&reservation={world['stay'].confirmation}"
    return url


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", Role.values)
def test_page_matrix(role, make_user, hotel, world):
    client = logged_in(make_user(role, hotel))
    for name, allowed in page_rows():
        status = client.get(page_url(name, world)).status_code
        assert status == (200 if allowed[role] else 403), (role, name, status)


def test_outsider_gets_404_pages(make_user, hotel, other_hotel, world):
    client = logged_in(make_user(Role.ADMINISTRATOR, other_hotel))
    for name, _allowed in page_rows():
        assert client.get(page_url(name, world)).status_code == 404, name


def test_the_guests_page_shows_messages_only_to_those_who_send_them(make_user, hotel, world):
    url = reverse("guest_detail", args=["hotel", world["guest"].pk])
    for role, sees in ((Role.FRONT_DESK_AGENT, True), (Role.FILE_CLERK, False)):
        page = logged_in(make_user(role, hotel)).get(url)
        assert page.status_code == 200
        assert ('id="guest-messages"' in page.content.decode()) is sees, role
