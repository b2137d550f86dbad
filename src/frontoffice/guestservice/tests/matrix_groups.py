"""Who may do what here, written BY HAND (never read from the permissions modules).

`API_MATRIX` has the format of core/tests/test_permissions.py (one row per API operation,
one column per role); `PAGE_URL_NAMES` names the staff pages this area's own page-matrix test
covers. core/tests/test_permissions.py and lodging/tests/test_pages.py fail when an endpoint
or page is in none of the tables."""

from frontoffice.core.tests.test_permissions import parse_matrix

API_MATRIX = """
method  path                                          desk rcpt conc port cash file mgr  fin  hr   adm
GET     {E}/events                                    Y    Y    Y    -    -    -    Y    -    -    Y
POST    {E}/events                                    -    -    Y    -    -    -    Y    -    -    Y
GET     {E}/events/{event_id}                         Y    Y    Y    -    -    -    Y    -    -    Y
PATCH   {E}/events/{event_id}                         -    -    Y    -    -    -    Y    -    -    Y
POST    {E}/events/{event_id}/attendees               -    -    Y    -    -    -    Y    -    -    Y
GET     {E}/blocks                                    Y    Y    Y    -    -    -    Y    -    -    Y
POST    {E}/blocks                                    -    -    Y    -    -    -    Y    -    -    Y
GET     {E}/blocks/{block_id}                         Y    Y    Y    -    -    -    Y    -    -    Y
PATCH   {E}/blocks/{block_id}                         -    -    Y    -    -    -    Y    -    -    Y
POST    {E}/blocks/{block_id}/reservations            Y    Y    -    -    -    -    Y    -    -    Y
POST    {E}/blocks/{block_id}/release                 -    -    Y    -    -    -    Y    -    -    Y
"""

API_ROWS = parse_matrix(API_MATRIX)

PAGE_URL_NAMES: set[str] = {
    "block_list",
    "block_new",
    "block_detail",
    "block_book",
    "block_release",
    "block_edit",
    "event_list",
    "event_new",
    "event_detail",
    "event_edit",
}
