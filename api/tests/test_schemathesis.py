"""Schemathesis with all its checks against the API on a live server, anonymous and signed in:
every answer must be one the schema documents, every bound it declares must hold.

Examples are bounded (EXAMPLES per operation and reader, the same on every run) so that the
module runs in about a minute. The rate limits are off here: dwgk/tests/test_rate_limits.py and
api/tests/test_bounds.py cover the 429 answers and their place in the schema."""

import json

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from ninja.responses import NinjaJSONEncoder

from api.tests.test_api import _disclosure, catalog  # noqa: F401  (catalog: a fixture)
from api.views import api
from disclosures.models import Disclosure
from organizations.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

EXAMPLES = 20


# The schema the server serves at /api/openapi.json (test_it_serves_the_schema_tested_here).
SCHEMA = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api"), cls=NinjaJSONEncoder))
schema = schemathesis.openapi.from_dict(SCHEMA)


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    settings.DWGK_RATE_LIMITS = {"search": "", "workdays": "", "api": ""}
    settings.DWGK_RATE_LIMIT_SIGNED_IN = ""


def test_it_serves_the_schema_tested_here(live_server):
    assert requests.get(f"{live_server.url}/api/openapi.json", timeout=10).json() == SCHEMA


@pytest.fixture
def member_cookies(live_server, personas) -> dict[str, str]:
    """A member's session cookie, from the real login form."""
    session = requests.Session()
    login = f"{live_server.url}/accounts/login/"
    session.get(login)
    response = session.post(
        login,
        data={
            "username": personas.member.username,
            "password": DEMO_PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": login},
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:500]
    return session.cookies.get_dict()


@pytest.fixture
def some_disclosures(personas, catalog):  # noqa: F811
    """A public and an internal disclosure, so that detail answers are 200 as well as 404."""
    public, internal = Disclosure.Status.PUBLIC, Disclosure.Status.INTERNAL
    _disclosure(personas, catalog, title="公开事项", status=public, public=True)
    _disclosure(personas, catalog, title="党内事项", status=internal, public=False)


BOUNDED = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same examples on every run: a failure is reproducible, never flaky
    database=None,  # no .hypothesis/ directory in the checkout
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@schema.parametrize()
@BOUNDED
def test_the_api_keeps_its_schema_for_the_public(case, live_server, some_disclosures):
    case.call_and_validate(base_url=live_server.url)


@schema.parametrize()
@BOUNDED
def test_the_api_keeps_its_schema_for_a_member(case, live_server, member_cookies, some_disclosures):
    case.call_and_validate(base_url=live_server.url, cookies=member_cookies)
