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


def test_matches_of_the_same_rank_come_newest_first(personas):
    disclosure(personas.unit, "一月工作情况", "本月研究了换届的筹备。")
    disclosure(personas.unit, "二月工作情况", "本月研究了换届的筹备。")
    disclosure(personas.unit, "三月工作情况", "本月研究了换届的筹备。")
    titles = [hit.disclosure.title for hit in search_disclosures(personas.public, "换届").results]
    assert titles == ["三月工作情况", "二月工作情况", "一月工作情况"]


def test_a_title_match_outranks_newer_body_matches_on_every_page(personas):
    disclosure(personas.unit, "党费收缴情况公告", "按规定公开。")
    for number in range(25):
        disclosure(personas.unit, f"第{number}号工作简报", "其中包括党费的收缴。")
    first_page = search_disclosures(personas.public, "党费", per_page=10)
    assert first_page.total == 26
    assert first_page.results[0].disclosure.title == "党费收缴情况公告"
    last_page = search_disclosures(personas.public, "党费", per_page=10, page=3)
    assert [hit.disclosure.title for hit in last_page.results][-1] == "第0号工作简报"
