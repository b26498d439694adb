from search.selectors import search_disclosures
from search.tests.helpers import disclosure


def test_it_ranks_title_matches_above_body_only_matches(personas):
    disclosure(personas.unit, "机关支部工作情况", "本次会议研究了换届选举的筹备工作和其他事项。")
    disclosure(personas.unit, "机关支部换届选举公告", "经研究决定召开党员大会。")
    disclosure(personas.unit, "其他工作情况", "本月完成了多项工作，包括换届的宣传。")
    results = search_disclosures(personas.public, "换届")
    assert results.total == 3
    assert results.results[0].disclosure.title == "机关支部换届选举公告"
    ranks = [hit.rank for hit in results.results]
    assert ranks == sorted(ranks, reverse=True)


def test_it_ranks_a_word_jieba_knows_above_a_mere_substring(personas):
    disclosure(personas.unit, "通知一", "关于民主评议党员工作的安排。")
    disclosure(personas.unit, "通知二", "关于民主评议党员工作的安排，民主评议。")
    results = search_disclosures(personas.public, "民主评议")
    assert results.total == 2
    assert results.results[0].disclosure.title == "通知二"
