"""Permission matrix: every role × every API endpoint, plus outsiders and anonymous users.

Expected outcomes come from the one policy module; a role allowed an action must never get
403/404, a role without it gets 403, staff of another establishment get 404."""

import pytest

from frontoffice.conftest import Api, booking
from frontoffice.core.models import Role
from frontoffice.core.policy import roles_allowed
from frontoffice.customers.models import Customer
from frontoffice.lodging import services

E = "/api/v1/establishments/hotel"


def endpoints(today, confirmation, guest_id):
    arrival, departure = booking(today)["arrival"], booking(today)["departure"]
    return [
        ("get", f"{E}", None, "dashboard.view"),
        ("get", f"{E}/room-types", None, "inventory.view"),
        (
            "post",
            f"{E}/room-types",
            {"code": "new", "name": "New", "capacity": 2, "base_rate": "90"},
            "setup.manage",
        ),
        ("get", f"{E}/rooms", None, "inventory.view"),
        ("post", f"{E}/rooms", {"number": "999", "room_type": "std"}, "setup.manage"),
        (
            "get",
            f"{E}/availability?arrival={arrival}&departure={departure}",
            None,
            "inventory.view",
        ),
        ("get", f"{E}/reservations", None, "reservation.view"),
        ("post", f"{E}/reservations", booking(today), "reservation.manage"),
        ("get", f"{E}/reservations/{confirmation}", None, "reservation.view"),
        ("patch", f"{E}/reservations/{confirmation}", {"notes": "x"}, "reservation.manage"),
        ("get", f"{E}/reservations/{confirmation}/history", None, "reservation.view"),
        ("post", f"{E}/reservations/{confirmation}/no-show", {}, "reservation.manage"),
        (
            "post",
            f"{E}/reservations/{confirmation}/cancel",
            {"reason": "test"},
            "reservation.manage",
        ),
        ("get", f"{E}/guests", None, "guest.view"),
        ("post", f"{E}/guests", {"last_name": "New"}, "guest.manage"),
        ("get", f"{E}/guests/{guest_id}", None, "guest.view"),
        ("patch", f"{E}/guests/{guest_id}", {"notes": "n"}, "guest.manage"),
        ("get", f"{E}/guests/{guest_id}/history", None, "guest.view"),
    ]


@pytest.fixture
def fixture_reservation(hotel, root, today):
    reservation = services.reservation_create(
        establishment=hotel,
        actor=root,
        room_type_code="std",
        arrival=today,
        departure=today.replace() + __import__("datetime").timedelta(days=1),
        guest={"last_name": "Matrix"},
    )
    return reservation


def call(api, method, path, body):
    if method == "get":
        return api._send("get", path)
    return getattr(api, method)(path, body)


@pytest.mark.parametrize("role", Role.values)
def test_role_matrix(role, make_user, hotel, today, fixture_reservation):
    user = make_user(role, hotel)
    api = Api(user)
    guest_id = Customer.objects.get(last_name="Matrix").pk
    for method, path, body, action in endpoints(today, fixture_reservation.confirmation, guest_id):
        response = call(api, method, path, body)
        if role in roles_allowed(action):
            assert response.status_code not in (401, 403, 404, 500), (
                role,
                method,
                path,
                response.data,
            )
        else:
            assert response.status_code == 403, (role, method, path, response.status_code)
            assert response.data["code"] == "forbidden"


def test_outsider_gets_404_everywhere(make_user, hotel, other_hotel, today, fixture_reservation):
    outsider = make_user(Role.ADMINISTRATOR, other_hotel)
    api = Api(outsider)
    guest_id = Customer.objects.get(last_name="Matrix").pk
    for method, path, body, _action in endpoints(today, fixture_reservation.confirmation, guest_id):
        response = call(api, method, path, body)
        assert response.status_code == 404, (method, path, response.status_code)
        assert response.data["code"] == "not_found"


def test_anonymous_gets_401_everywhere(hotel, today, fixture_reservation):
    api = Api()
    guest_id = Customer.objects.get(last_name="Matrix").pk
    for method, path, body, _action in endpoints(today, fixture_reservation.confirmation, guest_id):
        response = call(api, method, path, body)
        assert response.status_code == 401, (method, path)
        assert response.data["code"] == "unauthenticated"
    assert Api(token="not-a-token").get(f"{E}/reservations").status_code == 401


def test_superuser_can_do_everything(root, hotel, today, fixture_reservation):
    api = Api(root)
    guest_id = Customer.objects.get(last_name="Matrix").pk
    for method, path, body, _action in endpoints(today, fixture_reservation.confirmation, guest_id):
        response = call(api, method, path, body)
        assert response.status_code < 400 or response.status_code in (409, 422), (
            method,
            path,
            response.data,
        )


def test_establishment_creation_needs_administrator(make_user, hotel):
    body = {
        "code": "new-one",
        "name": "New",
        "kind": "clinic",
        "timezone": "Europe/Warsaw",
        "currency": "PLN",
        "language": "pl",
    }
    desk = Api(make_user(Role.FRONT_DESK_AGENT, hotel))
    assert desk.post("/api/v1/establishments", body).status_code == 403
    admin_user = make_user(Role.ADMINISTRATOR, hotel)
    admin = Api(admin_user)
    created = admin.post("/api/v1/establishments", body)
    assert created.status_code == 201, created.data
    assert created.data["currency"] == "PLN"
    # The creator administers the new establishment.
    assert admin.get("/api/v1/establishments/new-one").status_code == 200
    assert admin.post("/api/v1/establishments", body).status_code == 409
    bad = dict(body, code="Bad Code")
    assert admin.post("/api/v1/establishments", bad).data["code"] == "invalid"
    assert (
        admin.post(
            "/api/v1/establishments", dict(body, code="x2", timezone="Mars/Base")
        ).status_code
        == 422
    )
    assert (
        admin.post("/api/v1/establishments", dict(body, code="x3", currency="XYZ")).status_code
        == 422
    )
    assert (
        admin.post("/api/v1/establishments", dict(body, code="x4", kind="castle")).status_code
        == 422
    )
    listing = admin.get("/api/v1/establishments").data
    assert {e["code"] for e in listing["items"]} == {"hotel", "new-one"}


def test_openapi_and_docs_are_public(client):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in (
        "/api/v1/establishments/{code}/availability",
        "/api/v1/establishments/{code}/reservations/{confirmation}/history",
        "/api/v1/auth/token",
    ):
        assert path in paths
    assert client.get("/api/v1/docs").status_code == 200
