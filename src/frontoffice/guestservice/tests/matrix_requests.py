"""Who may do what here, written BY HAND (never read from the permissions modules).

`API_MATRIX` has the format of core/tests/test_permissions.py (one row per API operation,
one column per role); `PAGE_URL_NAMES` names the staff pages this area's own page-matrix test
covers. core/tests/test_permissions.py and lodging/tests/test_pages.py fail when an endpoint
or page is in none of the tables."""

from frontoffice.core.tests.test_permissions import ROLE_COLUMNS, parse_matrix

API_MATRIX = """
method  path                                          desk rcpt conc port cash file mgr  fin  hr   adm
GET     {E}/requests                                  Y    Y    Y    Y    -    -    Y    -    -    Y
POST    {E}/requests                                  Y    Y    Y    -    -    -    Y    -    -    Y
GET     {E}/requests/{request_id}                     Y    Y    Y    Y    -    -    Y    -    -    Y
POST    {E}/requests/{request_id}/assign              Y    Y    Y    -    -    -    Y    -    -    Y
POST    {E}/requests/{request_id}/escalate            Y    Y    Y    -    -    -    Y    -    -    Y
POST    {E}/requests/{request_id}/start               Y    Y    Y    Y    -    -    Y    -    -    Y
POST    {E}/requests/{request_id}/complete            Y    Y    Y    Y    -    -    Y    -    -    Y
POST    {E}/requests/{request_id}/cancel              Y    Y    Y    -    -    -    Y    -    -    Y
GET     {E}/departments/{department_id}/service-levels -    -    -    -    -    -    Y    -    -    Y
PUT     {E}/departments/{department_id}/service-levels -    -    -    -    -    -    Y    -    -    Y
GET     {E}/luggage                                   Y    Y    Y    Y    -    -    Y    -    -    Y
POST    {E}/luggage                                   Y    Y    Y    Y    -    -    Y    -    -    Y
GET     {E}/luggage/{tag}/label.pdf                   Y    Y    Y    Y    -    -    Y    -    -    Y
POST    {E}/luggage/{tag}/release                     Y    Y    Y    Y    -    -    Y    -    -    Y
"""

API_ROWS = parse_matrix(API_MATRIX)

# The staff pages (GET), same columns; `ok` is the status of an allowed GET (the forms that
# only post send a GET back to their page: 302).
PAGE_MATRIX = """
page                                       ok   desk rcpt conc port cash file mgr  fin  hr   adm
/e/{code}/requests/                        200  Y    Y    Y    Y    -    -    Y    -    -    Y
/e/{code}/requests/rows/                   200  Y    Y    Y    Y    -    -    Y    -    -    Y
/e/{code}/requests/new/                    200  Y    Y    Y    -    -    -    Y    -    -    Y
/e/{code}/requests/act/                    302  Y    Y    Y    Y    -    -    Y    -    -    Y
/e/{code}/requests/{request_id}/cancel/    200  Y    Y    Y    -    -    -    Y    -    -    Y
/e/{code}/requests/{request_id}/complete/  200  Y    Y    Y    Y    -    -    Y    -    -    Y
/e/{code}/requests/service-levels/         200  -    -    -    -    -    -    Y    -    -    Y
/e/{code}/requests/{request_id}/start/     302  Y    Y    Y    Y    -    -    Y    -    -    Y
/e/{code}/porter/                          200  Y    Y    Y    Y    -    -    Y    -    -    Y
/e/{code}/porter/store/                    302  Y    Y    Y    Y    -    -    Y    -    -    Y
/e/{code}/porter/release/                  302  Y    Y    Y    Y    -    -    Y    -    -    Y
/e/{code}/luggage/{tag}/label.pdf          200  Y    Y    Y    Y    -    -    Y    -    -    Y
"""


def parse_pages(text: str) -> list[tuple[str, int, dict[str, bool]]]:
    header, *lines = [line.split() for line in text.strip().splitlines()]
    roles = [ROLE_COLUMNS[name] for name in header[2:]]
    rows = []
    for cells in lines:
        marks = cells[2:]
        assert len(marks) == len(roles) and set(marks) <= {"Y", "-"}, cells
        rows.append(
            (cells[0], int(cells[1]), {r: m == "Y" for r, m in zip(roles, marks, strict=True)})
        )
    return rows


PAGE_ROWS = parse_pages(PAGE_MATRIX)

PAGE_URL_NAMES: set[str] = {
    "request_queue",
    "request_queue_rows",
    "request_new",
    "request_queue_act",
    "request_cancel",
    "request_complete",
    "service_levels",
    "request_action",
    "porter",
    "porter_store",
    "porter_release",
    "luggage_label",
}
