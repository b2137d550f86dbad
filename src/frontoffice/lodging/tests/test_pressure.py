"""Correct under pressure: the right status for each kind of failure, reads that never write,
guest matching inside the booking, retries only where a retry helps, one booking per form,
codes written as hotels write them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from frontoffice.conftest import booking
from frontoffice.core import db, tenancy
from frontoffice.core.errors import Conflict
from frontoffice.core.models import Establishment
from frontoffice.customers.models import Customer
from frontoffice.lodging import selectors, services
from frontoffice.lodging.models import InventoryNight, Reservation, RoomType
from frontoffice.lodging.services import reservations as reservation_services

E = "/api/v1/establishments/hotel"


# --- every API answer is JSON -------------------------------------------------------------


@pytest.mark.parametrize(
    "method, path, status, code",
    [
        ("get", "/api/v1/nothing-here", 404, "not_found"),
        ("get", "/api/v2/establishments", 404, "not_found"),
        ("get", "/api/", 404, "not_found"),
        ("post", f"{E}/availability", 405, "method_not_allowed"),
        ("delete", f"{E}/reservations", 405, "method_not_allowed"),
        ("put", "/api/v1/auth/token", 405, "method_not_allowed"),
    ],
)
def test_unknown_paths_and_methods_answer_json(desk_api, method, path, status, code):
    response = getattr(desk_api.client, method)(path, **desk_api.headers)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == code and response.json()["detail"]


def test_a_bug_is_a_logged_500_not_a_retryable_conflict(desk, hotel, today, caplog):
    """A missing table is our bug: 500 with {code, detail}, logged; never 409 "try again"
    or 503 "busy", which would make clients retry it."""
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE lodging_rateplanprice")
    services.rate_plan_create(establishment=hotel, code="bb", name="B&B")
    client = Client(raise_request_exception=False)
    client.force_login(desk)
    arrival, departure = today + dt.timedelta(days=3), today + dt.timedelta(days=4)
    response = client.get(
        f"{E}/availability", {"arrival": arrival, "departure": departure, "rate_plan": "bb"}
    )
    assert response.status_code == 500
    assert response.json()["code"] == "server_error"
    assert any(r.levelname == "ERROR" for r in caplog.records)


def test_integrity_conflicts_and_busy_are_told_apart():
    from django.db import OperationalError

    class Cause(Exception):
        def __init__(self, sqlstate):
            self.sqlstate = sqlstate

    def pg_error(sqlstate):
        exc = OperationalError("x")
        exc.__cause__ = Cause(sqlstate)
        return exc

    assert db.is_busy(OperationalError("database is locked"))
    assert db.is_busy(pg_error("55P03")) and db.is_busy(pg_error("40P01"))
    assert not db.is_busy(OperationalError("no such table: lodging_room"))
    assert not db.is_busy(pg_error("42P01"))  # undefined_table
    assert not db.is_busy(IntegrityError("UNIQUE constraint failed"))


def test_only_constraint_races_are_conflicts(hotel, root, today):
    """Real integrity errors from the engine in use: a unique or check constraint is a 409
    (a concurrent change); NOT NULL or a foreign key is our bug (500)."""
    made = services.reservation_create(
        establishment=hotel,
        actor=root,
        room_type_code="std",
        arrival=today,
        departure=today + dt.timedelta(days=1),
        guest={"last_name": "Made", "email": "made@x.org"},
    )
    errors = {}
    with tenancy.scope(hotel):
        for name, make in {
            "unique": lambda: Customer.objects.create(
                establishment=hotel, last_name="Made", email="made@x.org"
            ),
            "check": lambda: InventoryNight.objects.filter(
                pk=InventoryNight.objects.first().pk
            ).update(sold=-1),
            "not null": lambda: Customer.objects.create(establishment=hotel, last_name=None),
            "foreign key": lambda: Reservation.objects.filter(pk=made.pk).update(customer_id=10**9),
        }.items():
            with pytest.raises(IntegrityError) as caught, transaction.atomic():
                make()
                connection.check_constraints()  # foreign keys are deferred to the commit
            errors[name] = db.is_conflict(caught.value)
    assert errors == {"unique": True, "check": True, "not null": False, "foreign key": False}


def test_the_api_answers_races_409_and_bugs_500(hotel):
    """The API's handler with real errors of the engine in use: a unique violation is a
    409 the client may retry; a NOT NULL violation is re-raised (logged, 500)."""
    from django.test import RequestFactory

    from frontoffice.config.api import integrity_error

    with tenancy.scope(hotel):
        Customer.objects.create(establishment=hotel, last_name="Once", email="once@x.org")
        with pytest.raises(IntegrityError) as race, transaction.atomic():
            Customer.objects.create(establishment=hotel, last_name="Once", email="once@x.org")
        with pytest.raises(IntegrityError) as bug, transaction.atomic():
            Customer.objects.create(establishment=hotel, last_name=None)
    request = RequestFactory().post("/api/v1/establishments/hotel/guests")
    response = integrity_error(request, race.value)
    assert response.status_code == 409
    with pytest.raises(IntegrityError):
        integrity_error(request, bug.value)


# --- selectors never write ---------------------------------------------------------------


WRITES = ("INSERT", "UPDATE", "DELETE", "FOR UPDATE")


def _writes(queries) -> list[str]:
    return [q["sql"] for q in queries if any(w in q["sql"].upper() for w in WRITES)]


def test_availability_and_the_quote_only_read(desk, hotel, today):
    horizon = Establishment.unscoped.get(pk=hotel.pk).inventory_horizon
    rows = InventoryNight.objects.count()
    far = horizon + dt.timedelta(days=1)  # beyond the nights that have rows
    # Only the nights the inventory has not reached yet; and bookable nights up to then.
    far = min(far, today + dt.timedelta(days=700))
    services.room_out_of_order(
        room=hotel.rooms.filter(room_type__code="std").first(),
        start=far,
        end=far + dt.timedelta(days=1),
    )
    client = Client()
    client.force_login(desk)
    with CaptureQueriesContext(connection) as queries:
        api = client.get(
            f"{E}/availability", {"arrival": far, "departure": far + dt.timedelta(days=2)}
        )
        quote = client.get(
            "/e/hotel/reservations/quote/",
            {"room_type": "std", "arrival": far, "departure": far + dt.timedelta(days=2)},
        )
    assert api.status_code == 200 and quote.status_code == 200
    assert _writes(queries.captured_queries) == []
    assert InventoryNight.objects.count() == rows
    assert Establishment.unscoped.get(pk=hotel.pk).inventory_horizon == horizon


def test_nights_beyond_the_inventory_read_as_their_rooms(hotel, root, today):
    """The daily job has not run for a while: nights past the horizon have no rows, and
    availability counts what the rows would say (rooms less out of order plus allowance)."""
    horizon = Establishment.unscoped.get(pk=hotel.pk).inventory_horizon
    with tenancy.scope(hotel):
        InventoryNight.objects.filter(date__gt=today + dt.timedelta(days=60)).delete()
    Establishment.unscoped.filter(pk=hotel.pk).update(
        inventory_horizon=today + dt.timedelta(days=60)
    )
    hotel.refresh_from_db()
    day = today + dt.timedelta(days=90)
    std = RoomType.objects.get(establishment=hotel, code="std")
    services.room_type_update(room_type=std, overbooking_allowance=2)
    room = hotel.rooms.filter(room_type__code="std").first()
    services.room_out_of_order(room=room, start=day, end=day + dt.timedelta(days=1))
    with tenancy.scope(hotel):
        result = selectors.availability(hotel, day, day + dt.timedelta(days=2), "std")
    assert [n.available for n in result[0].nights] == [3 - 1 + 2, 3 + 2]
    # Booking there makes the rows (the booking service extends the inventory) and agrees.
    services.reservation_create(
        establishment=hotel,
        actor=root,
        room_type_code="std",
        arrival=day,
        departure=day + dt.timedelta(days=1),
        guest={"last_name": "Far"},
    )
    with tenancy.scope(hotel):
        row = InventoryNight.objects.get(room_type=std, date=day)
        result = selectors.availability(hotel, day, day + dt.timedelta(days=1), "std")
    assert (row.capacity, row.sold) == (4, 1)
    assert result[0].nights[0].available == 3
    assert horizon is not None


def test_the_daily_job_extends_the_inventory(hotel, today):
    from django.core.management import call_command

    Establishment.unscoped.filter(pk=hotel.pk).update(inventory_horizon=today)
    with tenancy.scope(hotel):
        InventoryNight.objects.filter(date__gt=today).delete()
    call_command("daily")
    hotel.refresh_from_db()
    assert hotel.inventory_horizon == today + dt.timedelta(days=731 + 365 + 7)
    with tenancy.scope(hotel):
        assert InventoryNight.objects.filter(date=hotel.inventory_horizon).count() == 2


# --- guest matching ------------------------------------------------------------------------


def test_a_returning_guest_joins_their_record_and_fills_its_blanks(desk_api, hotel, today):
    first = desk_api.post(
        f"{E}/reservations",
        booking(today, guest={"first_name": "Ada", "last_name": "Lovelace", "email": "A@x.org"}),
    )
    assert first.status_code == 201
    guest_id = first.data["guest"]["id"]
    again = desk_api.post(
        f"{E}/reservations",
        booking(
            today,
            offset=5,
            guest={
                "first_name": "ADA",
                "last_name": "lovelace",
                "email": "a@x.org",
                "phone": "+44 20 7946 0958",
                "language": "en",
                "nationality": "gb",
            },
        ),
    )
    assert again.status_code == 201 and again.data["guest"]["id"] == guest_id
    customer = Customer.objects.get(pk=guest_id)
    assert (customer.phone, customer.language, customer.nationality) == (
        "+442079460958",
        "en",
        "GB",
    )
    assert customer.first_name == "Ada"  # the record's own values are kept
    # What is there is not overwritten by a later booking.
    desk_api.post(
        f"{E}/reservations",
        booking(
            today,
            offset=9,
            guest={
                "first_name": "Ada",
                "last_name": "Lovelace",
                "email": "a@x.org",
                "phone": "+31 20 123 4567",
            },
        ),
    )
    customer.refresh_from_db()
    assert customer.phone == "+442079460958"
    assert Customer.objects.filter(email="a@x.org").count() == 1
    history = desk_api.get(f"{E}/guests/{guest_id}/history").data
    assert history[0]["user"] == "desk"
    assert {c["field"] for c in history[0]["changes"]} == {"phone", "language", "nationality"}


def test_the_same_email_and_name_cannot_be_two_records(desk_api, hotel):
    made = desk_api.post(
        f"{E}/guests", {"first_name": "Jan", "last_name": "Jansen", "email": "j@x.nl"}
    )
    assert made.status_code == 201
    twice = desk_api.post(
        f"{E}/guests", {"first_name": "jan", "last_name": "JANSEN", "email": "J@x.nl"}
    )
    assert twice.status_code == 409
    assert twice.data["code"] == "duplicate" and twice.data["existing_id"] == made.data["id"]
    # The database itself refuses it, whatever path a row takes.
    with pytest.raises(IntegrityError), transaction.atomic():
        Customer.objects.create(
            establishment=hotel, first_name="JAN", last_name="jansen", email="j@x.nl"
        )
    # Another name with that email (a family) and the same name without one are fine.
    assert (
        desk_api.post(
            f"{E}/guests", {"first_name": "Els", "last_name": "Jansen", "email": "j@x.nl"}
        ).status_code
        == 201
    )
    assert (
        desk_api.post(f"{E}/guests", {"first_name": "Jan", "last_name": "Jansen"}).status_code
        == 201
    )


# --- retries only where they help ---------------------------------------------------------


def test_a_confirmation_code_collision_draws_again(hotel, root, today, monkeypatch):
    first = services.reservation_create(
        establishment=hotel,
        actor=root,
        room_type_code="std",
        arrival=today,
        departure=today + dt.timedelta(days=1),
        guest={"last_name": "First"},
    )
    codes = iter([first.confirmation, "ZZZZ2222"])
    monkeypatch.setattr(reservation_services, "new_confirmation", lambda: next(codes))
    second = services.reservation_create(
        establishment=hotel,
        actor=root,
        room_type_code="std",
        arrival=today,
        departure=today + dt.timedelta(days=1),
        guest={"last_name": "Second"},
    )
    assert second.confirmation == "ZZZZ2222"
    with tenancy.scope(hotel):
        assert InventoryNight.objects.get(room_type__code="std", date=today).sold == 2


def test_only_the_confirmation_constraint_counts_as_a_collision(hotel, root, today):
    """Real integrity errors from both engines: the confirmation's unique constraint is
    recognised; another one (a guest's unique email and name) is not retried as if it were."""
    made = services.reservation_create(
        establishment=hotel,
        actor=root,
        room_type_code="std",
        arrival=today,
        departure=today + dt.timedelta(days=1),
        guest={"last_name": "Made", "email": "made@x.org"},
    )
    with tenancy.scope(hotel):
        with pytest.raises(IntegrityError) as collision, transaction.atomic():
            Reservation.objects.create(
                establishment=hotel,
                confirmation=made.confirmation,
                customer=made.customer,
                room_type=made.room_type,
                arrival=today,
                departure=today + dt.timedelta(days=1),
                total_price=Decimal("1"),
            )
        with pytest.raises(IntegrityError) as other, transaction.atomic():
            Customer.objects.create(establishment=hotel, last_name="Made", email="made@x.org")
    assert db.violates(collision.value, Reservation, "reservation_confirmation_uniq")
    assert not db.violates(other.value, Reservation, "reservation_confirmation_uniq")
    assert db.violates(other.value, Customer, "customer_email_name_uniq")


# --- one booking per form -------------------------------------------------------------------


def test_the_booking_form_sent_twice_books_once(desk, hotel, today):
    client = Client()
    client.force_login(desk)
    page = client.get("/e/hotel/reservations/new/").content.decode()
    token = page.split('name="form_token" value="')[1].split('"')[0]
    assert len(token) >= 16
    arrival = today + dt.timedelta(days=3)
    data = {
        "form_token": token,
        "last_name": "Twice",
        "room_type": "std",
        "arrival": arrival,
        "departure": arrival + dt.timedelta(days=1),
        "adults": 1,
        "children": 0,
        "source": "phone",
        "guarantee": "none",
    }
    first = client.post("/e/hotel/reservations/new/", data)
    second = client.post("/e/hotel/reservations/new/", data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Reservation.objects.filter(customer__last_name="Twice").count() == 1
    # A new form (a new token) books again.
    third = client.post("/e/hotel/reservations/new/", {**data, "form_token": "another-token-123"})
    assert third.status_code == 302 and third["Location"] != first["Location"]


def test_a_refused_form_is_shown_again_with_a_new_token(desk, hotel, today):
    client = Client()
    client.force_login(desk)
    data = {
        "form_token": "refused-once-123456",
        "last_name": "Late",
        "room_type": "std",
        "arrival": today - dt.timedelta(days=2),
        "departure": today,
        "adults": 1,
        "children": 0,
        "source": "phone",
        "guarantee": "none",
    }
    page = client.post("/e/hotel/reservations/new/", data).content.decode()
    assert "The arrival cannot be in the past." in page
    new_token = page.split('name="form_token" value="')[1].split('"')[0]
    assert new_token != "refused-once-123456"
    fixed = {
        **data,
        "form_token": new_token,
        "arrival": today,
        "departure": today + dt.timedelta(days=1),
    }
    assert client.post("/e/hotel/reservations/new/", fixed).status_code == 302


# --- codes as hotels write them -------------------------------------------------------------


def test_codes_keep_their_case_and_match_without_it(root_api, today):
    created = root_api.post(
        f"{E}/room-types", {"code": "DBL", "name": "Double", "capacity": 2, "base_rate": "120"}
    )
    assert created.status_code == 201 and created.data["code"] == "DBL"
    clash = root_api.post(
        f"{E}/room-types", {"code": "dbl", "name": "Other", "capacity": 2, "base_rate": "99"}
    )
    assert clash.status_code == 409 and clash.data["code"] == "duplicate"
    assert root_api.post(f"{E}/rooms", {"number": "501", "room_type": "Dbl"}).status_code == 201
    with tenancy.every_establishment():
        hotel = Establishment.objects.get(code="hotel")
    services.rate_plan_create(establishment=hotel, code="NONREF", name="Non-refundable")
    body = booking(today, room_type="dbl", rate_plan="nonref")
    made = root_api.post(f"{E}/reservations", body)
    assert made.status_code == 201, made.data
    assert made.data["room_type"] == "DBL" and made.data["rate_plan"] == "NONREF"
    arrival, departure = body["arrival"], body["departure"]
    free = root_api.get(f"{E}/availability", arrival=arrival, departure=departure, room_type="dBl")
    assert free.status_code == 200 and free.data["room_types"][0]["code"] == "DBL"
    with pytest.raises(Conflict) as clash:
        services.rate_plan_create(establishment=hotel, code="nonref", name="Again")
    assert clash.value.code == "duplicate"
