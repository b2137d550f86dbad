"""The night audit's three faces: the API, the `frontoffice audit` command and the pages
(the steps run one htmx request each, the report, the chart)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from frontoffice.billing.models import Entry
from frontoffice.conftest import Api
from frontoffice.core.models import Role
from frontoffice.lodging.models import DailyReport, Reservation

from .test_night_audit import book, hotel, in_house  # noqa: F401 - the same hotel

A = "/api/v1/establishments/hotel"


@pytest.fixture
def auditor(make_user, hotel):  # noqa: F811
    return make_user(Role.FRONT_DESK_AGENT, hotel, username="auditor")


def test_api_closes_the_date_and_answers_the_same_report_again(hotel, root, auditor):  # noqa: F811
    in_house(hotel, root)
    day = hotel.business_day()
    api = Api(auditor)
    first = api.post(f"{A}/night-audit", {"business_date": day.isoformat()})
    assert first.status_code == 200, first.data
    assert set(first.data) == {"business_date", "closed_at", "closed_by", "figures"}
    assert first.data["closed_by"] == "auditor"
    assert first.data["figures"]["rooms_sold"] == 1
    entries = Entry.objects.count()
    again = api.post(f"{A}/night-audit", {"business_date": day.isoformat()})
    assert again.status_code == 200 and again.data == first.data
    assert Entry.objects.count() == entries
    read = api.get(f"{A}/reports/daily", date=day.isoformat())
    assert read.status_code == 200 and read.data == first.data
    finance = Api(_finance(hotel))
    assert finance.get(f"{A}/reports/daily", date=day.isoformat()).data == first.data
    assert finance.post(f"{A}/night-audit", {"business_date": day.isoformat()}).status_code == 403


def _finance(hotel):  # noqa: F811
    from django.contrib.auth import get_user_model

    from frontoffice.core.services import establishments

    user = get_user_model().objects.create_user("finance", password="pass-Word-123")
    establishments.staff_role_grant(establishment=hotel, user=user, role=Role.BACK_OFFICE_FINANCE)
    return user


def test_api_arrivals_pending_is_409_with_the_list_then_mark_no_shows(hotel, root, auditor):  # noqa: F811
    due = book(hotel, root)
    day = hotel.business_day().isoformat()
    api = Api(auditor)
    refused = api.post(f"{A}/night-audit", {"business_date": day})
    assert refused.status_code == 409 and refused.data["code"] == "arrivals_pending"
    assert refused.data["arrivals"][0]["confirmation"] == due.confirmation
    assert api.get(f"{A}/reports/daily", date=day).status_code == 404
    closed = api.post(f"{A}/night-audit", {"business_date": day, "mark_no_shows": True})
    assert closed.status_code == 200 and closed.data["figures"]["no_shows"] == 1
    assert Reservation.objects.get(pk=due.pk).status == "no_show"


@pytest.mark.parametrize(
    "body, status, code",
    [
        ({"business_date": "2999-01-01"}, 422, "future_date"),
        ({"business_date": "2000-01-01"}, 422, "not_open"),
        ({"business_date": "yesterday"}, 422, None),
        ({}, 422, None),
        ({"business_date": "2026-02-30"}, 422, None),
    ],
)
def test_api_bad_dates_are_422_and_close_nothing(hotel, auditor, body, status, code):  # noqa: F811
    answer = Api(auditor).post(f"{A}/night-audit", body)
    assert answer.status_code == status, answer.data
    if code:
        assert answer.data["code"] == code
    assert not DailyReport.objects.exists()


def test_api_report_of_a_date_never_closed_is_404(hotel, auditor):  # noqa: F811
    assert Api(auditor).get(f"{A}/reports/daily", date="2026-01-01").status_code == 404
    assert Api(auditor).get(f"{A}/reports/daily", date="x").status_code == 422


# --- the command ----------------------------------------------------------------------------


def test_command_closes_every_hotel_and_says_so(hotel, root):  # noqa: F811
    in_house(hotel, root)
    out = StringIO()
    call_command("audit", stdout=out)
    text = out.getvalue()
    assert "[1/1] hotel" in text and "closed: 1/5 rooms" in text
    assert "Night audit: 1 closed, 0 with arrivals pending, 0 failed." in text
    hotel.refresh_from_db()
    assert hotel.business_date == hotel.today() + dt.timedelta(days=1)


def test_command_fails_with_a_clear_message_on_arrivals_pending(hotel, root):  # noqa: F811
    due = book(hotel, root)
    out = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("audit", "--establishment", "hotel", stdout=out)
    assert caught.value.returncode == 3
    assert "--mark-no-shows" in str(caught.value) and due.confirmation in out.getvalue()
    call_command("audit", "--establishment", "hotel", "--mark-no-shows", stdout=StringIO())
    assert Reservation.objects.get(pk=due.pk).status == "no_show"


def test_command_unknown_establishment(hotel):  # noqa: F811
    with pytest.raises(CommandError):
        call_command("audit", "--establishment", "nowhere", stdout=StringIO())


# --- the pages ----------------------------------------------------------------------------


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_page_asks_once_then_runs_each_step_as_its_own_request(hotel, root, auditor):  # noqa: F811
    stay = in_house(hotel, root)
    due = book(hotel, root, "dlx")
    day = hotel.business_day()
    client = _client(auditor)
    page = client.get("/e/hotel/night-audit/").content.decode()
    assert due.confirmation in page and 'name="mark_no_shows"' in page
    asked = client.post("/e/hotel/night-audit/", {"mark_no_shows": "on"}).content.decode()
    assert 'id="audit-question"' in asked and not Entry.objects.exists()
    htmx = {"HTTP_HX_REQUEST": "true"}
    body = {"business_date": day.isoformat(), "mark_no_shows": "on"}
    seen = []
    step = "no_shows"
    while step:
        answer = client.post("/e/hotel/night-audit/run/", {**body, "step": step}, **htmx)
        assert answer.status_code == 200
        html = answer.content.decode()
        seen.append(step)
        if step == "charges":  # real progress: the charges are there before the close
            assert Entry.objects.filter(folio_id=stay.folio_id).count() == 1
            assert not DailyReport.objects.exists()
        marker = 'name="step" value="'
        step = html.split(marker)[1].split('"')[0] if marker in html else None
    assert seen == ["no_shows", "charges", "housekeeping", "close"]
    assert 'id="audit-done"' in html and 'id="daily-report"' in html
    assert Reservation.objects.get(pk=due.pk).status == "no_show"
    assert DailyReport.objects.get().business_date == day


def test_the_page_shows_arrivals_pending_as_an_error(hotel, root, auditor):  # noqa: F811
    due = book(hotel, root)
    answer = _client(auditor).post(
        "/e/hotel/night-audit/run/",
        {"business_date": hotel.business_day().isoformat(), "step": "no_shows"},
        HTTP_HX_REQUEST="true",
    )
    html = answer.content.decode()
    assert 'id="audit-error"' in html and due.confirmation in html
    assert 'name="step"' not in html  # no next step is asked


def test_without_htmx_the_run_closes_and_opens_the_report(hotel, root, auditor):  # noqa: F811
    in_house(hotel, root)
    day = hotel.business_day()
    answer = _client(auditor).post(
        "/e/hotel/night-audit/run/", {"business_date": day.isoformat(), "step": "no_shows"}
    )
    assert answer.status_code == 302 and f"date={day.isoformat()}" in answer["Location"]
    report = _client(auditor).get(answer["Location"]).content.decode()
    assert 'id="fig-occupancy"' in report and "20%" in report  # 1 of 5 rooms


def test_daily_report_page_in_dutch(hotel, root, auditor):  # noqa: F811
    in_house(hotel, root)
    in_house(hotel, root, "dlx")
    day = hotel.business_day()
    Api(auditor).post(f"{A}/night-audit", {"business_date": day.isoformat()})
    client = _client(auditor)
    html = client.get(
        f"/e/hotel/reports/daily/?date={day.isoformat()}", HTTP_ACCEPT_LANGUAGE="nl"
    ).content.decode()
    # 100,00 + 120,00 = 220,00 in Dutch; 2 of 5 rooms is 40 %.
    assert "220,00" in html and "40%" in html
    missing = client.get(f"/e/hotel/reports/daily/?date={day - dt.timedelta(days=9)}")
    missing = missing.content.decode()
    assert 'id="no-report"' in missing
