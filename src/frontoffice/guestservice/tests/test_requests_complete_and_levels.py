"""Completing a request from its page, with a charge on the guest's folio (asked once;
only for who may charge), and a department's service levels (page and API, all or
nothing)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from frontoffice.billing.models import Entry
from frontoffice.conftest import Api
from frontoffice.core.models import Department, Role
from frontoffice.customers import services as customer_services
from frontoffice.guestservice.models import ServiceLevel, ServiceRequest
from frontoffice.guestservice.services import requests as request_services

from .requests_fixtures import *  # noqa: F403 (fixtures)

P = "/e/hotel"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _started(stay=None, customer=None, kind="amenity"):
    est = (stay or customer).establishment
    job = request_services.request_create(
        establishment=est, actor=None, kind=kind, reservation=stay, customer=customer
    )
    return request_services.request_start(request=job, actor=None)


def _charges(stay) -> list[Entry]:
    return list(Entry.objects.filter(folio=stay.folio, kind=Entry.Kind.CHARGE))


CHARGE = {
    "note": "Two extra pillows",
    "category": "minibar",
    "unit_price": "12.50",
    "quantity": "2",
}


# --- completing with a charge ------------------------------------------------------------


def test_a_charge_posted_from_the_page_is_on_the_folio_with_the_exact_amount(desk, in_house):
    job = _started(in_house)
    client = logged_in(desk)
    url = f"{P}/requests/{job.pk}/complete/"
    shown = client.get(url).content.decode()
    # What the request is: kind, room, the guest as the queue shows them; the charge fields.
    assert "Amenity" in shown and in_house.room.number in shown and "Pia Pagetest" in shown
    assert 'id="charge-fields"' in shown and 'name="unit_price"' in shown
    assert '<option value="minibar">' in shown  # billing's categories
    assert "data-enter-safe" in shown and "data-autofocus" in shown
    # Asked once, with the amount in the page's language; nothing written yet.
    asked = client.post(url, CHARGE).content.decode()
    assert 'id="confirm-button"' in asked
    assert f"Complete request {job.pk} and charge €25.00 to the folio of Pia Pagetest?" in asked
    job.refresh_from_db()
    assert job.status == "in_progress" and _charges(in_house) == []
    done = client.post(url, {**CHARGE, "confirmed": "on"})
    assert done.status_code == 302
    job.refresh_from_db()
    (entry,) = _charges(in_house)
    assert (job.status, job.charge_entry_id, job.completion_note) == (
        "done",
        entry.pk,
        "Two extra pillows",
    )
    assert (entry.amount, entry.category, entry.quantity) == (
        Decimal("25.00"),
        "minibar",
        Decimal("2"),
    )
    # Completing it again is refused, and the folio keeps one charge.
    again = client.post(url, {**CHARGE, "confirmed": "on"}).content.decode()
    assert "Only a request in progress can be completed." in again
    assert len(_charges(in_house)) == 1


def test_the_amount_is_asked_in_the_pages_language(desk, in_house):
    job = _started(in_house)
    client = logged_in(desk)
    client.cookies["django_language"] = "nl"
    asked = client.post(
        f"{P}/requests/{job.pk}/complete/", {**CHARGE, "unit_price": "1234,50", "quantity": "1"}
    )
    # babel: the Dutch grouping and decimal comma, a no-break space after the sign.
    assert "€\xa01.234,50" in asked.content.decode()


def test_without_a_price_the_request_is_completed_without_a_charge(desk, in_house):
    job = _started(in_house)
    answer = logged_in(desk).post(f"{P}/requests/{job.pk}/complete/", {"note": "ok"})
    assert answer.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.charge_entry_id, job.completion_note) == ("done", None, "ok")
    assert _charges(in_house) == []


@pytest.mark.parametrize(
    "fields, error",
    [
        ({"unit_price": "abc"}, "Enter an amount."),
        ({"unit_price": "0"}, "Enter an amount greater than zero."),
        ({"unit_price": "-3"}, "Enter an amount greater than zero."),
        ({"unit_price": "1.234"}, "This currency has 2 decimal places."),
        ({"unit_price": "99999999999"}, "This price is too high."),
        ({"quantity": "0"}, "Enter a quantity greater than zero."),
        ({"quantity": "x"}, "Enter a quantity."),
        ({"category": ""}, "Choose the charge&#x27;s category."),
        ({"category": "caviar"}, "Select a valid choice."),
        ({"unit_price": ""}, "Enter the unit price."),
    ],
)
def test_a_bad_charge_is_a_form_error_and_nothing_is_written(desk, in_house, fields, error):
    job = _started(in_house)
    for confirmed in ({}, {"confirmed": "on"}):
        answer = logged_in(desk).post(
            f"{P}/requests/{job.pk}/complete/", {**CHARGE, **fields, **confirmed}
        )
        assert answer.status_code == 200
        html = answer.content.decode()
        assert error in html, html[html.find("errorlist") - 200 :][:600]
        assert 'id="confirm-button"' not in html
    job.refresh_from_db()
    assert job.status == "in_progress" and _charges(in_house) == []


def test_a_request_without_a_folio_or_not_in_progress_is_refused_on_the_form(
    desk, in_house, walk_up
):
    client = logged_in(desk)
    walk_in = _started(customer=walk_up)
    shown = client.get(f"{P}/requests/{walk_in.pk}/complete/").content.decode()
    assert 'name="unit_price"' not in shown  # no stay, no folio: no charge offered
    refused = client.post(f"{P}/requests/{walk_in.pk}/complete/", CHARGE).content.decode()
    assert "This guest has no account here to charge." in refused
    new = request_services.request_create(
        establishment=in_house.establishment, actor=None, kind="amenity", reservation=in_house
    )
    refused = client.post(f"{P}/requests/{new.pk}/complete/", CHARGE).content.decode()
    assert "Only a request in progress can be completed." in refused
    assert ServiceRequest.objects.filter(status="done").count() == 0
    assert _charges(in_house) == []


def test_a_request_completed_by_someone_else_meanwhile_is_refused(desk, root, in_house):
    job = _started(in_house)
    client = logged_in(desk)
    url = f"{P}/requests/{job.pk}/complete/"
    assert 'id="confirm-button"' in client.post(url, CHARGE).content.decode()
    request_services.request_complete(request=job, actor=root, note="done by root")
    refused = client.post(url, {**CHARGE, "confirmed": "on"})
    assert refused.status_code == 200
    assert "Only a request in progress can be completed." in refused.content.decode()
    job.refresh_from_db()
    assert (job.completion_note, job.charge_entry_id) == ("done by root", None)
    assert _charges(in_house) == []


@pytest.mark.parametrize("role", [Role.CONCIERGE, Role.PORTER])
def test_a_role_without_the_right_to_charge_sees_no_charge_and_cannot_post_one(
    role, make_user, hotel, in_house
):
    job = _started(in_house, kind="luggage")  # the bell desk's: porters see it too
    client = logged_in(make_user(role, hotel))
    url = f"{P}/requests/{job.pk}/complete/"
    shown = client.get(url).content.decode()
    assert shown and "charge-fields" not in shown and 'name="unit_price"' not in shown
    assert "Complete with charge" not in client.get(f"{P}/requests/rows/").content.decode()
    for body in (CHARGE, {**CHARGE, "confirmed": "on"}, {"unit_price": "5"}):
        assert client.post(url, body).status_code == 403
    job.refresh_from_db()
    assert job.status == "in_progress" and _charges(in_house) == []
    # Completing without a charge is theirs to do.
    assert client.post(url, {"note": "bags up"}).status_code == 302
    job.refresh_from_db()
    assert job.status == "done" and _charges(in_house) == []


def test_the_porters_view_completes_through_the_page_and_goes_back(make_user, hotel, in_house):
    job = _started(in_house, kind="luggage")
    client = logged_in(make_user(Role.PORTER, hotel))
    porter = client.get(f"{P}/porter/").content.decode()
    assert f'action="{P}/requests/{job.pk}/complete/"' in porter
    answer = client.post(f"{P}/requests/{job.pk}/complete/", {"next": "porter"})
    assert answer.status_code == 302 and answer["Location"] == f"{P}/porter/"
    job.refresh_from_db()
    assert job.status == "done"
    again = client.post(f"{P}/requests/{job.pk}/complete/", {"next": "porter"}, follow=True)
    assert "Only a request in progress can be completed." in again.content.decode()


def test_a_private_guest_is_not_named_to_who_may_not_know_of_them(make_user, hotel, root, in_house):
    customer_services.customer_update(customer=in_house.customer, actor=root, private=True)
    job = _started(in_house)
    shown = logged_in(make_user(Role.CONCIERGE, hotel)).get(f"{P}/requests/{job.pk}/complete/")
    html = shown.content.decode()
    assert "Private guest" in html and "Pagetest" not in html


def test_the_queue_links_a_charge_only_for_a_stay_in_progress_to_who_may_charge(
    desk, in_house, walk_up
):
    stay_job = _started(in_house)
    walk_in = _started(customer=walk_up)
    waiting = request_services.request_create(
        establishment=in_house.establishment, actor=None, kind="amenity", reservation=in_house
    )
    rows = logged_in(desk).get(f"{P}/requests/rows/").content.decode()

    def row(job):
        part = rows[rows.index(f'id="request-{job.pk}"') :]
        return part[: part.index("</tr>")]

    link = f'href="{P}/requests/{stay_job.pk}/complete/">Complete with charge…</a>'
    assert link in row(stay_job)
    assert "Complete with charge" not in row(walk_in)
    assert "Complete with charge" not in row(waiting)


def test_the_queue_with_charge_links_reads_a_fixed_number_of_queries(
    desk, in_house, django_assert_max_num_queries
):
    for _ in range(20):
        _started(in_house)
    client = logged_in(desk)
    client.get(f"{P}/requests/rows/")
    for url in (f"{P}/requests/rows/", f"{P}/requests/"):
        with django_assert_max_num_queries(8):
            html = client.get(url).content.decode()
        assert html.count("Complete with charge…") == 20


# --- service levels ----------------------------------------------------------------------


def _cells(**values) -> dict:
    """Every cell empty but the ones given (m_<kind>_<priority>)."""
    body = {
        f"m_{kind}_{priority}": ""
        for kind in request_services.K.values
        for priority in request_services.PRIORITY_ORDER
    }
    body.update(values)
    return body


def test_the_service_levels_page_shows_the_minutes_in_force(manager, hotel, departments):
    housekeeping = departments[Department.Kind.HOUSEKEEPING]
    request_services.service_level_set(
        establishment=hotel,
        department_kind="housekeeping",
        kind="amenity",
        priority="low",
        minutes=90,
    )
    request_services.service_level_set(
        establishment=hotel, department=housekeeping, kind="amenity", priority="high", minutes=20
    )
    client = logged_in(manager)
    queue = client.get(f"{P}/requests/").content.decode()
    assert f'href="{P}/requests/service-levels/"' in queue
    html = client.get(f"{P}/requests/service-levels/?department={housekeeping.pk}").content.decode()
    assert f'<option value="{housekeeping.pk}" selected>' in html
    # The department chooser is the first field, and has the focus.
    assert html.index('id="levels-department"') < html.index('id="levels-form"')
    assert '<form method="get" class="actions queue-filter" data-autofocus>' in html
    # Its own value as the value; the kind's or the default as the placeholder.
    assert 'name="m_amenity_high" value="20"' in html
    assert 'placeholder="90"' in html and 'name="m_amenity_low"' in html
    cell = html[html.index('name="m_amenity_urgent"') - 200 :][:300]
    assert 'placeholder="15"' in cell and "value=" not in cell.split('name="m_amenity_urgent"')[1]
    assert "Defaults:" in html


def test_a_desk_agent_has_no_link_to_service_levels(desk, departments):
    assert "service-levels" not in logged_in(desk).get(f"{P}/requests/").content.decode()


def test_new_requests_take_the_minutes_saved_on_the_page(manager, hotel, departments, in_house):
    housekeeping = departments[Department.Kind.HOUSEKEEPING]
    answer = logged_in(manager).post(
        f"{P}/requests/service-levels/",
        {"department": housekeeping.pk, **_cells(m_housekeeping_high="7")},
    )
    assert answer.status_code == 302
    assert answer["Location"] == f"{P}/requests/service-levels/?department={housekeeping.pk}"
    job = request_services.request_create(
        establishment=hotel,
        actor=None,
        kind="housekeeping",
        priority="high",
        reservation=in_house,
        department=housekeeping,
    )
    assert job.due_at - job.created_at == dt.timedelta(minutes=7)
    # Another priority keeps its default.
    other = request_services.request_create(
        establishment=hotel, actor=None, kind="housekeeping", priority="low", reservation=in_house
    )
    assert other.department == housekeeping
    assert other.due_at - other.created_at == dt.timedelta(minutes=240)


@pytest.mark.parametrize(
    "value, error",
    [
        ("0", "Give at least one minute."),
        ("-5", "Give at least one minute."),
        ("abc", "Enter a whole number of minutes."),
        ("1.5", "Enter a whole number of minutes."),
        ("10081", "Give at most 10080 minutes (a week)."),
    ],
)
def test_the_grid_is_all_or_nothing(manager, hotel, departments, value, error):
    housekeeping = departments[Department.Kind.HOUSEKEEPING]
    request_services.service_level_set(
        establishment=hotel, department=housekeeping, kind="amenity", priority="low", minutes=50
    )
    answer = logged_in(manager).post(
        f"{P}/requests/service-levels/",
        {"department": housekeeping.pk, **_cells(m_amenity_normal="45", m_service_urgent=value)},
    )
    assert answer.status_code == 422
    html = answer.content.decode()
    cell = html[html.index('name="m_service_urgent"') :]
    assert error in cell[: cell.index("</td>")]
    # Nothing saved: the good cell is not written, the cleared one not cleared.
    assert list(ServiceLevel.objects.values_list("kind", "priority", "minutes")) == [
        ("amenity", "low", 50)
    ]


def test_an_empty_cell_brings_back_the_kinds_value_or_the_default(manager, hotel, departments):
    housekeeping = departments[Department.Kind.HOUSEKEEPING]
    for department, kind in ((housekeeping, ""), (None, "housekeeping")):
        request_services.service_level_set(
            establishment=hotel,
            department=department,
            department_kind=kind,
            kind="amenity",
            priority="low",
            minutes=50 if department else 90,
        )
    assert request_services.minutes_for(housekeeping, "amenity", "low") == 50
    logged_in(manager).post(
        f"{P}/requests/service-levels/", {"department": housekeeping.pk, **_cells()}
    )
    assert request_services.minutes_for(housekeeping, "amenity", "low") == 90
    assert not ServiceLevel.objects.filter(department=housekeeping).exists()


def test_the_grid_service_writes_nothing_when_a_cell_is_bad(hotel, departments):
    housekeeping = departments[Department.Kind.HOUSEKEEPING]
    with pytest.raises(request_services.Invalid) as refused:
        request_services.service_levels_save(
            establishment=hotel,
            department=housekeeping,
            minutes={("amenity", "low"): 30, ("service", "high"): 0},
        )
    assert refused.value.field == "service.high"
    assert not ServiceLevel.objects.exists()


def test_the_service_clears_a_departments_level(hotel, departments):
    housekeeping = departments[Department.Kind.HOUSEKEEPING]
    request_services.service_level_set(
        establishment=hotel, department=housekeeping, kind="amenity", priority="low", minutes=5
    )
    assert request_services.service_level_clear(
        establishment=hotel, department=housekeeping, kind="amenity", priority="low"
    )
    assert not request_services.service_level_clear(
        establishment=hotel, department=housekeeping, kind="amenity", priority="low"
    )
    assert request_services.minutes_for(housekeeping, "amenity", "low") == 240


def test_the_api_reads_and_sets_a_departments_levels(manager, hotel, departments):
    housekeeping = departments[Department.Kind.HOUSEKEEPING]
    api = Api(manager)
    url = f"/api/v1/establishments/hotel/departments/{housekeeping.pk}/service-levels"
    got = api.get(url)
    assert got.status_code == 200 and len(got.data["levels"]) == 28
    first = got.data["levels"][0]
    assert first == {
        "kind": "amenity",
        "priority": "low",
        "minutes": 240,
        "own": None,
        "inherited": 240,
        "inherited_from": "default",
    }
    put = api.put(url, {"levels": [{"kind": "amenity", "priority": "low", "minutes": 33}]})
    assert put.status_code == 200
    assert (put.data["levels"][0]["minutes"], put.data["levels"][0]["own"]) == (33, 33)
    assert request_services.minutes_for(housekeeping, "amenity", "low") == 33
    cleared = api.put(url, {"levels": [{"kind": "amenity", "priority": "low", "minutes": None}]})
    assert cleared.data["levels"][0]["minutes"] == 240
    assert not ServiceLevel.objects.exists()


@pytest.mark.parametrize(
    "levels, code",
    [
        ([{"kind": "amenity", "priority": "low", "minutes": 0}], "invalid_minutes"),
        ([{"kind": "amenity", "priority": "low", "minutes": 10081}], "invalid_minutes"),
        ([{"kind": "amenity", "priority": "low", "minutes": -1}], "invalid_minutes"),
        (
            [
                {"kind": "amenity", "priority": "high", "minutes": 5},
                {"kind": "amenity", "priority": "low", "minutes": 5},
                {"kind": "amenity", "priority": "low", "minutes": 6},
            ],
            "duplicate",
        ),
        (
            [
                {"kind": "amenity", "priority": "high", "minutes": 5},
                {"kind": "service", "priority": "low", "minutes": 0},
            ],
            "invalid_minutes",
        ),
    ],
)
def test_the_api_refuses_bad_levels_and_saves_nothing(manager, departments, levels, code):
    housekeeping = departments[Department.Kind.HOUSEKEEPING]
    url = f"/api/v1/establishments/hotel/departments/{housekeeping.pk}/service-levels"
    answer = Api(manager).put(url, {"levels": levels})
    assert answer.status_code == 422 and answer.data["code"] == code, answer.data
    assert answer.data["detail"]
    assert not ServiceLevel.objects.exists()


def test_the_api_refuses_what_is_not_a_number_and_unknown_departments(
    manager, other_hotel, departments
):
    housekeeping = departments[Department.Kind.HOUSEKEEPING]
    api = Api(manager)
    base = "/api/v1/establishments/hotel/departments"
    bad = api.put(
        f"{base}/{housekeeping.pk}/service-levels",
        {"levels": [{"kind": "amenity", "priority": "low", "minutes": "soon"}]},
    )
    assert bad.status_code == 422 and "code" in bad.data and "detail" in bad.data
    bad = api.put(
        f"{base}/{housekeeping.pk}/service-levels",
        {"levels": [{"kind": "spa", "priority": "low", "minutes": 5}]},
    )
    assert bad.status_code == 422 and "code" in bad.data
    foreign = Department.objects.filter(establishment=other_hotel).first()
    for number in (foreign.pk, 0, 2**63, 99999999999999999999):
        answer = api.get(f"{base}/{number}/service-levels")
        assert answer.status_code in (404, 422), (number, answer.status_code)
        assert answer.data["code"] in ("not_found", "invalid")
    assert api.get(f"{base}/{foreign.pk}/service-levels").status_code == 404
    assert not ServiceLevel.objects.exists()


# --- review follow-ups ---------------------------------------------------------------------


@pytest.mark.parametrize("department", ["999", "", "²", "abc"])
def test_a_save_for_an_unknown_department_writes_nothing(manager, departments, department):
    answer = logged_in(manager).post(
        f"{P}/requests/service-levels/",
        {"department": department, **_cells(m_amenity_normal="45")},
    )
    assert answer.status_code == 404
    assert not ServiceLevel.objects.exists()


@pytest.mark.parametrize("digits", ["²", "١٢", "99999999999999999999"])
def test_non_ascii_digits_in_ids_are_no_id(manager, departments, in_house, digits):
    job = _started(in_house)
    client = logged_in(manager)
    for url in (
        f"{P}/requests/service-levels/?department={digits}",
        f"{P}/requests/{job.pk}/complete/?department={digits}",
        f"{P}/requests/?department={digits}",
        f"{P}/requests/rows/?department={digits}",
    ):
        assert client.get(url).status_code == 200, url
    # The queue's form: an act naming no request goes back to the queue.
    answer = client.post(f"{P}/requests/act/", {"act": f"{digits}:start"})
    assert answer.status_code == 302
    answer = client.post(
        f"{P}/requests/act/", {"act": f"{job.pk}:assign", f"user-{job.pk}": digits}
    )
    assert answer.status_code == 302
    # The API reads typed ids: not a number is a 422 {code, detail}, never a 500.
    answer = Api(manager).get(f"/api/v1/establishments/hotel/departments/{digits}/service-levels")
    assert answer.status_code in (404, 422) and answer.data["code"] and answer.data["detail"]


@pytest.mark.parametrize(
    "text, number",
    [
        ("12", 12),
        ("²", None),
        ("١٢", None),
        ("", None),
        ("0", None),
        ("-1", None),
        (" 1", None),
        ("9" * 19, None),
        (str(2**62 - 1), 2**62 - 1),
        (7, 7),
        (True, None),
    ],
)
def test_row_id_takes_ascii_digits_of_a_row_id_only(text, number):
    from frontoffice.core.validation import row_id

    assert row_id(text) == number


def _was(**values) -> dict:
    """What the page showed: every cell without a value of its own but the ones given."""
    return {name.replace("m_", "was_", 1): value for name, value in _cells(**values).items()}


def test_a_stale_page_writes_only_the_cells_changed_on_it(manager, hotel, departments):
    housekeeping = departments[Department.Kind.HOUSEKEEPING]
    client = logged_in(manager)
    url = f"{P}/requests/service-levels/?department={housekeeping.pk}"
    shown = client.get(url).content.decode()
    assert 'name="was_amenity_low" value=""' in shown
    # Someone else saves a cell after this page was drawn...
    request_services.service_level_set(
        establishment=hotel, department=housekeeping, kind="amenity", priority="low", minutes=50
    )
    # ...and this page, where that cell is still empty, changes another one.
    answer = client.post(
        f"{P}/requests/service-levels/",
        {"department": housekeeping.pk, **_cells(m_service_urgent="20"), **_was()},
    )
    assert answer.status_code == 302
    assert sorted(
        ServiceLevel.objects.filter(department=housekeeping).values_list(
            "kind", "priority", "minutes"
        )
    ) == [("amenity", "low", 50), ("service", "urgent", 20)]


def test_a_cell_changed_meanwhile_is_a_conflict_and_nothing_is_written(manager, hotel, departments):
    housekeeping = departments[Department.Kind.HOUSEKEEPING]
    request_services.service_level_set(
        establishment=hotel, department=housekeeping, kind="amenity", priority="low", minutes=50
    )
    client = logged_in(manager)
    body = {
        "department": housekeeping.pk,
        **_cells(m_amenity_low="30", m_service_urgent="20"),
        **_was(),  # the page showed no value of its own for amenity, low
    }
    answer = client.post(f"{P}/requests/service-levels/", body)
    assert answer.status_code == 422
    html = answer.content.decode()
    cell = html[html.index('name="m_amenity_low"') :]
    assert (
        "Changed by someone else meanwhile; the current value is 50. Save again to replace it."
        in cell[: cell.index("</td>")]
    )
    assert list(
        ServiceLevel.objects.filter(department=housekeeping).values_list(
            "kind", "priority", "minutes"
        )
    ) == [("amenity", "low", 50)]
    # The page now carries the value the person was told of: saving again replaces it, and
    # the other cells keep what the first page showed.
    assert 'name="was_amenity_low" value="50"' in html
    assert 'name="was_service_urgent" value=""' in html
    again = client.post(
        f"{P}/requests/service-levels/",
        {**body, "was_amenity_low": "50"},
    )
    assert again.status_code == 302
    assert sorted(
        ServiceLevel.objects.filter(department=housekeeping).values_list(
            "kind", "priority", "minutes"
        )
    ) == [("amenity", "low", 30), ("service", "urgent", 20)]


def test_a_cell_cleared_meanwhile_is_a_conflict_too(hotel, departments):
    from frontoffice.core.errors import Conflict

    housekeeping = departments[Department.Kind.HOUSEKEEPING]
    with pytest.raises(Conflict) as refused:
        request_services.service_levels_save(
            establishment=hotel,
            department=housekeeping,
            minutes={("amenity", "low"): 30},
            seen={("amenity", "low"): 45},
        )
    assert refused.value.field == "amenity.low" and refused.value.code == "changed_meanwhile"
    assert not ServiceLevel.objects.exists()


def test_one_service_level_per_cell_in_the_database(hotel, departments):
    from django.db import IntegrityError, transaction

    housekeeping = departments[Department.Kind.HOUSEKEEPING]
    own = {"establishment": hotel, "department": housekeeping, "kind": "amenity", "priority": "low"}
    of_kind = {**own, "department": None, "department_kind": "housekeeping"}
    for fields in (own, of_kind):
        ServiceLevel.objects.create(**fields, minutes=10)
        with pytest.raises(IntegrityError), transaction.atomic():
            ServiceLevel.objects.create(**fields, minutes=20)


@pytest.mark.parametrize("minutes", [True, False, "30", 30.0, "30.5"])
def test_the_api_takes_minutes_as_a_whole_json_number_only(manager, departments, minutes):
    housekeeping = departments[Department.Kind.HOUSEKEEPING]
    url = f"/api/v1/establishments/hotel/departments/{housekeeping.pk}/service-levels"
    answer = Api(manager).put(
        url, {"levels": [{"kind": "amenity", "priority": "low", "minutes": minutes}]}
    )
    assert answer.status_code == 422, answer.data
    assert answer.data["code"] and answer.data["detail"]
    assert not ServiceLevel.objects.exists()


def test_the_charge_link_needs_a_folio_and_the_links_keep_the_queues_filter(
    desk, root, hotel, in_house, departments
):
    from frontoffice.lodging.models import Reservation

    job = _started(in_house)
    department = job.department_id
    client = logged_in(desk)
    rows = client.get(f"{P}/requests/rows/?department={department}").content.decode()
    row = rows[rows.index(f'id="request-{job.pk}"') :]
    row = row[: row.index("</tr>")]
    assert f'href="{P}/requests/{job.pk}/complete/?department={department}">' in row
    assert f'href="{P}/requests/{job.pk}/cancel/?department={department}">' in row
    # The complete page goes back to the filtered queue, by its link and after the save.
    page = client.get(f"{P}/requests/{job.pk}/complete/?department={department}")
    assert f'href="{P}/requests/?department={department}">' in page.content.decode()
    done = client.post(
        f"{P}/requests/{job.pk}/complete/", {"note": "", "department": str(department)}
    )
    assert done["Location"] == f"{P}/requests/?department={department}"
    cancel = client.get(f"{P}/requests/{_started(in_house).pk}/cancel/?department={department}")
    assert f'href="{P}/requests/?department={department}">' in cancel.content.decode()
    # A stay without a folio: the page offers no charge, so neither does the queue.
    other = _started(in_house)
    Reservation.objects.filter(pk=in_house.pk).update(folio=None)
    rows = client.get(f"{P}/requests/rows/").content.decode()
    row = rows[rows.index(f'id="request-{other.pk}"') :]
    assert "Complete with charge" not in row[: row.index("</tr>")]


def test_the_charge_question_asks_the_ledgers_own_check(in_house, monkeypatch):
    from frontoffice.billing.services import ledger
    from frontoffice.core.errors import Invalid

    job = _started(in_house)
    asked = []

    def charge_amount(folio, category, unit_price, quantity=1):
        asked.append((folio.pk, category, unit_price, quantity))
        raise Invalid("refused by the ledger", field="unit_price")

    monkeypatch.setattr(ledger, "charge_amount", charge_amount)
    with pytest.raises(Invalid, match="refused by the ledger"):
        request_services.request_charge_check(request=job, charge=dict(CHARGE))
    assert asked == [(in_house.folio_id, "minibar", "12.50", "2")]


def test_the_department_list_does_not_submit_itself_and_the_grid_says_it_scrolls(
    manager, departments
):
    html = logged_in(manager).get(f"{P}/requests/service-levels/").content.decode()
    select = html[html.index('<select id="levels-department"') :]
    assert "data-autosubmit" not in select[: select.index(">")]
    shown = select[select.index("</select>") + len("</select>") :]
    assert shown.lstrip().startswith('<button class="btn secondary" type="submit">Show</button>')
    assert 'id="levels-scroll-hint"' in html and "Scroll the grid sideways" in html
