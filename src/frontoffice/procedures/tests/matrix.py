"""Who may do what here, written BY HAND (never read from the permissions modules).

`API_MATRIX` has the format of core/tests/test_permissions.py (one row per API operation,
one column per role); `PAGE_URL_NAMES` names the staff pages this area's own page-matrix test
covers. core/tests/test_permissions.py and lodging/tests/test_pages.py fail when an endpoint
or page is in none of the tables.

Scripts, templates and the knowledge base are read by everyone who faces customers; the
back office (finance, HR) does not. Messages are sent by the desk, the concierge and the
manager; only the manager (and the administrator) writes templates, scripts and answers."""

from frontoffice.core.tests.test_permissions import parse_matrix

API_MATRIX = """
method  path                                     desk rcpt conc port cash file mgr  fin  hr   adm
GET     {E}/templates                            Y    Y    Y    Y    Y    Y    Y    -    -    Y
POST    {E}/templates                            -    -    -    -    -    -    Y    -    -    Y
GET     {E}/protocols                            Y    Y    Y    Y    Y    Y    Y    -    -    Y
POST    {E}/protocols                            -    -    -    -    -    -    Y    -    -    Y
POST    {E}/messages                             Y    Y    Y    -    -    -    Y    -    -    Y
GET     {E}/messages                             Y    Y    Y    -    -    -    Y    -    -    Y
PATCH   {E}/message-settings                     -    -    -    -    -    -    Y    -    -    Y
GET     {E}/answers                              Y    Y    Y    Y    Y    Y    Y    -    -    Y
POST    {E}/answers                              -    -    -    -    -    -    Y    -    -    Y
PATCH   {E}/answers/{answer_id}                  -    -    -    -    -    -    Y    -    -    Y
"""

API_ROWS = parse_matrix(API_MATRIX)

# Pages: (url name, the roles' marks in the column order above).
PAGE_MATRIX = """
name            desk rcpt conc port cash file mgr  fin  hr   adm
answers         Y    Y    Y    Y    Y    Y    Y    -    -    Y
answer_new      -    -    -    -    -    -    Y    -    -    Y
answer_edit     -    -    -    -    -    -    Y    -    -    Y
templates       Y    Y    Y    Y    Y    Y    Y    -    -    Y
template_new    -    -    -    -    -    -    Y    -    -    Y
message_new     Y    Y    Y    -    -    -    Y    -    -    Y
outbox          Y    Y    Y    -    -    -    Y    -    -    Y
"""

PAGE_URL_NAMES: set[str] = {line.split()[0] for line in PAGE_MATRIX.strip().splitlines()[1:]}
