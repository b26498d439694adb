import pytest

from disclosures.services import parse_document_number
from dwgk.refusals import BadInput


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("岳统党组〔2011〕4号", "岳统党组〔2011〕4号"),
        ("岳统党组[2011]4号", "岳统党组〔2011〕4号"),
        ("岳统党组(2011)4号", "岳统党组〔2011〕4号"),
        ("岳统党组（2011）4号", "岳统党组〔2011〕4号"),
        ("岳办发[2011]35号", "岳办发〔2011〕35号"),
        (" 岳市直工发 〔2011〕 11号 ", "岳市直工发〔2011〕11号"),
    ],
)
def test_it_normalizes_document_numbers(text, number):
    assert parse_document_number(text)["number"] == number


def test_it_parses_the_parts():
    parsed = parse_document_number("岳统党组〔2026〕3号")
    assert (parsed["prefix"], parsed["year"], parsed["sequence"]) == ("岳统党组", 2026, 3)


@pytest.mark.parametrize(
    "text",
    [
        "岳统党组〔11〕4号",
        "岳统党组〔2011〕4",
        "岳统党组〔2011〕04号",
        "〔2011〕4号",
        "岳统党组2011年4号",
        "",
    ],
)
def test_it_rejects_malformed_numbers(text):
    with pytest.raises(BadInput):
        parse_document_number(text)
