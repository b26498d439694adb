import re

import pytest
from django.utils import translation

from search.text import QueryError, index_text, parse_query, stream_tokens


def test_it_indexes_bigrams_words_and_jieba_words():
    tokens = index_text("民主评议党员，2024年").split()
    assert tokens[:5] == ["民主", "主评", "评议", "议党", "党员"]
    assert "0brk0" in tokens and "2024" in tokens
    assert "民主评议" in tokens


def test_it_normalises_full_width_characters():
    assert stream_tokens("ＡＢＣ　２０２４") == ["abc", "2024"]


def test_it_builds_the_same_query_for_both_databases():
    query = parse_query('党费 "换届 选举" x')
    assert query.fts5() == '"党费" AND ("换届 届选 选举" OR "换届选举") AND "x"'
    assert query.tsquery() == "'党费' & (('换届' <-> '届选' <-> '选举') | '换届选举') & 'x'"


def test_it_turns_one_character_into_a_prefix():
    assert parse_query("党").fts5() == '"党"*'
    assert parse_query("党").tsquery() == "'党':*"


@pytest.mark.parametrize("raw", ["", "   ", "党" * 101, "！？。", '""'])
def test_it_rejects_unusable_queries(raw):
    with pytest.raises(QueryError) as error:
        parse_query(raw)
    message = str(error.value)  # said once, in the reader's language
    assert " / " not in message and re.search("[\u4e00-\u9fff]", message)
    with translation.override("en"), pytest.raises(QueryError) as error:
        parse_query(raw)
    assert str(error.value) and not re.search("[\u4e00-\u9fff]", str(error.value))


def test_it_treats_operators_as_words():
    query = parse_query("党费 OR NOT")
    assert query.fts5() == '"党费" AND "or" AND "not"'
