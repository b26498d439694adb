"""`dwgk import-holidays` with hostile or mistaken files: out-of-range years, huge spans,
partial years, GB18030, binary content, large files and long error lists."""

import io
import re
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from workdays.models import CalendarYear, SpecialDay
from workdays.tests.test_import import GOOD, snapshot

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def run_bytes(tmp_path, data: bytes, *args, name="days.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_holidays", str(path), *args, stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


@pytest.mark.parametrize("mode", ["--dry-run", "--yes"])
@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2100-01-01", "2003-10-01"])
def test_it_refuses_years_the_calculator_does_not_cover(tmp_path, mode, day):
    before = snapshot()
    text = f"{GOOD}{day},holiday,某节\n"
    _out, err, error = run_bytes(tmp_path, text.encode(), mode)
    assert error is not None and error.returncode == 2
    year = str(int(day[:4]))
    assert f"{year} 年超出日历可计算的范围（2004—2099 年）" in err
    assert snapshot() == before


ICS_HEAD = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20040101\r\n"


@pytest.mark.parametrize(
    ("event", "message"),
    [
        ("RRULE:FREQ=DAILY;UNTIL=99981231\r\n", "不支持重复事件"),
        ("DTEND;VALUE=DATE:99981231\r\n", "超过 31 天"),
        ("DURATION:P2900000D\r\n", "超过 31 天"),
    ],
    ids=["rrule", "dtend", "duration"],
)
def test_it_refuses_an_event_spanning_centuries_without_counting_its_days(tmp_path, event, message):
    ics = f"{ICS_HEAD}{event}SUMMARY:休\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n".encode()
    assert len(ics) < 200
    before = snapshot()
    out, err, error = run_bytes(tmp_path, ics, "--dry-run", name="bomb.ics")
    assert error is not None and error.returncode == 2
    assert message in err
    assert len(out) + len(err) < 2000
    assert snapshot() == before


NATIONAL_DAY_2026 = (
    "2026-10-01,holiday,国庆节\n2026-10-02,holiday,国庆节\n2026-10-03,holiday,国庆节\n"
)


@pytest.mark.parametrize("mode", ["--dry-run", "--yes"])
def test_it_refuses_a_file_that_covers_part_of_a_year(tmp_path, mode):
    assert SpecialDay.objects.filter(year__year=2026).count() > 3
    before = snapshot()
    out, _err, error = run_bytes(tmp_path, NATIONAL_DAY_2026.encode(), mode)
    assert error is not None and error.returncode == 2
    assert "--replace-year" in str(error) and "2026年" in str(error)
    assert "  - 2026-01-01 法定节假日 元旦" in out  # what would go, listed
    assert snapshot() == before


def test_with_replace_year_the_dry_run_lists_what_goes_and_writes_nothing(tmp_path):
    kept = {"2026-10-01", "2026-10-02", "2026-10-03"}
    going = SpecialDay.objects.filter(year__year=2026).exclude(date__in=kept).count()
    before = snapshot()
    out, _err, error = run_bytes(
        tmp_path, NATIONAL_DAY_2026.encode(), "--replace-year", "--dry-run"
    )
    assert error is None
    assert f"删除 {going} 天" in out
    assert "  - 2026-01-01 法定节假日 元旦" in out
    assert "dry run, nothing written" in out
    assert snapshot() == before

    out, _err, error = run_bytes(tmp_path, NATIONAL_DAY_2026.encode(), "--replace-year", "--yes")
    assert error is None
    assert SpecialDay.objects.filter(year__year=2026).count() == 3


def test_a_file_with_the_whole_year_needs_no_flag(tmp_path):
    days = SpecialDay.objects.filter(year__year=2026).order_by("date")
    text = "".join(f"{d.date},{d.kind},{d.name}\n" for d in days)
    text = text.replace(",元旦\n", ",元旦节\n", 1)  # one name corrected, nothing left out
    _out, _err, error = run_bytes(tmp_path, text.encode(), "--yes")
    assert error is None, error
    assert CalendarYear.objects.get(year=2026).version == 2
    assert SpecialDay.objects.filter(year__year=2026).count() == days.count()


def test_it_accepts_gb18030_as_catalogs_do(tmp_path):
    _out, _err, error = run_bytes(tmp_path, GOOD.encode("gb18030"), "--yes")
    assert error is None, error
    names = set(SpecialDay.objects.filter(year__year=2027).values_list("name", flat=True))
    assert names == {"国庆节"}


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (GOOD.encode() + b"2027-10-03,\x1b[31mholiday\x00\x01,x\n", "days.csv"),
        (b"BEGIN:VCALENDAR\r\nX-JUNK:\x1b]0;owned\x07\r\nEND:VCALENDAR\r\n", "x.ics"),
        (b"BEGIN:VCALENDAR\r\n" + bytes(range(256)) * 4, "x.ics"),
    ],
    ids=["csv-line", "ics-escape", "ics-garbage"],
)
def test_it_never_echoes_binary_content(tmp_path, data, name):
    before = snapshot()
    out, err, error = run_bytes(tmp_path, data, "--dry-run", name=name)
    assert error is not None and error.returncode == 2
    assert not CONTROL.search(out + err + str(error))
    assert snapshot() == before


def test_it_names_the_line_that_holds_binary_content(tmp_path):
    data = GOOD.encode() + b"2027-10-03,\x1b[31mholiday\x00,x\n"
    _out, _err, error = run_bytes(tmp_path, data, "--dry-run")
    assert "第4行含有二进制内容" in str(error)


@override_settings(DWGK_HOLIDAYS_MAX_BYTES=100)
def test_it_refuses_a_file_over_the_size_limit(tmp_path):
    _out, _err, error = run_bytes(tmp_path, (GOOD * 3).encode(), "--dry-run")
    assert error is not None and "文件过大" in str(error)


def test_it_lists_the_first_50_errors_and_counts_the_rest(tmp_path):
    text = "".join(f"2027-10-{day:02d},vacation,x\n" for day in range(1, 31))
    text += "".join(f"2028-01-{day:02d},vacation,x\n" for day in range(1, 31))
    _out, err, error = run_bytes(tmp_path, text.encode(), "--dry-run")
    assert error is not None and "60 处错误" in str(error)
    assert err.count("错误 / error: 第") == 50
    assert "另有10处错误（共60处）" in err


def test_it_lists_the_first_50_warnings_and_counts_the_rest(tmp_path):
    saturdays = [date(2027, 1, 2) + timedelta(days=7 * week) for week in range(52)]
    text = "".join(f"{day},holiday,周六\n" for day in saturdays)
    _out, err, error = run_bytes(tmp_path, text.encode(), "--dry-run")
    assert error is None, error
    assert err.count("是周末，仍标为法定节假日") == 50
    assert "……另有 2 条警告" in err
