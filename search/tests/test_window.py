"""The window of newest matches: capped, newest first, the same whichever way the database finds it.

On PostgreSQL the window is found one id bucket at a time (search.selectors._postgresql_window).
At test scale every id is in one bucket of 20000, so these tests make the buckets two ids wide:
the matches are then spread over many buckets, some of them empty or holding only what the reader
may not see. On SQLite the bucket size is not used and the same results are expected."""

import pytest

from catalog.models import Scope
from disclosures.models import Disclosure
from search import selectors
from search.selectors import search_disclosures
from search.services import search_document_refresh
from search.tests.helpers import disclosure


@pytest.fixture
def small_window(monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_CAP", 5)
    monkeypatch.setattr(selectors, "RANK_WINDOW", 5)
    monkeypatch.setattr(selectors, "ID_BUCKET", 2)
    monkeypatch.setattr(selectors, "ID_BUCKET_SQL", "(search_searchdocument.disclosure_id / 2)")


@pytest.fixture
def spread(personas):
    """Twelve 换届 items, oldest first; every third one internal, with unrelated items between."""
    made = []
    for number in range(12):
        internal = number % 3 == 2
        made.append(
            disclosure(
                personas.unit,
                f"第{number}号简报",
                "本月研究了换届的筹备。",
                status=Disclosure.Status.INTERNAL if internal else Disclosure.Status.PUBLIC,
                scope=Scope.INTERNAL if internal else Scope.PUBLIC,
            )
        )
        for _ in range(number % 4):
            disclosure(personas.unit, "其他工作情况", "本月完成了多项工作。")
    return made


def test_the_public_gets_the_newest_matches_it_may_see_capped(personas, small_window, spread):
    results = search_disclosures(personas.public, "换届", per_page=10)
    assert (results.total, results.more) == (5, True)
    # 10, 9, 7, 6, 4 are the newest public ones (11, 8 and 5 are internal).
    assert [hit.disclosure.title for hit in results.results] == [
        f"第{n}号简报" for n in (10, 9, 7, 6, 4)
    ]


def test_a_member_gets_the_internal_matches_in_the_window_too(personas, small_window, spread):
    results = search_disclosures(personas.member, "换届", per_page=10)
    assert [hit.disclosure.title for hit in results.results] == [
        f"第{n}号简报" for n in (11, 10, 9, 8, 7)
    ]


def test_an_old_title_match_outside_the_window_is_not_ranked_into_it(
    personas, small_window, spread
):
    Disclosure.objects.filter(pk=spread[0].pk).update(title="换届选举公告")
    Disclosure.objects.filter(pk=spread[9].pk).update(title="换届工作安排")
    for changed in (spread[0], spread[9]):
        search_document_refresh(disclosure=changed)
    titles = [hit.disclosure.title for hit in search_disclosures(personas.public, "换届").results]
    assert titles[0] == "换届工作安排"
    assert "换届选举公告" not in titles


def test_a_search_within_a_unit_keeps_the_same_window(personas, small_window, spread):
    disclosure(personas.other_unit, "财政局换届公告", "换届。")
    results = search_disclosures(personas.public, "换届", unit=personas.unit, per_page=10)
    assert (results.total, results.more) == (5, True)
    assert [hit.disclosure.title for hit in results.results] == [
        f"第{n}号简报" for n in (10, 9, 7, 6, 4)
    ]


def test_fewer_matches_than_the_window_are_all_found_across_buckets(personas, small_window):
    for number in range(3):
        disclosure(personas.unit, f"第{number}号通知", "关于考核的安排。")
        for _ in range(5):
            disclosure(personas.unit, "其他工作情况", "本月完成了多项工作。")
    results = search_disclosures(personas.public, "考核")
    assert (results.total, results.more) == (3, False)
    assert [hit.disclosure.title for hit in results.results] == [
        "第2号通知",
        "第1号通知",
        "第0号通知",
    ]
