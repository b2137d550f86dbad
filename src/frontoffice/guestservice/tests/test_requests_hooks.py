"""Requests joined to the desk: luggage help at check-in and check-out makes the porter's
job (in the stay's transaction), wake-up calls of the next hour on the dashboard, the
overdue panel for the manager's desk, and the demo's requests."""

import datetime as dt
import io

from django.test import Client
from django.utils import timezone

from frontoffice.billing.services import ledger
from frontoffice.conftest import Api
from frontoffice.core.models import Establishment, Role
from frontoffice.guestservice.models import Luggage, ServiceRequest
from frontoffice.guestservice.requests_panels import overdue_requests_panel
from frontoffice.guestservice.services import requests as request_services
from frontoffice.lodging import extensions as lodging_extensions
from frontoffice.lodging import services as lodging_services

from .requests_fixtures import *  # noqa: F403 (fixtures)


def test_check_in_with_luggage_help_gives_the_bell_desk_a_job(desk_api, reservation):
    r = desk_api.post(
        f"/api/v1/establishments/hotel/reservations/{reservation.confirmation}/check-in",
        {"luggage_help": True},
    )
    assert r.status_code == 200, r.data
    job = ServiceRequest.objects.get()
    assert (job.kind, job.department.kind, job.reservation_id) == (
        "luggage",
        "bell_desk",
        reservation.pk,
    )
    assert job.description == f"Luggage from the car to room {r.data['room']}"
    assert job.room.number == r.data["room"]


def test_check_in_without_luggage_help_makes_no_job(desk_api, reservation):
    r = desk_api.post(
        f"/api/v1/establishments/hotel/reservations/{reservation.confirmation}/check-in", {}
    )
    assert r.status_code == 200
    assert ServiceRequest.objects.count() == 0


def test_a_failing_hook_rolls_the_check_in_back(reservation, root):
    def broken(reservation, actor, options):
        raise RuntimeError("boom")

    lodging_extensions.after_check_in.append(broken)
    try:
        try:
            lodging_services.reservation_check_in(
                reservation=reservation, actor=root, luggage_help=True
            )
        except RuntimeError:
            pass
    finally:
        lodging_extensions.after_check_in.remove(broken)
    reservation.refresh_from_db()
    assert reservation.status == "confirmed"
    assert ServiceRequest.objects.count() == 0


def _prepay_the_night(stay, actor):
    """Check-out posts the night kept (100.00) and wants a settled account."""
    ledger.payment_post(folio=stay.folio, actor=actor, amount="100.00", method="cash")


def test_check_out_with_luggage_help_from_the_page(desk, in_house):
    _prepay_the_night(in_house, desk)
    client = Client()
    client.force_login(desk)
    url = f"/e/hotel/reservations/{in_house.confirmation}/check-out/"
    assert "luggage_help" in client.get(url).content.decode()
    assert client.post(url, {"luggage_help": "on"}).status_code == 302
    job = ServiceRequest.objects.get()
    assert job.description == f"Luggage from room {in_house.room.number} to the car"
    assert job.department.kind == "bell_desk"


def test_check_out_through_the_api_without_a_body_still_works(desk, desk_api, in_house):
    _prepay_the_night(in_house, desk)
    r = desk_api.client.generic(
        "POST",
        f"/api/v1/establishments/hotel/reservations/{in_house.confirmation}/check-out",
        **desk_api.headers,
    )
    assert r.status_code == 200, r.content
    assert ServiceRequest.objects.count() == 0


def test_check_in_page_offers_luggage_help(desk, reservation):
    client = Client()
    client.force_login(desk)
    url = f"/e/hotel/reservations/{reservation.confirmation}/check-in/"
    page = client.get(url).content.decode()
    assert 'name="luggage_help"' in page
    room = reservation.establishment.rooms.order_by("number").first().number
    response = client.post(url, {"room": room, "keys": "1", "luggage_help": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ServiceRequest.objects.get().kind == "luggage"


def test_wake_up_calls_of_the_next_hour_are_on_the_dashboard(desk, make_user, hotel, walk_up):
    soon = request_services.request_create(
        establishment=hotel,
        actor=None,
        kind="wake_up",
        customer=walk_up,
        description="Call twice",
        due_at=timezone.now() + dt.timedelta(minutes=45),
    )
    request_services.request_create(
        establishment=hotel,
        actor=None,
        kind="wake_up",
        customer=walk_up,
        description="Tomorrow's call",
        due_at=timezone.now() + dt.timedelta(hours=3),
    )
    client = Client()
    client.force_login(desk)
    html = client.get("/e/hotel/").content.decode()
    assert 'id="wake-up-calls"' in html and "Call twice" in html
    assert "Tomorrow's call" not in html
    figures = client.get("/e/hotel/dashboard/figures/").content.decode()
    assert "Call twice" in figures
    request_services.request_start(request=soon, actor=desk)
    request_services.request_complete(request=soon, actor=desk)
    assert 'id="wake-up-calls"' not in client.get("/e/hotel/").content.decode()
    cashier = Client()
    cashier.force_login(make_user(Role.CASHIER, hotel))
    assert "wake-up-calls" not in cashier.get("/e/hotel/").content.decode()


def test_the_overdue_panel_lists_late_open_requests_of_every_department(
    desk, make_user, hotel, in_house
):
    from frontoffice.core.policy import Access

    late = request_services.request_create(
        establishment=hotel,
        actor=None,
        kind="maintenance",
        reservation=in_house,
        due_at=timezone.now() - dt.timedelta(minutes=1),
    )
    request_services.request_create(
        establishment=hotel, actor=None, kind="amenity", reservation=in_house
    )
    manager = make_user(Role.FRONT_OFFICE_MANAGER, hotel)
    template, context = overdue_requests_panel(
        None,
        Access(user=manager, establishment=hotel, roles=frozenset({Role.FRONT_OFFICE_MANAGER})),
    )
    assert template == "guestservice/_overdue_requests_panel.html"
    assert [row.pk for row in context["rows"]] == [late.pk]
    cashier = Access(user=desk, establishment=hotel, roles=frozenset({Role.CASHIER}))
    assert overdue_requests_panel(None, cashier) is None


def test_the_demo_has_requests_in_every_state_and_luggage(db):
    from frontoffice.lodging import demo

    assert demo.load(stdout=io.StringIO(), days_back=1, days_ahead=2)
    est = Establishment.unscoped.get(code=demo.CODE)
    statuses = set(
        ServiceRequest.objects.filter(establishment=est).values_list("status", flat=True)
    )
    assert statuses == {"new", "assigned", "in_progress", "done", "cancelled"}
    assert ServiceRequest.objects.filter(establishment=est, kind="wake_up").count() == 2
    assert ServiceRequest.objects.filter(establishment=est, charge_entry__isnull=False).count() == 1
    assert set(Luggage.objects.filter(establishment=est).values_list("status", flat=True)) == {
        "stored",
        "released",
    }
    porter = Api(est.staff_roles.get(role="porter").user)
    assert porter.get(f"/api/v1/establishments/{est.code}/requests").data["count"] >= 1


def test_a_walk_in_with_luggage_help_gives_the_bell_desk_a_job(desk_api, today):
    from frontoffice.conftest import booking

    body = booking(today, offset=0, nights=1)
    body.pop("arrival")
    r = desk_api.post("/api/v1/establishments/hotel/walk-ins", {**body, "luggage_help": True})
    assert r.status_code == 201, r.data
    job = ServiceRequest.objects.get()
    assert (job.kind, job.reservation.confirmation) == ("luggage", r.data["confirmation"])


def _dutch(hotel):
    Establishment.objects.filter(pk=hotel.pk).update(language="nl")


def test_the_luggage_job_is_written_in_the_establishments_language(desk_api, reservation, hotel):
    """A German-speaking agent checks a guest in at a Dutch hotel: the porter's job is data
    the whole team reads, so it is in Dutch (not in the agent's German, not in English)."""
    _dutch(hotel)
    r = desk_api.post(
        f"/api/v1/establishments/hotel/reservations/{reservation.confirmation}/check-in",
        {"luggage_help": True},
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert r.status_code == 200, r.data
    job = ServiceRequest.objects.get()
    assert job.description == f"Bagage van de auto naar kamer {r.data['room']}"


def test_the_departure_luggage_job_is_in_the_establishments_language(desk, in_house, hotel):
    _prepay_the_night(in_house, desk)
    _dutch(hotel)
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(desk)
    url = f"/e/hotel/reservations/{in_house.confirmation}/check-out/"
    assert client.post(url, {"luggage_help": "on"}).status_code == 302
    job = ServiceRequest.objects.get()
    assert job.description == f"Bagage van kamer {in_house.room.number} naar de auto"


def test_a_charge_named_by_its_kind_is_in_the_establishments_language(
    desk_api, in_house, hotel, departments
):
    """A request without words of its own is charged under its kind's name: in Dutch at a
    Dutch hotel, whoever (here a German speaker) completes it."""
    from frontoffice.billing.models import Entry

    _dutch(hotel)
    base = "/api/v1/establishments/hotel/requests"
    rid = desk_api.post(base, {"kind": "amenity", "reservation": in_house.confirmation}).data["id"]
    desk_api.post(f"{base}/{rid}/start")
    r = desk_api.post(
        f"{base}/{rid}/complete",
        {"charge": {"category": "minibar", "unit_price": "5.00"}},
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert r.status_code == 200, r.data
    assert Entry.objects.get(folio=in_house.folio, kind="charge").description == "Extra voorziening"
