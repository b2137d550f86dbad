"""The requests pages through Django's test client: who may open them (the page matrix),
the live queue (overdue rows marked in words, the viewer's own first, the polled rows),
the one-click moves, taking and cancelling a request, the porter's view."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from frontoffice.billing.tests.invoicing import pdf_text
from frontoffice.core.models import Role
from frontoffice.guestservice.models import Luggage, ServiceRequest
from frontoffice.guestservice.services import luggage as luggage_services
from frontoffice.guestservice.services import requests as request_services

from .matrix_requests import PAGE_ROWS
from .requests_fixtures import *  # noqa: F403 (fixtures)

P = "/e/hotel"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _job(stay, kind="luggage", **extra):
    return request_services.request_create(
        establishment=stay.establishment, actor=None, kind=kind, reservation=stay, **extra
    )


@pytest.mark.parametrize("role", Role.values)
def test_page_matrix(role, make_user, hotel, in_house):
    job = _job(in_house)
    tag = luggage_services.luggage_store(
        establishment=hotel, actor=None, reservation=in_house, pieces=1, location="A"
    ).tag
    client = logged_in(make_user(role, hotel))
    for template, ok, allowed in PAGE_ROWS:
        url = template.format(code="hotel", request_id=job.pk, tag=tag)
        status = client.get(url).status_code
        assert status == (ok if allowed[role] else 403), (role, url, status)


def test_outsiders_get_404_pages(make_user, other_hotel, in_house):
    job = _job(in_house)
    client = logged_in(make_user(Role.ADMINISTRATOR, other_hotel))
    for template, _ok, _allowed in PAGE_ROWS:
        url = template.format(code="hotel", request_id=job.pk, tag="L-0001")
        assert client.get(url).status_code == 404, url


def test_the_queue_marks_overdue_rows_in_words_and_puts_mine_first(desk, in_house, departments):
    late = _job(in_house, kind="amenity", due_at=timezone.now() - dt.timedelta(minutes=3))
    mine = _job(in_house, kind="amenity", due_at=timezone.now() + dt.timedelta(hours=2))
    request_services.request_assign(request=mine, actor=desk, user=desk)
    client = logged_in(desk)
    html = client.get(f"{P}/requests/?department={departments['housekeeping'].pk}").content.decode()
    assert html.index(f'id="request-{mine.pk}"') < html.index(f'id="request-{late.pk}"')
    row = html[html.index(f'id="request-{late.pk}"') :]
    row = row[: row.index("</tr>")]
    assert row.startswith(f'id="request-{late.pk}" class="overdue"') and "Overdue" in row
    other = html[html.index(f'id="request-{mine.pk}"') :]
    assert "Overdue" not in other[: other.index("</tr>")]
    assert 'hx-trigger="every 5s"' in html
    assert f"{P}/requests/rows/?department={departments['housekeeping'].pk}" in html
    rows = client.get(f"{P}/requests/rows/").content.decode()
    assert "<html" not in rows and f'id="request-{late.pk}"' in rows


def test_the_queue_shows_one_departments_requests(desk, in_house, departments):
    bags = _job(in_house)
    towels = _job(in_house, kind="housekeeping")
    html = logged_in(desk).get(f"{P}/requests/rows/?department={departments['bell_desk'].pk}")
    html = html.content.decode()
    assert f'id="request-{bags.pk}"' in html and f'id="request-{towels.pk}"' not in html


def test_wake_up_calls_join_the_queue_at_their_time(desk, walk_up):
    soon = request_services.request_create(
        establishment=walk_up.establishment,
        actor=None,
        kind="wake_up",
        customer=walk_up,
        due_at=timezone.now() + dt.timedelta(minutes=30),
    )
    now = request_services.request_create(
        establishment=walk_up.establishment,
        actor=None,
        kind="wake_up",
        customer=walk_up,
        due_at=timezone.now() - dt.timedelta(seconds=1),
    )
    html = logged_in(desk).get(f"{P}/requests/rows/").content.decode()
    assert f'id="request-{now.pk}"' in html and f'id="request-{soon.pk}"' not in html
    assert "Upcoming wake-up calls" in html


def test_one_click_moves_from_the_queue(desk, make_user, hotel, in_house, departments):
    other = make_user(Role.RECEPTIONIST, hotel)
    job = _job(in_house, kind="amenity", priority="normal")
    client = logged_in(desk)
    base = f"{P}/requests/{job.pk}"
    assert client.post(f"{base}/assign/", {"department": ""}).status_code == 302
    job.refresh_from_db()
    assert (job.status, job.assignee_id) == ("assigned", desk.pk)
    client.post(f"{base}/assign/", {"user": other.pk, "reassign": "1"})
    job.refresh_from_db()
    assert job.assignee_id == other.pk
    client.post(f"{base}/escalate/")
    job.refresh_from_db()
    assert (job.priority, job.escalation) == ("high", 1)
    client.post(f"{base}/start/")
    client.post(f"{base}/complete/")
    job.refresh_from_db()
    assert job.status == "done"
    response = client.post(f"{base}/start/", follow=True)
    assert "Only a new or assigned request can be started." in response.content.decode()


def test_porters_cannot_assign_or_escalate_from_the_page(make_user, hotel, in_house):
    job = _job(in_house)
    client = logged_in(make_user(Role.PORTER, hotel))
    assert client.post(f"{P}/requests/{job.pk}/assign/").status_code == 403
    assert client.post(f"{P}/requests/{job.pk}/escalate/").status_code == 403
    towels = _job(in_house, kind="housekeeping")
    assert client.post(f"{P}/requests/{towels.pk}/start/").status_code == 404
    assert ServiceRequest.objects.get(pk=towels.pk).status == "new"


def test_cancelling_asks_once_with_a_reason(desk, in_house):
    job = _job(in_house)
    client = logged_in(desk)
    page = client.get(f"{P}/requests/{job.pk}/cancel/").content.decode()
    assert "data-enter-safe" in page and 'name="reason"' in page
    assert client.post(f"{P}/requests/{job.pk}/cancel/", {"reason": ""}).status_code == 200
    assert ServiceRequest.objects.get(pk=job.pk).status == "new"
    assert client.post(f"{P}/requests/{job.pk}/cancel/", {"reason": "No car"}).status_code == 302
    job.refresh_from_db()
    assert (job.status, job.cancel_reason) == ("cancelled", "No car")


def test_taking_a_request_at_the_desk(desk, in_house, departments):
    client = logged_in(desk)
    form = client.get(f"{P}/requests/new/").content.decode()
    assert f"{in_house.room.number} · Pia Pagetest" in form and "autofocus" in form
    response = client.post(
        f"{P}/requests/new/",
        {
            "stay": in_house.confirmation,
            "kind": "amenity",
            "priority": "high",
            "description": "Baby cot",
            "department": "",
        },
    )
    assert response.status_code == 302
    job = ServiceRequest.objects.get()
    assert (job.department_id, job.room_id, job.priority) == (
        departments["housekeeping"].pk,
        in_house.room_id,
        "high",
    )
    refused = client.post(
        f"{P}/requests/new/",
        {"kind": "wake_up", "priority": "normal", "stay": in_house.confirmation},
    )
    assert (
        refused.status_code == 200
        and "Give the time of the wake-up call." in refused.content.decode()
    )
    none = client.post(f"{P}/requests/new/", {"kind": "amenity", "priority": "normal"})
    assert "Choose the guest" in none.content.decode()


def test_the_porter_stores_and_hands_back_luggage(make_user, hotel, in_house):
    porter = make_user(Role.PORTER, hotel)
    job = _job(in_house, description="Bags from the car to the room")
    client = logged_in(porter)
    html = client.get(f"{P}/porter/").content.decode()
    assert "Bags from the car to the room" in html and "€" not in html
    stored = client.post(
        f"{P}/porter/store/", {"stay": in_house.confirmation, "pieces": "2", "location": "Shelf 3"}
    ).content.decode()
    assert 'id="stored-tag">L-0001<' in stored and f"{P}/luggage/L-0001/label.pdf" in stored
    wrong = client.post(f"{P}/porter/release/", {"tag": "L-0001", "last_name": "Smith"})
    assert "The name does not match" in wrong.content.decode()
    assert Luggage.objects.get().status == "stored"
    assert (
        client.post(f"{P}/porter/release/", {"tag": "0001", "last_name": "pagetest"}).status_code
        == 302
    )
    assert Luggage.objects.get().status == "released"
    pdf = client.get(f"{P}/luggage/L-0001/label.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    client.post(f"{P}/requests/{job.pk}/start/", {"next": "porter"})
    assert ServiceRequest.objects.get(pk=job.pk).assignee_id == porter.pk


def test_nav_links_follow_the_role(make_user, hotel):
    porter = logged_in(make_user(Role.PORTER, hotel)).get(f"{P}/").content.decode()
    assert f'href="{P}/porter/"' in porter and f'href="{P}/requests/"' not in porter
    cashier = logged_in(make_user(Role.CASHIER, hotel)).get(f"{P}/").content.decode()
    assert f'href="{P}/porter/"' not in cashier and f'href="{P}/requests/"' not in cashier
    desk = logged_in(make_user(Role.FRONT_DESK_AGENT, hotel)).get(f"{P}/").content.decode()
    assert f'href="{P}/porter/"' in desk and f'href="{P}/requests/"' in desk


def test_the_queues_one_form_takes_reassigns_escalates_starts_and_completes(
    desk, make_user, hotel, in_house
):
    other = make_user(Role.RECEPTIONIST, hotel)
    job = _job(in_house, kind="amenity")
    client = logged_in(desk)
    act = f"{P}/requests/act/"
    html = client.get(f"{P}/requests/rows/").content.decode()
    assert f'value="{job.pk}:take"' in html and f'name="user-{job.pk}"' in html
    # Someone else took it after the page was drawn: "take" is refused, not taken over.
    request_services.request_assign(request=job, actor=other, user=other)
    answer = client.post(act, {"act": f"{job.pk}:take"}, follow=True).content.decode()
    assert "Someone else has just taken this request." in answer
    job.refresh_from_db()
    assert job.assignee_id == other.pk
    assert f'value="{job.pk}:takeover"' in client.get(f"{P}/requests/rows/").content.decode()
    client.post(act, {"act": f"{job.pk}:takeover"})
    job.refresh_from_db()
    assert job.assignee_id == desk.pk
    client.post(act, {"act": f"{job.pk}:assign", f"user-{job.pk}": str(other.pk)})
    job.refresh_from_db()
    assert job.assignee_id == other.pk
    client.post(act, {"act": f"{job.pk}:escalate"})
    client.post(act, {"act": f"{job.pk}:start"})
    job.refresh_from_db()
    assert (job.priority, job.status) == ("high", "in_progress")
    client.post(act, {"act": f"{job.pk}:complete"})
    job.refresh_from_db()
    assert job.status == "done"
    porter = logged_in(make_user(Role.PORTER, hotel))
    bags = _job(in_house)
    assert porter.post(act, {"act": f"{bags.pk}:take"}).status_code == 403
    assert porter.post(act, {"act": f"{bags.pk}:escalate"}).status_code == 403
    assert porter.post(act, {"act": f"{bags.pk}:start"}).status_code == 302
    assert ServiceRequest.objects.get(pk=bags.pk).status == "in_progress"
    rows = porter.get(f"{P}/requests/rows/").content.decode()
    assert f'name="user-{bags.pk}"' not in rows and "Cancel" not in rows


def test_a_long_queue_shows_its_first_rows_and_counts_them_all(desk, walk_up):
    from frontoffice.guestservice.queue_display import QUEUE_ROWS

    for _ in range(QUEUE_ROWS + 3):
        request_services.request_create(
            establishment=walk_up.establishment, actor=None, kind="service", customer=walk_up
        )
    html = logged_in(desk).get(f"{P}/requests/rows/").content.decode()
    assert html.count('id="request-') == QUEUE_ROWS
    assert f"{QUEUE_ROWS + 3} open requests" in html


def test_the_queue_reads_a_fixed_number_of_queries_however_long(
    desk, walk_up, django_assert_max_num_queries
):
    for _ in range(60):
        request_services.request_create(
            establishment=walk_up.establishment, actor=None, kind="service", customer=walk_up
        )
    client = logged_in(desk)
    client.get(f"{P}/requests/rows/")  # the establishment comes into the reference cache
    for url in (f"{P}/requests/rows/", f"{P}/requests/"):
        # session, user, roles, the rows, their count, wake-up calls, staff, departments
        with django_assert_max_num_queries(8):
            assert client.get(url).status_code == 200


def test_a_due_time_far_from_now_is_a_form_error(desk, walk_up):
    refused = logged_in(desk).post(
        f"{P}/requests/new/",
        {
            "kind": "wake_up",
            "priority": "normal",
            "customer": str(walk_up.pk),
            "due_at": "9999-12-31T23:59",
        },
    )
    assert refused.status_code == 200
    assert "Give a time between yesterday and a year from now." in refused.content.decode()
    assert ServiceRequest.objects.count() == 0


def test_a_department_beyond_the_databases_integers_shows_every_department(desk, walk_up):
    _job_for = request_services.request_create(
        establishment=walk_up.establishment, actor=None, kind="service", customer=walk_up
    )
    client = logged_in(desk)
    for number in ("99999999999999999999", "0", "-1", "x"):
        for url in (f"{P}/requests/", f"{P}/requests/rows/"):
            answer = client.get(url, {"department": number})
            assert answer.status_code == 200
            assert f'id="request-{_job_for.pk}"' in answer.content.decode()


def _options(html: str, row_id: int) -> list[str]:
    import re

    select = re.search(rf'<select id="user-{row_id}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def test_the_assign_list_offers_only_who_may_work_the_request(
    make_user, hotel, desk, in_house, departments
):
    make_user(Role.PORTER, hotel, username="pat_porter")
    make_user(Role.FILE_CLERK, hotel, username="fay_files")
    make_user(Role.CONCIERGE, hotel, username="cora_concierge")
    bags = _job(in_house)
    towels = _job(in_house, kind="housekeeping")
    client = logged_in(desk)
    every = client.get(f"{P}/requests/rows/").content.decode()
    assert _options(every, bags.pk) == [
        "cora_concierge",
        desk.username,
        "pat_porter (bell desk only)",
    ]
    bell = departments["bell_desk"].pk
    at_the_bell_desk = client.get(f"{P}/requests/rows/", {"department": bell}).content.decode()
    assert _options(at_the_bell_desk, bags.pk) == ["cora_concierge", desk.username, "pat_porter"]
    housekeeping = departments["housekeeping"].pk
    elsewhere = client.get(f"{P}/requests/rows/", {"department": housekeeping}).content.decode()
    assert _options(elsewhere, towels.pk) == ["cora_concierge", desk.username]


def test_the_porters_hand_back_does_not_name_a_private_guest(make_user, hotel, root, in_house):
    from frontoffice.customers import services as customer_services

    customer_services.customer_update(customer=in_house.customer, actor=root, private=True)
    luggage_services.luggage_store(
        establishment=hotel, actor=root, reservation=in_house, pieces=1, location="Shelf 1"
    )
    client = logged_in(make_user(Role.PORTER, hotel))
    done = client.post(
        f"{P}/porter/release/", {"tag": "L-0001", "last_name": "Pagetest"}, follow=True
    ).content.decode()
    assert "Tag L-0001: the luggage is handed back to Private guest." in done
    assert "Pagetest" not in done
    label = client.get(f"{P}/luggage/L-0001/label.pdf").content
    assert "Private guest" in pdf_text(label) and "Pagetest" not in pdf_text(label)


def test_the_first_field_has_the_focus_on_the_queue_and_porter_pages(make_user, hotel, desk):
    import re

    queue = logged_in(desk).get(f"{P}/requests/").content.decode()
    assert re.search(r'<form method="get" class="actions queue-filter" data-autofocus>', queue)
    client = logged_in(make_user(Role.PORTER, hotel))
    porter = client.get(f"{P}/porter/").content.decode()
    # The hand-back form (its tag field first) has the focus, and only it.
    assert porter.count("data-autofocus") == 1
    assert re.search(r'action="[^"]*/porter/release/"[^>]*data-autofocus', porter)
    # After a refused store, the store form with its error has it.
    refused = client.post(f"{P}/porter/store/", {"pieces": "1", "location": ""}).content.decode()
    assert refused.count("data-autofocus") == 1
    assert re.search(r'action="[^"]*/porter/store/"[^>]*data-autofocus', refused)


def test_the_queue_rows_escape_what_people_typed_and_speak_the_pages_language(desk, hotel, root):
    """The rows are built in Python (queue_display.render_rows): every typed value comes
    out escaped, the words in the page's language, the VIP badge as elsewhere."""
    from frontoffice.core.services import establishments as establishment_services
    from frontoffice.customers import services as customer_services

    guest = customer_services.customer_create(
        establishment=hotel,
        actor=root,
        first_name="<b>Bold</b>",
        last_name="O'Brien & Co",
        vip_level=2,
        vip_instructions="Still water <i>only</i>",
    )
    department = establishment_services.department_save(
        establishment=hotel, kind="maintenance", name='Tech "<script>x()</script>'
    )
    job = request_services.request_create(
        establishment=hotel,
        actor=None,
        kind="maintenance",
        department=department,
        customer=guest,
        priority="high",
        description="<img src=x onerror=alert(1)>",
        due_at=timezone.now() - dt.timedelta(minutes=5),
    )
    request_services.request_escalate(request=job, actor=desk)
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(desk)
    html = client.get(f"{P}/requests/rows/").content.decode()
    row = html[html.index(f'id="request-{job.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "<script>" not in html and "<img" not in html and "<b>Bold" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in row
    assert "Tech &quot;&lt;script&gt;x()&lt;/script&gt;" in row
    assert "&lt;b&gt;Bold&lt;/b&gt; O&#x27;Brien &amp; Co" in row
    assert '<span class="status vip-level">VIP 2</span>' in row
    assert "Still water &lt;i&gt;only&lt;/i&gt;" in row
    assert "Überfällig" in row and "1-mal eskaliert" in row
    # escalated from high to urgent: nothing higher to escalate to
    assert '<span class="priority urgent">Dringend</span>' in row
    assert f'value="{job.pk}:escalate"' not in row and f'value="{job.pk}:start">Beginnen<' in row
    assert f'href="{P}/requests/{job.pk}/cancel/"' in row
    # The actions do not touch: one space between consecutive ones, as the template had.
    actions = row[row.index('<td class="row-actions">') :]
    assert f'Beginnen</button> <a class="btn secondary" href="{P}/requests/{job.pk}/cancel/"' in row
    for touching in ("</button><button", "</button><a", "</span><button", "</button><span"):
        assert touching not in actions
