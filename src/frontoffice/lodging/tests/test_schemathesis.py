"""Schemathesis generates requests from our own OpenAPI document and sends them to a real
multi-process server; no response may be a 5xx. Runs on SQLite and on PostgreSQL."""

import pytest
import schemathesis
from django.conf import settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error

from frontoffice.liveserver import LiveServer, setup_hotel

ENGINE = "postgres" if settings.DATABASES["default"]["ENGINE"].endswith("postgresql") else "sqlite"
pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def live():
    with LiveServer(engine=ENGINE, workers=2) as server:
        server.token = setup_hotel(server, rooms={"std": 2, "ste": 1})
        yield server


def _schema():
    from frontoffice.config.api import api

    return schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1"))


schema = _schema()


@schema.parametrize()
@hypothesis_settings(
    max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)
def test_no_server_errors(case, live):
    # Most requests aim at the real establishment so that bodies and parameters, not just
    # the unknown-code path, get exercised.
    if "code" in (case.path_parameters or {}) and hash(str(case.body)) % 5:
        case.path_parameters["code"] = "live"
    case.call_and_validate(
        base_url=live.base_url,
        headers={"Authorization": f"Bearer {live.token}"},
        checks=[not_a_server_error],
    )
