"""Who may do what here, written BY HAND (never read from the permissions modules).

`API_MATRIX` has the format of core/tests/test_permissions.py (one row per API operation,
one column per role); `PAGE_URL_NAMES` names the staff pages this area's own page-matrix test
covers. core/tests/test_permissions.py and lodging/tests/test_pages.py fail when an endpoint
or page is in none of the tables.

The concierge's catalogue is read by the desk, the concierge and the managers; the concierge
and the managers keep it; the desk, the concierge and the managers recommend and book for a
guest. Porters, cashiers, file clerks, finance and HR have nothing to do with it."""

from frontoffice.core.tests.test_permissions import parse_matrix

API_MATRIX = """
method  path                                           desk rcpt conc port cash file mgr  fin  hr   adm
GET     {E}/attractions                                Y    Y    Y    -    -    -    Y    -    -    Y
POST    {E}/attractions                                -    -    Y    -    -    -    Y    -    -    Y
GET     {E}/attractions/{attraction_id}                Y    Y    Y    -    -    -    Y    -    -    Y
PATCH   {E}/attractions/{attraction_id}                -    -    Y    -    -    -    Y    -    -    Y
GET     {E}/guests/{guest_id}/recommendations          Y    Y    Y    -    -    -    Y    -    -    Y
POST    {E}/guests/{guest_id}/recommendations          Y    Y    Y    -    -    -    Y    -    -    Y
GET     {E}/guests/{guest_id}/popular-attractions      Y    Y    Y    -    -    -    Y    -    -    Y
"""

API_ROWS = parse_matrix(API_MATRIX)

PAGE_MATRIX = """
page                                                   desk rcpt conc port cash file mgr  fin  hr   adm
/e/{code}/concierge/                                   Y    Y    Y    -    -    -    Y    -    -    Y
/e/{code}/concierge/?guest={guest_id}&q=museum         Y    Y    Y    -    -    -    Y    -    -    Y
/e/{code}/concierge/new/                               -    -    Y    -    -    -    Y    -    -    Y
/e/{code}/concierge/{attraction_id}/                   Y    Y    Y    -    -    -    Y    -    -    Y
/e/{code}/concierge/{attraction_id}/edit/              -    -    Y    -    -    -    Y    -    -    Y
/e/{code}/concierge/{attraction_id}/book/?guest={guest_id}  Y    Y    Y    -    -    -    Y    -    -    Y
"""

PAGE_URL_NAMES: set[str] = {
    "concierge",
    "attraction_new",
    "attraction_detail",
    "attraction_edit",
    "attraction_book",
}
