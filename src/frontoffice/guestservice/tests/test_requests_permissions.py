"""The requests area's rows of the permission matrix (matrix_requests.py, written by hand):
every role × every endpoint, outsiders 404, anonymous 401."""

import pytest

from frontoffice.conftest import Api
from frontoffice.core.models import Role
from frontoffice.core.tests.test_permissions import call
from frontoffice.guestservice.services import luggage as luggage_services
from frontoffice.guestservice.services import requests as request_services

from .matrix_requests import API_ROWS
from .requests_fixtures import *  # noqa: F403 (fixtures)

E = "/establishments/hotel"


def _rows(stay, user_id: int):
    job = request_services.request_create(
        establishment=stay.establishment, actor=None, kind="luggage", reservation=stay
    )
    tag = luggage_services.luggage_store(
        establishment=stay.establishment, actor=None, reservation=stay, pieces=2, location="A"
    ).tag
    bodies = {
        ("POST", "{E}/requests"): {"kind": "amenity", "reservation": stay.confirmation},
        ("POST", "{E}/requests/{request_id}/assign"): {"user": user_id},
        ("POST", "{E}/requests/{request_id}/complete"): {"note": "ok"},
        ("POST", "{E}/requests/{request_id}/cancel"): {"reason": "matrix"},
        ("POST", "{E}/luggage"): {"reservation": stay.confirmation, "pieces": 1, "location": "B"},
        ("POST", "{E}/luggage/{tag}/release"): {"last_name": "Pagetest"},
        ("PUT", "{E}/departments/{department_id}/service-levels"): {
            "levels": [{"kind": "amenity", "priority": "low", "minutes": 30}]
        },
    }
    for method, template, allowed in API_ROWS:
        url = "/api/v1" + template.format(
            E=E, request_id=job.pk, tag=tag, department_id=job.department_id
        )
        yield method, url, bodies.get((method, template), {}), allowed


@pytest.mark.parametrize("role", Role.values)
def test_role_matrix(role, make_user, hotel, in_house):
    user = make_user(role, hotel)
    api = Api(user)
    for method, url, body, allowed in _rows(in_house, user.pk):
        response = call(api, method, url, body)
        if allowed[role]:
            assert response.status_code not in (401, 403, 404, 500), (
                role,
                method,
                url,
                response.status_code,
                response.data,
            )
        else:
            assert response.status_code == 403, (role, method, url, response.status_code)
            assert response.data["code"] == "forbidden"


def test_outsiders_get_404_and_anonymous_callers_401(make_user, other_hotel, in_house):
    outsider = Api(make_user(Role.ADMINISTRATOR, other_hotel))
    for method, url, body, _allowed in _rows(in_house, 0):
        response = call(outsider, method, url, body)
        assert (response.status_code, response.data["code"]) == (404, "not_found"), (method, url)
        response = call(Api(), method, url, body)
        assert response.status_code == 401, (method, url)
