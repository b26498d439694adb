"""Rounds, cadences and dates read as office staff write them, never as codes."""

import datetime

import pytest

from obligations.models import Obligation, round_label
from obligations.services import obligation_record_round

D = datetime.date


@pytest.mark.parametrize(
    ("key", "label"),
    [
        ("decision-2026-11-28", "2026年11月28日作出决定"),
        ("decision-2026-11-28-2", "2026年11月28日作出决定（第2次）"),
        ("round-2026-09-24", "2026年9月24日一轮工作完成"),
        ("changed-2026-01-05", "2026年1月5日事项修改"),
        ("decided-3", "第3版目录施行"),
        ("2026-07", "2026年7月"),
        ("2026-Q3", "2026年第3季度"),
        ("2026-H1", "2026年上半年"),
        ("2026-H2", "2026年下半年"),
        ("2026", "2026年度"),
    ],
)
def test_a_round_key_reads_as_words(key, label):
    assert round_label(key) == label


def test_the_drafters_workbench_and_the_record_page_show_words(small):
    p = small.personas
    obligation_record_round(item=small.per_round, completed_on=D(2026, 9, 24), actor=p.drafter)
    bench = p.client(p.drafter).get("/disclosures/work/drafter/").content.decode()
    assert "2026年9月24日一轮工作完成" in bench and "round-2026-09-24" not in bench
    record = p.client(p.drafter).get(f"/obligations/{small.unit.code}/record/").content.decode()
    assert "每轮工作完成后" in record and ">per_round<" not in record
    assert 'type="date"' in record


@pytest.mark.parametrize("typed", ["2026-09-25", "2026-9-25", "2026年9月25日", "2026/9/25"])
def test_a_date_is_read_as_typed(small, typed):
    p = small.personas
    url = f"/obligations/{small.unit.code}/record/"
    data = {"kind": "decision", "item": str(small.immediate.pk), "on": typed, "title": "新决定"}
    assert p.client(p.drafter_other).post(url, data).status_code == 302
    assert Obligation.objects.get(title="新决定").trigger_date == D(2026, 9, 25)


def test_a_date_that_is_not_one_is_refused_in_words(small):
    p = small.personas
    url = f"/obligations/{small.unit.code}/record/"
    data = {"kind": "decision", "item": str(small.immediate.pk), "on": "2026年2月30日"}
    response = p.client(p.drafter_other).post(url, data)
    assert response.status_code == 400
    assert "2026年2月12日" in response.content.decode()
