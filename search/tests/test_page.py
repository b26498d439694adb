import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Scope
from disclosures.models import Disclosure
from search.tests.helpers import disclosure

URL = "/search/"


@pytest.fixture
def found(personas):
    return disclosure(personas.unit, "2024年党费收缴情况", "本季度收缴党费。", forms=("website",))


def test_it_shows_an_empty_form_without_a_query(personas):
    response = personas.client(personas.public).get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'role="search"' in body
    assert '<label for="id_q">' in body
    assert "共找到" not in body


def test_it_lists_results_with_links_marks_and_snippets(personas, found):
    response = personas.client(personas.public).get(URL, {"q": "党费"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "共找到 1 条结果" in body
    assert f'href="/disclosures/{found.pk}/"' in body
    assert "社会公开" in body
    assert "<mark>党费</mark>" in body
    assert "市统计局党组" in body
    assert 'class="doc-list search-results"' in body


def test_it_rejects_post(personas):
    response = personas.client(personas.public).post(URL, {"q": "党费"})
    assert response.status_code == 405


@pytest.mark.parametrize(
    "params",
    [
        {"q": ""},
        {"q": "党" * 101},
        {"q": "!!!"},
        {"q": "党费", "page": "x"},
        {"q": "党费", "page": "0"},
        {"q": "党费", "year": "1999"},
        {"q": "党费", "state": "deleted"},
        {"q": "党费", "unit": "no-such-unit"},
        {"q": "党费", "form": "carrier-pigeon"},
    ],
)
def test_it_rejects_bad_input_with_400(personas, params):
    response = personas.client(personas.public).get(URL, params)
    assert response.status_code == 400
    assert "aria-invalid" in response.content.decode() or "errorlist" in response.content.decode()


def test_it_explains_bad_input_in_both_languages(personas):
    body = personas.client(personas.public).get(URL, {"q": "党" * 101}).content.decode()
    assert "检索词不能超过100个字" in body and "may not be longer" not in body


def test_it_returns_404_beyond_the_last_page(personas, found):
    response = personas.client(personas.public).get(URL, {"q": "党费", "page": "5"})
    assert response.status_code == 404


def test_it_paginates_with_stable_urls(personas):
    for number in range(25):
        disclosure(personas.unit, f"党费收缴情况第{number}期", "党费")
    client = personas.client(personas.public)
    body = client.get(URL, {"q": "党费", "state": "current"}).content.decode()
    assert "共找到 25 条结果" in body
    assert 'aria-current="page">1<' in body
    assert "?q=%E5%85%9A%E8%B4%B9&amp;state=current&amp;page=2" in body
    second = client.get(URL, {"q": "党费", "state": "current", "page": "2"}).content.decode()
    assert 'aria-current="page">2<' in second
    assert second.count('<li>\n    <div class="doc-title">') == 5
    assert 'start="21"' in second


def test_it_never_shows_internal_disclosures_to_the_public(personas):
    disclosure(
        personas.unit,
        "党费使用明细（党内）",
        "党费",
        status=Disclosure.Status.INTERNAL,
        scope=Scope.INTERNAL,
    )
    body = personas.client(personas.public).get(URL, {"q": "党费"}).content.decode()
    assert "党费使用明细" not in body
    assert "共找到 0 条结果" in body
    member_body = personas.client(personas.member).get(URL, {"q": "党费"}).content.decode()
    assert "党费使用明细" in member_body
    assert "党内" in member_body


def test_it_uses_the_same_number_of_queries_for_few_and_many_results(personas):
    client = personas.client(personas.member)
    disclosure(personas.unit, "党费收缴情况", "党费")
    client.get(URL, {"q": "党费"})  # warm the filter choices
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"q": "党费"})
    for number in range(30):
        disclosure(personas.unit, f"党费收缴情况第{number}期", "党费")
    with CaptureQueriesContext(connection) as many:
        client.get(URL, {"q": "党费"})
    assert len(few) == len(many)
