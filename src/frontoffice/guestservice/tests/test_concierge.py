"""The concierge's catalogue and a guest's recommendations and bookings: services and
selectors. Times are pinned (`at=`); the hotel is in Europe/Amsterdam (UTC+1 in November)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from frontoffice.billing.models import Entry
from frontoffice.billing.selectors import folio_balance
from frontoffice.core.errors import Conflict, Invalid
from frontoffice.customers import services as customer_services
from frontoffice.guestservice import selectors_concierge as selectors
from frontoffice.guestservice.models import Attraction, Recommendation
from frontoffice.guestservice.services import concierge
from frontoffice.lodging import services as lodging_services

UTC = dt.UTC
TUESDAY = dt.date(2026, 11, 24)  # a Tuesday; Amsterdam is UTC+1 then


def utc(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


WEEKDAYS_9_TO_5 = {str(d): [["09:00", "17:00"]] for d in range(1, 7)}  # closed on Monday


@pytest.fixture
def museum(hotel):
    return concierge.attraction_create(
        establishment=hotel,
        name="Rijksmuseum",
        category="museum",
        address="Museumstraat 1, Amsterdam",
        opening_hours=WEEKDAYS_9_TO_5,
        price_level=2,
        languages=["en", "NL", "de", "nl"],
        phone="+31 20 674 7000",
        website="www.rijksmuseum.nl",
        notes={"en": "The Night Watch.", "nl": "De Nachtwacht; het café is mooi.", "de": ""},
    )


@pytest.fixture
def bar(hotel):
    # Friday from 20:00 to 03:00 on Saturday; nothing else.
    return concierge.attraction_create(
        establishment=hotel,
        name="Café de Dokter",
        category="bar",
        opening_hours={4: [["20:00", "03:00"]]},
        languages=["nl", "en"],
    )


def test_attraction_create_cleans_what_it_is_given(museum):
    museum.refresh_from_db()
    assert museum.languages == ["en", "nl", "de"]
    assert museum.phone == "+31206747000"
    assert museum.website == "https://www.rijksmuseum.nl"
    assert museum.notes == {"en": "The Night Watch.", "nl": "De Nachtwacht; het café is mooi."}
    assert museum.opening_hours["1"] == [["09:00", "17:00"]] and "0" not in museum.opening_hours
    assert "cafe" in museum.search_key and "museumstraat" in museum.search_key


@pytest.mark.parametrize(
    "field, value",
    [
        ("opening_hours", {"1": [["9:00", "17:00"]]}),
        ("opening_hours", {"1": [["09:00", "24:00"]]}),
        ("opening_hours", {"7": [["09:00", "17:00"]]}),
        ("opening_hours", {"1": [["09:00"]]}),
        ("opening_hours", {"1": [["09:00", "10:00"]] * 5}),
        ("opening_hours", ["09:00", "17:00"]),
        ("languages", ["eng"]),
        ("languages", "en"),
        ("notes", {"english": "Hi"}),
        ("website", "https://"),
        ("phone", "not a number"),
        ("price_level", 5),
        ("category", "casino"),
        ("name", "  "),
    ],
)
def test_attraction_create_refuses_bad_input(hotel, field, value):
    data = {"name": "Bad", "category": "museum", field: value}
    with pytest.raises(Invalid) as caught:
        concierge.attraction_create(establishment=hotel, **data)
    assert caught.value.field == field
    assert not Attraction.objects.exists()


def test_attraction_update_changes_only_what_is_given(museum):
    updated = concierge.attraction_update(
        attraction=museum, notes={"es": "La Ronda de Noche."}, active=False
    )
    assert updated.notes == {"es": "La Ronda de Noche."}
    assert updated.name == "Rijksmuseum" and updated.price_level == 2
    assert "ronda" in updated.search_key and "nachtwacht" not in updated.search_key
    assert not updated.active


def test_open_now_in_the_establishments_time_zone(hotel, museum, bar):
    def open_at(moment):
        return [a.name for a in selectors.attraction_search(hotel, open_at=moment)]

    # Tuesday 10:00 in Amsterdam is 09:00 UTC: the museum is open, the bar is not.
    assert open_at(utc(TUESDAY, 9)) == ["Rijksmuseum"]
    # 08:30 in Amsterdam (07:30 UTC): not yet.
    assert open_at(utc(TUESDAY, 7, 30)) == []
    # 16:30 UTC is 17:30 in Amsterdam: closed, though it would be open at 16:30.
    assert open_at(utc(TUESDAY, 16, 30)) == []
    # Closing time is the first minute closed: 16:59 local open, 17:00 closed.
    assert open_at(utc(TUESDAY, 15, 59)) == ["Rijksmuseum"]
    assert open_at(utc(TUESDAY, 16, 0)) == []
    # Monday is a closed day.
    assert open_at(utc(TUESDAY - dt.timedelta(days=1), 11)) == []


def test_open_past_midnight(hotel, bar):
    friday = TUESDAY + dt.timedelta(days=3)
    saturday = friday + dt.timedelta(days=1)

    def is_open(moment):
        return [a.name for a in selectors.attraction_search(hotel, open_at=moment)] == [bar.name]

    assert not is_open(utc(friday, 18, 59))  # 19:59 local
    assert is_open(utc(friday, 19))  # 20:00
    assert is_open(utc(friday, 22, 30))  # 23:30
    assert is_open(utc(saturday, 1, 59))  # 02:59 on Saturday, Friday's night
    assert not is_open(utc(saturday, 2))  # 03:00
    # Saturday's own evening has no hours, and Friday's early morning is Thursday's.
    assert not is_open(utc(saturday, 21))
    assert not is_open(utc(friday, 1))


def test_round_the_clock():
    hours = {"2": [["00:00", "00:00"]]}
    wednesday = dt.datetime(2026, 11, 25, 3, 17)
    assert selectors.is_open(hours, wednesday)
    assert not selectors.is_open(hours, wednesday + dt.timedelta(days=1))


def test_search_by_words_category_and_language(hotel, museum, bar):
    concierge.attraction_create(
        establishment=hotel, name="Canal cruise", category="tour", languages=["es"]
    )

    def names(**kw):
        return [a.name for a in selectors.attraction_search(hotel, **kw)]

    assert names() == ["Café de Dokter", "Canal cruise", "Rijksmuseum"]
    # Every word, without case or accents, in the name, address or notes in any language.
    assert names(q="CAFE") == ["Café de Dokter", "Rijksmuseum"]
    assert names(q="café nachtwacht") == ["Rijksmuseum"]
    assert names(q="cafe cruise") == []
    assert names(category="bar") == ["Café de Dokter"]
    assert names(language="ES") == ["Canal cruise"]
    assert names(language="nl", category="museum") == ["Rijksmuseum"]
    concierge.attraction_update(attraction=bar, active=False)
    assert names(q="cafe") == ["Rijksmuseum"]
    assert names(q="cafe", include_inactive=True) == ["Café de Dokter", "Rijksmuseum"]


# --- recommendations and bookings ----------------------------------------------------------


def test_a_recommendation_kept_on_the_guest(hotel, root, museum, reservation):
    item = concierge.recommendation_create(
        establishment=hotel,
        actor=root,
        customer=reservation.customer,
        attraction=museum,
        for_date=TUESDAY,
        notes="Go early.",
    )
    assert (item.kind, item.for_date, item.at, item.cost, item.charge) == (
        "recommendation",
        TUESDAY,
        None,
        None,
        None,
    )
    assert list(selectors.recommendations_of(hotel, reservation.customer)) == [item]


def test_a_booking_charged_to_the_folio(hotel, root, museum, reservation):
    at = utc(TUESDAY, 23, 30)  # 00:30 on Wednesday in Amsterdam
    item = concierge.recommendation_create(
        establishment=hotel,
        actor=root,
        customer=reservation.customer,
        attraction=museum,
        kind="booking",
        reservation=reservation,
        at=at,
        party_size=3,
        confirmation="RM-1234",
        cost="67.50",
        charge_to_folio=True,
    )
    assert item.for_date == TUESDAY + dt.timedelta(days=1)
    charge = Entry.objects.get(pk=item.charge_id)
    assert (charge.folio_id, charge.kind, charge.category, charge.amount) == (
        reservation.folio_id,
        "charge",
        "service",
        Decimal("67.50"),
    )
    assert charge.description == "Rijksmuseum ×3"
    assert folio_balance(reservation.folio) == Decimal("67.50")


def test_a_booking_without_the_folio_posts_nothing(hotel, root, museum, reservation):
    item = concierge.recommendation_create(
        establishment=hotel,
        actor=root,
        customer=reservation.customer,
        attraction=museum,
        kind="booking",
        reservation=reservation,
        at=utc(TUESDAY, 12),
        cost="20",
    )
    assert item.cost == Decimal("20") and item.charge is None
    assert not Entry.objects.filter(folio=reservation.folio).exists()


def test_the_charge_and_the_booking_are_written_together(
    hotel, root, museum, reservation, monkeypatch
):
    def fail(self, *args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Recommendation, "save", fail)
    with pytest.raises(RuntimeError):
        concierge.recommendation_create(
            establishment=hotel,
            actor=root,
            customer=reservation.customer,
            attraction=museum,
            kind="booking",
            reservation=reservation,
            at=utc(TUESDAY, 12),
            cost="20",
            charge_to_folio=True,
        )
    assert not Entry.objects.filter(folio=reservation.folio).exists()


def _book(hotel, root, customer, attraction, **kw):
    data = {"kind": "booking", "at": timezone.now() + dt.timedelta(days=1), **kw}
    return concierge.recommendation_create(
        establishment=hotel, actor=root, customer=customer, attraction=attraction, **data
    )


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"at": None}, "at"),
        ({"at": dt.datetime(2026, 11, 24, 12)}, "at"),
        ({"kind": "visit"}, "kind"),
        ({"party_size": 0}, "party_size"),
        ({"cost": "-1"}, "cost"),
        ({"cost": "1.001"}, "cost"),
        ({"cost": "abc"}, "cost"),
        ({"kind": "recommendation", "cost": "5"}, "cost"),
        ({"cost": "5", "charge_to_folio": True}, "reservation"),
        ({"charge_to_folio": True, "reservation": "mine"}, "charge_to_folio"),
        ({"reservation": "other"}, "reservation"),
    ],
)
def test_bookings_refused(hotel, root, museum, reservation, changes, field):
    other_stay = lodging_services.reservation_create(
        establishment=hotel,
        actor=root,
        room_type_code="std",
        arrival=hotel.today(),
        departure=hotel.today() + dt.timedelta(days=1),
        guest={"last_name": "Else"},
    )
    stays = {"mine": reservation, "other": other_stay}
    if "reservation" in changes:
        changes = {**changes, "reservation": stays[changes["reservation"]]}
    with pytest.raises(Invalid) as caught:
        _book(hotel, root, reservation.customer, museum, **changes)
    assert caught.value.field == field
    assert not Recommendation.objects.exists() and not Entry.objects.exists()


def test_a_stay_that_takes_no_charges(hotel, root, museum, reservation):
    lodging_services.reservation_cancel(reservation=reservation, actor=root, reason="Ill")
    with pytest.raises(Conflict) as caught:
        _book(
            hotel,
            root,
            reservation.customer,
            museum,
            reservation=reservation,
            cost="5",
            charge_to_folio=True,
        )
    assert caught.value.code == "not_chargeable"
    assert not Recommendation.objects.exists()


def test_a_retired_place_is_not_recommended(hotel, root, museum, reservation):
    concierge.attraction_update(attraction=museum, active=False)
    with pytest.raises(Invalid):
        concierge.recommendation_create(
            establishment=hotel, actor=root, customer=reservation.customer, attraction=museum
        )


# --- popular with similar guests ------------------------------------------------------------


@pytest.fixture
def bookings(hotel, root):
    """Guests and their bookings, counted by hand in the tests below:

    me  nl/NL  Y ×2 (their own: never counted for themselves)
    a   nl/BE  X ×1, Y ×1, and Y recommended ×3 (recommendations do not count)
    b   de/NL  X ×1
    c   de/DE  Z ×3
    d   -/-    Z ×1
    """

    def guest(name, language="", nationality=""):
        return customer_services.customer_create(
            establishment=hotel,
            actor=root,
            last_name=name,
            language=language,
            nationality=nationality,
        )

    def place(name):
        return concierge.attraction_create(establishment=hotel, name=name, category="tour")

    g = {
        "me": guest("Me", "nl", "NL"),
        "a": guest("A", "nl", "BE"),
        "b": guest("B", "de", "NL"),
        "c": guest("C", "de", "DE"),
        "d": guest("D"),
        "e": guest("E", "es"),
    }
    x, y, z = place("X"), place("Y"), place("Z")
    for who, what, times in [
        ("me", y, 2),
        ("a", x, 1),
        ("a", y, 1),
        ("b", x, 1),
        ("c", z, 3),
        ("d", z, 1),
    ]:
        for _ in range(times):
            _book(hotel, root, g[who], what)
    for _ in range(3):
        concierge.recommendation_create(
            establishment=hotel, actor=root, customer=g["a"], attraction=y
        )
    return g, {"X": x, "Y": y, "Z": z}


def _popular(hotel, customer, at=None):
    ranked, similar = selectors.popular_with_similar(
        hotel, customer, at=at or timezone.now() + dt.timedelta(seconds=1)
    )
    return [(a.name, n) for a, n in ranked], similar


def test_popular_with_guests_of_the_same_language_or_nationality(hotel, bookings):
    guests, _places = bookings
    # me (nl/NL): a (same language) and b (same nationality): X 2, Y 1.
    assert _popular(hotel, guests["me"]) == ([("X", 2), ("Y", 1)], True)
    # c (de/DE): b (same language): X 1.
    assert _popular(hotel, guests["c"]) == ([("X", 1)], True)
    # a (nl/BE): me (same language): Y 2.
    assert _popular(hotel, guests["a"]) == ([("Y", 2)], True)


def test_popular_falls_back_to_every_guest(hotel, bookings):
    guests, places = bookings
    everyone = [("Z", 4), ("Y", 3), ("X", 2)]
    # d has neither language nor nationality; e speaks Spanish like nobody who booked.
    assert _popular(hotel, guests["d"]) == (everyone, False)
    assert _popular(hotel, guests["e"]) == (everyone, False)
    # Retired places are not suggested.
    concierge.attraction_update(attraction=places["Z"], active=False)
    assert _popular(hotel, guests["d"]) == ([("Y", 3), ("X", 2)], False)


def test_popular_counts_the_last_year_only(hotel, bookings):
    guests, _places = bookings
    now = timezone.now()
    assert _popular(hotel, guests["me"], at=now + dt.timedelta(days=364)) == (
        [("X", 2), ("Y", 1)],
        True,
    )
    assert _popular(hotel, guests["me"], at=now + dt.timedelta(days=366)) == ([], False)
    assert _popular(hotel, guests["me"], at=now - dt.timedelta(minutes=1)) == ([], False)


@pytest.mark.parametrize(
    "fields",
    [{"kind": "booking", "at": None}, {"party_size": 0}],
)
def test_the_database_refuses_what_the_service_refuses(hotel, museum, reservation, fields):
    """Behind the service's checks: a booking without its time, an empty party."""
    row = Recommendation(
        establishment=hotel,
        customer=reservation.customer,
        attraction=museum,
        **{"kind": "recommendation", **fields},
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()
