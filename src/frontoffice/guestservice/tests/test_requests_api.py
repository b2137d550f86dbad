"""Requests and luggage through the API: the pipeline and its refusals, the service level,
who sees what (porters the bell desk only, no money), charges on completion."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from frontoffice.billing.models import Entry
from frontoffice.billing.tests.invoicing import pdf_text
from frontoffice.conftest import Api
from frontoffice.core.models import Role
from frontoffice.customers import services as customer_services
from frontoffice.guestservice.models import ServiceRequest
from frontoffice.guestservice.services import requests as request_services

from .requests_fixtures import *  # noqa: F403 (fixtures)

R = "/api/v1/establishments/hotel/requests"
L = "/api/v1/establishments/hotel/luggage"


def _minutes(a, b):
    return round((dt.datetime.fromisoformat(a) - dt.datetime.fromisoformat(b)).total_seconds() / 60)


def test_a_request_for_a_guest_in_house_is_due_after_the_default_service_level(
    desk_api, in_house, departments
):
    r = desk_api.post(
        R, {"kind": "amenity", "description": "Extra pillows", "reservation": in_house.confirmation}
    )
    assert r.status_code == 201, r.data
    body = r.data
    assert body["status"] == "new"
    assert body["department"] == departments["housekeeping"].pk
    assert body["room"] == in_house.room.number
    assert body["customer"] == in_house.customer_id
    assert body["guest_name"] == "Pia Pagetest"
    assert body["assignee"] is None
    assert _minutes(body["due_at"], body["created_at"]) == 60
    urgent = desk_api.post(
        R, {"kind": "amenity", "priority": "urgent", "customer": in_house.customer_id}
    )
    assert _minutes(urgent.data["due_at"], urgent.data["created_at"]) == 15
    assert urgent.data["room"] is None


def test_a_service_level_row_sets_the_due_time(desk_api, hotel, in_house, departments):
    request_services.service_level_set(
        establishment=hotel,
        department_kind="housekeeping",
        kind="amenity",
        priority="normal",
        minutes=25,
    )
    r = desk_api.post(R, {"kind": "amenity", "reservation": in_house.confirmation})
    assert _minutes(r.data["due_at"], r.data["created_at"]) == 25
    request_services.service_level_set(
        establishment=hotel,
        department=departments["housekeeping"],
        kind="amenity",
        priority="normal",
        minutes=7,
    )
    r = desk_api.post(R, {"kind": "amenity", "reservation": in_house.confirmation})
    assert _minutes(r.data["due_at"], r.data["created_at"]) == 7


def test_a_kind_without_its_department_gets_one_made(desk_api, hotel, walk_up):
    r = desk_api.post(
        R, {"kind": "maintenance", "description": "Tap drips", "customer": walk_up.pk}
    )
    assert r.status_code == 201, r.data
    assert r.data["department_kind"] == "maintenance"
    assert r.data["department_name"] == "Maintenance"
    again = desk_api.post(R, {"kind": "maintenance", "customer": walk_up.pk})
    assert again.data["department"] == r.data["department"]


def test_refusals_when_taking_a_request(desk_api, other_hotel, root, walk_up, departments):
    assert desk_api.post(R, {"kind": "amenity"}).data["code"] == "requester_required"
    r = desk_api.post(R, {"kind": "wake_up", "customer": walk_up.pk})
    assert (r.status_code, r.data["code"]) == (422, "due_required")
    r = desk_api.post(R, {"kind": "amenity", "customer": walk_up.pk, "department": 999999})
    assert (r.status_code, r.data["code"]) == (422, "unknown_department")
    r = desk_api.post(R, {"kind": "amenity", "reservation": "NOPE1234"})
    assert (r.status_code, r.data["code"]) == (422, "unknown_reservation")
    r = desk_api.post(R, {"kind": "teleport", "customer": walk_up.pk})
    assert r.status_code == 422
    assert ServiceRequest.objects.count() == 0


def test_the_pipeline_records_each_step_and_refuses_invalid_moves(
    desk, desk_api, in_house, departments
):
    rid = desk_api.post(R, {"kind": "amenity", "reservation": in_house.confirmation}).data["id"]
    r = desk_api.post(f"{R}/{rid}/complete", {})
    assert (r.status_code, r.data["code"]) == (409, "invalid_status")
    r = desk_api.post(f"{R}/{rid}/assign", {"user": desk.pk})
    assert r.data["status"] == "assigned" and r.data["assignee"] == desk.pk
    assert r.data["assigned_at"]
    r = desk_api.post(f"{R}/{rid}/start")
    assert r.data["status"] == "in_progress" and r.data["started_at"]
    assert desk_api.post(f"{R}/{rid}/start").status_code == 409
    r = desk_api.post(f"{R}/{rid}/complete", {"note": "Two pillows"})
    assert r.status_code == 200, r.data
    assert r.data["status"] == "done" and r.data["completed_at"]
    assert r.data["completion_note"] == "Two pillows"
    for action, body in [
        ("start", {}),
        ("assign", {"user": desk.pk}),
        ("cancel", {"reason": "x"}),
        ("complete", {}),
    ]:
        r = desk_api.post(f"{R}/{rid}/{action}", body)
        assert (r.status_code, r.data["code"]) == (409, "invalid_status"), action


def test_cancel_needs_a_reason_and_ends_the_request(desk_api, in_house, departments):
    rid = desk_api.post(R, {"kind": "amenity", "reservation": in_house.confirmation}).data["id"]
    assert desk_api.post(f"{R}/{rid}/cancel", {"reason": ""}).status_code == 422
    r = desk_api.post(f"{R}/{rid}/cancel", {"reason": "Guest changed their mind"})
    assert r.data["status"] == "cancelled" and r.data["cancelled_at"]
    assert r.data["cancel_reason"] == "Guest changed their mind"
    assert desk_api.post(f"{R}/{rid}/start").data["code"] == "invalid_status"


def test_taking_a_request_someone_holds_needs_reassign(
    desk, make_user, hotel, desk_api, in_house, departments
):
    other = make_user(Role.RECEPTIONIST, hotel)
    outsider = make_user(Role.RECEPTIONIST, None)
    rid = desk_api.post(R, {"kind": "amenity", "reservation": in_house.confirmation}).data["id"]
    r = desk_api.post(f"{R}/{rid}/assign", {"user": outsider.pk})
    assert (r.status_code, r.data["code"]) == (422, "not_staff")
    assert desk_api.post(f"{R}/{rid}/assign", {"user": other.pk}).status_code == 200
    r = desk_api.post(f"{R}/{rid}/assign", {"user": desk.pk})
    assert (r.status_code, r.data["code"]) == (409, "already_assigned")
    r = desk_api.post(f"{R}/{rid}/assign", {"user": desk.pk, "reassign": True})
    assert r.status_code == 200 and r.data["assignee"] == desk.pk


def test_escalating_raises_the_priority_and_brings_the_due_time_forward(
    desk_api, in_house, departments
):
    r = desk_api.post(
        R, {"kind": "amenity", "priority": "low", "reservation": in_house.confirmation}
    )
    rid, first_due = r.data["id"], r.data["due_at"]
    assert _minutes(first_due, r.data["created_at"]) == 240
    r = desk_api.post(f"{R}/{rid}/escalate")
    assert (r.data["priority"], r.data["escalation"]) == ("normal", 1)
    assert _minutes(r.data["due_at"], r.data["created_at"]) == 60
    desk_api.post(f"{R}/{rid}/escalate")
    r = desk_api.post(f"{R}/{rid}/escalate")
    assert r.data["priority"] == "urgent"
    r = desk_api.post(f"{R}/{rid}/escalate")
    assert (r.status_code, r.data["code"]) == (409, "already_urgent")


def test_filters_department_status_overdue_and_mine(desk, desk_api, hotel, in_house, departments):
    past = (timezone.now() - dt.timedelta(minutes=5)).isoformat()
    a = desk_api.post(
        R, {"kind": "amenity", "reservation": in_house.confirmation, "due_at": past}
    ).data
    b = desk_api.post(R, {"kind": "luggage", "reservation": in_house.confirmation}).data
    desk_api.post(f"{R}/{b['id']}/assign", {"user": desk.pk})
    assert desk_api.get(R).data["count"] == 2
    assert [x["id"] for x in desk_api.get(R, overdue="true").data["items"]] == [a["id"]]
    assert desk_api.get(R, overdue="true").data["items"][0]["overdue"] is True
    assert [x["id"] for x in desk_api.get(R, assignee="me").data["items"]] == [b["id"]]
    assert [x["id"] for x in desk_api.get(R, status="new").data["items"]] == [a["id"]]
    bell = departments["bell_desk"].pk
    assert [x["id"] for x in desk_api.get(R, department=bell).data["items"]] == [b["id"]]
    assert desk_api.get(R, assignee="you").status_code == 422
    # Done requests are never overdue.
    desk_api.post(f"{R}/{a['id']}/cancel", {"reason": "done by phone"})
    assert desk_api.get(R, overdue="true").data["count"] == 0


def test_porters_see_and_work_the_bell_desks_jobs_only(
    make_user, hotel, desk_api, in_house, departments
):
    porter = make_user(Role.PORTER, hotel)
    api = Api(porter)
    bags = desk_api.post(R, {"kind": "luggage", "reservation": in_house.confirmation}).data
    towels = desk_api.post(R, {"kind": "housekeeping", "reservation": in_house.confirmation}).data
    listed = api.get(R).data
    assert [x["id"] for x in listed["items"]] == [bags["id"]]
    assert api.get(f"{R}/{towels['id']}").status_code == 404
    assert api.post(f"{R}/{towels['id']}/start").status_code == 404
    r = api.post(f"{R}/{bags['id']}/start")
    assert r.data["assignee"] == porter.pk and r.data["status"] == "in_progress"
    assert api.post(f"{R}/{bags['id']}/complete", {"note": "Room 101"}).data["status"] == "done"


def test_completing_with_a_charge_posts_it_on_the_guests_folio(desk_api, in_house, departments):
    rid = desk_api.post(
        R, {"kind": "amenity", "description": "Champagne", "reservation": in_house.confirmation}
    ).data["id"]
    desk_api.post(f"{R}/{rid}/start")
    r = desk_api.post(
        f"{R}/{rid}/complete",
        {"charge": {"category": "minibar", "unit_price": "45.00", "quantity": "2"}},
    )
    assert r.status_code == 200, r.data
    entry = Entry.objects.get(folio=in_house.folio)
    assert entry.amount == Decimal("90.00") and entry.description == "Champagne"
    assert r.data["charge"] == {"entry": entry.pk, "amount": "90.00"}


def test_a_charge_refused_leaves_the_request_in_progress(desk_api, in_house, walk_up, departments):
    rid = desk_api.post(R, {"kind": "amenity", "reservation": in_house.confirmation}).data["id"]
    desk_api.post(f"{R}/{rid}/start")
    r = desk_api.post(
        f"{R}/{rid}/complete", {"charge": {"category": "nonsense", "unit_price": "5"}}
    )
    assert (r.status_code, r.data["code"]) == (422, "unknown_category")
    assert ServiceRequest.objects.get(pk=rid).status == "in_progress"
    walkup = desk_api.post(R, {"kind": "amenity", "customer": walk_up.pk}).data["id"]
    desk_api.post(f"{R}/{walkup}/start")
    r = desk_api.post(
        f"{R}/{walkup}/complete", {"charge": {"category": "minibar", "unit_price": "5"}}
    )
    assert (r.status_code, r.data["code"]) == (409, "no_folio")
    assert ServiceRequest.objects.get(pk=walkup).status == "in_progress"
    assert Entry.objects.count() == 0


def test_charging_needs_the_right_to_charge_and_money_is_not_shown_without_it(
    make_user, hotel, desk_api, in_house, departments
):
    concierge = Api(make_user(Role.CONCIERGE, hotel))
    porter = Api(make_user(Role.PORTER, hotel))
    rid = desk_api.post(R, {"kind": "luggage", "reservation": in_house.confirmation}).data["id"]
    concierge.post(f"{R}/{rid}/start")
    r = concierge.post(
        f"{R}/{rid}/complete", {"charge": {"category": "minibar", "unit_price": "5"}}
    )
    assert (r.status_code, r.data["code"]) == (403, "forbidden")
    assert Entry.objects.count() == 0
    assert (
        desk_api.post(
            f"{R}/{rid}/complete", {"charge": {"category": "minibar", "unit_price": "5"}}
        ).status_code
        == 200
    )
    assert desk_api.get(f"{R}/{rid}").data["charge"]["amount"] == "5.00"
    assert porter.get(f"{R}/{rid}").data["charge"] is None
    assert concierge.get(f"{R}/{rid}").data["charge"] is None
    assert "5.00" not in porter.get(R).content.decode()


# --- luggage ------------------------------------------------------------------------------


def test_luggage_gets_numbered_tags_and_goes_back_against_tag_and_name(
    make_user, hotel, in_house, walk_up
):
    api = Api(make_user(Role.PORTER, hotel))
    r = api.post(L, {"reservation": in_house.confirmation, "pieces": 3, "location": "Shelf B"})
    assert r.status_code == 201, r.data
    assert r.data["tag"] == "L-0001" and r.data["room"] == in_house.room.number
    assert r.data["guest_name"] == "Pia Pagetest" and r.data["status"] == "stored"
    second = api.post(L, {"customer": walk_up.pk, "pieces": 1, "location": "Cloakroom"}).data
    assert second["tag"] == "L-0002"
    assert api.get(L, status="stored").data["count"] == 2
    r = api.post(f"{L}/L-0001/release", {"last_name": "Smith"})
    assert (r.status_code, r.data["code"]) == (409, "name_mismatch")
    r = api.post(f"{L}/l-1/release", {"last_name": "  PAGETEST "})
    assert r.status_code == 200 and r.data["status"] == "released" and r.data["released_at"]
    r = api.post(f"{L}/L-0001/release", {"last_name": "Pagetest"})
    assert (r.status_code, r.data["code"]) == (409, "already_released")
    assert api.post(f"{L}/L-9999/release", {"last_name": "x"}).status_code == 404
    assert api.get(L, status="stored").data["count"] == 1
    pdf = api.client.get(f"{L}/L-0002/label.pdf", **api.headers)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_luggage_refusals(desk_api, in_house):
    assert desk_api.post(L, {"pieces": 1, "location": "x"}).data["code"] == "requester_required"
    assert (
        desk_api.post(
            L, {"reservation": in_house.confirmation, "pieces": 0, "location": "x"}
        ).status_code
        == 422
    )
    assert (
        desk_api.post(
            L, {"reservation": in_house.confirmation, "pieces": 1, "location": ""}
        ).status_code
        == 422
    )


def test_another_establishments_request_is_not_found(
    make_user, other_hotel, desk_api, in_house, departments
):
    rid = desk_api.post(R, {"kind": "amenity", "reservation": in_house.confirmation}).data["id"]
    other = Api(make_user(Role.FRONT_DESK_AGENT, other_hotel))
    assert other.get(f"/api/v1/establishments/other/requests/{rid}").status_code == 404
    assert other.post(f"/api/v1/establishments/other/requests/{rid}/start").status_code == 404


# --- private guests, limits, who may be given a request -----------------------------------


@pytest.fixture
def private_stay(in_house, root):
    """Pia Pagetest in house, made a private guest."""
    customer_services.customer_update(customer=in_house.customer, actor=root, private=True)
    in_house.customer.refresh_from_db()
    return in_house


def test_a_private_guests_name_and_id_are_not_sent_to_who_may_not_know_of_them(
    make_user, hotel, desk_api, private_stay, departments
):
    porter = Api(make_user(Role.PORTER, hotel))
    rid = desk_api.post(R, {"kind": "luggage", "reservation": private_stay.confirmation}).data["id"]
    # The desk may know of private guests: it sees the name.
    mine = desk_api.get(f"{R}/{rid}").data
    assert (mine["guest_name"], mine["customer"]) == ("Pia Pagetest", private_stay.customer_id)
    # The porter does the job (the room is shown) without learning who it is for.
    assert porter.get(R).data["items"][0]["guest_name"] == "Private guest"
    for answer in (
        porter.get(f"{R}/{rid}"),
        porter.post(f"{R}/{rid}/start"),
        porter.post(f"{R}/{rid}/complete", {"note": "Up in the room"}),
    ):
        assert answer.status_code == 200, answer.data
        assert (answer.data["guest_name"], answer.data["customer"]) == ("Private guest", None)
        assert answer.data["room"] == private_stay.room.number
        assert "Pagetest" not in answer.content.decode()
    # The desk stores the luggage (a porter cannot name a guest they may not know of) …
    stored = desk_api.post(
        L, {"reservation": private_stay.confirmation, "pieces": 2, "location": "Shelf A"}
    )
    assert stored.status_code == 201, stored.data
    assert (stored.data["guest_name"], stored.data["customer"]) == (
        "Pia Pagetest",
        private_stay.customer_id,
    )
    # … and the porter's list, label and hand-back do not name the guest.
    listed = porter.get(L)
    assert [(x["tag"], x["guest_name"], x["customer"]) for x in listed.data["items"]] == [
        ("L-0001", "Private guest", None)
    ]
    assert "Pagetest" not in listed.content.decode()
    label = porter.client.get(f"{L}/L-0001/label.pdf", **porter.headers)
    assert "Private guest" in pdf_text(label.content)
    assert "Pagetest" not in pdf_text(label.content)
    released = porter.post(f"{L}/L-0001/release", {"last_name": "Pagetest"})
    assert released.status_code == 200
    assert (released.data["guest_name"], released.data["customer"]) == ("Private guest", None)
    # The desk sees the name on the list and the label.
    assert desk_api.get(L).data["items"][0]["guest_name"] == "Pia Pagetest"
    desk_label = desk_api.client.get(f"{L}/L-0001/label.pdf", **desk_api.headers)
    assert "Pia Pagetest" in pdf_text(desk_label.content)


@pytest.mark.parametrize(
    "due_at", ["9999-12-31T23:59:00+00:00", "0001-01-01T00:00:00+00:00", "far past", "far future"]
)
def test_a_due_time_far_from_now_is_refused(desk_api, walk_up, departments, due_at):
    now = timezone.now()
    due_at = {
        "far past": (now - dt.timedelta(days=1, minutes=5)).isoformat(),
        "far future": (now + dt.timedelta(days=367)).isoformat(),
    }.get(due_at, due_at)
    r = desk_api.post(R, {"kind": "wake_up", "customer": walk_up.pk, "due_at": due_at})
    assert (r.status_code, r.data["code"]) == (422, "invalid_due"), r.data
    assert ServiceRequest.objects.count() == 0


def test_a_due_time_within_a_day_back_and_a_year_ahead_is_taken(desk_api, walk_up, departments):
    now = timezone.now()
    for due in (now - dt.timedelta(hours=23), now + dt.timedelta(days=365)):
        r = desk_api.post(R, {"kind": "wake_up", "customer": walk_up.pk, "due_at": due.isoformat()})
        assert r.status_code == 201, r.data


HUGE = "99999999999999999999"


def test_ids_beyond_the_databases_integers_are_not_found_never_a_500(
    desk_api, walk_up, departments
):
    rid = desk_api.post(R, {"kind": "amenity", "customer": walk_up.pk}).data["id"]
    assert desk_api.get(R, department=HUGE).data == {"items": [], "count": 0}
    assert desk_api.get(R, department=str(2**62)).data["count"] == 0
    assert desk_api.get(R, department="0").data["count"] == 0
    assert desk_api.get(R, department="-1").data["count"] == 0
    assert desk_api.get(f"{R}/{HUGE}").status_code == 404
    assert desk_api.post(f"{R}/{HUGE}/start").status_code == 404
    r = desk_api.post(R, {"kind": "amenity", "customer": int(HUGE)})
    assert (r.status_code, r.data["code"]) == (422, "unknown_customer")
    r = desk_api.post(R, {"kind": "amenity", "customer": walk_up.pk, "department": int(HUGE)})
    assert (r.status_code, r.data["code"]) == (422, "unknown_department")
    r = desk_api.post(f"{R}/{rid}/assign", {"user": int(HUGE)})
    assert (r.status_code, r.data["code"]) == (422, "not_staff")


def test_a_request_goes_only_to_someone_who_may_work_it(
    make_user, hotel, desk_api, walk_up, departments
):
    porter = make_user(Role.PORTER, hotel)
    file_clerk = make_user(Role.FILE_CLERK, hotel)
    concierge = make_user(Role.CONCIERGE, hotel)
    towels = desk_api.post(R, {"kind": "housekeeping", "customer": walk_up.pk}).data["id"]
    bags = desk_api.post(R, {"kind": "luggage", "customer": walk_up.pk}).data["id"]
    # A file clerk cannot see the queues at all; a porter sees the bell desk's only.
    for user, rid in ((file_clerk, towels), (file_clerk, bags), (porter, towels)):
        r = desk_api.post(f"{R}/{rid}/assign", {"user": user.pk})
        assert (r.status_code, r.data["code"]) == (422, "not_assignable")
    assert ServiceRequest.objects.get(pk=towels).assignee_id is None
    assert desk_api.post(f"{R}/{bags}/assign", {"user": porter.pk}).data["assignee"] == porter.pk
    r = desk_api.post(f"{R}/{towels}/assign", {"user": concierge.pk})
    assert r.data["assignee"] == concierge.pk


def test_a_price_too_high_is_called_too_high(desk_api, in_house, departments):
    rid = desk_api.post(R, {"kind": "amenity", "reservation": in_house.confirmation}).data["id"]
    desk_api.post(f"{R}/{rid}/start")
    for price in ("1e30", "10000000000"):
        r = desk_api.post(
            f"{R}/{rid}/complete", {"charge": {"category": "minibar", "unit_price": price}}
        )
        assert (r.status_code, r.data["code"]) == (422, "too_large"), r.data
        assert r.data["detail"] == "This price is too high."
    assert ServiceRequest.objects.get(pk=rid).status == "in_progress"
    assert Entry.objects.count() == 0
    r = desk_api.post(
        f"{R}/{rid}/complete", {"charge": {"category": "minibar", "unit_price": "9999999999"}}
    )
    assert r.status_code == 200, r.data
