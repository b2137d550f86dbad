"""Staff pages through Django's test client: access, forms, errors in the user's language."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver, resolve

from frontoffice.billing.tests.invoicing import documents_for_matrix
from frontoffice.core.models import Role
from frontoffice.lodging import services
from frontoffice.lodging.models import Reservation

P = "/e/hotel"

# Written BY HAND from the product's rules (who does what at a front office, README and
# DESIGN.md), NOT read from policy.py or any app's permissions.py: changing who may see a
# page must mean changing this table too. One row per staff page (GET), one column per role.
#   Y  the page answers OK: 200 (or the status in OK_STATUS)
#   -  the page answers 403
ROLE_COLUMNS = {
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

PAGE_MATRIX = """
page                                            desk rcpt conc port cash file mgr  fin  hr   adm
/e/{code}/                                      Y    Y    Y    Y    Y    Y    Y    Y    Y    Y
/e/{code}/dashboard/figures/                    Y    Y    Y    Y    Y    Y    Y    Y    Y    Y
/e/{code}/availability/                         Y    Y    Y    Y    Y    Y    Y    Y    -    Y
/e/{code}/rates/                                Y    Y    -    -    -    -    Y    -    -    Y
/e/{code}/reservations/                         Y    Y    Y    Y    Y    Y    Y    Y    -    Y
/e/{code}/find/?q=pag                           Y    Y    Y    Y    Y    Y    Y    Y    -    Y
/e/{code}/reservations/new/                     Y    Y    -    -    -    -    Y    -    -    Y
/e/{code}/reservations/quote/{quote}            Y    Y    Y    Y    Y    Y    Y    Y    -    Y
/e/{code}/reservations/{confirmation}/          Y    Y    Y    Y    Y    Y    Y    Y    -    Y
/e/{code}/reservations/{confirmation}/edit/     Y    Y    -    -    -    -    Y    -    -    Y
/e/{code}/reservations/{confirmation}/edit/preview/?adults=1  Y    Y    -    -    -    -    Y    -    -    Y
/e/{code}/reservations/{confirmation}/cancel/   Y    Y    -    -    -    -    Y    -    -    Y
/e/{code}/reservations/{confirmation}/no-show/  Y    Y    -    -    -    -    Y    -    -    Y
/e/{code}/reservations/{confirmation}/reinstate/ -   -    -    -    -    -    Y    -    -    Y
/e/{code}/reservations/{confirmation}/check-in/ Y    Y    -    -    -    -    Y    -    -    Y
/e/{code}/reservations/{confirmation}/check-out/ Y   Y    -    -    -    -    Y    -    -    Y
/e/{code}/reservations/{confirmation}/move/     Y    Y    -    -    -    -    Y    -    -    Y
/e/{code}/arrivals/                             Y    Y    Y    Y    Y    Y    Y    Y    -    Y
/e/{code}/departures/                           Y    Y    Y    Y    Y    Y    Y    Y    -    Y
/e/{code}/in-house/                             Y    Y    Y    Y    Y    Y    Y    Y    -    Y
/e/{code}/walk-in/                              Y    Y    -    -    -    -    Y    -    -    Y
/e/{code}/rooms/                                Y    Y    Y    Y    Y    Y    Y    Y    -    Y
/e/{code}/rooms/101/housekeeping/               Y    Y    -    -    -    -    Y    -    -    Y
/e/{code}/guests/                               Y    Y    Y    -    Y    Y    Y    Y    -    Y
/e/{code}/guests/new/                           Y    Y    Y    -    -    Y    Y    -    -    Y
/e/{code}/guests/search/?q=pag                  Y    Y    Y    -    Y    Y    Y    Y    -    Y
/e/{code}/guests/{guest_id}/                    Y    Y    Y    -    Y    Y    Y    Y    -    Y
/e/{code}/guests/{guest_id}/edit/               Y    Y    Y    -    -    Y    Y    -    -    Y
/e/{code}/night-audit/                          Y    -    -    -    -    -    Y    -    -    Y
/e/{code}/night-audit/run/                      Y    -    -    -    -    -    Y    -    -    Y
/e/{code}/reports/daily/                        Y    -    -    -    -    -    Y    Y    -    Y
/e/{code}/folios/                               Y    Y    -    -    Y    -    Y    Y    -    Y
/e/{code}/folios/{folio_id}/                    Y    Y    -    -    Y    -    Y    Y    -    Y
/e/{code}/folios/{folio_id}/payment/            Y    Y    -    -    Y    -    Y    -    -    Y
/e/{code}/invoices/                             Y    Y    -    -    Y    -    Y    Y    -    Y
/e/{code}/invoices/{invoice}/                   Y    Y    -    -    Y    -    Y    Y    -    Y
/e/{code}/invoices/{invoice}.pdf                Y    Y    -    -    Y    -    Y    Y    -    Y
/e/{code}/invoices/{invoice}/cancel/            -    -    -    -    -    -    Y    -    -    Y
/e/{code}/folios/{folio_id}/invoice/            Y    Y    -    -    Y    -    Y    -    -    Y
/e/{code}/receipts/{receipt}/                   Y    Y    -    -    Y    -    Y    Y    -    Y
/e/{code}/receipts/{receipt}.pdf                Y    Y    -    -    Y    -    Y    Y    -    Y
/account/tokens/                                Y    Y    Y    Y    Y    Y    Y    Y    Y    Y
"""

# Taking back a no-show is a form action: a GET by someone who may do it goes back to the
# reservation. (The no-show itself asks first: its GET is the question.)
OK_STATUS = {
    "/e/{code}/reservations/{confirmation}/reinstate/": 302,
    # The housekeeping form on each tile of the rack: a GET goes back to the rack.
    "/e/{code}/rooms/101/housekeeping/": 302,
    # The audit's steps are posted; a GET goes back to the night audit page.
    "/e/{code}/night-audit/run/": 302,
    # The folio's forms post; a GET goes back to the folio.
    "/e/{code}/folios/{folio_id}/payment/": 302,
}
QUOTE = "?room_type=std&arrival=2030-01-01&departure=2030-01-02"


def parse_matrix(text: str) -> list[tuple[str, dict[str, bool]]]:
    header, *lines = [line.split() for line in text.strip().splitlines()]
    assert header[0] == "page", header
    roles = [ROLE_COLUMNS[name] for name in header[1:]]
    assert sorted(roles) == sorted(Role.values), "one column per role, each once"
    rows = []
    for cells in lines:
        template, marks = cells[0], cells[1:]
        assert len(marks) == len(roles) and set(marks) <= {"Y", "-"}, cells
        rows.append(
            (template, {role: mark == "Y" for role, mark in zip(roles, marks, strict=True)})
        )
    return rows


ROWS = parse_matrix(PAGE_MATRIX)


def pages(r):
    """(url, expected status when allowed, allowed-by-role) for each row, in order."""
    for template, allowed in ROWS:
        url = template.format(
            code="hotel",
            confirmation=r.confirmation,
            guest_id=r.customer_id,
            quote=QUOTE,
            folio_id=r.folio_id,
            invoice="INV-000001",
            receipt="R-000001",
        )
        yield url, OK_STATUS.get(template, 200), allowed


@pytest.fixture
def reservation(reservation, root):
    """The shared reservation, and an invoice and a receipt (of a company account) for the
    rows of the invoice pages."""
    documents_for_matrix(reservation.establishment, root)
    return reservation


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_anonymous_sees_login_in_browser_language(client, hotel):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="nl")
    assert "Gebruikersnaam" in page.content.decode()
    assert "Benutzername" in client.get("/login/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert client.get(f"{P}/reservations/").status_code == 302


def test_login_logout_and_throttle(client, desk, settings):
    bad = client.post("/login/", {"username": "desk", "password": "wrong"})
    assert bad.status_code == 200 and "Wrong user name or password" in bad.content.decode()
    good = client.post("/login/", {"username": "desk", "password": "pass-Word-123"})
    assert good.status_code == 302
    assert client.get("/", follow=True).redirect_chain[-1][0] == f"{P}/"
    client.post("/logout/")
    for _ in range(settings.FRONTOFFICE_LOGIN_MAX_FAILURES):
        client.post("/login/", {"username": "desk", "password": "wrong"})
    locked = client.post("/login/", {"username": "desk", "password": "pass-Word-123"})
    assert "Too many failed attempts" in locked.content.decode()


def test_the_table_has_every_staff_page(reservation):
    """A new page under /e/<code>/ cannot slip past the matrix: it needs a row here."""
    names = set()
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLPattern):
            continue
        for inner in pattern.url_patterns:
            if str(inner.pattern).startswith("e/<str:code>/"):
                names.add(inner.name)
    in_table = [resolve(url.split("?")[0]).url_name for url, _ok, _allowed in pages(reservation)]
    assert len(in_table) == len(set(in_table)), "a page appears twice"
    from frontoffice.core.tests.test_permissions import area_page_names

    elsewhere = area_page_names()
    assert not (set(in_table) & elsewhere), "a page appears in two tables"
    assert names <= set(in_table) | elsewhere, names - set(in_table) - elsewhere


@pytest.mark.parametrize("role", Role.values)
def test_page_matrix(role, make_user, hotel, reservation):
    client = logged_in(make_user(role, hotel))
    for url, ok, allowed in pages(reservation):
        status = client.get(url).status_code
        expected = ok if allowed[role] else 403
        assert status == expected, (role, url, status)


def test_outsider_gets_404_pages(make_user, hotel, other_hotel, reservation):
    client = logged_in(make_user(Role.ADMINISTRATOR, other_hotel))
    for url, _ok, _allowed in pages(reservation):
        if url.startswith(f"{P}/"):
            assert client.get(url).status_code == 404, url


def test_superuser_sees_every_page(root, hotel, reservation):
    client = logged_in(root)
    for url, ok, _allowed in pages(reservation):
        assert client.get(url).status_code == ok, url


def test_porter_pages_show_no_guest_contact_details(make_user, hotel, root, today):
    """A porter may see reservations (and the guest's name) but not guests' contact details:
    no page of a reservation shows them the email or phone number."""
    r = services.reservation_create(
        establishment=hotel,
        actor=root,
        room_type_code="std",
        arrival=today,
        departure=today + dt.timedelta(days=2),
        guest={
            "last_name": "Pagetest",
            "first_name": "Pia",
            "email": "pia@example.com",
            "phone": "+31 20 123 4567",
        },
    )
    assert r.customer.phone == "+31201234567"
    client = logged_in(make_user(Role.PORTER, hotel))
    for url in (f"{P}/reservations/{r.confirmation}/", f"{P}/reservations/", f"{P}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert "Pagetest" in content, url  # the reservation is on the page
        for secret in ("pia@example.com", "+31201234567", "+31 20 123 4567"):
            assert secret not in content, (url, secret)


def test_roles_without_reservations_see_no_guests_on_the_dashboard(make_user, hotel, root, today):
    """Back-office HR opens the dashboard (its figures) but may not see reservations: today's
    arrivals and departures, with the guests' names and confirmation codes, are not sent."""
    r = services.reservation_create(
        establishment=hotel,
        actor=root,
        room_type_code="std",
        arrival=today,
        departure=today + dt.timedelta(days=2),
        guest={"last_name": "Arrivingtoday", "first_name": "Ada"},
    )
    hr_client = logged_in(make_user(Role.BACK_OFFICE_HR, hotel))
    porter_client = logged_in(make_user(Role.PORTER, hotel))
    # The page and the fragment it reads again every minute hold the same.
    for url in (f"{P}/", f"{P}/dashboard/figures/"):
        hr = hr_client.get(url).content.decode()
        assert "Arrivals today" in hr
        assert "Arrivingtoday" not in hr and r.confirmation not in hr, url
        # Nor a link to lists HR may not open.
        assert "/reservations/" not in hr and "/availability/" not in hr, url
        porter = porter_client.get(url).content.decode()
        assert "Arrivingtoday" in porter and r.confirmation in porter, url


def test_a_reservation_search_by_email_is_for_those_who_may_see_emails(
    make_user, hotel, root, today
):
    """Otherwise a porter could learn whose an email address is by searching for it."""
    services.reservation_create(
        establishment=hotel,
        actor=root,
        room_type_code="std",
        arrival=today,
        departure=today + dt.timedelta(days=2),
        guest={"last_name": "Secret", "email": "secret.guest@example.com"},
    )
    from frontoffice.conftest import Api

    url = "/api/v1/establishments/hotel/reservations?q=secret.guest@example.com"
    assert Api(make_user(Role.FRONT_DESK_AGENT, hotel)).get(url).data["count"] == 1
    assert Api(make_user(Role.PORTER, hotel)).get(url).data["count"] == 0
    page = logged_in(make_user(Role.PORTER, hotel)).get(
        f"{P}/reservations/", {"q": "secret.guest@example.com"}
    )
    assert "Secret" not in page.content.decode()


def test_the_booking_form_offers_look_alikes_before_making_a_copy(desk, hotel, today):
    from frontoffice.customers import services as customer_services
    from frontoffice.customers.models import Customer

    existing = customer_services.customer_create(
        establishment=hotel, actor=None, first_name="Daan", last_name="Bakker"
    )
    client = logged_in(desk)
    data = {
        "form_token": "look-alike-form-1",
        "first_name": "Daan",
        "last_name": "bakker",
        "room_type": "std",
        "arrival": today,
        "departure": today + dt.timedelta(days=1),
        "adults": 1,
        "children": 0,
        "source": "phone",
        "guarantee": "none",
    }
    first = client.post(f"{P}/reservations/new/", data)
    page = first.content.decode()
    assert first.status_code == 200 and "already on file" in page
    assert f'data-guest-id="{existing.pk}"' in page
    assert Reservation.objects.count() == 0
    # Picking the existing guest books for that record …
    picked = client.post(
        f"{P}/reservations/new/",
        {**data, "guest_id": existing.pk, "form_token": "look-alike-form-2"},
    )
    assert picked.status_code == 302
    assert Reservation.objects.get().customer_id == existing.pk
    # … and Book again after the warning makes a new record on purpose.
    token = page.split('name="form_token" value="')[1].split('"')[0]
    again = client.post(
        f"{P}/reservations/new/", {**data, "confirm_new_guest": "on", "form_token": token}
    )
    assert again.status_code == 302
    assert Customer.objects.filter(last_name__iexact="bakker").count() == 2


def test_book_through_the_form(desk, hotel, today):
    client = logged_in(desk)
    arrival = today + dt.timedelta(days=3)
    data = {
        "last_name": "Formby",
        "first_name": "Fay",
        "email": "fay@example.com",
        "room_type": "std",
        "arrival": arrival,
        "departure": arrival + dt.timedelta(days=2),
        "adults": 2,
        "children": 0,
        "source": "phone",
        "guarantee": "none",
        "rate_plan": "",
        "form_token": "book-through-the-form-1",
    }
    response = client.post(f"{P}/reservations/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    r = Reservation.objects.get(customer__last_name="Formby")
    assert response["Location"] == f"{P}/reservations/{r.confirmation}/"
    detail = client.get(response["Location"]).content.decode()
    assert "Formby" in detail and "200.00" in detail


def test_form_errors_in_users_language_and_nothing_written(desk, hotel, today):
    client = logged_in(desk)
    client.post("/i18n/setlang/", {"language": "de", "next": "/"})
    past = today - dt.timedelta(days=3)
    data = {
        "last_name": "Late",
        "room_type": "std",
        "arrival": past,
        "departure": today,
        "adults": 1,
        "children": 0,
        "source": "phone",
        "guarantee": "none",
        "form_token": "errors-in-language-1",
    }
    response = client.post(f"{P}/reservations/new/", data)
    assert response.status_code == 200
    assert "Die Anreise darf nicht in der Vergangenheit liegen." in response.content.decode()
    data.update(
        arrival=today,
        departure=today + dt.timedelta(days=1),
        adults=9,
        form_token="errors-in-language-2",
    )
    assert "höchstens" in client.post(f"{P}/reservations/new/", data).content.decode()
    assert Reservation.objects.count() == 0


def test_modify_and_cancel_pages(desk, reservation, today):
    client = logged_in(desk)
    url = f"{P}/reservations/{reservation.confirmation}/"
    response = client.post(
        url + "edit/",
        {
            "room_type": "std",
            "arrival": reservation.arrival,
            "departure": reservation.departure + dt.timedelta(days=1),
            "adults": 1,
            "children": 0,
            "notes": "late",
        },
    )
    assert response.status_code == 302
    reservation.refresh_from_db()
    assert reservation.nights_count == 3 and reservation.notes == "late"
    assert client.post(url + "cancel/", {"reason": ""}).status_code == 422
    assert client.post(url + "cancel/", {"reason": "Plans changed"}).status_code == 302
    reservation.refresh_from_db()
    assert reservation.status == "cancelled"
    page = client.get(url).content.decode()
    assert "Plans changed" in page and "desk" in page


def test_guest_duplicate_warning_then_create_anyway(desk, reservation):
    client = logged_in(desk)
    data = {"first_name": "Pia", "last_name": "Pagetest", "vip_level": 0}
    first = client.post(f"{P}/guests/new/", data)
    assert first.status_code == 200 and "look like the same person" in first.content.decode()
    second = client.post(f"{P}/guests/new/", {**data, "confirm_duplicate": "on"})
    assert second.status_code == 302


def test_availability_grid_and_quote(desk, hotel, reservation, today):
    client = logged_in(desk)
    grid = client.get(f"{P}/availability/?days=14").content.decode()
    assert "STD" in grid and "reservations/new/?room_type=std" in grid
    assert client.get(f"{P}/availability/?start=garbage&days=x").status_code == 200
    quote = client.get(
        f"{P}/reservations/quote/?room_type=std&arrival={today}&departure={today + dt.timedelta(days=2)}"
    ).content.decode()
    assert "200.00" in quote
    assert (
        "valid dates"
        in client.get(f"{P}/reservations/quote/?room_type=std&arrival=x").content.decode()
    )
