import io
import sys
import types
from datetime import date

import pytest
from django.core.management import call_command

from audit.models import Event
from workdays.calendar import add_workdays
from workdays.models import CalendarYear
from workdays.provisional import provisional_holidays

SCHEDULE_2027 = """date,kind,name
2027-01-01,holiday,元旦
2027-02-05,holiday,春节
2027-02-06,holiday,春节
2027-02-07,holiday,春节
2027-02-08,holiday,春节
2027-02-09,holiday,春节
2027-02-10,holiday,春节
2027-02-11,holiday,春节
2027-02-20,workday,春节
"""


def test_it_computes_2027_from_the_2024_rules_without_adjusted_weekends():
    days = provisional_holidays(2027)
    assert days[date(2027, 1, 1)] == "元旦"
    assert [d for d, name in days.items() if name == "春节"] == [
        date(2027, 2, 5),
        date(2027, 2, 6),
        date(2027, 2, 7),
        date(2027, 2, 8),
    ]
    assert days[date(2027, 4, 5)] == "清明节"
    assert [d for d, name in days.items() if name == "劳动节"] == [
        date(2027, 5, 1),
        date(2027, 5, 2),
    ]
    assert days[date(2027, 6, 9)] == "端午节"
    assert days[date(2027, 9, 15)] == "中秋节"
    assert [d for d, name in days.items() if name == "国庆节"] == [
        date(2027, 10, 1),
        date(2027, 10, 2),
        date(2027, 10, 3),
    ]
    assert len(days) == 13


def test_a_festival_on_national_day_is_one_day_off_under_both_names():
    # 2028: 中秋 is 3 October.
    days = provisional_holidays(2028)
    assert days[date(2028, 10, 3)] == "中秋节、国庆节"
    assert len(days) == 12


def test_a_deadline_reaching_into_2027_is_provisional():
    due = add_workdays(date(2026, 12, 25), 10)
    assert due.provisional
    assert due.provisional_years == [2027]
    assert due.calendar_version == {"2026": 1, "2027": 0}
    assert (date(2027, 1, 1), "元旦") in due.skipped
    text = "\n".join(due.explain())
    assert "【暂定】到期日" in text and "2027年放假安排尚未正式公布" in text


def test_a_deadline_ending_in_2026_is_not_provisional():
    assert not add_workdays(date(2026, 12, 1), 5).provisional


def test_importing_2027_makes_the_deadline_final_and_recomputes_it(tmp_path, monkeypatch):
    calls = []
    fake = types.ModuleType("obligations.services")
    fake.obligations_recompute_for_calendar_change = lambda *, years, actor: calls.append(years)
    monkeypatch.setitem(sys.modules, "obligations.services", fake)

    before = add_workdays(date(2027, 2, 4), 3)
    assert before.provisional and before.due == date(2027, 2, 11)

    path = tmp_path / "2027.csv"
    path.write_text(SCHEDULE_2027, encoding="utf-8")
    out = io.StringIO()
    call_command(
        "import_holidays",
        str(path),
        "--yes",
        "--year-source-date",
        "2026-11-05",
        "--year-source-url",
        "https://www.gov.cn/zhengce/content/2027.htm",
        stdout=out,
        stderr=io.StringIO(),
    )
    year = CalendarYear.objects.get(year=2027)
    assert year.official and year.version == 1
    assert year.source_title == "国务院办公厅关于2027年部分节假日安排的通知"
    assert year.source_date == date(2026, 11, 5)
    assert year.days.count() == 9

    after = add_workdays(date(2027, 2, 4), 3)
    assert not after.provisional
    assert after.due == date(2027, 2, 16)
    assert after.calendar_version == {"2027": 1}
    assert calls == [{2027}]
    event = Event.objects.get(action="workdays.year_imported", target_id=str(year.pk))
    assert event.changes["2027-02-09"] == {"old": "", "new": "法定节假日 春节"}
    assert event.changes["version"] == {"old": 0, "new": 1}

    # The schedule amended: one more adjusted Sunday. Version 2, recorded.
    path.write_text(SCHEDULE_2027 + "2027-02-21,workday,春节\n", encoding="utf-8")
    call_command("import_holidays", str(path), "--yes", stdout=out, stderr=io.StringIO())
    year.refresh_from_db()
    assert year.version == 2
    assert calls == [{2027}, {2027}]
    assert add_workdays(date(2027, 2, 19), 2).due == date(2027, 2, 21)


def test_a_rolled_back_import_leaves_no_stale_calendar_behind():
    from django.db import transaction

    from workdays import services
    from workdays.importing import parse_csv

    rows = parse_csv(SCHEDULE_2027).by_year()
    assert add_workdays(date(2027, 2, 4), 3).provisional
    with pytest.raises(RuntimeError), transaction.atomic():
        services.calendar_year_import(year_rows=rows, actor=None)
        assert not add_workdays(date(2027, 2, 4), 3).provisional
        raise RuntimeError("the caller gives up")
    again = add_workdays(date(2027, 2, 4), 3)
    assert again.provisional and again.due == date(2027, 2, 11)
