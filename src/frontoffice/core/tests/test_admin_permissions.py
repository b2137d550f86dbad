"""Permission matrix of the Django admin (/admin/): every role and the superuser × the setup
pages and the installation-wide ones.

The expected answers are the literal table below, never the admin or policy code under
test."""

import pytest
from django.test import Client

from frontoffice.core.models import Role
from frontoffice.lodging import services

# Written BY HAND from the product's rules, NOT read from adminsite.py, admin.py or policy.py:
# setting up an establishment (rooms, room types, rates, out-of-order periods, departments)
# is for its front office managers and administrators; installation-wide records
# (establishments, who holds which role, API tokens, login lock-outs, user accounts) are the
# superuser's alone. Everyone else has no admin at all.
#   200  the page opens
#   403  refused: the person is in the admin but this page is not theirs
#   302  sent to the admin login (/admin/login/?next=<page>), which itself answers 403 to
#        someone logged in without a setup role
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
SUPERUSER = "su"

ADMIN_MATRIX = """
page                            desk rcpt conc port cash file mgr  fin  hr   adm  su
/admin/                         302  302  302  302  302  302  200  302  302  200  200
/admin/lodging/room/            302  302  302  302  302  302  200  302  302  200  200
/admin/lodging/room/add/        302  302  302  302  302  302  200  302  302  200  200
/admin/lodging/roomtype/        302  302  302  302  302  302  200  302  302  200  200
/admin/lodging/rateplan/        302  302  302  302  302  302  200  302  302  200  200
/admin/lodging/roomoutoforder/  302  302  302  302  302  302  200  302  302  200  200
/admin/core/department/         302  302  302  302  302  302  200  302  302  200  200
/admin/core/establishment/      302  302  302  302  302  302  403  302  302  403  200
/admin/core/staffrole/          302  302  302  302  302  302  403  302  302  403  200
/admin/core/apitoken/           302  302  302  302  302  302  403  302  302  403  200
/admin/core/loginattempts/      302  302  302  302  302  302  403  302  302  403  200
/admin/auth/user/               302  302  302  302  302  302  403  302  302  403  200
/admin/auth/group/              302  302  302  302  302  302  403  302  302  403  200
"""

# Installation-wide pages: a setup role must never reach them, nor see a link to them.
SUPERUSER_ONLY = [
    "/admin/core/establishment/",
    "/admin/core/staffrole/",
    "/admin/core/apitoken/",
    "/admin/core/loginattempts/",
    "/admin/auth/user/",
    "/admin/auth/group/",
]


def parse_matrix(text: str) -> list[tuple[str, dict[str, int]]]:
    header, *lines = [line.split() for line in text.strip().splitlines()]
    assert header[0] == "page" and header[-1] == SUPERUSER, header
    columns = [ROLE_COLUMNS[name] for name in header[1:-1]]
    assert sorted(columns) == sorted(Role.values), "one column per role, each once"
    columns.append(SUPERUSER)
    rows = []
    for cells in lines:
        url, codes = cells[0], cells[1:]
        assert len(codes) == len(columns) and set(codes) <= {"200", "302", "403"}, cells
        rows.append((url, {column: int(code) for column, code in zip(columns, codes, strict=True)}))
    return rows


ROWS = parse_matrix(ADMIN_MATRIX)


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def check(client, who, url, expected):
    response = client.get(url)
    assert response.status_code == expected, (who, url, response.status_code)
    if expected == 302:
        assert response["Location"] == f"/admin/login/?next={url}", (who, url)
        login = client.get(response["Location"])
        assert login.status_code == 403, (who, url, "admin login", login.status_code)


@pytest.mark.parametrize("column", [*Role.values, SUPERUSER])
def test_admin_matrix(column, make_user, hotel, root):
    user = root if column == SUPERUSER else make_user(column, hotel)
    client = logged_in(user)
    for url, expected in ROWS:
        check(client, column, url, expected[column])


def test_staff_flag_alone_opens_no_admin(make_user, hotel):
    """Someone marked staff (say, a former manager) but holding no setup role has no admin."""
    desk = make_user(Role.FRONT_DESK_AGENT, hotel)
    desk.is_staff = True
    desk.save()
    client = logged_in(desk)
    for url, _expected in ROWS:
        check(client, "staff desk agent", url, 302)


@pytest.mark.parametrize("role", [Role.FRONT_OFFICE_MANAGER, Role.ADMINISTRATOR])
def test_setup_roles_see_no_link_to_installation_wide_records(role, make_user, hotel):
    index = logged_in(make_user(role, hotel)).get("/admin/").content.decode()
    assert 'href="/admin/lodging/room/"' in index
    for url in SUPERUSER_ONLY:
        assert f'href="{url}"' not in index, (role, url)


def test_superuser_sees_every_link(root, hotel):
    index = logged_in(root).get("/admin/").content.decode()
    for url, _expected in ROWS[1:]:
        if not url.endswith("/add/"):
            assert f'href="{url}"' in index, url


def test_superuser_opens_the_rate_plan_forms(root, hotel):
    """The inlines render after the view returns: inside the admin's scope all the same."""
    plan = services.rate_plan_create(establishment=hotel, code="BAR", name="Bar")
    client = Client(raise_request_exception=False)
    client.force_login(root)
    for url in ("/admin/lodging/rateplan/add/", f"/admin/lodging/rateplan/{plan.pk}/change/"):
        assert client.get(url).status_code == 200, url
