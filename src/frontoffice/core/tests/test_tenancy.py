"""Tenancy is structural: establishment-owned rows cannot be read outside a scope, a scope
shows one establishment's rows only, and rows never point at another establishment's."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import RequestFactory

from frontoffice.billing.services import invoices, ledger
from frontoffice.core import policy, tenancy
from frontoffice.core.models import EstablishmentOwned, check_same_establishment, owned_relations
from frontoffice.core.tenancy import ScopeError
from frontoffice.customers.models import Customer
from frontoffice.guestservice.services import concierge
from frontoffice.lodging import services
from frontoffice.lodging.models import (
    InventoryNight,
    RatePlan,
    Reservation,
    Room,
    RoomType,
)

# Every model that carries an establishment, named here by hand: a new one must be added
# (and so thought about), and each must be scoped.
OWNED = {
    "core.Department",
    "core.StaffRole",
    "customers.Customer",
    "customers.PrivateGuestAccess",
    "billing.ChargeCategory",
    "billing.TaxRate",
    "billing.Folio",
    "billing.Entry",
    "billing.PaymentAttempt",
    "billing.NumberSeries",
    "billing.Receipt",
    "billing.Invoice",
    "billing.BillingSettings",
    "lodging.RoomType",
    "lodging.Room",
    "lodging.RoomOutOfOrder",
    "lodging.RatePlan",
    "lodging.RatePlanPrice",
    "lodging.RatePlanDay",
    "lodging.RateChange",
    "lodging.InventoryNight",
    "lodging.Reservation",
    "lodging.ReservationNight",
    "lodging.Registration",
    "lodging.CityTax",
    "lodging.DailyReport",
    # lodging: group blocks
    "lodging.RoomBlock",
    "lodging.BlockNight",
    # guestservice: requests, luggage
    "guestservice.Luggage",
    "guestservice.ServiceLevel",
    "guestservice.ServiceRequest",
    # guestservice: concierge
    "guestservice.Attraction",
    "guestservice.Recommendation",
    # guestservice: events
    "guestservice.Event",
    "guestservice.EventAttendee",
    # guestservice: complaints, shift log
    "guestservice.Complaint",
    "guestservice.ShiftNote",
    "guestservice.ShiftNoteRead",
    # procedures
    "procedures.Protocol",
    "procedures.MessageTemplate",
    "procedures.Message",
    "procedures.Answer",
    "procedures.MessageSettings",
}


def _models_with_establishment():
    return {
        model._meta.label
        for model in apps.get_models()
        if any(f.name == "establishment" for f in model._meta.concrete_fields)
        and not model._meta.label.split(".")[1].startswith("Historical")
    }


def test_every_model_with_an_establishment_is_owned_and_listed():
    assert _models_with_establishment() == OWNED
    for label in OWNED:
        assert issubclass(apps.get_model(label), EstablishmentOwned), label


@pytest.mark.parametrize("label", sorted(OWNED) + ["core.Establishment"])
def test_no_query_outside_a_scope(label, hotel):
    model = apps.get_model(label)
    from django_scopes import scope as raw_scope

    with raw_scope():  # scoping on, no establishment in scope
        with pytest.raises(ScopeError):
            model.objects.count()
        with pytest.raises(ScopeError):
            list(model.objects.filter(pk=1))


def test_a_scope_shows_one_establishment(hotel, other_hotel, root, today):
    for est in (hotel, other_hotel):
        services.reservation_create(
            establishment=est,
            actor=root,
            room_type_code="std",
            arrival=today,
            departure=today.replace() + __import__("datetime").timedelta(days=1),
            guest={"last_name": f"Guest of {est.code}"},
        )
    with tenancy.scope(hotel):
        assert {c.last_name for c in Customer.objects.all()} == {"Guest of hotel"}
        assert set(Reservation.objects.values_list("establishment_id", flat=True)) == {hotel.pk}
        assert Room.objects.count() == 4
        assert not InventoryNight.objects.exclude(establishment=hotel).exists()
        # Reverse relations go through the scoped manager too.
        assert other_hotel.rooms.count() == 0
    with tenancy.scope([hotel, other_hotel]):
        assert Customer.objects.count() == 2


def _instance_of(model, establishment):
    with tenancy.scope(establishment):
        return model.objects.order_by("pk").first()


@pytest.fixture
def both_hotels_full(hotel, other_hotel, root, today):
    import datetime as dt

    for est in (hotel, other_hotel):
        services.rate_plan_create(establishment=est, code="bb", name="B&B")
        room = _instance_of(Room, est)
        services.room_out_of_order(
            room=room, start=today + dt.timedelta(days=50), end=today + dt.timedelta(days=51)
        )
        reservation = services.reservation_create(
            establishment=est,
            actor=root,
            room_type_code="std",
            arrival=today,
            departure=today + dt.timedelta(days=1),
            rate_plan_code="bb",
            guest={"last_name": "Cross"},
        )
        with tenancy.scope(est):
            ledger.charge_post(
                folio=reservation.folio, actor=root, category="minibar", unit_price="4.50"
            )
        from frontoffice.guestservice.services import shiftlog

        shiftlog.shift_note_write(establishment=est, actor=root, text="Cross")
        invoice = invoices.invoice_issue(folio=reservation.folio, actor=root)
        invoices.invoice_cancel(invoice=invoice, actor=root, reason="Cross")
        # procedures: a message template (a message points at one)
        from frontoffice.procedures.services import template_create

        template_create(
            establishment=est, actor=root, kind="welcome", language="en", subject="Hi", body="Hi"
        )
        attraction = concierge.attraction_create(establishment=est, name="Cross", category="museum")
        night = today + dt.timedelta(days=60)
        services.block_create(
            establishment=est,
            actor=root,
            name="Cross group",
            cutoff=night,
            rooms=[{"room_type": "std", "date": night, "count": 1}],
        )
        from frontoffice.guestservice.services import events as event_services

        starts = dt.datetime.combine(night, dt.time(10), tzinfo=dt.UTC)
        event = event_services.event_create(
            establishment=est,
            actor=root,
            name="Cross event",
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=2),
            venue_attraction=attraction.pk,
        )
        event_services.event_attendee_add(
            event=event, actor=root, reservation=reservation.confirmation
        )
    return hotel, other_hotel


def _relations():
    return [
        (model._meta.label, field.name)
        for model in apps.get_models()
        if isinstance(model, type) and issubclass(model, EstablishmentOwned)
        for field in owned_relations(model)
    ]


def test_the_relations_checked_are_the_expected_ones():
    assert sorted(_relations()) == [
        ("billing.Entry", "applies_to"),
        ("billing.Entry", "counterpart"),
        ("billing.Entry", "folio"),
        ("billing.Entry", "reverses"),
        ("billing.Folio", "customer"),
        ("billing.Invoice", "cancels"),
        ("billing.Invoice", "folio"),
        ("billing.PaymentAttempt", "entry"),
        ("billing.PaymentAttempt", "folio"),
        ("billing.Receipt", "entry"),
        ("customers.PrivateGuestAccess", "customer"),
        ("guestservice.Complaint", "allowance"),
        ("guestservice.Complaint", "customer"),
        ("guestservice.Complaint", "reservation"),
        ("guestservice.Event", "block"),
        ("guestservice.Event", "organiser"),
        ("guestservice.Event", "venue_attraction"),
        ("guestservice.Event", "venue_room"),
        ("guestservice.EventAttendee", "customer"),
        ("guestservice.EventAttendee", "event"),
        ("guestservice.EventAttendee", "reservation"),
        ("guestservice.Luggage", "customer"),
        ("guestservice.Luggage", "reservation"),
        ("guestservice.Recommendation", "attraction"),
        ("guestservice.Recommendation", "charge"),
        ("guestservice.Recommendation", "customer"),
        ("guestservice.Recommendation", "reservation"),
        ("guestservice.ServiceLevel", "department"),
        ("guestservice.ServiceRequest", "charge_entry"),
        ("guestservice.ServiceRequest", "customer"),
        ("guestservice.ServiceRequest", "department"),
        ("guestservice.ServiceRequest", "reservation"),
        ("guestservice.ServiceRequest", "room"),
        ("guestservice.ShiftNote", "department"),
        ("guestservice.ShiftNoteRead", "note"),
        ("lodging.BlockNight", "block"),
        ("lodging.BlockNight", "room_type"),
        ("lodging.InventoryNight", "room_type"),
        ("lodging.RateChange", "rate_plan"),
        ("lodging.RatePlanDay", "rate_plan"),
        ("lodging.RatePlanDay", "room_type"),
        ("lodging.RatePlanPrice", "rate_plan"),
        ("lodging.RatePlanPrice", "room_type"),
        ("lodging.Registration", "reservation"),
        ("lodging.Reservation", "block"),
        ("lodging.Reservation", "customer"),
        ("lodging.Reservation", "folio"),
        ("lodging.Reservation", "rate_plan"),
        ("lodging.Reservation", "room"),
        ("lodging.Reservation", "room_type"),
        ("lodging.ReservationNight", "reservation"),
        ("lodging.ReservationNight", "room"),
        ("lodging.ReservationNight", "room_type"),
        ("lodging.Room", "room_type"),
        ("lodging.RoomOutOfOrder", "room"),
        ("procedures.Message", "customer"),
        ("procedures.Message", "reservation"),
        ("procedures.Message", "template"),
    ]


@pytest.mark.parametrize("label, field", _relations())
def test_related_rows_share_the_establishment(label, field, both_hotels_full):
    hotel, other_hotel = both_hotels_full
    model = apps.get_model(label)
    related_model = model._meta.get_field(field).related_model
    mine, theirs = _instance_of(related_model, hotel), _instance_of(related_model, other_hotel)
    assert mine is not None and theirs is not None
    obj = model(establishment=hotel)
    setattr(obj, field, mine)
    check_same_establishment(obj)  # the same establishment is fine
    setattr(obj, field, theirs)
    with pytest.raises(ValidationError) as caught:
        check_same_establishment(obj)
    assert field in caught.value.message_dict
    # And model validation (which every service runs) says so too.
    with pytest.raises(ValidationError) as caught:
        obj.clean()
    assert field in caught.value.message_dict


def test_services_refuse_another_establishments_rows(hotel, other_hotel, root, today):
    import datetime as dt

    from frontoffice.core.errors import Invalid

    theirs = _instance_of(Customer, other_hotel) or None
    if theirs is None:
        services.reservation_create(
            establishment=other_hotel,
            actor=root,
            room_type_code="std",
            arrival=today,
            departure=today + dt.timedelta(days=1),
            guest={"last_name": "Theirs"},
        )
        theirs = _instance_of(Customer, other_hotel)
    with pytest.raises(Invalid) as caught:
        services.reservation_create(
            establishment=hotel,
            actor=root,
            room_type_code="std",
            arrival=today,
            departure=today + dt.timedelta(days=1),
            customer_id=theirs.pk,
        )
    assert caught.value.code == "unknown_guest"
    their_type = _instance_of(RoomType, other_hotel)
    room = _instance_of(Room, hotel)
    with pytest.raises(Invalid):
        # Room types are found by code inside the room's own establishment only.
        services.room_update(room=room, room_type_code=their_type.code + "x")
    with tenancy.scope(hotel):
        assert not RatePlan.objects.filter(establishment=other_hotel).exists()


def test_a_request_starts_with_no_establishment_in_scope(hotel):
    """Even where the caller turned scoping off (as this test suite does), a request may
    read no establishment-owned row before `policy.access` has checked the person's role."""
    seen = {}

    def view(request):
        try:
            Room.objects.count()
        except ScopeError:
            seen["before_access"] = "refused"
        return HttpResponse()

    middleware = tenancy.TenancyMiddleware(view)
    middleware(RequestFactory().get("/"))
    assert seen == {"before_access": "refused"}
    # And the caller's own state is back afterwards.
    assert Room.objects.count() == 4


def test_access_scopes_the_rest_of_the_request(hotel, other_hotel, make_user):
    from frontoffice.core.models import Role

    user = make_user(Role.FRONT_DESK_AGENT, hotel)
    seen = {}

    def view(request):
        policy.access(user, "hotel", "reservation.view")
        seen["rooms"] = sorted(set(Room.objects.values_list("establishment_id", flat=True)))
        return HttpResponse()

    tenancy.TenancyMiddleware(view)(RequestFactory().get("/"))
    assert seen == {"rooms": [hotel.pk]}
    with pytest.raises(RuntimeError):
        tenancy.activate(hotel)  # outside a request: use `with scope(...)`
