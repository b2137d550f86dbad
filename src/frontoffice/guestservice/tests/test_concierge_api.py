"""The concierge's API: the catalogue, a guest's recommendations and bookings, and who may
use them (the rows of matrix_concierge, for every role)."""

import datetime as dt
from decimal import Decimal

import pytest

from frontoffice.billing.models import Entry
from frontoffice.billing.selectors import folio_balance
from frontoffice.conftest import Api
from frontoffice.core.models import Role
from frontoffice.core.tests.test_permissions import call
from frontoffice.guestservice.models import Recommendation
from frontoffice.guestservice.services import concierge

from .matrix_concierge import API_ROWS

E = "/api/v1/establishments/hotel"
AT = "2026-11-24T23:30:00+00:00"  # Tuesday 23:30 UTC: 00:30 on Wednesday in Amsterdam


@pytest.fixture
def museum(hotel):
    return concierge.attraction_create(
        establishment=hotel,
        name="Van Gogh Museum",
        category="museum",
        opening_hours={str(d): [["09:00", "18:00"]] for d in range(7)},
        languages=["en", "nl"],
        notes={"en": "Sunflowers.", "nl": "Zonnebloemen."},
    )


def bodies(museum, reservation):
    return {
        ("POST", "{E}/attractions"): {"name": "Matrix", "category": "tour"},
        ("PATCH", "{E}/attractions/{attraction_id}"): {"address": "Museumplein 6"},
        ("POST", "{E}/guests/{guest_id}/recommendations"): {
            "attraction": museum.pk,
            "kind": "booking",
            "at": AT,
            "reservation": reservation.confirmation,
            "cost": "12.50",
            "charge_to_folio": True,
        },
    }


def requests(museum, reservation):
    body_of = bodies(museum, reservation)
    for method, template, allowed in API_ROWS:
        url = "/api/v1" + template.format(
            E="/establishments/hotel",
            attraction_id=museum.pk,
            guest_id=reservation.customer_id,
        )
        yield method, url, body_of.get((method, template)), allowed


@pytest.mark.parametrize("role", Role.values)
def test_role_matrix(role, make_user, hotel, museum, reservation):
    api = Api(make_user(role, hotel))
    for method, url, body, allowed in requests(museum, reservation):
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


def test_outsiders_get_404_and_anonymous_callers_401(
    make_user, hotel, other_hotel, museum, reservation
):
    outsider = Api(make_user(Role.ADMINISTRATOR, other_hotel))
    for method, url, body, _allowed in requests(museum, reservation):
        response = call(outsider, method, url, body)
        assert (response.status_code, response.data["code"]) == (404, "not_found"), url
        response = call(Api(), method, url, body)
        assert (response.status_code, response.data["code"]) == (401, "unauthenticated"), url
    assert not Recommendation.objects.exists()


def test_another_hotels_attraction_and_guest_are_unknown(root, hotel, other_hotel, reservation):
    theirs = concierge.attraction_create(
        establishment=other_hotel, name="Elsewhere", category="bar"
    )
    api = Api(root)
    assert api.get(f"{E}/attractions/{theirs.pk}").status_code == 404
    response = api.post(
        f"{E}/guests/{reservation.customer_id}/recommendations", {"attraction": theirs.pk}
    )
    assert (response.status_code, response.data["code"]) == (404, "not_found")
    assert api.get(f"{E}/guests/999999/recommendations").status_code == 404
    assert api.get(f"{E}/guests/999999/popular-attractions").status_code == 404


def test_the_catalogue(make_user, hotel, museum):
    concierge.attraction_create(
        establishment=hotel,
        name="Paradiso",
        category="entertainment",
        opening_hours={"1": [["19:00", "02:00"]]},
        languages=["en"],
    )
    api = Api(make_user(Role.CONCIERGE, hotel))
    everything = api.get(f"{E}/attractions")
    assert everything.status_code == 200
    assert everything.data["count"] == 2
    assert [a["name"] for a in everything.data["items"]] == ["Paradiso", "Van Gogh Museum"]
    # Tuesday 20:00 UTC is 21:00 in Amsterdam: Paradiso is open, the museum is not.
    tuesday_night = "2026-11-24T20:00:00Z"
    found = api.get(f"{E}/attractions", open_now="true", at=tuesday_night)
    assert [(a["name"], a["open_now"]) for a in found.data["items"]] == [("Paradiso", True)]
    found = api.get(f"{E}/attractions", language="nl", q="ZONNEBLOEMEN", at=tuesday_night)
    assert [(a["name"], a["open_now"]) for a in found.data["items"]] == [("Van Gogh Museum", False)]
    found = api.get(f"{E}/attractions", category="museum", at="2026-11-24T12:00:00+01:00")
    assert [(a["name"], a["open_now"]) for a in found.data["items"]] == [("Van Gogh Museum", True)]
    naive = api.get(f"{E}/attractions", open_now="true", at="2026-11-24T20:00:00")
    assert (naive.status_code, naive.data["field"]) == (422, "at")
    assert api.get(f"{E}/attractions", category="casino").status_code == 422


def test_keep_the_catalogue(make_user, hotel):
    api = Api(make_user(Role.CONCIERGE, hotel))
    created = api.post(
        f"{E}/attractions",
        {
            "name": "Canal Cruise",
            "category": "tour",
            "opening_hours": {"5": [["10:00", "22:00"]]},
            "languages": ["EN", "es"],
            "website": "cruise.example",
            "notes": {"es": "Sale del Damrak."},
            "price_level": 2,
        },
    )
    assert created.status_code == 201, created.data
    assert created.data["languages"] == ["en", "es"]
    assert created.data["website"] == "https://cruise.example"
    pk = created.data["id"]
    changed = api.patch(f"{E}/attractions/{pk}", {"price_level": 3, "active": False})
    assert (changed.status_code, changed.data["price_level"], changed.data["active"]) == (
        200,
        3,
        False,
    )
    assert changed.data["notes"] == {"es": "Sale del Damrak."}
    assert api.get(f"{E}/attractions").data["count"] == 0
    assert api.get(f"{E}/attractions", inactive="true").data["count"] == 1
    bad = api.patch(f"{E}/attractions/{pk}", {"opening_hours": {"1": [["10:00", "25:00"]]}})
    assert (bad.status_code, bad.data["field"]) == (422, "opening_hours")
    assert api.patch(f"{E}/attractions/{pk}", {}).data["code"] == "empty_change"
    assert api.get(f"{E}/attractions/{pk}").data["price_level"] == 3


def test_a_concierge_books_for_a_guest_and_the_desk_sees_the_charge(
    make_user, hotel, museum, reservation
):
    concierge_api = Api(make_user(Role.CONCIERGE, hotel))
    url = f"{E}/guests/{reservation.customer_id}/recommendations"
    booked = concierge_api.post(
        url,
        {
            "attraction": museum.pk,
            "kind": "booking",
            "at": AT,
            "reservation": reservation.confirmation.lower(),
            "party_size": 2,
            "confirmation": "VGM-77",
            "cost": "44",
            "charge_to_folio": True,
        },
    )
    assert booked.status_code == 201, booked.data
    assert booked.data["for_date"] == "2026-11-25"
    assert booked.data["cost"] is None  # a concierge sees no money
    assert booked.data["reservation"] == reservation.confirmation
    assert "balance" not in str(booked.data)
    charge = Entry.objects.get(pk=booked.data["charge"])
    assert (charge.folio_id, charge.amount, charge.category) == (
        reservation.folio_id,
        Decimal("44.00"),
        "service",
    )
    recommended = concierge_api.post(url, {"attraction": museum.pk, "for_date": "2026-11-26"})
    assert recommended.status_code == 201
    listed = concierge_api.get(url)
    assert listed.data["count"] == 2
    assert [i["kind"] for i in listed.data["items"]] == ["recommendation", "booking"]
    # The desk agent sees the cost, and the charge on the folio.
    desk = Api(make_user(Role.FRONT_DESK_AGENT, hotel))
    assert [i["cost"] for i in desk.get(url).data["items"]] == [None, "44.00"]
    folio = desk.get(f"{E}/folios/{reservation.folio_id}")
    assert folio.status_code == 200
    assert folio_balance(reservation.folio) == Decimal("44.00")


@pytest.mark.parametrize(
    "body, status, code",
    [
        ({"kind": "booking"}, 422, "invalid"),
        ({"kind": "booking", "at": AT, "reservation": "NOSUCH1"}, 422, "invalid"),
        ({"kind": "booking", "at": AT, "cost": "1", "charge_to_folio": True}, 422, "invalid"),
        ({"kind": "booking", "at": "2026-11-24T12:00:00"}, 422, "invalid"),
        ({"kind": "outing", "at": AT}, 422, "invalid"),
        ({"attraction": 0}, 422, "invalid"),
        ({"attraction": 10**20}, 422, "invalid"),
        ({"party_size": 0}, 422, "invalid"),
        ({"cost": "1e400"}, 422, "invalid"),
    ],
)
def test_bad_bookings_write_nothing(root, museum, reservation, body, status, code):
    response = Api(root).post(
        f"{E}/guests/{reservation.customer_id}/recommendations",
        {"attraction": museum.pk, **body},
    )
    assert (response.status_code, response.data["code"]) == (status, code), response.data
    assert not Recommendation.objects.exists() and not Entry.objects.exists()


def test_a_cancelled_stay_takes_no_booking_charge(root, museum, reservation):
    from frontoffice.lodging import services as lodging_services

    lodging_services.reservation_cancel(reservation=reservation, actor=root, reason="Flu")
    response = Api(root).post(
        f"{E}/guests/{reservation.customer_id}/recommendations",
        {
            "attraction": museum.pk,
            "kind": "booking",
            "at": AT,
            "reservation": reservation.confirmation,
            "cost": "5",
            "charge_to_folio": True,
        },
    )
    assert (response.status_code, response.data["code"]) == (409, "not_chargeable")


def test_popular_attractions(root, hotel, museum, reservation):
    api = Api(root)
    url = f"{E}/guests/{reservation.customer_id}/popular-attractions"
    assert api.get(url).data == {"similar": False, "items": []}
    other = concierge.attraction_create(establishment=hotel, name="Heineken", category="tour")
    for place in (museum, other, other):
        concierge.recommendation_create(
            establishment=hotel,
            actor=root,
            customer=reservation.customer,
            attraction=place,
            kind="booking",
            at=dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC),
        )
    # The guest has neither language nor nationality: every guest's bookings count.
    popular = api.get(url)
    assert popular.data["similar"] is False
    assert [(i["attraction"]["name"], i["bookings"]) for i in popular.data["items"]] == [
        ("Heineken", 2),
        ("Van Gogh Museum", 1),
    ]
