"""Complaints and compliments through the API: the escalation rule, who resolves what,
compensation as an allowance on the folio (nothing half-written), the permission matrix.
Expected answers written by hand."""

from __future__ import annotations

import pytest

from frontoffice.billing.models import Entry
from frontoffice.conftest import Api
from frontoffice.core.models import Role
from frontoffice.customers import services as customer_services
from frontoffice.guestservice.models import Complaint
from frontoffice.guestservice.services import complaints as services

from .complaints_fixtures import *  # noqa: F403 (the fixtures)
from .complaints_fixtures import E, checked_in
from .matrix_complaints import API_ROWS

pytestmark = pytest.mark.django_db


def _take(api, customer, **extra):
    body = {
        "customer": customer.pk,
        "category": "noise",
        "severity": "medium",
        "description": "Loud music from the room above until 2 am.",
        **extra,
    }
    return api.post(f"{E}/complaints", body)


def test_a_medium_complaint_is_not_escalated_and_the_desk_resolves_it(desk_api, stay):
    taken = _take(desk_api, stay.customer, reservation=stay.confirmation)
    assert taken.status_code == 201, taken.data
    assert taken.data["status"] == "open" and taken.data["escalated"] is False
    assert taken.data["escalated_at"] is None
    assert taken.data["taken_by"] == "desk" and taken.data["reservation"] == stay.confirmation
    assert taken.data["customer"] == {
        "id": stay.customer_id,
        "name": "Olga Ordinary",
        "vip_level": 0,
    }
    done = desk_api.post(
        f"{E}/complaints/{taken.data['id']}/resolve",
        {"resolution": "Moved to a quiet room.", "satisfaction": 4},
    )
    assert done.status_code == 200, done.data
    assert done.data["status"] == "resolved" and done.data["resolved_by"] == "desk"
    assert done.data["satisfaction"] == 4 and done.data["compensation"] is None
    again = desk_api.post(f"{E}/complaints/{taken.data['id']}/resolve", {"resolution": "x"})
    assert again.status_code == 409 and again.data["code"] == "already_resolved"


@pytest.mark.parametrize("severity", ["high", "critical"])
def test_high_severity_escalates_and_only_the_manager_resolves(desk_api, manager, stay, severity):
    taken = _take(desk_api, stay.customer, severity=severity)
    assert taken.data["escalated"] is True and taken.data["escalated_at"] is not None
    refused = desk_api.post(f"{E}/complaints/{taken.data['id']}/resolve", {"resolution": "x"})
    assert refused.status_code == 403 and refused.data["code"] == "escalated_manager_only"
    assert Complaint.objects.get(pk=taken.data["id"]).status == "open"
    done = Api(manager).post(f"{E}/complaints/{taken.data['id']}/resolve", {"resolution": "Sorry."})
    assert done.status_code == 200 and done.data["resolved_by"] == "manager"


def test_a_vips_complaint_escalates_even_when_low(desk_api, vip):
    taken = _take(desk_api, vip, severity="low")
    assert taken.status_code == 201 and taken.data["escalated"] is True
    assert taken.data["customer"]["vip_level"] == 2


def test_a_compliment_is_recorded_never_escalated(desk_api, vip):
    taken = _take(
        desk_api,
        vip,
        kind="compliment",
        category="staff",
        severity="critical",
        description="Anna at the desk was wonderful.",
    )
    assert taken.status_code == 201
    assert (taken.data["kind"], taken.data["status"], taken.data["escalated"]) == (
        "compliment",
        "resolved",
        False,
    )
    assert taken.data["severity"] == "low"
    listed = desk_api.get(f"{E}/complaints", status="open").data
    assert listed["count"] == 0


def test_compensation_is_an_allowance_on_the_latest_room_night(desk_api, stay):
    taken = _take(desk_api, stay.customer, reservation=stay.confirmation)
    done = desk_api.post(
        f"{E}/complaints/{taken.data['id']}/resolve",
        {"resolution": "Took 15 off the night.", "compensation": {"amount": "15"}},
    )
    assert done.status_code == 200, done.data
    assert done.data["compensation"] == "15.00"
    allowance = Entry.objects.get(pk=done.data["allowance"])
    assert allowance.kind == "allowance" and allowance.amount == -15
    assert allowance.applies_to_id == stay.last_night.pk
    assert allowance.folio_id == stay.folio_id
    assert f"Complaint {taken.data['id']}" in allowance.reason


def test_the_allowance_reason_is_in_the_establishments_language(desk_api, stay):
    """A German-speaking agent at a Dutch hotel: the allowance's reason (read by the team,
    printed on the bill) is Dutch."""
    from frontoffice.core.models import Establishment

    Establishment.objects.filter(pk=stay.establishment_id).update(language="nl")
    taken = _take(desk_api, stay.customer, reservation=stay.confirmation)
    done = desk_api.post(
        f"{E}/complaints/{taken.data['id']}/resolve",
        {"resolution": "Took 15 off the night.", "compensation": {"amount": "15"}},
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert done.status_code == 200, done.data
    reason = Entry.objects.get(pk=done.data["allowance"]).reason
    assert reason == f"Klacht {taken.data['id']}: Took 15 off the night."


def test_compensation_on_a_chosen_charge(desk_api, stay):
    taken = _take(desk_api, stay.customer, reservation=stay.confirmation, category="food")
    done = desk_api.post(
        f"{E}/complaints/{taken.data['id']}/resolve",
        {
            "resolution": "Minibar on us.",
            "compensation": {"amount": "8", "charge_entry": stay.minibar.pk},
        },
    )
    assert done.status_code == 200, done.data
    assert Entry.objects.get(pk=done.data["allowance"]).applies_to_id == stay.minibar.pk


@pytest.mark.parametrize(
    "compensation, status, code",
    [
        ({"amount": "9", "charge_entry": "minibar"}, 409, "allowance_exceeds_charge"),
        ({"amount": "25"}, 403, "allowance_above_limit"),
        ({"amount": "5", "charge_entry": "other_folio"}, 422, "unknown_entry"),
    ],
)
def test_a_refused_compensation_writes_nothing(
    desk_api, stay, hotel, root, today, compensation, status, code
):
    if compensation.get("charge_entry") == "minibar":
        compensation["charge_entry"] = stay.minibar.pk
    elif compensation.get("charge_entry") == "other_folio":
        other = customer_services.customer_create(
            establishment=hotel, actor=root, last_name="Other"
        )
        from frontoffice.billing.services import ledger

        other_stay = checked_in(hotel, root, today, other, room="102")
        compensation["charge_entry"] = ledger.charge_post(
            folio=other_stay.folio, actor=root, category="room", unit_price="50"
        ).pk
    taken = _take(desk_api, stay.customer, reservation=stay.confirmation)
    entries = Entry.objects.count()
    refused = desk_api.post(
        f"{E}/complaints/{taken.data['id']}/resolve",
        {"resolution": "Sorry.", "compensation": compensation},
    )
    assert refused.status_code == status, refused.data
    if code:
        assert refused.data["code"] == code
    assert Entry.objects.count() == entries
    complaint = Complaint.objects.get(pk=taken.data["id"])
    assert (complaint.status, complaint.allowance_id, complaint.compensation) == (
        "open",
        None,
        None,
    )


def test_the_manager_may_give_more_than_the_limit(manager, stay):
    api = Api(manager)
    taken = _take(api, stay.customer, reservation=stay.confirmation, severity="high")
    done = api.post(
        f"{E}/complaints/{taken.data['id']}/resolve",
        {"resolution": "Night on us.", "compensation": {"amount": "100"}},
    )
    assert done.status_code == 200 and done.data["compensation"] == "100.00"


def test_compensation_needs_a_stay_with_a_room_charge(desk_api, stay, hotel, root, today):
    taken = _take(desk_api, stay.customer)  # no stay named
    refused = desk_api.post(
        f"{E}/complaints/{taken.data['id']}/resolve",
        {"resolution": "x", "compensation": {"amount": "5"}},
    )
    assert refused.status_code == 422 and refused.data["code"] == "no_stay"
    bare = checked_in(hotel, root, today, stay.customer, room="102")
    taken = _take(desk_api, stay.customer, reservation=bare.confirmation)
    refused = desk_api.post(
        f"{E}/complaints/{taken.data['id']}/resolve",
        {"resolution": "x", "compensation": {"amount": "5"}},
    )
    assert refused.status_code == 422 and refused.data["code"] == "charge_required"


def test_bad_input(desk_api, stay, vip):
    other = checked_in(stay.establishment, None, stay.arrival, vip, room="102")
    wrong = _take(desk_api, stay.customer, reservation=other.confirmation)
    assert wrong.status_code == 422 and wrong.data["code"] == "wrong_stay"
    assert _take(desk_api, stay.customer, category="weather").status_code == 422
    assert _take(desk_api, stay.customer, severity="apocalyptic").status_code == 422
    assert _take(desk_api, stay.customer, description="").status_code == 422
    unknown = desk_api.post(
        f"{E}/complaints", {"customer": 999999, "category": "noise", "description": "x"}
    )
    assert unknown.status_code == 404
    taken = _take(desk_api, stay.customer)
    url = f"{E}/complaints/{taken.data['id']}/resolve"
    assert desk_api.post(url, {"resolution": "x", "satisfaction": 6}).status_code == 422
    assert desk_api.post(url, {"resolution": ""}).status_code == 422
    assert (
        desk_api.post(url, {"resolution": "x", "compensation": {"amount": "-5"}}).status_code == 422
    )
    assert desk_api.post(f"{E}/complaints/999999/resolve", {"resolution": "x"}).status_code == 404


def test_the_list_puts_escalated_first_and_filters(desk_api, stay, vip):
    low = _take(desk_api, stay.customer, severity="low").data["id"]
    high = _take(desk_api, stay.customer, severity="high").data["id"]
    later = _take(desk_api, stay.customer, severity="medium").data["id"]
    vips = _take(desk_api, vip, severity="low").data["id"]
    rows = desk_api.get(f"{E}/complaints").data
    assert [c["id"] for c in rows["items"]] == [vips, high, later, low]
    assert rows["count"] == 4
    assert desk_api.get(f"{E}/complaints", escalated="false").data["count"] == 2
    assert desk_api.get(f"{E}/complaints", customer=vip.pk).data["count"] == 1


def test_money_is_not_sent_to_the_concierge(make_user, hotel, desk_api, stay):
    taken = _take(desk_api, stay.customer, reservation=stay.confirmation)
    desk_api.post(
        f"{E}/complaints/{taken.data['id']}/resolve",
        {"resolution": "x", "compensation": {"amount": "5"}},
    )
    concierge = Api(make_user(Role.CONCIERGE, hotel))
    row = concierge.get(f"{E}/complaints/{taken.data['id']}").data
    assert "compensation" not in row and "allowance" not in row
    assert "compensation" not in concierge.get(f"{E}/complaints").data["items"][0]


def test_a_private_guests_complaints_are_hidden_from_the_concierge(
    make_user, hotel, root, desk_api
):
    star = customer_services.customer_create(
        establishment=hotel, actor=root, last_name="Starr", private=True
    )
    taken = _take(desk_api, star)
    assert taken.status_code == 201
    concierge = Api(make_user(Role.CONCIERGE, hotel))
    assert concierge.get(f"{E}/complaints").data["count"] == 0
    assert concierge.get(f"{E}/complaints/{taken.data['id']}").status_code == 404
    refused = _take(concierge, star)
    unknown = concierge.post(
        f"{E}/complaints", {"customer": 999999, "category": "noise", "description": "x"}
    )
    assert refused.status_code == 404 and refused.content == unknown.content


def test_resolving_twice_at_once_resolves_once(stay, root, manager):
    """The row lock: the second resolution sees the first (a sequential check of the same
    guard; the threaded race is in test_complaints_concurrency)."""
    complaint = services.complaint_create(
        customer=stay.customer, actor=root, category="noise", description="x"
    )
    services.complaint_resolve(
        complaint=complaint, actor=root, resolution="a", may_resolve_escalated=True
    )
    with pytest.raises(Exception) as caught:
        services.complaint_resolve(
            complaint=complaint, actor=root, resolution="b", may_resolve_escalated=True
        )
    assert getattr(caught.value, "code", None) == "already_resolved"


# --- the permission matrix ------------------------------------------------------------------


def _bodies(stay):
    return {
        ("POST", "{E}/complaints"): {
            "customer": stay.customer_id,
            "category": "room",
            "severity": "low",
            "description": "Matrix",
        },
        ("POST", "{E}/complaints/{complaint_id}/resolve"): {"resolution": "Matrix"},
        ("POST", "{E}/shift-log"): {"text": "Matrix"},
        ("POST", "{E}/shift-log/{note_id}/read"): {},
    }


def _requests(stay, root):
    from frontoffice.guestservice.services import shiftlog

    complaint = services.complaint_create(
        customer=stay.customer, actor=root, category="room", description="Matrix"
    )
    note = shiftlog.shift_note_write(establishment=stay.establishment, actor=root, text="M")
    bodies = _bodies(stay)
    for method, template, allowed in API_ROWS:
        url = "/api/v1" + template.format(
            E="/establishments/hotel", complaint_id=complaint.pk, note_id=note.pk
        )
        yield method, url, bodies.get((method, template)), allowed


@pytest.mark.parametrize("role", Role.values)
def test_role_matrix(role, make_user, hotel, stay, root):
    api = Api(make_user(role, hotel))
    for method, url, body, allowed in _requests(stay, root):
        response = api.get(url) if method == "GET" else api.post(url, body)
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


def test_outsiders_get_404_and_anonymous_401(make_user, other_hotel, stay, root):
    outsider = Api(make_user(Role.ADMINISTRATOR, other_hotel))
    for method, url, body, _allowed in _requests(stay, root):
        response = outsider.get(url) if method == "GET" else outsider.post(url, body)
        assert response.status_code == 404 and response.data["code"] == "not_found", url
        response = Api().get(url) if method == "GET" else Api().post(url, body)
        assert response.status_code == 401, url
