"""The group pages (issue 8, sections 2 and 5): who may open which, and the desk's flows
through them: a block made from the form, booked from, its pick-up grid and its release
(asked once); an event made and attendees added. Expected text written by hand."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from frontoffice.core.models import Role
from frontoffice.core.tests.test_permissions import parse_matrix
from frontoffice.guestservice.services import events as event_services
from frontoffice.guestservice.tests.matrix_groups import PAGE_URL_NAMES
from frontoffice.lodging import services as lodging
from frontoffice.lodging.models import BlockStatus, InventoryNight, RoomBlock
from frontoffice.lodging.tests.test_pages import logged_in

pytestmark = pytest.mark.django_db
P = "/e/hotel/groups"
D = dt.timedelta

# Written BY HAND (GET of each page; Y: 200, -: 403). Columns as the API table's.
PAGE_MATRIX = parse_matrix("""
method  path                                desk rcpt conc port cash file mgr  fin  hr   adm
GET     /                                   Y    Y    Y    -    -    -    Y    -    -    Y
GET     /blocks/new/                        -    -    Y    -    -    -    Y    -    -    Y
GET     /blocks/{block}/                    Y    Y    Y    -    -    -    Y    -    -    Y
GET     /blocks/{block}/book/               Y    Y    -    -    -    -    Y    -    -    Y
GET     /blocks/{block}/release/            -    -    Y    -    -    -    Y    -    -    Y
GET     /blocks/{block}/edit/               -    -    Y    -    -    -    Y    -    -    Y
GET     /events/                            Y    Y    Y    -    -    -    Y    -    -    Y
GET     /events/new/                        -    -    Y    -    -    -    Y    -    -    Y
GET     /events/{event}/                    Y    Y    Y    -    -    -    Y    -    -    Y
GET     /events/{event}/edit/               -    -    Y    -    -    -    Y    -    -    Y
""")


@pytest.fixture
def block(hotel, root, today):
    return lodging.block_create(
        establishment=hotel,
        actor=root,
        name="Jansen wedding",
        cutoff=today + D(days=2),
        rooms=[{"room_type": "std", "date": today + D(days=5 + i), "count": 2} for i in range(2)],
    )


@pytest.fixture
def event(hotel, root, today, block):
    """An event in room 101 with its own block of the suite."""
    start = dt.datetime.combine(today + D(days=5), dt.time(14), tzinfo=dt.UTC)
    event = event_services.event_create(
        establishment=hotel,
        actor=root,
        name="Reception Jansen",
        starts_at=start,
        ends_at=start + D(hours=6),
        venue_room="101",
    )
    event_services.event_block_create(
        establishment=hotel,
        actor=root,
        event=event,
        name="Jansen guests",
        cutoff=today + D(days=2),
        rooms=[{"room_type": "ste", "date": today + D(days=5), "count": 1}],
    )
    event.refresh_from_db()
    return event


def _urls(block, event):
    from django.urls import resolve

    for _method, path, allowed in PAGE_MATRIX:
        url = P + path.format(block=block.pk, event=event.pk)
        yield url, resolve(url).url_name, allowed


def test_every_page_of_the_area_is_in_the_table(block, event):
    assert {name for _url, name, _a in _urls(block, event)} == PAGE_URL_NAMES


@pytest.mark.parametrize("role", Role.values)
def test_page_matrix(role, make_user, hotel, block, event):
    client = logged_in(make_user(role, hotel))
    for url, _name, allowed in _urls(block, event):
        status = client.get(url).status_code
        assert status == (200 if allowed[role] else 403), (role, url, status)


def test_outsiders_get_404(make_user, other_hotel, block, event):
    client = logged_in(make_user(Role.ADMINISTRATOR, other_hotel))
    for url, _name, _allowed in _urls(block, event):
        assert client.get(url).status_code == 404, url


def _sold(hotel, day):
    return InventoryNight.objects.get(establishment=hotel, room_type__code="std", date=day).sold


def test_the_desk_makes_books_and_releases_a_block_on_its_pages(hotel, make_user, today):
    manager = logged_in(make_user(Role.FRONT_OFFICE_MANAGER, hotel))
    first = today + D(days=7)
    form = manager.get(f"{P}/blocks/new/").content.decode()
    assert 'name="rooms_std"' in form and 'name="rooms_ste"' in form
    too_many = manager.post(
        f"{P}/blocks/new/",
        {"name": "Too big", "first_night": first, "nights": 2, "cutoff": today, "rooms_std": 4},
    )
    assert too_many.status_code == 422
    assert "Not enough rooms of type std are free on" in too_many.content.decode()
    made = manager.post(
        f"{P}/blocks/new/",
        {"name": "Choir tour", "first_night": first, "nights": 2, "cutoff": today, "rooms_std": 2},
    )
    assert made.status_code == 302
    block = RoomBlock.objects.get(name="Choir tour")
    assert made["Location"] == f"{P}/blocks/{block.pk}/"
    assert [_sold(hotel, first), _sold(hotel, first + D(days=1))] == [2, 2]

    desk = logged_in(make_user(Role.FRONT_DESK_AGENT, hotel))
    book = {
        "last_name": "Singer",
        "first_name": "Sam",
        "room_type": "std",
        "arrival": first,
        "departure": first + D(days=2),
        "adults": 1,
    }
    assert desk.post(f"{P}/blocks/{block.pk}/book/", book).status_code == 302
    book2 = dict(book, last_name="Alto", departure=first + D(days=1))
    assert desk.post(f"{P}/blocks/{block.pk}/book/", book2).status_code == 302
    full = desk.post(f"{P}/blocks/{block.pk}/book/", dict(book2, last_name="Bass"))
    assert full.status_code == 422
    assert "The block has no room of this type left" in full.content.decode()
    detail = desk.get(f"{P}/blocks/{block.pk}/").content.decode()
    grid = re.search(r'<table class="rates" id="pickup-grid">.*?</table>', detail, re.S).group()
    assert re.findall(r'<td class="num">([^<]*)</td>', grid) == ["2 / 2", "2 / 1"]
    assert "Picked up: 3 of 4 room nights (75" in detail
    assert "Singer" in detail and "Alto" in detail
    # The desk books from the block but may not release it.
    assert "Release unsold rooms" not in detail
    assert desk.post(f"{P}/blocks/{block.pk}/release/").status_code == 403

    confirm = manager.get(f"{P}/blocks/{block.pk}/release/").content.decode()
    assert "3 of 4 room nights are booked" in confirm and "data-enter-safe" in confirm
    block.refresh_from_db()
    assert block.status == BlockStatus.OPEN  # asking changed nothing
    assert manager.post(f"{P}/blocks/{block.pk}/release/").status_code == 302
    block.refresh_from_db()
    assert block.status == BlockStatus.RELEASED
    assert [_sold(hotel, first), _sold(hotel, first + D(days=1))] == [2, 1]
    listing = manager.get(f"{P}/?status=released").content.decode()
    assert "Choir tour" in listing and "75" in listing


def test_an_event_is_made_and_guests_added_on_its_pages(hotel, make_user, root, today):
    concierge = logged_in(make_user(Role.CONCIERGE, hotel))
    start = today + D(days=3)
    made = concierge.post(
        f"{P}/events/new/",
        {
            "name": "Wine tasting",
            "starts_at": f"{start}T18:00",
            "ends_at": f"{start}T20:00",
            "venue_room": "102",
            "organiser_name": "Cellar & Co <b>",
        },
    )
    assert made.status_code == 302, made.content.decode()[:2000]
    page = concierge.get(made["Location"]).content.decode()
    assert "Room 102" in page and "Cellar &amp; Co &lt;b&gt;" in page
    stay = lodging.reservation_create(
        establishment=hotel,
        actor=root,
        room_type_code="std",
        arrival=start,
        departure=start + D(days=1),
        guest={"first_name": "Vera", "last_name": "Vino"},
    )
    added = concierge.post(made["Location"], {"reservation": stay.confirmation})
    assert added.status_code == 302
    page = concierge.get(made["Location"]).content.decode()
    assert "Vera Vino" in page and stay.confirmation in page
    again = concierge.post(made["Location"], {"customer": stay.customer_id})
    assert again.status_code == 422
    assert "This guest is on the event&#x27;s list already." in again.content.decode()
    wrong = concierge.post(
        f"{P}/events/new/",
        {"name": "Backwards", "starts_at": f"{start}T18:00", "ends_at": f"{start}T17:00"},
    )
    assert wrong.status_code == 422
    assert "The event must end after it starts." in wrong.content.decode()
    desk = logged_in(make_user(Role.FRONT_DESK_AGENT, hotel))
    assert "Add an attendee" not in desk.get(made["Location"]).content.decode()
    assert desk.post(made["Location"], {"customer": stay.customer_id}).status_code == 403
    assert "Wine tasting" in desk.get(f"{P}/events/").content.decode()


def test_an_event_is_changed_on_its_page(hotel, make_user, event, today):
    concierge = logged_in(make_user(Role.CONCIERGE, hotel))
    detail = f"{P}/events/{event.pk}/"
    edit = f"{P}/events/{event.pk}/edit/"
    assert f'href="{edit}"' in concierge.get(detail).content.decode()
    form = concierge.get(edit).content.decode()
    # The form starts from the event as it is (the times in the hotel's zone), focused.
    assert 'value="Reception Jansen"' in form and "data-autofocus" in form
    assert re.search(r'<option value="101" selected>', form)
    day = today + D(days=5)
    body = {
        "name": "Reception Jansen–de Vries",
        "starts_at": f"{day}T15:00",
        "ends_at": f"{day}T14:00",
        "venue_room": "",
        "venue_text": "The garden",
        "organiser_name": "Anna",
        "notes": "Rain plan: the hall.",
    }
    backwards = concierge.post(edit, body)
    assert backwards.status_code == 422
    assert "The event must end after it starts." in backwards.content.decode()
    changed = concierge.post(edit, dict(body, ends_at=f"{day}T22:00"))
    assert changed.status_code == 302 and changed["Location"] == detail
    page = concierge.get(detail).content.decode()
    assert "Reception Jansen–de Vries" in page and "The garden" in page
    assert "Room 101" not in page and "Rain plan: the hall." in page
    # The desk sees the event, not the link, and may not change it.
    desk = logged_in(make_user(Role.FRONT_DESK_AGENT, hotel))
    assert f'href="{edit}"' not in desk.get(detail).content.decode()
    assert desk.post(edit, dict(body, name="Desk's")).status_code == 403
    event.refresh_from_db()
    assert event.name == "Reception Jansen–de Vries"


def test_the_guests_page_lists_the_events_they_attend_or_organise(hotel, root, make_user, event):
    from frontoffice.customers import services as customers

    anna = customers.customer_create(
        establishment=hotel, actor=root, first_name="Anna", last_name="Jansen"
    )
    bram = customers.customer_create(
        establishment=hotel, actor=root, first_name="Bram", last_name="Bakker"
    )
    nobody = customers.customer_create(establishment=hotel, actor=root, last_name="Nobody")
    start = event.starts_at + D(days=1)
    brunch = event_services.event_create(
        establishment=hotel,
        actor=root,
        name="Brunch Jansen",
        starts_at=start,
        ends_at=start + D(hours=2),
        venue_text="Terrace",
        organiser_id=anna.pk,
    )
    event_services.event_attendee_add(event=event, actor=root, customer_id=anna.pk)
    event_services.event_attendee_add(event=event, actor=root, customer_id=bram.pk)
    desk = logged_in(make_user(Role.FRONT_DESK_AGENT, hotel))

    def events_panel(guest, client=desk):
        html = client.get(f"/e/hotel/guests/{guest.pk}/").content.decode()
        found = re.search(r'<section class="panel" id="guest-events">(.*?)</section>', html, re.S)
        return found and found.group(1)

    annas = events_panel(anna)
    # Latest first: the brunch she organises, then the reception she attends.
    assert re.findall(r'href="/e/hotel/groups/events/(\d+)/">([^<]+)</a>', annas) == [
        (str(brunch.pk), "Brunch Jansen"),
        (str(event.pk), "Reception Jansen"),
    ]
    assert annas.count("Organiser") == 1 and "Terrace" in annas and "Room 101" in annas
    assert "Brunch Jansen" not in events_panel(bram) and "Reception Jansen" in events_panel(bram)
    assert "Not at any group event." in events_panel(nobody)
    # The cashier sees the guest's page, not the events (no right to them).
    cashier = logged_in(make_user(Role.CASHIER, hotel))
    assert events_panel(anna, cashier) is None


def test_a_block_is_changed_on_its_page_and_not_once_released(hotel, make_user, block, today):
    manager = logged_in(make_user(Role.FRONT_OFFICE_MANAGER, hotel))
    detail = f"{P}/blocks/{block.pk}/"
    edit = f"{P}/blocks/{block.pk}/edit/"
    assert f'href="{edit}"' in manager.get(detail).content.decode()
    form = manager.get(edit).content.decode()
    assert 'value="Jansen wedding"' in form and "data-autofocus" in form
    past = manager.post(edit, {"name": "Jansen", "cutoff": today - D(days=1), "event": ""})
    assert past.status_code == 422
    assert "The cut-off cannot be before the business date." in past.content.decode()
    done = manager.post(edit, {"name": "Jansen", "cutoff": today + D(days=4), "event": ""})
    assert done.status_code == 302 and done["Location"] == detail
    block.refresh_from_db()
    assert (block.name, block.cutoff) == ("Jansen", today + D(days=4))
    # The desk sees the block, not the link, and may not change it.
    desk = logged_in(make_user(Role.FRONT_DESK_AGENT, hotel))
    assert f'href="{edit}"' not in desk.get(detail).content.decode()
    assert desk.post(edit, {"name": "Desk", "cutoff": today + D(days=4)}).status_code == 403
    lodging.block_release(block=block, actor=None)
    assert f'href="{edit}"' not in manager.get(detail).content.decode()
    shown = manager.get(edit).content.decode()
    assert "This block has been released: it cannot be changed." in shown
    refused = manager.post(edit, {"name": "After", "cutoff": today + D(days=4), "event": ""})
    assert refused.status_code == 409
    assert "This block has been released: it cannot be changed." in refused.content.decode()
    block.refresh_from_db()
    assert block.name == "Jansen"


def test_the_event_pages_attendee_form_has_the_focus(hotel, make_user, event):
    """The attendee form is the event page's first field (the header's search is outside
    <main>): it has the page's one data-autofocus, and it sits above the attendees' list
    so the focus does not scroll the event's facts away. Those who may not add attendees
    get no form and nothing focused."""
    detail = f"{P}/events/{event.pk}/"
    html = logged_in(make_user(Role.CONCIERGE, hotel)).get(detail).content.decode()
    assert html.count("data-autofocus") == 1
    main = html[html.index("<main") :]
    first_field = re.search(r"<(input|select|textarea)(?![^>]*type=\"hidden\")[^>]*>", main)
    form = re.search(r'<form[^>]*id="attendee-add"[^>]*>', main)
    assert form and "data-autofocus" in form.group(0)
    assert form.start() < first_field.start() < main.index("</form>")
    assert form.start() < main.index('id="attendees"')
    desk = logged_in(make_user(Role.FRONT_DESK_AGENT, hotel)).get(detail).content.decode()
    assert "data-autofocus" not in desk and 'id="attendee-add"' not in desk


def _medium(day: dt.date) -> str:
    return f"{day:%b} {day.day}, {day.year}"  # English "medium" dates: "Nov 28, 2026"


def test_the_block_and_event_pages_show_who_changed_what(hotel, make_user, today):
    """The history panels: who made the event and the block, who renamed the block and
    moved its cut-off, who linked the block to the event and who released it; the event's
    page names the block, the block's page the event."""
    conc = make_user(Role.CONCIERGE, hotel, username="carla")
    desk = make_user(Role.FRONT_DESK_AGENT, hotel, username="dirk")
    start = dt.datetime.combine(today + D(days=5), dt.time(14), tzinfo=dt.UTC)
    event = event_services.event_create(
        establishment=hotel,
        actor=conc,
        name="Dinner",
        starts_at=start,
        ends_at=start + D(hours=3),
    )
    block = lodging.block_create(
        establishment=hotel,
        actor=desk,
        name="Dinner guests",
        cutoff=today + D(days=4),
        rooms=[{"room_type": "std", "date": today + D(days=5), "count": 1}],
    )
    event_services.event_block_update(
        block=block, actor=conc, name="Dinner rooms", cutoff=today + D(days=2), event=event
    )
    event_services.event_update(event=event, actor=desk, name="Gala dinner")
    lodging.block_release(block=block, actor=desk)

    def panel(url):
        html = logged_in(conc).get(url).content.decode()
        part = html[html.index('<h2 class="flush">History</h2>') :]
        return [
            re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
            for row in re.findall(r"<tr><td>.*?</tr>", part, re.S)
        ]

    block_rows = panel(f"{P}/blocks/{block.pk}/")
    assert len(block_rows) == 4, block_rows
    assert block_rows[0].endswith("dirk Status : Open → Released")
    # The link and the edit were made in one transaction: either may come first.
    link, edit = sorted(block_rows[1:3], key=lambda row: "Event :" not in row)
    # The event by its name as it is now.
    assert link.endswith("carla Event : — → Gala dinner")
    assert edit.endswith(
        f"carla Cut-off date : {_medium(today + D(days=4))} → {_medium(today + D(days=2))}"
        " Name : Dinner guests → Dinner rooms"
    )
    assert block_rows[3].endswith("dirk Created")
    event_rows = panel(f"{P}/events/{event.pk}/")
    assert len(event_rows) == 3, event_rows
    assert event_rows[0].endswith("dirk Name : Dinner → Gala dinner")
    assert event_rows[1].endswith("carla Room block : — → Dinner rooms")
    assert event_rows[2].endswith("carla Created")
