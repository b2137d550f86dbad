"""Permission matrix: every role × every API endpoint, plus outsiders and anonymous users.

The expected answers are the literal table below, never the policy module under test: a
role allowed an action must never get 401/403/404/500, a role without it gets 403, staff of
another establishment get 404 and anonymous callers 401."""

import datetime as dt

import pytest

from frontoffice.billing.services import folios as folio_services
from frontoffice.billing.services import invoices, ledger, receipts
from frontoffice.billing.tests.invoicing import pay
from frontoffice.conftest import Api, booking
from frontoffice.core.models import Role
from frontoffice.core.services import auth as auth_services
from frontoffice.lodging import services

# Written BY HAND from the product's rules (who does what at a front office, README and
# DESIGN.md), NOT read from policy.py or any app's permissions.py: changing who may do what
# must mean changing this table too. One row per API operation (method and path as the
# OpenAPI schema names them, under /api/v1; {E} is /establishments/{code}, here the
# establishment "hotel" where the person holds the role); one column per role.
#   Y  the role may: anything but 401, 403, 404 or 500
#   -  the role may not: 403 {"code": "forbidden"}
# Rows run top to bottom for every role, so order matters: the no-show comes before its
# reinstatement (a manager's) and the cancel, and DELETE /auth/token, which ends the
# caller's token, comes last.
ROLE_COLUMNS = {
    "desk": Role.FRONT_DESK_AGENT,
    "rcpt": Role.RECEPTIONIST,
    "conc": Role.CONCIERGE,
    "port": Role.PORTER,
    "cash": Role.CASHIER,
    "file": Role.FILE_CLERK,
    "mgr": Role.FRONT_OFFICE_MANAGER,
    "fin": Role.BACK_OFFICE_FINANCE,
    "hr": Role.BACK_OFFICE_HR,
    "adm": Role.ADMINISTRATOR,
}

API_MATRIX = """
method  path                                     desk rcpt conc port cash file mgr  fin  hr   adm
GET     /establishments                          Y    Y    Y    Y    Y    Y    Y    Y    Y    Y
POST    /establishments                          -    -    -    -    -    -    -    -    -    Y
GET     {E}                                      Y    Y    Y    Y    Y    Y    Y    Y    Y    Y
GET     {E}/room-types                           Y    Y    Y    Y    Y    Y    Y    Y    -    Y
POST    {E}/room-types                           -    -    -    -    -    -    Y    -    -    Y
PATCH   {E}/room-types/{room_type}               -    -    -    -    -    -    Y    -    -    Y
GET     {E}/rate-plans                           Y    Y    -    -    -    -    Y    -    -    Y
POST    {E}/rate-plans                           -    -    -    -    -    -    Y    -    -    Y
PATCH   {E}/rate-plans/{rate_plan}               -    -    -    -    -    -    Y    -    -    Y
GET     {E}/rooms                                Y    Y    Y    Y    Y    Y    Y    Y    -    Y
POST    {E}/rooms                                -    -    -    -    -    -    Y    -    -    Y
PATCH   {E}/rooms/{number}                       Y    Y    -    -    -    -    Y    -    -    Y
GET     {E}/availability                         Y    Y    Y    Y    Y    Y    Y    Y    -    Y
GET     {E}/rates                                Y    Y    -    -    -    -    Y    -    -    Y
POST    {E}/rates                                -    -    -    -    -    -    Y    -    -    Y
GET     {E}/reservations                         Y    Y    Y    Y    Y    Y    Y    Y    -    Y
POST    {E}/reservations                         Y    Y    -    -    -    -    Y    -    -    Y
GET     {E}/reservations/{confirmation}          Y    Y    Y    Y    Y    Y    Y    Y    -    Y
PATCH   {E}/reservations/{confirmation}          Y    Y    -    -    -    -    Y    -    -    Y
GET     {E}/reservations/{confirmation}/history  Y    Y    Y    Y    Y    Y    Y    Y    -    Y
POST    {E}/reservations/{confirmation}/no-show  Y    Y    -    -    -    -    Y    -    -    Y
POST    {E}/reservations/{confirmation}/reinstate -   -    -    -    -    -    Y    -    -    Y
POST    {E}/reservations/{confirmation}/assign   Y    Y    -    -    -    -    Y    -    -    Y
POST    {E}/reservations/{confirmation}/check-in Y    Y    -    -    -    -    Y    -    -    Y
POST    {E}/reservations/{confirmation}/move     Y    Y    -    -    -    -    Y    -    -    Y
POST    {E}/reservations/{confirmation}/check-out Y   Y    -    -    -    -    Y    -    -    Y
POST    {E}/walk-ins                             Y    Y    -    -    -    -    Y    -    -    Y
POST    {E}/reservations/{confirmation}/cancel   Y    Y    -    -    -    -    Y    -    -    Y
POST    {E}/night-audit                          Y    -    -    -    -    -    Y    -    -    Y
GET     {E}/reports/daily                        Y    -    -    -    -    -    Y    Y    -    Y
GET     {E}/guests                               Y    Y    Y    -    Y    Y    Y    Y    -    Y
POST    {E}/guests                               Y    Y    Y    -    -    Y    Y    -    -    Y
GET     {E}/guests/{guest_id}                    Y    Y    Y    -    Y    Y    Y    Y    -    Y
PATCH   {E}/guests/{guest_id}                    Y    Y    Y    -    -    Y    Y    -    -    Y
GET     {E}/guests/{guest_id}/history            Y    Y    Y    -    Y    Y    Y    Y    -    Y
GET     {E}/folios                               Y    Y    -    -    Y    -    Y    Y    -    Y
POST    {E}/folios                               Y    Y    -    -    -    -    Y    -    -    Y
GET     {E}/folios/{folio_id}                    Y    Y    -    -    Y    -    Y    Y    -    Y
POST    {E}/folios/{folio_id}/charges            Y    Y    -    -    -    -    Y    -    -    Y
POST    {E}/folios/{folio_id}/payments           Y    Y    -    -    Y    -    Y    -    -    Y
POST    {E}/folios/{folio_id}/allowances         Y    Y    -    -    -    -    Y    -    -    Y
POST    {E}/folios/{folio_id}/transfers          Y    Y    -    -    -    -    Y    -    -    Y
POST    {E}/folios/{folio_id}/refunds            -    -    -    -    -    -    Y    -    -    Y
POST    {E}/folios/{folio_id}/entries/{entry_id}/reverse -  -  - -  -    -    Y    -    -    Y
POST    {E}/folios/{folio_id}/invoices           Y    Y    -    -    Y    -    Y    -    -    Y
GET     {E}/invoices                             Y    Y    -    -    Y    -    Y    Y    -    Y
GET     {E}/invoices/{number}                    Y    Y    -    -    Y    -    Y    Y    -    Y
GET     {E}/invoices/{number}.pdf                Y    Y    -    -    Y    -    Y    Y    -    Y
POST    {E}/invoices/{number}/cancel             -    -    -    -    -    -    Y    -    -    Y
GET     {E}/receipts/{number}                    Y    Y    -    -    Y    -    Y    Y    -    Y
GET     {E}/receipts/{number}.pdf                Y    Y    -    -    Y    -    Y    Y    -    Y
GET     /auth/tokens                             Y    Y    Y    Y    Y    Y    Y    Y    Y    Y
DELETE  /auth/tokens/{token_id}                  Y    Y    Y    Y    Y    Y    Y    Y    Y    Y
DELETE  /auth/token                              Y    Y    Y    Y    Y    Y    Y    Y    Y    Y
"""

E = "/establishments/{code}"

# Operations not in the table: logging in needs no login, so it has no row per role
# (test_auth covers it).
NOT_IN_MATRIX = {("POST", "/auth/token")}


def parse_matrix(text: str) -> list[tuple[str, str, dict[str, bool]]]:
    header, *lines = [line.split() for line in text.strip().splitlines()]
    assert header[:2] == ["method", "path"], header
    roles = [ROLE_COLUMNS[name] for name in header[2:]]
    assert sorted(roles) == sorted(Role.values), "one column per role, each once"
    rows = []
    for cells in lines:
        method, path, marks = cells[0], cells[1], cells[2:]
        assert len(marks) == len(roles) and set(marks) <= {"Y", "-"}, cells
        rows.append(
            (method, path, {role: mark == "Y" for role, mark in zip(roles, marks, strict=True)})
        )
    return rows


ROWS = parse_matrix(API_MATRIX)


def bodies(today) -> dict[tuple[str, str], dict]:
    return {
        ("POST", "/establishments"): {
            "code": "matrix-new",
            "name": "New",
            "kind": "clinic",
            "timezone": "Europe/Warsaw",
            "currency": "PLN",
            "language": "pl",
        },
        ("POST", "{E}/room-types"): {
            "code": "new",
            "name": "New",
            "capacity": 2,
            "base_rate": "90",
        },
        ("PATCH", "{E}/room-types/{room_type}"): {"names": {"nl": "Standaardkamer"}},
        ("POST", "{E}/rate-plans"): {"code": "new", "name": "New"},
        ("PATCH", "{E}/rate-plans/{rate_plan}"): {"names": {"nl": "Logies en ontbijt"}},
        ("POST", "{E}/rooms"): {"number": "999", "room_type": "std"},
        ("PATCH", "{E}/rooms/{number}"): {"housekeeping": "dirty"},
        ("POST", "{E}/rates"): {
            "rate_plan": "bb",
            "room_types": ["std"],
            "first_night": today.isoformat(),
            "last_night": today.isoformat(),
            "price": "99",
        },
        ("POST", "{E}/reservations"): booking(today),
        ("PATCH", "{E}/reservations/{confirmation}"): {"notes": "x"},
        ("POST", "{E}/reservations/{confirmation}/no-show"): {},
        ("POST", "{E}/reservations/{confirmation}/reinstate"): {},
        ("POST", "{E}/reservations/{confirmation}/assign"): {},
        ("POST", "{E}/reservations/{confirmation}/check-in"): {},
        ("POST", "{E}/reservations/{confirmation}/move"): {"room": "102", "reason": "Matrix"},
        ("POST", "{E}/reservations/{confirmation}/check-out"): {},
        ("POST", "{E}/walk-ins"): {
            "guest": {"last_name": "Walkin"},
            "room_type": "std",
            "departure": (today + dt.timedelta(days=1)).isoformat(),
        },
        ("POST", "{E}/reservations/{confirmation}/cancel"): {"reason": "test"},
        # The fixture closed today: the open business date is tomorrow.
        ("POST", "{E}/night-audit"): {
            "business_date": (today + dt.timedelta(days=1)).isoformat(),
            "mark_no_shows": True,
        },
        ("POST", "{E}/guests"): {"last_name": "New"},
        ("PATCH", "{E}/guests/{guest_id}"): {"notes": "n"},
        ("POST", "{E}/folios"): {"kind": "company", "name": "Matrix BV"},
        ("POST", "{E}/folios/{folio_id}/charges"): {"category": "minibar", "unit_price": "4.50"},
        ("POST", "{E}/folios/{folio_id}/payments"): {"amount": "1.00", "method": "cash"},
        ("POST", "{E}/folios/{folio_id}/allowances"): lambda r: {
            "entry": r.matrix_charge_id,
            "amount": "1.00",
            "reason": "matrix",
        },
        ("POST", "{E}/folios/{folio_id}/transfers"): lambda r: {
            "to_folio": r.matrix_company_id,
            "amount": "1.00",
        },
        ("POST", "{E}/folios/{folio_id}/refunds"): {
            "amount": "0.50",
            "method": "cash",
            "reason": "matrix",
        },
        ("POST", "{E}/folios/{folio_id}/entries/{entry_id}/reverse"): {"reason": "matrix"},
        ("POST", "{E}/folios/{folio_id}/invoices"): {},
        ("POST", "{E}/invoices/{number}/cancel"): {"reason": "test"},
    }


def queries(today) -> dict[tuple[str, str], str]:
    arrival, departure = booking(today)["arrival"], booking(today)["departure"]
    return {
        ("GET", "{E}/availability"): f"?arrival={arrival}&departure={departure}",
        ("GET", "{E}/reports/daily"): f"?date={today.isoformat()}",
    }


def requests(today, reservation, token_id):
    """(method, url, body, allowed-by-role) for each row of the table, in order."""
    body_of, query_of = bodies(today), queries(today)
    for method, template, allowed in ROWS:
        path = template.format(
            E=E.format(code="hotel"),
            confirmation=reservation.confirmation,
            guest_id=reservation.customer_id,
            token_id=token_id,
            room_type="std",
            rate_plan="bb",
            number="101",
            folio_id=reservation.folio_id,
            entry_id=getattr(reservation, "matrix_charge_id", 0),
        )
        # {number} is a room's number above, an invoice's or a receipt's here.
        path = path.replace("/invoices/101", f"/invoices/{MATRIX_INVOICE}")
        path = path.replace("/receipts/101", f"/receipts/{MATRIX_RECEIPT}")
        url = "/api/v1" + path + query_of.get((method, template), "")
        body = body_of.get((method, template))
        yield method, url, body(reservation) if callable(body) else body, allowed


def call(api, method, url, body):
    if method in ("GET", "DELETE"):
        return api._send(method.lower(), url)
    return getattr(api, method.lower())(url, body)


def spare_token(user) -> int:
    """A second token of the caller's own, for DELETE /auth/tokens/{token_id}."""
    return auth_services.token_issue(user=user, name="spare")[1].pk


# An invoice and a receipt of another folio for the rows that read them (the matrix's own
# reservation's folio is invoiced by the POST row, then closed: 409 for the roles after).
MATRIX_INVOICE, MATRIX_RECEIPT = "INV-000001", "R-000001"


def matrix_documents(hotel, root, today):
    other = services.reservation_create(
        establishment=hotel,
        actor=root,
        room_type_code="std",
        arrival=today,
        departure=today + dt.timedelta(days=1),
        guest={"last_name": "Invoiced"},
    )
    ledger.charge_post(folio=other.folio, actor=root, category="minibar", unit_price="4.50")
    receipts.receipt_issue(entry=pay(other.folio, "4.50"))
    invoice = invoices.invoice_issue(folio=other.folio, actor=root)
    assert (invoice.number, hotel.pk) == (MATRIX_INVOICE, other.establishment_id)


@pytest.fixture
def fixture_reservation(hotel, root, today):
    services.rate_plan_create(establishment=hotel, code="bb", name="Bed & breakfast")
    # Today is closed (its daily report exists), so every role allowed reports reads one.
    services.night_audit(establishment=hotel, actor=root, business_date=today)
    # The desk works in the open business date (tomorrow) from here on.
    today = today + dt.timedelta(days=1)
    matrix_documents(hotel, root, today)
    reservation = services.reservation_create(
        establishment=hotel,
        actor=root,
        room_type_code="std",
        arrival=today,
        departure=today + dt.timedelta(days=1),
        guest={"last_name": "Matrix"},
    )
    # Money on the guest's folio for the folio rows: a charge to reduce and reverse, a
    # company to transfer to, an allowance limit the desk stays within.
    folio_services.billing_settings_set(establishment=hotel, actor=root, allowance_limit="5")
    reservation.matrix_charge_id = ledger.charge_post(
        folio=reservation.folio, actor=root, category="room", unit_price="100.00"
    ).pk
    reservation.matrix_company_id = folio_services.folio_create(
        establishment=hotel, actor=root, kind="company", name="Matrix company"
    ).pk
    # Something to invoice on the reservation's folio (POST …/invoices).
    ledger.charge_post(folio=reservation.folio, actor=root, category="minibar", unit_price="2")
    return reservation


# The areas above lodging keep their own hand-written tables (and tests) beside their code.
AREA_MATRICES = [
    "frontoffice.guestservice.tests.matrix_requests",
    "frontoffice.guestservice.tests.matrix_concierge",
    "frontoffice.guestservice.tests.matrix_groups",
    "frontoffice.guestservice.tests.matrix_complaints",
    "frontoffice.procedures.tests.matrix",
]


def area_matrix_rows() -> list:
    import importlib

    return [row for name in AREA_MATRICES for row in importlib.import_module(name).API_ROWS]


def area_page_names() -> set[str]:
    import importlib

    return {page for name in AREA_MATRICES for page in importlib.import_module(name).PAGE_URL_NAMES}


def test_the_table_has_every_api_operation(client):
    """A new endpoint cannot slip past the matrix: it needs a row here."""
    schema = client.get("/api/v1/openapi.json").json()
    operations = {
        (method.upper(), path.removeprefix("/api/v1"))
        for path, ops in schema["paths"].items()
        for method in ops
    }
    in_table = [(method, path.replace("{E}", E)) for method, path, _ in ROWS + area_matrix_rows()]
    assert len(in_table) == len(set(in_table)), "a row appears twice"
    assert set(in_table) == operations - NOT_IN_MATRIX


@pytest.mark.parametrize("role", Role.values)
def test_role_matrix(role, make_user, hotel, today, fixture_reservation):
    user = make_user(role, hotel)
    api = Api(user)
    for method, url, body, allowed in requests(today, fixture_reservation, spare_token(user)):
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


def test_outsider_gets_404_everywhere(make_user, hotel, other_hotel, today, fixture_reservation):
    outsider = make_user(Role.ADMINISTRATOR, other_hotel)
    api = Api(outsider)
    for method, url, body, _allowed in requests(today, fixture_reservation, spare_token(outsider)):
        if not url.startswith("/api/v1/establishments/hotel"):
            continue  # not one establishment's records
        response = call(api, method, url, body)
        assert response.status_code == 404, (method, url, response.status_code)
        assert response.data["code"] == "not_found"


def test_anonymous_gets_401_everywhere(hotel, root, today, fixture_reservation):
    api = Api()
    for method, url, body, _allowed in requests(today, fixture_reservation, spare_token(root)):
        response = call(api, method, url, body)
        assert response.status_code == 401, (method, url)
        assert response.data["code"] == "unauthenticated"
    assert Api(token="not-a-token").get(
        "/api/v1/establishments/hotel/reservations"
    ).status_code == (401)


def test_superuser_can_do_everything(root, hotel, today, fixture_reservation):
    api = Api(root)
    for method, url, body, _allowed in requests(today, fixture_reservation, spare_token(root)):
        response = call(api, method, url, body)
        assert response.status_code < 400 or response.status_code in (409, 422), (
            method,
            url,
            response.data,
        )


# --- contact details: a reservation shows a porter the guest's name, nothing more ---------


@pytest.fixture
def contact_reservation(hotel, root, today):
    return services.reservation_create(
        establishment=hotel,
        actor=root,
        room_type_code="std",
        arrival=today,
        departure=today + dt.timedelta(days=2),
        guest={
            "last_name": "Pagetest",
            "first_name": "Pia",
            "email": "pia@example.com",
            "phone": "+31 20 123 4567",
            "language": "nl",
        },
    )


def guests_seen(api, confirmation) -> list[dict]:
    base = "/api/v1/establishments/hotel/reservations"
    listing = api.get(base)
    detail = api.get(f"{base}/{confirmation}")
    assert listing.status_code == 200 and detail.status_code == 200
    assert [r["confirmation"] for r in listing.data["items"]] == [confirmation]
    return [listing.data["items"][0]["guest"], detail.data["guest"]]


def test_porter_sees_the_guests_name_without_contact_details(make_user, hotel, contact_reservation):
    porter = Api(make_user(Role.PORTER, hotel))
    for guest in guests_seen(porter, contact_reservation.confirmation):
        # The keys are not sent at all: not even as null.
        assert set(guest) == {"id", "first_name", "last_name"}, guest
        assert (guest["first_name"], guest["last_name"]) == ("Pia", "Pagetest")


def test_front_desk_agent_sees_the_guests_contact_details(make_user, hotel, contact_reservation):
    desk = Api(make_user(Role.FRONT_DESK_AGENT, hotel))
    for guest in guests_seen(desk, contact_reservation.confirmation):
        assert guest["email"] == "pia@example.com"
        assert guest["phone"] == "+31201234567"
        assert guest["language"] == "nl"


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
