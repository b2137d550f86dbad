"""The complaints pages, the manager's desk and the shift log: the page matrix (by hand),
a VIP's complaint from the desk to the manager's desk and its resolution with
compensation (asked once), the shift log's read receipts, VIP handling on the desk's
pages."""

from __future__ import annotations

import pytest
from django.test import Client

from frontoffice.billing.models import Entry
from frontoffice.core.models import Role
from frontoffice.customers import services as customer_services
from frontoffice.guestservice.models import Complaint, ShiftNoteRead
from frontoffice.guestservice.services import complaints as services
from frontoffice.guestservice.services import shiftlog

from .complaints_fixtures import *  # noqa: F403 (the fixtures)
from .complaints_fixtures import checked_in

pytestmark = pytest.mark.django_db

# Written by hand: who may open each page (Y: 200, or 405 for a POST-only address).
PAGE_MATRIX = """
page                                 desk rcpt conc port cash file mgr  fin  hr   adm
/e/hotel/complaints/                 Y    Y    Y    -    -    -    Y    -    -    Y
/e/hotel/complaints/new/             Y    Y    Y    -    -    -    Y    -    -    Y
/e/hotel/complaints/{complaint}/     Y    Y    Y    -    -    -    Y    -    -    Y
/e/hotel/manager/                    -    -    -    -    -    -    Y    -    -    Y
/e/hotel/shift-log/                  Y    Y    Y    Y    Y    -    Y    -    -    Y
/e/hotel/shift-log/{note}/read/      Y    Y    Y    Y    Y    -    Y    -    -    Y
"""
COLUMNS = {
    "desk": Role.FRONT_DESK_AGENT,
    "rcpt": Role.RECEPTIONIST,
    "conc": Role.CONCIERGE,
    "port": Role.PORTER,
    "cash": Role.CASHIER,
    "file": Role.FILE_CLERK,
    "mgr": Role.FRONT_OFFICE_MANAGER,
    "fin": Role.BACK_OFFICE_FINANCE,
    "hr": Role.BACK_OFFICE_HR,
    "adm": Role.ADMINISTRATOR,
}


def _rows():
    header, *lines = [line.split() for line in PAGE_MATRIX.strip().splitlines()]
    roles = [COLUMNS[name] for name in header[1:]]
    assert sorted(roles) == sorted(Role.values)
    return [
        (cells[0], dict(zip(roles, [m == "Y" for m in cells[1:]], strict=True))) for cells in lines
    ]


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_page_table_names_this_areas_pages():
    from django.urls import resolve

    from .matrix_complaints import PAGE_URL_NAMES

    names = {resolve(url.format(complaint=1, note=1)).url_name for url, _ in _rows()}
    assert names == PAGE_URL_NAMES


@pytest.mark.parametrize("role", Role.values)
def test_page_matrix(role, make_user, hotel, root, stay):
    complaint = services.complaint_create(
        customer=stay.customer, actor=root, category="room", description="Matrix"
    )
    note = shiftlog.shift_note_write(establishment=hotel, actor=root, text="Matrix")
    client = logged_in(make_user(role, hotel))
    for template, allowed in _rows():
        url = template.format(complaint=complaint.pk, note=note.pk)
        status = client.get(url).status_code
        ok = 405 if url.endswith("/read/") else 200
        assert status == (ok if allowed[role] else 403), (role, url, status)


def test_a_vips_complaint_reaches_the_managers_desk_and_is_resolved_there(
    desk, manager, stay, hotel, root
):
    vip = customer_services.customer_update(
        customer=stay.customer, actor=root, vip_level=2, vip_instructions="Greet by name."
    )
    c = logged_in(desk)
    picked = c.get("/e/hotel/complaints/new/", {"q": "Ordi"}).content.decode()
    assert f"?guest={vip.pk}" in picked and "VIP 2" in picked
    form = c.get("/e/hotel/complaints/new/", {"guest": vip.pk}).content.decode()
    assert "Greet by name." in form and f'value="{stay.confirmation}" selected' in form
    taken = c.post(
        "/e/hotel/complaints/new/",
        {
            "guest": vip.pk,
            "kind": "complaint",
            "category": "room",
            "severity": "low",
            "reservation": stay.confirmation,
            "description": "The minibar was empty.",
        },
    )
    assert taken.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.escalated and complaint.reservation_id == stay.pk
    # The desk sees it, without the resolution form; posting one is refused.
    detail = c.get(taken["Location"]).content.decode()
    assert "The minibar was empty." in detail and 'name="resolution"' not in detail
    assert c.post(taken["Location"], {"resolution": "x", "confirmed": "on"}).status_code == 403
    assert logged_in(desk).get("/e/hotel/manager/").status_code == 403
    # The manager's desk lists it first, with the VIP's handling instructions.
    m = logged_in(manager)
    desk_page = m.get("/e/hotel/manager/").content.decode()
    panel = desk_page.split('id="open-complaints"')[1].split("</section>")[0]
    assert f'id="complaint-{complaint.pk}" class="escalated"' in panel and "VIP 2" in panel
    vips = desk_page.split('id="vips"')[1].split("</section>")[0]
    assert "Olga Ordinary" in vips and "Greet by name." in vips
    assert "Manager&#x27;s desk" in desk_page or "Manager's desk" in desk_page
    # Resolve with compensation: asked once, then an allowance on the latest room night.
    body = {
        "resolution": "Restocked, one drink on us.",
        "compensation": "12.50",
        "satisfaction": "5",
    }
    asked = m.post(taken["Location"], body)
    assert asked.status_code == 200 and 'id="confirm"' in asked.content.decode()
    assert "€12.50" in asked.content.decode()
    assert (
        Complaint.objects.get().status == "open"
        and not Entry.objects.filter(kind="allowance").exists()
    )
    done = m.post(taken["Location"], {**body, "confirmed": "on"})
    assert done.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.status, complaint.compensation, complaint.satisfaction) == (
        "resolved",
        12.5,
        5,
    )
    assert complaint.allowance.applies_to_id == stay.last_night.pk
    assert complaint.allowance.amount == -12.5
    assert f'id="complaint-{complaint.pk}"' not in m.get("/e/hotel/manager/").content.decode()


def test_a_refused_compensation_is_shown_on_the_form(manager, stay, root):
    complaint = services.complaint_create(
        customer=stay.customer, actor=root, reservation=stay, category="food", description="x"
    )
    url = f"/e/hotel/complaints/{complaint.pk}/"
    refused = logged_in(manager).post(
        url,
        {
            "resolution": "x",
            "compensation": "9",
            "charge_entry": stay.minibar.pk,
            "confirmed": "on",
        },
    )
    assert refused.status_code == 409
    assert "An allowance cannot be more than the charge" in refused.content.decode()
    assert Complaint.objects.get().status == "open"


def test_the_concierge_sees_no_money_and_no_form(make_user, hotel, root, stay):
    complaint = services.complaint_create(
        customer=stay.customer, actor=root, reservation=stay, category="food", description="x"
    )
    services.complaint_resolve(
        complaint=complaint,
        actor=root,
        resolution="ok",
        may_resolve_escalated=True,
        compensation="5",
    )
    page = logged_in(make_user(Role.CONCIERGE, hotel)).get(f"/e/hotel/complaints/{complaint.pk}/")
    body = page.content.decode()
    assert page.status_code == 200 and "ok" in body
    assert 'id="compensation"' not in body and "€" not in body


def test_the_shift_log_unread_first_and_read_receipts(make_user, hotel, desk):
    porter = make_user(Role.PORTER, hotel, username="porter")
    c = logged_in(desk)
    assert c.post("/e/hotel/shift-log/", {"text": "Old news"}).status_code == 302
    assert (
        c.post(
            "/e/hotel/shift-log/", {"text": "Room 204 expects a call at 7", "important": "on"}
        ).status_code
        == 302
    )
    assert c.post("/e/hotel/shift-log/", {"text": ""}).status_code == 422
    old, new = list(ShiftNoteRead.objects.order_by("id").values_list("note_id", flat=True))
    p = logged_in(porter)
    p.post(f"/e/hotel/shift-log/{old}/read/")
    page = p.get("/e/hotel/shift-log/").content.decode()
    # The unread note first, marked; the read one after it, with both readers.
    assert page.index(f'id="note-{new}"') < page.index(f'id="note-{old}"')
    assert f'id="note-{new}" class="note unread important"' in page
    read = page.split(f'id="note-{old}"')[1].split("</li>")[0]
    assert "read by 2 people: desk, porter" in read and "Mark read" not in read
    p.post(f"/e/hotel/shift-log/{old}/read/")  # again: one receipt
    assert ShiftNoteRead.objects.filter(note_id=old).count() == 2


def test_vip_handling_on_the_desks_pages(desk, vip, hotel, root, today):
    stay = checked_in(hotel, root, today, vip, room="103")
    c = logged_in(desk)
    for url in (
        "/e/hotel/in-house/",
        "/e/hotel/rooms/",
        f"/e/hotel/reservations/{stay.confirmation}/",
    ):
        body = c.get(url).content.decode()
        assert "VIP 2" in body and "Fruit basket; the manager greets him." in body, url
    arriving = customer_services.customer_create(
        establishment=hotel,
        actor=root,
        last_name="Arriving",
        vip_level=1,
        vip_instructions="Upgrade if free.",
    )
    import datetime as dt

    from frontoffice.lodging import services as lodging_services

    r = lodging_services.reservation_create(
        establishment=hotel,
        actor=root,
        room_type_code="std",
        arrival=today,
        departure=today + dt.timedelta(days=1),
        customer_id=arriving.pk,
    )
    for url in ("/e/hotel/arrivals/", f"/e/hotel/reservations/{r.confirmation}/check-in/"):
        body = c.get(url).content.decode()
        assert "VIP 1" in body and "Upgrade if free." in body, url


def test_the_guest_page_lists_their_complaints(desk, stay, root):
    services.complaint_create(
        customer=stay.customer,
        actor=root,
        kind="compliment",
        category="staff",
        description="Lovely staff",
    )
    body = logged_in(desk).get(f"/e/hotel/guests/{stay.customer_id}/").content.decode()
    panel = body.split('id="guest-complaints"')[1].split("</section>")[0]
    assert "Compliment" in panel and f"?guest={stay.customer_id}" in panel


# --- the complaints list's filters and the pages' focus ---------------------------------------


def _shown(client, **params) -> set[str]:
    import re

    html = client.get("/e/hotel/complaints/", params).content.decode()
    return set(re.findall(r'<tr id="complaint-(\d+)"', html))


@pytest.fixture
def three_complaints(stay, vip, root):
    """Olga's open noise complaint, Victor's (VIP: escalated) open room complaint, and
    Olga's resolved food complaint."""
    noise = services.complaint_create(
        customer=stay.customer, actor=root, category="noise", description="Party next door"
    )
    room = services.complaint_create(
        customer=vip, actor=root, category="room", description="Shower runs cold"
    )
    food = services.complaint_create(
        customer=stay.customer, actor=root, category="food", description="Cold soup"
    )
    services.complaint_resolve(
        complaint=food, actor=root, resolution="New soup", may_resolve_escalated=True
    )
    assert room.escalated and not noise.escalated
    return {"noise": str(noise.pk), "room": str(room.pk), "food": str(food.pk)}


def test_the_complaints_list_filters_by_status_category_and_text(desk, three_complaints):
    c = logged_in(desk)
    n, r, f = three_complaints["noise"], three_complaints["room"], three_complaints["food"]
    assert _shown(c) == {n, r}  # the default, as before: the open ones
    assert _shown(c, status="escalated") == {r}
    assert _shown(c, status="resolved") == {f}
    assert _shown(c, status="all") == {n, r, f}
    assert _shown(c, status="all", category="food") == {f}
    assert _shown(c, status="all", q="cold") == {r, f}  # in the description, any case
    assert _shown(c, status="all", q="ordinary cold") == {f}  # every word: name and text
    assert _shown(c, status="all", q="victor") == {r}  # the guest's name
    assert _shown(c, status="bogus", category="nonsense", q="party") == {n}  # bad: dropped


def test_a_search_text_too_long_is_the_forms_error_and_lists_nothing(desk, three_complaints):
    """A hand-made address with 201 characters of search text: not the whole list (the
    text filter silently dropped) but the form's error, nothing listed, the status and
    category kept in the form; 200 characters are searched as usual."""
    import re

    c = logged_in(desk)
    assert _shown(c, status="all", q="cold " + "x" * 196) == set()
    assert _shown(c, status="all", category="food", q="x" * 201) == set()
    html = c.get("/e/hotel/complaints/", {"status": "all", "category": "food", "q": "x" * 201})
    assert html.status_code == 200
    html = html.content.decode()
    assert re.search(r'id="id_q-error" role="alert"><li>Ensure this value has at most 200 ', html)
    assert re.search(r'<option value="all" selected>', html)
    assert re.search(r'<option value="food" selected>', html)
    assert "No complaints." in html
    assert _shown(c, status="all", q="cold" + " " * 196) == {
        three_complaints["room"],
        three_complaints["food"],
    }


def test_the_text_filter_finds_no_private_guest_for_those_who_may_not_see_them(
    make_user, hotel, root, stay, desk
):
    star = customer_services.customer_create(
        establishment=hotel, actor=root, first_name="Stella", last_name="Starr", private=True
    )
    hidden = services.complaint_create(
        customer=star, actor=root, category="noise", description="Starr's noise"
    )
    concierge = logged_in(make_user(Role.CONCIERGE, hotel))
    assert _shown(concierge, status="all", q="starr") == set()
    assert _shown(logged_in(desk), status="all", q="starr") == {str(hidden.pk)}


def test_the_complaints_list_and_the_managers_desk_have_one_focused_field(make_user, hotel):
    import re

    page_ = logged_in(make_user(Role.FRONT_OFFICE_MANAGER, hotel))
    listing = page_.get("/e/hotel/complaints/").content.decode()
    assert listing.count("data-autofocus") == 1
    # The filter form has it, its first field the free text.
    form = re.search(r'<form[^>]*id="complaint-filters"[^>]*>(.*?)</form>', listing, re.S)
    assert form and "data-autofocus" in form.group(0).split(">", 1)[0]
    assert re.search(r'<input type="search" name="q"', form.group(1))
    assert form.group(1).index('name="q"') < form.group(1).index('name="status"')
    assert re.search(r'<option value="open" selected>', form.group(1))
    desk = page_.get("/e/hotel/manager/").content.decode()
    assert desk.count("data-autofocus") == 1
    assert re.search(r'<form[^>]*action="/e/hotel/complaints/"[^>]*data-autofocus', desk)
    # It sits above the panels, so the focus does not scroll them away.
    assert desk.index('id="desk-find"') < desk.index('id="open-complaints"')
