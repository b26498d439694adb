"""What a reader may not see never appears in a result, a snippet or a count."""

import pytest

from catalog.models import Scope
from disclosures.models import Disclosure
from search.selectors import search_disclosures
from search.tests.helpers import disclosure

S = Disclosure.Status


@pytest.fixture
def hidden(personas):
    unit = personas.unit
    return {
        "public": disclosure(unit, "党费收缴情况（社会公开）", "公开的党费信息"),
        "internal": disclosure(
            unit, "党费使用明细（党内）", "党内的党费明细", status=S.INTERNAL, scope=Scope.INTERNAL
        ),
        "withheld": disclosure(
            unit,
            "党费专项审计（暂缓）",
            "暂缓公开的党费审计",
            status=S.WITHHELD,
            scope=Scope.PUBLIC,
        ),
        "draft": disclosure(unit, "党费草稿", "起草中的党费说明", status=S.DRAFT),
        "retracted": disclosure(
            unit, "党费撤回稿", "已撤回的党费公告", status=S.RETRACTED, retracted_reason="有误"
        ),
        "range": disclosure(
            unit, "党费一定范围", "一定范围的党费", status=S.INTERNAL, scope=Scope.INTERNAL_RANGE
        ),
    }


def seen(user, query="党费"):
    results = search_disclosures(user, query)
    return results.total, {hit.disclosure.title for hit in results.results}, results


def test_the_public_finds_only_public_disclosures(personas, hidden):
    total, titles, results = seen(personas.public)
    assert (total, titles) == (1, {"党费收缴情况（社会公开）"})
    snippets = " ".join(hit.snippet_html for hit in results.results)
    for secret in ["党内的党费明细", "暂缓公开", "起草中", "已撤回", "一定范围"]:
        assert secret not in snippets


def test_the_public_cannot_find_hidden_words_at_all(personas, hidden):
    for word in ["明细", "审计", "草稿", "撤回", "一定范围"]:
        assert seen(personas.public, word)[0] == 0


def test_a_member_finds_internal_items_of_their_unit(personas, hidden):
    total, titles, _ = seen(personas.member)
    assert titles == {"党费收缴情况（社会公开）", "党费使用明细（党内）"}
    assert total == 2


def test_the_outsider_finds_only_what_the_public_finds(personas, hidden):
    total, titles, _ = seen(personas.outsider)
    assert (total, titles) == (1, {"党费收缴情况（社会公开）"})


def test_a_named_reader_finds_the_range_disclosure(personas, hidden):
    hidden["range"].audience_users.add(personas.member)
    assert "党费一定范围" in seen(personas.member)[1]
    assert "党费一定范围" not in seen(personas.outsider)[1]


def test_the_office_finds_every_state_of_its_unit(personas, hidden):
    total, titles, _ = seen(personas.office)
    assert total == 6
    assert "党费专项审计（暂缓）" in titles


def test_the_page_count_hides_what_the_reader_may_not_see(personas, hidden):
    body = personas.client(personas.public).get("/search/", {"q": "党费"}).content.decode()
    assert "共找到 1 条结果" in body
    assert "明细" not in body.split('id="result-count"', 1)[1]
    body = personas.client(personas.outsider).get("/search/", {"q": "明细"}).content.decode()
    assert "共找到 0 条结果" in body
