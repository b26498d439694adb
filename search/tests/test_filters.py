import datetime

import pytest

from catalog.models import Scope
from disclosures.models import Disclosure
from search.selectors import search_disclosures
from search.tests.helpers import catalog_item, disclosure


def titles(user, query="党费", **filters):
    return sorted(
        hit.disclosure.title for hit in search_disclosures(user, query, **filters).results
    )


@pytest.fixture
def spread(personas):
    fee_item = catalog_item(personas.unit, category="党的组织管理情况")
    plan_item = catalog_item(personas.unit, category="党的思想建设情况", content="学习计划")
    return {
        "here_2023": disclosure(
            personas.unit,
            "2023年党费收缴情况",
            item=fee_item,
            published_at=datetime.datetime(2023, 6, 1, 2, 0, tzinfo=datetime.UTC),
            forms=("website",),
        ),
        # 2024-12-31 20:00 UTC is already 2025 in Beijing.
        "here_2025": disclosure(
            personas.unit,
            "2025年党费学习计划",
            item=plan_item,
            published_at=datetime.datetime(2024, 12, 31, 20, 0, tzinfo=datetime.UTC),
            forms=("meeting",),
        ),
        "archived": disclosure(
            personas.unit,
            "2019年党费收缴情况（归档）",
            status=Disclosure.Status.ARCHIVED,
            public=True,
            item=fee_item,
        ),
        "other_unit": disclosure(personas.other_unit, "财政局党费收缴情况", scope=Scope.PUBLIC),
    }


def test_it_filters_by_unit(personas, spread):
    assert titles(personas.public, unit=personas.other_unit) == ["财政局党费收缴情况"]
    assert "财政局党费收缴情况" not in titles(personas.public, unit=personas.unit.pk)


def test_it_filters_by_category_name(personas, spread):
    assert titles(personas.public, category="党的思想建设情况") == ["2025年党费学习计划"]


def test_it_filters_by_year_in_beijing_time(personas, spread):
    assert titles(personas.public, year=2025) == ["2025年党费学习计划"]
    assert titles(personas.public, year=2023) == ["2023年党费收缴情况"]


def test_it_filters_by_form(personas, spread):
    assert titles(personas.public, form="meeting") == ["2025年党费学习计划"]
    assert titles(personas.public, form="website") == ["2023年党费收缴情况"]


def test_it_filters_by_state(personas, spread):
    assert titles(personas.public, state="archived") == ["2019年党费收缴情况（归档）"]
    assert "2019年党费收缴情况（归档）" not in titles(personas.public, state="current")
    assert len(titles(personas.public)) == 4


def test_the_page_applies_the_filters(personas, spread):
    client = personas.client(personas.public)
    body = client.get(
        "/search/", {"q": "党费", "unit": personas.unit.code, "state": "archived"}
    ).content.decode()
    assert "共找到 1 条结果" in body and "2019年党费收缴情况" in body
    body = client.get("/search/", {"q": "党费", "year": "2025", "form": "meeting"}).content.decode()
    assert "共找到 1 条结果" in body and "2025年党费学习计划" in body
