"""Reading a year's schedule from a file, checking it and working out what it would change.

Two formats:

CSV, UTF-8, one special day per line: `date,kind,name`, e.g. `2027-02-06,holiday,春节` or
`2027-02-20,workday,春节`. `kind` is `holiday` (休, 法定节假日) or `workday` (班, 补班, 调休上班);
`name` is the festival, optional. A header line `date,kind,name` is optional; blank lines and
lines starting with `#` are ignored.

iCalendar (.ics): one VEVENT per day or run of days, all-day (`DTSTART;VALUE=DATE`, `DTEND`
exclusive as RFC 5545 says; without DTEND one day). The kind comes from, in this order:
an `X-DWGK-KIND:holiday|workday` property; a `CATEGORIES` value holiday/workday (or 休/班);
the SUMMARY in the style of the common Chinese holiday calendars — "国庆节 休", "国庆节 放假"
is a holiday, "国庆节 补班", "国庆节 上班", "调休上班" a working day. The name is the SUMMARY
without those words.

Limits: at most DWGK_HOLIDAYS_MAX_BYTES, UTF-8 or GB18030 text without control characters,
years the calculator covers (MIN_YEAR–MAX_YEAR), no event longer than MAX_EVENT_DAYS, no
recurring events, at most MAX_DAYS days. Content from the file is quoted in messages only when it
is printable.

Nothing here writes; `workdays.services.calendar_year_import` does.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings

from dwgk.files import decode_text
from workdays.calendar import MAX_YEAR, MIN_YEAR

HOLIDAY = "holiday"
WORKDAY = "workday"
KIND_WORDS = {
    HOLIDAY: {"holiday", "休", "假", "放假", "休息", "法定节假日", "off"},
    WORKDAY: {"workday", "班", "上班", "补班", "调休上班", "work"},
}
KIND_LABEL = {HOLIDAY: "法定节假日", WORKDAY: "调休上班"}
MAX_CONSECUTIVE_WORKING_DAYS = 6  # 全国年节及纪念日放假办法 Art. 7 (2024)
YEARS = range(MIN_YEAR, MAX_YEAR + 1)  # what the calculator covers
MAX_EVENT_DAYS = 31  # the longest run of holidays ever announced is 10 days (2020)
MAX_NAME = 40  # SpecialDay.name
MAX_DAYS = 5000  # some 40 special days a year, for every year the calendar covers
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
_SUMMARY_KIND = re.compile(r"[\s（(\-—·]*(调休上班|补班|上班|班|放假|休息|休|假)[)）]?\s*$")


class ImportFileError(ValueError):
    """The file cannot be read at all (not CSV or iCalendar, not UTF-8, ...)."""


@dataclass(frozen=True)
class DayRow:
    date: date
    kind: str
    name: str = ""
    where: str = ""  # where in the file, for messages

    def label(self) -> str:
        return f"{KIND_LABEL[self.kind]} {self.name}".strip()


@dataclass
class Parsed:
    rows: list[DayRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def by_year(self) -> dict[int, list[DayRow]]:
        years: dict[int, list[DayRow]] = {}
        for row in sorted(self.rows, key=lambda r: r.date):
            years.setdefault(row.date.year, []).append(row)
        return years


def normalize_kind(text: str) -> str | None:
    word = (text or "").strip().lower()
    for kind, words in KIND_WORDS.items():
        if word in words:
            return kind
    return None


def parse_file(name: str, data: bytes) -> Parsed:
    """Parse and check a CSV or .ics file; errors and warnings are collected, never raised.
    Raises ImportFileError for a file that is too large or not text."""
    text = _decode(data)
    looks_ics = name.lower().endswith((".ics", ".ical", ".ifb")) or text.lstrip(
        "\ufeff \r\n"
    ).startswith("BEGIN:VCALENDAR")
    parsed = parse_ics(text) if looks_ics else parse_csv(text)
    check(parsed)
    return parsed


def _decode(data: bytes) -> str:
    limit = settings.DWGK_HOLIDAYS_MAX_BYTES
    if len(data) > limit:
        raise ImportFileError(
            f"文件过大（{len(data)} 字节，上限 {limit} 字节） / "
            f"the file is too large ({len(data)} bytes, limit {limit})"
        )
    text = decode_text(data)
    if text is None:
        raise ImportFileError(
            "文件不是 UTF-8 或 GB18030 编码的文本 / the file is not UTF-8 or GB18030 text"
        )
    for number, line in enumerate(text.splitlines(), start=1):
        if _CONTROL.search(line):
            raise ImportFileError(
                f"第{number}行含有二进制内容（{len(line)} 个字符，不予显示），文件不是文本 / "
                f"line {number} holds binary data ({len(line)} characters, not shown); "
                "the file is not text"
            )
    return text


def shown(text: str, limit: int = 40) -> str:
    """File content fit for a message: printable only, and short."""
    if not all(ch.isprintable() or ch == "\t" for ch in text):
        return f"（{len(text)} 个字符，含不可显示的字符 / {len(text)} characters, not printable）"
    return text if len(text) <= limit else text[:limit] + "…"


def parse_csv(text: str) -> Parsed:
    parsed = Parsed()
    for number, cells in enumerate(csv.reader(io.StringIO(text)), start=1):
        cells = [cell.strip() for cell in cells]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if number == 1 and cells[0].lower() in {"date", "日期"}:
            continue
        where = f"第{number}行 / line {number}"
        if len(cells) < 2:
            parsed.errors.append(
                f"{where}：应为“日期,类型,名称” / expected date,kind,name: {shown(','.join(cells))}"
            )
            continue
        day = _parse_date(cells[0])
        kind = normalize_kind(cells[1])
        if day is None:
            parsed.errors.append(
                f"{where}：日期“{shown(cells[0])}”不存在或格式不对（应为 YYYY-MM-DD） / "
                f"“{shown(cells[0])}” is not a valid date (YYYY-MM-DD)"
            )
        if kind is None:
            parsed.errors.append(
                f"{where}：未知类型“{shown(cells[1])}”（应为 holiday 或 workday） / "
                f"unknown kind “{shown(cells[1])}” (holiday or workday)"
            )
        if day is not None and kind is not None:
            name = cells[2] if len(cells) > 2 else ""
            parsed.rows.append(DayRow(date=day, kind=kind, name=name, where=where))
            if len(parsed.rows) > MAX_DAYS:
                parsed.errors.append(_too_many_days())
                break
    return parsed


def _parse_date(text: str) -> date | None:
    if not re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        return None
    try:
        year, month, day = (int(part) for part in text.split("-"))
        return date(year, month, day)
    except ValueError:
        return None


def parse_ics(text: str) -> Parsed:
    from icalendar import Calendar

    parsed = Parsed()
    try:
        calendar = Calendar.from_ical(text)
    except ValueError as error:
        raise ImportFileError(
            f"无法读取 iCalendar 文件 / cannot read the iCalendar file: {shown(str(error), 200)}"
        ) from error
    for number, event in enumerate(calendar.walk("VEVENT"), start=1):
        summary = str(event.get("SUMMARY", "")).strip()
        where = f"第{number}个事件“{shown(summary)}” / event {number} “{shown(summary)}”"
        if any(name in event for name in ("RRULE", "RDATE")):
            parsed.errors.append(
                f"{where}：不支持重复事件（RRULE、RDATE），请逐年列出日期 / "
                "recurring events (RRULE, RDATE) are not supported; list the days"
            )
            continue
        days = _event_days(event, where, parsed.errors)
        if days is None:
            continue
        kind = _ics_kind(event, summary)
        if kind is None:
            parsed.errors.append(
                f"{where}：无法判断是放假还是上班（SUMMARY 含“休”或“班”，或 X-DWGK-KIND） / "
                "cannot tell holiday from workday (SUMMARY with 休/班, or X-DWGK-KIND)"
            )
            continue
        name = _SUMMARY_KIND.sub("", summary).strip()
        parsed.rows.extend(DayRow(date=day, kind=kind, name=name, where=where) for day in days)
        if len(parsed.rows) > MAX_DAYS:
            parsed.errors.append(_too_many_days())
            break
    return parsed


def _event_days(event, where: str, errors: list[str]) -> list[date] | None:
    """The days of an all-day event, checked before any is counted out; None after an error."""
    try:
        start = event.decoded("DTSTART")
        end = event.decoded("DTEND") if "DTEND" in event else None
        duration = event.decoded("DURATION") if end is None and "DURATION" in event else None
    except (KeyError, ValueError, TypeError) as error:
        errors.append(f"{where}：日期无效 / invalid date: {shown(str(error))}")
        return None
    if isinstance(start, datetime) or isinstance(end, datetime) or not isinstance(start, date):
        errors.append(f"{where}：应为全天事件（DTSTART;VALUE=DATE） / must be an all-day event")
        return None
    if start.year not in YEARS:  # before any arithmetic: 9999-12-31 has no next day
        errors.append(f"{where}：{_out_of_range(start)}")
        return None
    length = (end - start).days if end else duration.days if duration else 1
    if length > MAX_EVENT_DAYS:
        errors.append(
            f"{where}：事件长 {length} 天，超过 {MAX_EVENT_DAYS} 天，不像一次放假安排 / "
            f"the event lasts {length} days, more than {MAX_EVENT_DAYS}: not a holiday"
        )
        return None
    return [start + timedelta(days=i) for i in range(length)]


def _out_of_range(day: date) -> str:
    return (
        f"{day.year} 年超出日历可计算的范围（{MIN_YEAR}—{MAX_YEAR} 年） / "
        f"{day.year} is outside the years the calendar covers ({MIN_YEAR}–{MAX_YEAR})"
    )


def _too_many_days() -> str:
    return f"文件超过 {MAX_DAYS} 天，不再读取 / more than {MAX_DAYS} days, reading stopped"


def _ics_kind(event, summary: str) -> str | None:
    explicit = normalize_kind(str(event.get("X-DWGK-KIND", "")))
    if explicit:
        return explicit
    categories = event.get("CATEGORIES")
    for group in categories if isinstance(categories, list) else [categories] if categories else []:
        for category in getattr(group, "cats", [group]):
            kind = normalize_kind(str(category))
            if kind:
                return kind
    if "班" in summary:  # before 休: "调休上班" is a working day
        return WORKDAY
    if "休" in summary or "假" in summary:
        return HOLIDAY
    return None


def check(parsed: Parsed) -> None:
    """Add the errors and warnings that concern the rows together. Days in years the calendar
    does not cover are reported and dropped."""
    outside = [row for row in parsed.rows if row.date.year not in YEARS]
    for year in sorted({row.date.year for row in outside}):
        first = next(row for row in outside if row.date.year == year)
        parsed.errors.append(f"{first.where}：{_out_of_range(first.date)}")
    if outside:
        parsed.rows = [row for row in parsed.rows if row.date.year in YEARS]
    seen: dict[date, DayRow] = {}
    for row in parsed.rows:
        if len(row.name) > MAX_NAME:
            parsed.errors.append(
                f"{row.where}：名称超过 {MAX_NAME} 字 / the name is longer than {MAX_NAME} characters"
            )
        if row.date in seen:
            parsed.errors.append(
                f"{row.where}：日期 {row.date} 重复（亦见 {seen[row.date].where}） / "
                f"{row.date} appears twice"
            )
        else:
            seen[row.date] = row
        if row.kind == WORKDAY and row.date.weekday() < 5:
            parsed.errors.append(
                f"{row.where}：{row.date} 是工作日（星期{'一二三四五'[row.date.weekday()]}），"
                f"不能标为调休上班 / {row.date} is a weekday and cannot be an adjusted working day"
            )
        if row.kind == HOLIDAY and row.date.weekday() >= 5:
            parsed.warnings.append(
                f"{row.where}：{row.date} 是周末，仍标为法定节假日（{row.name}） / "
                f"{row.date} is a weekend day marked as a holiday"
            )
    for year, rows in parsed.by_year().items():
        parsed.warnings.extend(_long_runs(year, {row.date: row.kind for row in rows}))


def _long_runs(year: int, kinds: dict[date, str]) -> list[str]:
    warnings = []
    day, run_start, run = date(year, 1, 1), None, 0
    while day.year == year or run:
        kind = kinds.get(day) if day.year == year else HOLIDAY  # close the last run
        working = kind == WORKDAY or (kind is None and day.weekday() < 5)
        if working:
            run_start = run_start if run else day
            run += 1
        else:
            if run > MAX_CONSECUTIVE_WORKING_DAYS:
                last = day - timedelta(days=1)
                warnings.append(
                    f"{run_start} 至 {last} 连续工作 {run} 天，超过 {MAX_CONSECUTIVE_WORKING_DAYS} 天"
                    f"（《全国年节及纪念日放假办法》第七条） / {run} consecutive working days from "
                    f"{run_start} to {last}, more than {MAX_CONSECUTIVE_WORKING_DAYS}"
                )
            run = 0
            if day.year != year:
                break
        day += timedelta(days=1)
    return warnings
