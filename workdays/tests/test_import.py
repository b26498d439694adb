import io
import sys
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from audit.models import Event
from workdays import services
from workdays.importing import DayRow
from workdays.models import CalendarYear, SpecialDay

GOOD = "2027-10-01,holiday,国庆节\n2027-10-02,holiday,国庆节\n2027-10-09,workday,国庆节\n"


def run(tmp_path, text, *args, name="days.csv", stdin=None):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    options = {"stdout": out, "stderr": err}
    if stdin is not None:
        options["stdin"] = stdin
    try:
        call_command("import_holidays", str(path), *args, **options)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


def snapshot():
    return (
        list(SpecialDay.objects.values_list("date", "kind", "name").order_by("date")),
        list(CalendarYear.objects.values_list("year", "version", "official").order_by("year")),
        Event.objects.count(),
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2027-10-01,holiday,国庆节\n2027-10-01,holiday,国庆节\n", "重复"),
        ("2027-10-01,vacation,国庆节\n", "未知类型"),
        ("2027-02-30,holiday,春节\n", "2027-02-30"),
        ("2027-10-08,workday,国庆节\n", "不能标为调休上班"),
        ("2027/10/01,holiday,国庆节\n", "YYYY-MM-DD"),
        ("2027-10-01\n", "date,kind,name"),
    ],
    ids=[
        "date-twice",
        "unknown-kind",
        "date-does-not-exist",
        "workday-on-weekday",
        "bad-format",
        "short-line",
    ],
)
def test_it_rejects_a_bad_file_and_writes_nothing(tmp_path, text, message):
    before = snapshot()
    _out, err, error = run(tmp_path, GOOD + text, "--yes")
    assert error is not None and error.returncode == 2
    assert "nothing written" in str(error)
    assert message in err
    assert snapshot() == before


def test_it_rejects_an_unreadable_file(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("import_holidays", str(path), "--yes", stdout=io.StringIO())
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_holidays", str(tmp_path / "missing.csv"), stdout=io.StringIO())


def test_it_warns_about_a_weekend_holiday_and_a_long_working_stretch(tmp_path):
    text = "date,kind,name\n2027-10-02,holiday,国庆节\n2027-10-09,workday,国庆节\n2027-10-10,workday,国庆节\n"
    _out, err, error = run(tmp_path, text, "--dry-run")
    assert error is None
    assert "2027-10-02 是周末" in err
    assert "连续工作 12 天" in err and "第七条" in err


def test_dry_run_shows_the_changes_and_writes_nothing(tmp_path):
    before = snapshot()
    out, _err, error = run(tmp_path, GOOD, "--dry-run")
    assert error is None
    assert "2027年：新增" in out and "+ 2027-10-09 调休上班 国庆节" in out
    assert "dry run, nothing written" in out
    assert snapshot() == before


def test_it_refuses_without_yes_when_stdin_is_not_a_terminal(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("y\n"))
    before = snapshot()
    out, err, error = run(tmp_path, GOOD)
    assert error is not None and error.returncode == 1
    assert "--yes" in str(error) and "not a terminal" in err
    assert "2027年：新增" in out
    assert snapshot() == before


def test_it_asks_and_writes_only_on_yes(tmp_path):
    before = snapshot()
    _out, _err, error = run(tmp_path, GOOD, stdin=io.StringIO("n\n"))
    assert error is not None and snapshot() == before
    out, _err, error = run(tmp_path, GOOD, stdin=io.StringIO("y\n"))
    assert error is None and "2027年已更新为第1版" in out
    assert CalendarYear.objects.get(year=2027).days.count() == 3


def test_an_import_replaces_the_year_and_bumps_its_version(tmp_path):
    # 2019 as first announced: May Day on 1 May only; the amendment is a new import.
    # The file holds part of 2019: it replaces the year only when --replace-year says so.
    text = "\n".join(f"{d},{k},{n}" for d, (k, n) in {"2019-05-01": ("holiday", "劳动节")}.items())
    _out, _err, error = run(tmp_path, text + "\n", "--yes", "--replace-year")
    assert error is None
    year = CalendarYear.objects.get(year=2019)
    assert year.version == 2
    assert list(year.days.values_list("date", flat=True)) == [date(2019, 5, 1)]
    event = Event.objects.filter(action="workdays.year_imported").latest("id")
    assert event.changes["2019-05-02"] == {"old": "法定节假日 劳动节", "new": ""}
    assert event.changes["2019-04-28"] == {"old": "调休上班 劳动节", "new": ""}


def test_importing_the_same_schedule_twice_changes_nothing(tmp_path):
    run(tmp_path, GOOD, "--yes")
    events = Event.objects.count()
    out, _err, error = run(tmp_path, GOOD, "--yes")
    assert error is None and "nothing to change" in out
    assert CalendarYear.objects.get(year=2027).version == 1
    assert Event.objects.count() == events


ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//holidays//CN
BEGIN:VEVENT
UID:1@test
DTSTAMP:20261105T000000Z
DTSTART;VALUE=DATE:20271001
DTEND;VALUE=DATE:20271004
SUMMARY:国庆节 休
END:VEVENT
BEGIN:VEVENT
UID:2@test
DTSTAMP:20261105T000000Z
DTSTART;VALUE=DATE:20271009
SUMMARY:国庆节 补班
END:VEVENT
BEGIN:VEVENT
UID:3@test
DTSTAMP:20261105T000000Z
DTSTART;VALUE=DATE:20270915
SUMMARY:中秋节
CATEGORIES:holiday
END:VEVENT
BEGIN:VEVENT
UID:4@test
DTSTAMP:20261105T000000Z
DTSTART;VALUE=DATE:20270101
SUMMARY:元旦
X-DWGK-KIND:holiday
END:VEVENT
END:VCALENDAR
"""


def test_it_imports_an_icalendar_file(tmp_path):
    _out, _err, error = run(tmp_path, ICS.replace("\n", "\r\n"), "--yes", name="2027.ics")
    assert error is None, error
    days = list(
        SpecialDay.objects.filter(year__year=2027)
        .values_list("date", "kind", "name")
        .order_by("date")
    )
    assert days == [
        (date(2027, 1, 1), "holiday", "元旦"),
        (date(2027, 9, 15), "holiday", "中秋节"),
        (date(2027, 10, 1), "holiday", "国庆节"),
        (date(2027, 10, 2), "holiday", "国庆节"),
        (date(2027, 10, 3), "holiday", "国庆节"),
        (date(2027, 10, 9), "workday", "国庆节"),
    ]


def test_it_rejects_an_icalendar_event_that_is_not_all_day_or_has_no_kind(tmp_path):
    ics = ICS.replace("DTSTART;VALUE=DATE:20271009", "DTSTART:20271009T090000").replace(
        "SUMMARY:中秋节\nCATEGORIES:holiday", "SUMMARY:中秋节"
    )
    _out, err, error = run(tmp_path, ics, "--yes", name="2027.ics")
    assert error is not None
    assert "全天" in err and "无法判断" in err
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_a_mid_year_amendment_is_an_ordinary_edit():
    # The 2020 Spring Festival extension, entered again by hand: 2 February was already off.
    change = services.calendar_year_edit(
        year=2020,
        set_days=[DayRow(date=date(2020, 2, 3), kind="holiday", name="春节")],
        actor=None,
        comment="延长春节假期",
    )
    assert change.added[0].date == date(2020, 2, 3)
    year = CalendarYear.objects.get(year=2020)
    assert year.version == 2
    event = Event.objects.filter(action="workdays.year_edited").latest("id")
    assert event.changes["2020-02-03"] == {"old": "", "new": "法定节假日 春节"}
    assert event.comment == "延长春节假期"


def test_an_edit_refuses_a_workday_on_a_weekday():
    with pytest.raises(ValueError, match="不能标为调休上班"):
        services.calendar_year_edit(
            year=2026, set_days=[DayRow(date=date(2026, 10, 8), kind="workday")], actor=None
        )
    assert CalendarYear.objects.get(year=2026).version == 1
