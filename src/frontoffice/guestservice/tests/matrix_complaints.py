"""Who may do what here, written BY HAND (never read from the permissions modules).

`API_MATRIX` has the format of core/tests/test_permissions.py (one row per API operation,
one column per role); `PAGE_URL_NAMES` names the staff pages this area's own page-matrix test
covers. core/tests/test_permissions.py and lodging/tests/test_pages.py fail when an endpoint
or page is in none of the tables."""

from frontoffice.core.tests.test_permissions import parse_matrix

API_MATRIX = """
method  path                                     desk rcpt conc port cash file mgr  fin  hr   adm
GET     {E}/complaints                           Y    Y    Y    -    -    -    Y    -    -    Y
POST    {E}/complaints                           Y    Y    Y    -    -    -    Y    -    -    Y
GET     {E}/complaints/{complaint_id}            Y    Y    Y    -    -    -    Y    -    -    Y
POST    {E}/complaints/{complaint_id}/resolve    Y    Y    -    -    -    -    Y    -    -    Y
GET     {E}/shift-log                            Y    Y    Y    Y    Y    -    Y    -    -    Y
POST    {E}/shift-log                            Y    Y    Y    Y    Y    -    Y    -    -    Y
POST    {E}/shift-log/{note_id}/read             Y    Y    Y    Y    Y    -    Y    -    -    Y
"""

API_ROWS = parse_matrix(API_MATRIX)

PAGE_URL_NAMES: set[str] = {
    "complaint_list",
    "complaint_new",
    "complaint_detail",
    "manager_desk",
    "shift_log",
    "shift_log_read",
}
