"""The main navigation: the pages a person may open here, in groups (as a desk system's
menus are), so a manager's twenty-odd pages fit a tablet's width. A person who may open
only a few pages gets them as plain links (a porter's phone needs no menus).

The pages are named by URL name and permission only: core does not import the apps that
serve them."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Up to this many pages, no menus: every link is shown as it is.
FLAT_UP_TO = 9


@dataclass(frozen=True)
class Item:
    label: str
    url_name: str
    action: str  # the permission that opens it ("" = everyone here)
    nav: str  # the page's `nav` key, marking the current page
    key: str = ""  # keyboard shortcut (the help overlay lists them)
    needs_code: bool = True


# (group label, its pages); a group with no label is shown as plain links.
GROUPS = [
    ("", [Item(_("Dashboard"), "dashboard", "", "dashboard", "d")]),
    (
        pgettext_lazy("main menu", "Bookings"),
        [
            Item(_("Reservations"), "reservation_list", "reservation.view", "reservations", "r"),
            Item(_("New reservation"), "reservation_new", "reservation.manage", "new", "n"),
            Item(_("Availability"), "availability", "inventory.view", "availability", "a"),
            Item(_("Rates"), "rates", "rates.view", "rates", "p"),
            Item(_("Groups"), "block_list", "block.view", "groups"),
        ],
    ),
    (
        pgettext_lazy("main menu", "Front desk"),
        [
            Item(_("Arrivals"), "arrivals", "reservation.view", "arrivals"),
            Item(_("In house"), "in_house", "reservation.view", "in_house"),
            Item(_("Departures"), "departures", "reservation.view", "departures"),
            Item(_("Walk-in"), "walk_in", "stay.manage", "walk_in"),
            Item(_("Rooms"), "room_rack", "rooms.rack", "rooms"),
        ],
    ),
    (
        pgettext_lazy("main menu", "Guest services"),
        [
            Item(_("Guests"), "guest_list", "guest.view", "guests", "g"),
            Item(_("Requests"), "request_queue", "request.view", "requests"),
            Item(_("Porter"), "porter", "luggage.manage", "porter"),
            Item(_("Concierge"), "concierge", "concierge.view", "concierge"),
            Item(_("Answers"), "answers", "answer.view", "answers"),
        ],
    ),
    (
        pgettext_lazy("main menu", "Billing"),
        [
            Item(_("Accounts"), "folio_list", "folio.view", "folios", "f"),
            Item(_("Invoices"), "invoice_list", "folio.view", "invoices"),
        ],
    ),
    (
        pgettext_lazy("main menu", "Management"),
        [
            Item(_("Manager's desk"), "manager_desk", "manager.desk", "manager_desk"),
            Item(_("Daily report"), "daily_report", "report.view", "daily_report"),
            Item(_("Night audit"), "night_audit", "audit.run", "night_audit"),
            Item(_("Setup"), "admin:index", "setup.manage", "", needs_code=False),
        ],
    ),
]


@dataclass
class Link:
    label: str
    url: str
    key: str
    current: bool


@dataclass
class Group:
    label: str  # "" for links shown as they are
    links: list[Link]

    @property
    def current(self) -> bool:
        return any(link.current for link in self.links)


def main_nav(access, current: str) -> list[Group]:
    """The groups of pages `access` may open, each with at least one page. A group of one
    page, and every group when there are few pages in all, comes as plain links."""
    code = access.establishment.code
    groups = []
    for label, items in GROUPS:
        links = [
            Link(
                label=str(item.label),
                url=reverse(item.url_name, args=[code] if item.needs_code else []),
                key=item.key,
                current=bool(item.nav) and item.nav == current,
            )
            for item in items
            if not item.action or access.can(item.action)
        ]
        if links:
            groups.append(Group(label=str(label) if len(links) > 1 else "", links=links))
    if sum(len(group.links) for group in groups) <= FLAT_UP_TO:
        for group in groups:
            group.label = ""
    return groups
