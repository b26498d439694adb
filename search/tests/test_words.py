import pytest

from search.selectors import search_disclosures
from search.tests.helpers import disclosure


def titles(user, query, **filters):
    return [hit.disclosure.title for hit in search_disclosures(user, query, **filters).results]


@pytest.fixture
def library(personas):
    unit = personas.unit
    return {
        "fee": disclosure(
            unit, "2024年第一季度党费收缴情况", "本季度共收缴党费12,345元，已按规定上缴。"
        ),
        "election": disclosure(
            unit, "机关支部换届选举结果", "经党员大会选举产生新一届支部委员会。"
        ),
        "assessment": disclosure(
            unit, "党支部考核结果", "根据年度考核办法，机关支部考核等次为优秀。"
        ),
        "split": disclosure(unit, "关于缴纳党费的通知", "请各位党员按时缴纳党费。"),
        "other": disclosure(unit, "文明单位建设规划", "推进文明单位创建工作。"),
    }


@pytest.mark.parametrize(
    "word, expected",
    [
        ("党费", {"2024年第一季度党费收缴情况", "关于缴纳党费的通知"}),
        ("换届", {"机关支部换届选举结果"}),
        ("考核", {"党支部考核结果"}),
    ],
)
def test_it_finds_two_character_words(personas, library, word, expected):
    assert set(titles(personas.public, word)) == expected


def test_it_finds_longer_words_as_substrings(personas, library):
    assert titles(personas.public, "党费收缴") == ["2024年第一季度党费收缴情况"]
    assert titles(personas.public, "缴纳党费") == ["关于缴纳党费的通知"]
    assert titles(personas.public, "文明单位建设") == ["文明单位建设规划"]


def test_it_requires_every_word(personas, library):
    assert titles(personas.public, "党费 上缴") == ["2024年第一季度党费收缴情况"]
    assert titles(personas.public, "党费 换届") == []


def test_it_matches_quoted_phrases_only_in_order(personas, library):
    assert titles(personas.public, '"支部换届"') == ["机关支部换届选举结果"]
    assert titles(personas.public, "“换届 选举”") == ["机关支部换届选举结果"]
    assert titles(personas.public, '"选举换届"') == []


def test_it_finds_numbers_and_single_characters(personas, library):
    assert titles(personas.public, "2024") == ["2024年第一季度党费收缴情况"]
    assert "党支部考核结果" in titles(personas.public, "核")


def test_it_ignores_an_unbalanced_quote(personas, library):
    assert titles(personas.public, '"党费 上缴') == ["2024年第一季度党费收缴情况"]
