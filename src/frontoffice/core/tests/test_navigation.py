"""The main navigation (core/navigation.py): the pages each role may open, in menus for
the roles with many pages, as plain links for the few; the current page marked; the
menus' names in the page's language. The expected menus are written here by hand."""

from html.parser import HTMLParser

import pytest
from django.test import Client

from frontoffice.core.models import Role

P = "/e/hotel"


class _Nav(HTMLParser):
    """[(menu name or "", [link texts]), …] and the current link, from the <nav>."""

    def __init__(self):
        super().__init__()
        self.inside = self.in_summary = self.in_link = False
        self.groups: list[tuple[str, list[str]]] = []
        self.menu_open = False
        self.current: list[str] = []
        self.current_menus: list[str] = []
        self._link_current = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and not self.groups:  # the header's (its label is translated)
            self.inside = True
        elif not self.inside:
            return
        elif tag == "details":
            self.groups.append(["", []])
            self.menu_open = True
            if "current" in attrs.get("class", ""):
                self.current_menus.append(None)  # named at its <summary>
        elif tag == "summary":
            self.in_summary = True
        elif tag == "a":
            if not self.menu_open:
                self.groups.append(["", []])
            self.in_link = True
            self._link_current = attrs.get("aria-current") == "page"

    def handle_endtag(self, tag):
        if tag == "nav" and self.inside:
            self.inside = False
        elif tag == "details":
            self.menu_open = False
        elif tag == "summary":
            self.in_summary = False
        elif tag == "a":
            self.in_link = False

    def handle_data(self, data):
        if not self.inside or not data.strip():
            return
        if self.in_summary:
            self.groups[-1][0] = data.strip()
            if self.current_menus and self.current_menus[-1] is None:
                self.current_menus[-1] = data.strip()
        elif self.in_link:
            self.groups[-1][1].append(data.strip())
            if self._link_current:
                self.current.append(data.strip())


def nav_of(user, path=f"{P}/", language="en") -> _Nav:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    answer = client.get(path)
    assert answer.status_code == 200, path
    parsed = _Nav()
    parsed.feed(answer.content.decode())
    parsed.groups = [(name, links) for name, links in parsed.groups]
    return parsed


MANAGER = [
    ("", ["Dashboard"]),
    ("Bookings", ["Reservations", "New reservation", "Availability", "Rates", "Groups"]),
    ("Front desk", ["Arrivals", "In house", "Departures", "Walk-in", "Rooms"]),
    ("Guest services", ["Guests", "Requests", "Porter", "Concierge", "Answers"]),
    ("Billing", ["Accounts", "Invoices"]),
    ("Management", ["Manager's desk", "Daily report", "Night audit", "Setup"]),
]


def test_a_manager_finds_every_page_in_five_menus(make_user, hotel):
    assert nav_of(make_user(Role.FRONT_OFFICE_MANAGER, hotel)).groups == MANAGER


def test_a_desk_agent_runs_the_night_audit_but_has_no_managers_desk(make_user, hotel):
    groups = nav_of(make_user(Role.FRONT_DESK_AGENT, hotel)).groups
    assert groups[:5] == MANAGER[:5]
    assert groups[5:] == [("Management", ["Daily report", "Night audit"])]


def test_a_porter_gets_plain_links_on_the_phone(make_user, hotel):
    """Nine pages or fewer: no menus at all (the porter's page one tap away)."""
    groups = nav_of(make_user(Role.PORTER, hotel)).groups
    assert all(name == "" for name, _links in groups)
    assert [link for _name, links in groups for link in links] == [
        "Dashboard",
        "Reservations",
        "Availability",
        "Arrivals",
        "In house",
        "Departures",
        "Rooms",
        "Porter",
        "Answers",
    ]


def test_a_menu_of_one_page_is_a_plain_link(make_user, hotel):
    assert nav_of(make_user(Role.BACK_OFFICE_FINANCE, hotel)).groups == [
        ("", ["Dashboard"]),
        ("Bookings", ["Reservations", "Availability"]),
        ("Front desk", ["Arrivals", "In house", "Departures", "Rooms"]),
        ("", ["Guests"]),
        ("Billing", ["Accounts", "Invoices"]),
        ("", ["Daily report"]),
    ]


def test_hr_sees_only_the_dashboard(make_user, hotel):
    assert nav_of(make_user(Role.BACK_OFFICE_HR, hotel)).groups == [("", ["Dashboard"])]


def test_the_current_page_and_its_menu_are_marked(make_user, hotel):
    nav = nav_of(make_user(Role.FRONT_OFFICE_MANAGER, hotel), f"{P}/requests/")
    assert nav.current == ["Requests"] and nav.current_menus == ["Guest services"]
    nav = nav_of(make_user(Role.FRONT_OFFICE_MANAGER, hotel), f"{P}/")
    assert nav.current == ["Dashboard"] and nav.current_menus == []


@pytest.mark.parametrize(
    "language, menus",
    [
        ("nl", ["Boekingen", "Receptie", "Gastenservice", "Facturering", "Management"]),
        ("de", ["Buchungen", "Rezeption", "Gästeservice", "Abrechnung", "Leitung"]),
        ("pl", ["Rezerwacje", "Recepcja", "Obsługa gości", "Rozliczenia", "Kierownictwo"]),
        ("es", ["Reservas", "Recepción", "Servicios al huésped", "Facturación", "Dirección"]),
    ],
)
def test_the_menus_speak_the_pages_language(make_user, hotel, language, menus):
    groups = nav_of(make_user(Role.FRONT_OFFICE_MANAGER, hotel), language=language).groups
    assert [name for name, _links in groups if name] == menus


def test_the_shortcut_letters_stay_on_their_links_inside_the_menus(make_user, hotel):
    client = Client()
    client.force_login(make_user(Role.FRONT_OFFICE_MANAGER, hotel))
    html = client.get(f"{P}/").content.decode()
    for letter, path in [
        ("d", "/"),
        ("r", "/reservations/"),
        ("n", "/reservations/new/"),
        ("a", "/availability/"),
        ("g", "/guests/"),
        ("f", "/folios/"),
    ]:
        assert f'href="{P}{path}" data-key="{letter}"' in html, letter
