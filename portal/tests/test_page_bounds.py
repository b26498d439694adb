"""Numbers in the pages' query strings are bounded like the forms': anything else is a 400, never
a 500 (str.isdigit() accepts "²" and more digits than int() converts; both made int() fail)."""

import pytest

from portal.pagination import MAX_PAGE

TOO_MANY_DIGITS = "9" * 5000
NOT_ASCII = ["²", "٣", TOO_MANY_DIGITS]


@pytest.mark.parametrize("raw", [*NOT_ASCII, str(MAX_PAGE + 1), "0"])
def test_it_refuses_a_page_number_outside_the_bounds(world, client, raw):
    assert client.get("/units/", {"page": raw}).status_code == 400
    assert client.get(f"/units/{world.unit.code}/", {"page": raw}).status_code == 400


def test_it_serves_the_last_allowed_page_number_as_a_missing_page(world, client):
    assert client.get("/units/", {"page": str(MAX_PAGE)}).status_code == 404


@pytest.mark.parametrize("raw", NOT_ASCII)
def test_it_refuses_an_archive_category_that_is_no_number(world, client, raw):
    url = f"/units/{world.unit.code}/archive/2024/"
    assert client.get(url, {"category": raw}).status_code == 400


@pytest.mark.parametrize("raw", [*NOT_ASCII, "2003", "2100"])
def test_it_refuses_a_calendar_year_outside_the_calculators_range(db, client, raw):
    response = client.get("/workdays/", {"year": raw})
    assert response.status_code == 400
    assert "年份应在 2004 至 2099 之间" in response.content.decode()


def test_it_refuses_a_search_page_beyond_the_forms_bound(db, client):
    assert client.get("/search/", {"q": "党费", "page": str(MAX_PAGE + 1)}).status_code == 400
    assert client.get("/search/", {"q": "党费", "page": "²"}).status_code == 400


@pytest.mark.parametrize("raw", NOT_ASCII)
def test_the_staff_archive_ignores_filters_that_are_no_number(personas, raw):
    office = personas.client(personas.office)
    assert office.get("/archive/", {"year": raw, "category": raw}).status_code == 200
