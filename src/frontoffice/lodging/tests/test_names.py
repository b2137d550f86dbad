"""Room type and rate plan names per language (data, not code): every page shows them in the
page's language and falls back to the default name; the API and the admin set them through
the services, which refuse unknown languages and overlong names."""

import datetime as dt
import re

import pytest
from django.test import Client

from frontoffice.conftest import Api
from frontoffice.core.errors import Invalid
from frontoffice.core.models import Role
from frontoffice.lodging import services
from frontoffice.lodging.models import RatePlan, RoomType

P = "/e/hotel"
API = "/api/v1/establishments/hotel"


@pytest.fixture
def named(hotel):
    """std is "Double room" with Dutch, German and Polish names (no Spanish one); ste has
    none; the bb plan has a Dutch and a Polish name."""
    std = RoomType.objects.get(establishment=hotel, code="std")
    services.room_type_update(
        room_type=std,
        name="Double room",
        names={"nl": "Tweepersoonskamer", "de": "Doppelzimmer", "pl": "Pokój dwuosobowy"},
    )
    services.rate_plan_create(
        establishment=hotel,
        code="bb",
        name="Bed & breakfast",
        names={"nl": "Logies en ontbijt", "pl": "Nocleg ze śniadaniem"},
        prices={"std": "120"},
    )
    return hotel


@pytest.fixture
def stay(named, root, today):
    return services.reservation_create(
        establishment=named,
        actor=root,
        room_type_code="std",
        rate_plan_code="bb",
        arrival=today,
        departure=today + dt.timedelta(days=2),
        guest={"last_name": "Naamtest", "first_name": "Noor"},
    )


@pytest.fixture
def page(desk):
    client = Client()
    client.force_login(desk)

    def get(url, language):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, url
        return re.sub(r"\s+", " ", response.content.decode())

    return get


# --- the service ----------------------------------------------------------------------------


def test_names_are_stripped_and_empty_ones_left_out(hotel):
    std = RoomType.objects.get(establishment=hotel, code="std")
    services.room_type_update(
        room_type=std, names={"nl": "  Tweepersoonskamer ", "de": "", "pl": None, "es": "   "}
    )
    std.refresh_from_db()
    assert std.names == {"nl": "Tweepersoonskamer"}
    assert std.label_in("nl") == "Tweepersoonskamer"
    assert std.label_in("de") == "STD"


@pytest.mark.parametrize(
    "names, code",
    [
        ({"fr": "Chambre double"}, "unknown_language"),
        ({"nl-BE": "Tweepersoonskamer"}, "unknown_language"),
        ({"nl": "x" * 101}, "name_too_long"),
        ({"nl": 12}, "invalid"),
        (["nl", "Tweepersoonskamer"], "invalid"),
    ],
)
def test_the_service_refuses_bad_names_and_changes_nothing(hotel, names, code):
    std = RoomType.objects.get(establishment=hotel, code="std")
    with pytest.raises(Invalid) as refused:
        services.room_type_update(room_type=std, name="Changed", names=names)
    assert refused.value.code == code
    assert refused.value.field == "names"
    std.refresh_from_db()
    assert (std.name, std.names) == ("STD", {})
    with pytest.raises(Invalid):
        services.rate_plan_create(establishment=hotel, code="x", name="X", names=names)
    assert not RatePlan.objects.filter(establishment=hotel, code="x").exists()


def test_a_name_of_exactly_the_maximum_length_is_kept(hotel):
    plan = services.rate_plan_create(
        establishment=hotel, code="long", name="Long", names={"de": "ä" * 100}
    )
    plan.refresh_from_db()
    assert plan.names == {"de": "ä" * 100}


# --- the pages ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "language, room_type, plan",
    [
        ("nl", "Tweepersoonskamer", "Logies en ontbijt"),
        ("pl", "Pokój dwuosobowy", "Nocleg ze śniadaniem"),
        ("de", "Doppelzimmer", "Bed &amp; breakfast"),
        ("es", "Double room", "Bed &amp; breakfast"),
        ("en", "Double room", "Bed &amp; breakfast"),
    ],
)
def test_the_reservation_page_names_the_room_type_and_plan_in_the_pages_language(
    page, stay, language, room_type, plan
):
    html = page(f"{P}/reservations/{stay.confirmation}/", language)
    assert f"{room_type} (std)" in html
    assert plan in html


def test_every_page_that_names_a_room_type_names_it_in_dutch(page, stay, today):
    arrival, departure = today.isoformat(), (today + dt.timedelta(days=2)).isoformat()
    for url in (
        f"{P}/",  # the dashboard's arrivals
        f"{P}/reservations/",
        f"{P}/reservations/{stay.confirmation}/",
        f"{P}/reservations/{stay.confirmation}/edit/",
        f"{P}/availability/",
        f"{P}/reservations/new/",
        f"{P}/reservations/quote/?room_type=std&arrival={arrival}&departure={departure}",
        f"{P}/guests/{stay.customer_id}/",
    ):
        html = page(url, "nl")
        assert "Tweepersoonskamer" in html, url
        assert "Double room" not in html, url


def test_the_booking_form_offers_the_names_in_the_pages_language(page, named):
    html = page(f"{P}/reservations/new/", "pl")
    assert '<option value="std">Pokój dwuosobowy (std)</option>' in html
    assert '<option value="bb">Nocleg ze śniadaniem</option>' in html
    assert '<option value="ste">STE (ste)</option>' in html  # no Polish name: the default


def test_the_quote_offers_alternatives_in_the_pages_language(page, named, root, today):
    arrival, departure = today + dt.timedelta(days=5), today + dt.timedelta(days=6)
    services.reservation_create(
        establishment=named,
        actor=root,
        room_type_code="ste",
        arrival=arrival,
        departure=departure,
        guest={"last_name": "Full"},
    )
    html = page(
        f"{P}/reservations/quote/?room_type=ste&arrival={arrival}&departure={departure}", "de"
    )
    assert "Doppelzimmer ·" in html


def test_the_history_panel_names_the_room_types_in_the_pages_language(page, stay, root):
    services.reservation_modify(reservation=stay, actor=root, room_type_code="ste")
    html = page(f"{P}/reservations/{stay.confirmation}/", "nl")
    assert "<strong>Kamertype</strong>: Tweepersoonskamer → STE" in html
    polish = page(f"{P}/reservations/{stay.confirmation}/", "pl")
    assert "<strong>Typ pokoju</strong>: Pokój dwuosobowy → STE" in polish


# --- the API --------------------------------------------------------------------------------


@pytest.fixture
def manager_api(manager):
    return Api(manager)


def test_the_api_sets_and_returns_room_type_names(manager_api, hotel):
    created = manager_api.post(
        f"{API}/room-types",
        {
            "code": "fam",
            "name": "Family room",
            "names": {"nl": "Familiekamer", "es": " Habitación familiar "},
            "capacity": 4,
            "base_rate": "180",
        },
    )
    assert created.status_code == 201, created.data
    assert created.data["names"] == {"nl": "Familiekamer", "es": "Habitación familiar"}
    changed = manager_api.patch(
        f"{API}/room-types/FAM", {"names": {"de": "Familienzimmer", "pl": "Pokój rodzinny"}}
    )
    assert changed.status_code == 200, changed.data
    # The names sent replace the earlier ones; the default name stays.
    assert changed.data["names"] == {"de": "Familienzimmer", "pl": "Pokój rodzinny"}
    assert changed.data["name"] == "Family room"
    listed = {t["code"]: t for t in manager_api.get(f"{API}/room-types").data["items"]}
    assert listed["fam"]["names"] == {"de": "Familienzimmer", "pl": "Pokój rodzinny"}
    assert listed["std"]["names"] == {}
    assert manager_api.patch(f"{API}/room-types/fam", {"names": {}}).data["names"] == {}
    renamed = manager_api.patch(f"{API}/room-types/fam", {"name": "Family suite"})
    assert (renamed.data["name"], renamed.data["base_rate"]) == ("Family suite", "180.00")


def test_the_api_sets_and_returns_rate_plan_names_and_prices(manager_api, hotel):
    created = manager_api.post(
        f"{API}/rate-plans",
        {
            "code": "BB",
            "name": "Bed & breakfast",
            "names": {"nl": "Logies en ontbijt"},
            "prices": {"std": "119.5", "ste": "260"},
        },
    )
    assert created.status_code == 201, created.data
    assert created.data == {
        "code": "BB",
        "name": "Bed & breakfast",
        "names": {"nl": "Logies en ontbijt"},
        "min_stay": 1,
        "active": True,
        "prices": {"std": "119.50", "ste": "260.00"},
    }
    changed = manager_api.patch(
        f"{API}/rate-plans/bb", {"names": {"pl": "Nocleg ze śniadaniem"}, "active": False}
    )
    assert changed.status_code == 200, changed.data
    assert (changed.data["names"], changed.data["active"]) == (
        {"pl": "Nocleg ze śniadaniem"},
        False,
    )
    listed = manager_api.get(f"{API}/rate-plans").data
    assert listed["count"] == 1
    assert listed["items"][0]["names"] == {"pl": "Nocleg ze śniadaniem"}


def test_availability_sends_the_names_and_reservations_the_codes(desk_api, stay, today):
    arrival, departure = today.isoformat(), (today + dt.timedelta(days=1)).isoformat()
    body = desk_api.get(f"{API}/availability", arrival=arrival, departure=departure).data
    std = next(t for t in body["room_types"] if t["code"] == "std")
    assert (std["name"], std["names"]["nl"]) == ("Double room", "Tweepersoonskamer")
    # A reservation names its room type and plan by code, whatever the language.
    reservation = desk_api._send(
        "get", f"{API}/reservations/{stay.confirmation}", HTTP_ACCEPT_LANGUAGE="nl"
    ).data
    assert (reservation["room_type"], reservation["rate_plan"]) == ("std", "bb")


@pytest.mark.parametrize(
    "names, status, code",
    [
        ({"fr": "Chambre double"}, 422, "unknown_language"),
        ({"nl": "x" * 101}, 422, "name_too_long"),
        ({"nl": "a\x00b"}, 422, "invalid"),
        ("Tweepersoonskamer", 422, "invalid"),
        ({"nl": ["Tweepersoonskamer"]}, 422, "invalid"),
    ],
)
def test_bad_names_are_refused_by_the_api_and_change_nothing(
    manager_api, named, names, status, code
):
    for method, url, body in (
        ("post", f"{API}/room-types", {"code": "new", "name": "N", "capacity": 2, "base_rate": 1}),
        ("patch", f"{API}/room-types/std", {"name": "Changed"}),
        ("post", f"{API}/rate-plans", {"code": "new", "name": "New"}),
        ("patch", f"{API}/rate-plans/bb", {"name": "Changed"}),
    ):
        response = getattr(manager_api, method)(url, {**body, "names": names})
        assert response.status_code == status, (url, response.data)
        assert response.data["code"] == code, (url, response.data)
        assert response.data["detail"], url
    std = RoomType.objects.get(establishment=named, code="std")
    assert (std.name, std.names["nl"]) == ("Double room", "Tweepersoonskamer")
    assert not RoomType.objects.filter(establishment=named, code="new").exists()
    assert not RatePlan.objects.filter(establishment=named, code="new").exists()
    assert RatePlan.objects.get(establishment=named, code="bb").name == "Bed & breakfast"


def test_the_api_says_what_is_wrong_with_a_patch(manager_api, named):
    assert manager_api.patch(f"{API}/room-types/std", {}).data["code"] == "empty_change"
    assert manager_api.patch(f"{API}/room-types/std", {"names": None}).status_code == 422
    missing = manager_api.patch(f"{API}/room-types/nope", {"name": "X"})
    assert (missing.status_code, missing.data["code"]) == (404, "not_found")
    missing = manager_api.patch(f"{API}/rate-plans/nope", {"name": "X"})
    assert (missing.status_code, missing.data["code"]) == (404, "not_found")
    unknown = manager_api.post(
        f"{API}/rate-plans", {"code": "x", "name": "X", "prices": {"nope": "10"}}
    )
    assert (unknown.status_code, unknown.data["code"]) == (422, "unknown_room_type")
    assert not RatePlan.objects.filter(establishment=named, code="x").exists()


# --- the admin ------------------------------------------------------------------------------


def _admin(user):
    client = Client()
    client.force_login(user)
    return client


def _room_type_form(room_type, **changes):
    data = {
        "name": room_type.name,
        "capacity": room_type.capacity,
        "base_rate": room_type.base_rate,
        "overbooking_allowance": room_type.overbooking_allowance,
        "description": room_type.description,
        "sort_order": room_type.sort_order,
        **{
            f"name_{code}": room_type.names.get(code, "") for code in ("en", "nl", "de", "pl", "es")
        },
    }
    data.update(changes)
    return data


def test_the_admin_edits_the_names_in_one_input_per_language(manager, named):
    client = _admin(manager)
    std = RoomType.objects.get(establishment=named, code="std")
    url = f"/admin/lodging/roomtype/{std.pk}/change/"
    form = client.get(url).content.decode()
    assert re.search(r'name="name_nl"[^>]*value="Tweepersoonskamer"', form)
    for code in ("en", "de", "pl", "es"):
        assert f'name="name_{code}"' in form
    assert 'name="names"' not in form  # no raw JSON
    response = client.post(
        url, _room_type_form(std, name_es="Habitación doble", name_de="", name_en="Double")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    std.refresh_from_db()
    assert std.names == {
        "en": "Double",
        "nl": "Tweepersoonskamer",
        "pl": "Pokój dwuosobowy",
        "es": "Habitación doble",
    }


def test_a_name_too_long_is_a_form_error_in_the_admin(manager, named):
    client = _admin(manager)
    std = RoomType.objects.get(establishment=named, code="std")
    response = client.post(
        f"/admin/lodging/roomtype/{std.pk}/change/",
        _room_type_form(std, name="Changed", name_pl="p" * 101),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="errorlist' in html and "name_pl" in html
    std.refresh_from_db()
    assert (std.name, std.names["pl"]) == ("Double room", "Pokój dwuosobowy")


def test_the_rate_plan_admin_sets_the_names_through_the_service(manager, named):
    client = _admin(manager)
    plan = RatePlan.objects.get(establishment=named, code="bb")
    data = {
        "name": "Bed and breakfast",
        "min_stay": 1,
        "active": "on",
        "name_de": "Übernachtung mit Frühstück",
        "name_nl": "Logies en ontbijt",
        "prices-TOTAL_FORMS": 0,
        "prices-INITIAL_FORMS": 0,
        "overrides-TOTAL_FORMS": 0,
        "overrides-INITIAL_FORMS": 0,
    }
    response = client.post(f"/admin/lodging/rateplan/{plan.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    plan.refresh_from_db()
    assert plan.name == "Bed and breakfast"
    assert plan.names == {"nl": "Logies en ontbijt", "de": "Übernachtung mit Frühstück"}


@pytest.mark.parametrize(
    "currency, rate, shown, hidden",
    [
        ("KWD", "100.125", "KWD100.125", "100.13"),
        ("JPY", "10000", "¥10,000", "10,000.00"),
        ("EUR", "89.5", "€89.50", "89.500"),
    ],
)
def test_admin_lists_amounts_with_the_currencys_decimals(
    root, make_user, currency, rate, shown, hidden
):
    from frontoffice.core.services import establishments as establishment_services

    place = establishment_services.establishment_create(
        actor=root, code="abroad", name="Abroad", timezone_name="UTC", currency=currency
    )
    room_type = services.room_type_create(
        establishment=place, code="dbl", name="Double", capacity=2, base_rate=rate
    )
    plan = services.rate_plan_create(
        establishment=place, code="bar", name="Bar", prices={"dbl": rate}
    )
    client = _admin(make_user(Role.FRONT_OFFICE_MANAGER, place))
    listing = client.get("/admin/lodging/roomtype/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert shown in listing
    assert hidden not in listing
    # The change forms show the amounts with the currency's decimals too.
    stored = {"KWD": "100.125", "JPY": "10000", "EUR": "89.50"}[currency]
    form = client.get(f"/admin/lodging/roomtype/{room_type.pk}/change/").content.decode()
    assert f'name="base_rate" value="{stored}"' in form
    plan_form = client.get(f"/admin/lodging/rateplan/{plan.pk}/change/").content.decode()
    assert f'name="prices-0-price" value="{stored}"' in plan_form


def test_admin_times_are_the_establishments(root, make_user, hotel):
    """The history of a Tokyo hotel's room type, seen by its manager and by the superuser,
    says 21:00 for 12:00 UTC; a period's creation time is each row's own hotel's."""
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    from frontoffice.conftest import build_hotel
    from frontoffice.lodging.models import Room, RoomOutOfOrder

    tokyo = build_hotel(root, code="tokyo", timezone_name="Asia/Tokyo")
    room_type = RoomType.objects.get(establishment=tokyo, code="std")
    noon_utc = dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.UTC)
    LogEntry.objects.create(
        user=root,
        content_type=ContentType.objects.get_for_model(RoomType),
        object_id=str(room_type.pk),
        object_repr=str(room_type),
        action_flag=CHANGE,
        change_message="[]",
        action_time=noon_utc,
    )
    url = f"/admin/lodging/roomtype/{room_type.pk}/history/"
    for user in (make_user(Role.FRONT_OFFICE_MANAGER, tokyo), root):
        html = _admin(user).get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
        assert "15. Januar 2026 21:00" in html, user
        assert "12:00" not in html, user

    day = dt.date(2026, 12, 1)
    for place in (hotel, tokyo):
        services.room_out_of_order(
            room=Room.objects.filter(establishment=place).first(),
            start=day,
            end=day + dt.timedelta(days=1),
        )
    RoomOutOfOrder.objects.update(created_at=noon_utc)
    listing = _admin(root).get("/admin/lodging/roomoutoforder/", HTTP_ACCEPT_LANGUAGE="de")
    html = listing.content.decode()
    assert "15. Jan. 2026, 13:00" in html  # Amsterdam
    assert "15. Jan. 2026, 21:00" in html  # Tokyo
    period = RoomOutOfOrder.objects.get(establishment=tokyo)
    change = _admin(root).get(
        f"/admin/lodging/roomoutoforder/{period.pk}/change/", HTTP_ACCEPT_LANGUAGE="de"
    )
    assert "15. Jan. 2026, 21:00" in change.content.decode()


# English words the admin pages must not show in another language: the labels this project
# gives (and the ones Django 5.2's own Dutch catalogue lacks), written out by hand.
ENGLISH_LABELS = [
    "Establishment",
    "establishment",
    "Establishments and staff",
    "Core",
    "Name per language",
    "Pages in that language",
    "Room type",
    "Rate plan",
    "Base rate",
    "Created",
    "Model name",
    "Add link",
    "Change or view list link",
    "Dutch",
    "German",
    "Polish",
    "Spanish",
]


def _visible_text(html: str) -> str:
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    html = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", html)


@pytest.mark.parametrize(
    "language, expected",
    [
        ("de", ["Name pro Sprache", "Niederländisch", "Betriebe und Personal", "Grundpreis"]),
        ("nl", ["Naam per taal", "Nederlands", "Vestigingen en personeel", "Modelnaam"]),
        ("pl", ["Nazwa w poszczególnych językach", "Niderlandzki", "Placówki i personel"]),
        ("es", ["Nombre por idioma", "Neerlandés", "Establecimientos y personal"]),
    ],
)
def test_the_admin_speaks_the_pages_language(root, named, other_hotel, today, language, expected):
    from frontoffice.lodging.models import Room

    services.room_out_of_order(
        room=Room.objects.filter(establishment=named).first(),
        start=today + dt.timedelta(days=3),
        end=today + dt.timedelta(days=4),
    )
    std = RoomType.objects.get(establishment=named, code="std")
    plan = RatePlan.objects.get(establishment=named, code="bb")
    client = _admin(root)
    seen = ""
    for url in (
        "/admin/",
        "/admin/lodging/roomtype/",
        f"/admin/lodging/roomtype/{std.pk}/change/",
        "/admin/lodging/rateplan/",
        f"/admin/lodging/rateplan/{plan.pk}/change/",
        "/admin/lodging/roomoutoforder/",
        "/admin/core/department/",
    ):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, url
        text = _visible_text(response.content.decode())
        for label in ENGLISH_LABELS:
            assert not re.search(rf"\b{label}\b", text), (language, url, label)
        seen += text
    for words in expected:
        assert words in seen, (language, words)


# --- the demo -------------------------------------------------------------------------------


def test_the_demo_names_every_room_type_and_plan_in_all_five_languages(db):
    import io

    from frontoffice.core.models import Establishment
    from frontoffice.lodging import demo

    assert demo.load(stdout=io.StringIO(), days_back=1, days_ahead=2)
    est = Establishment.unscoped.get(code=demo.CODE)
    rows = [
        *RoomType.objects.filter(establishment=est),
        *RatePlan.objects.filter(establishment=est),
    ]
    assert len(rows) == 8
    for row in rows:
        assert sorted(row.names) == ["de", "en", "es", "nl", "pl"], row.code
        assert row.names["en"] == row.name, row.code
    double = RoomType.objects.get(establishment=est, code="dbl")
    assert double.names == {
        "en": "Double room",
        "nl": "Tweepersoonskamer",
        "de": "Doppelzimmer",
        "pl": "Pokój dwuosobowy",
        "es": "Habitación doble",
    }
    breakfast = RatePlan.objects.get(establishment=est, code="bb")
    assert breakfast.label_in("de") == "Übernachtung mit Frühstück"
