"""Every numeric parameter of the API has the HTML forms' bounds, declared in the schema and kept
by the answers: what the schema allows is served, what it refuses is answered with 400."""

import re

import pytest

from portal.pagination import MAX_PAGE
from workdays.calendar import MAX_WORKDAYS, MAX_YEAR, MIN_YEAR

pytestmark = pytest.mark.django_db


def _parameters(client, path) -> dict[str, dict]:
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"][path]["get"]
    return {p["name"]: p["schema"] for p in operation["parameters"]}


def _calculator_input(client, name) -> dict[str, str]:
    page = client.get("/workdays/").content.decode()
    tag = re.search(rf'<input id="{name}"[^>]*>', page).group(0)
    return dict(re.findall(r'(min|max)="([^"]*)"', tag))


def test_it_declares_the_calculators_bounds_of_n(client):
    declared = _parameters(client, "/api/workdays/add")["n"]
    assert (declared["minimum"], declared["maximum"]) == (1, MAX_WORKDAYS)
    assert _calculator_input(client, "n") == {"min": "1", "max": str(MAX_WORKDAYS)}


@pytest.mark.parametrize("n", [0, -1, MAX_WORKDAYS + 1, 24000])
def test_it_refuses_n_outside_the_bounds_as_the_calculator_page_does(client, n):
    response = client.get(f"/api/workdays/add?date=2026-09-30&n={n}")
    assert response.status_code == 400
    assert "参数错误 / Bad input" in response.json()["detail"]
    assert client.get(f"/workdays/?start=2026-09-30&n={n}").status_code == 400


def test_it_serves_the_largest_n(client):
    response = client.get(f"/api/workdays/add?date=2026-09-30&n={MAX_WORKDAYS}")
    assert response.status_code == 200 and response.json()["n"] == MAX_WORKDAYS


def test_it_answers_404_for_a_due_date_beyond_the_calendar(client):
    # A well-formed question whose answer is not in the calendar: not a bad request.
    response = client.get(f"/api/workdays/add?date={MAX_YEAR}-12-30&n=2")
    assert response.status_code == 404 and str(MAX_YEAR) in response.json()["detail"]


def test_it_declares_and_keeps_the_calculators_years(client):
    pattern = re.compile(_parameters(client, "/api/workdays/add")["date"]["pattern"])
    assert _calculator_input(client, "start") == {
        "min": f"{MIN_YEAR}-01-01",
        "max": f"{MAX_YEAR}-12-31",
    }
    for day, inside in [
        (f"{MIN_YEAR - 1}-12-31", False),
        (f"{MIN_YEAR}-01-01", True),
        (f"{MAX_YEAR}-01-02", True),
        (f"{MAX_YEAR + 1}-01-01", False),
        ("0001-01-01", False),
    ]:
        assert bool(pattern.search(day)) is inside, day
        status = client.get(f"/api/workdays/add?date={day}&n=1").status_code
        assert status == (200 if inside else 400), day


@pytest.mark.parametrize(
    ("query", "name", "bounds"),
    [("page=10001", "page", (1, MAX_PAGE)), ("per_page=101", "per_page", (1, 100))],
)
def test_it_declares_and_keeps_the_paging_bounds(client, query, name, bounds):
    declared = _parameters(client, "/api/disclosures")[name]
    assert (declared["minimum"], declared["maximum"]) == bounds
    assert client.get(f"/api/disclosures?{query}").status_code == 400


def test_it_refuses_an_identifier_no_database_holds_with_400_not_500(client):
    declared = _parameters(client, "/api/disclosures/{pk}")["pk"]
    assert (declared["minimum"], declared["maximum"]) == (1, 2**63 - 1)
    assert client.get(f"/api/disclosures/{2**63}").status_code == 400
    assert client.get(f"/api/disclosures/{2**63 - 1}").status_code == 404


def test_it_refuses_a_unit_code_that_is_not_a_code(client):
    assert client.get("/api/units/中文/catalog").status_code == 400
    assert client.get(f"/api/units/{'a' * 51}/catalog").status_code == 400
    assert client.get("/api/disclosures?unit=a%20b").status_code == 400
    assert client.get("/api/units/nope/catalog").status_code == 404


def test_every_answer_is_in_the_schema(client):
    schema = client.get("/api/openapi.json").json()
    expected = {
        "/api/units": {"200", "429"},
        "/api/units/{code}/catalog": {"200", "400", "404", "429"},
        "/api/disclosures": {"200", "400", "404", "429"},
        "/api/disclosures/{pk}": {"200", "400", "404", "429"},
        "/api/workdays/add": {"200", "400", "404", "429"},
    }
    answers = {path: set(ops["get"]["responses"]) for path, ops in schema["paths"].items()}
    assert answers == expected
    for path in expected:
        too_many = schema["paths"][path]["get"]["responses"]["429"]
        assert too_many["headers"]["Retry-After"]["required"] is True
