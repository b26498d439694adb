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

Nothing here writes; `workdays.services.calendar_year_import` does.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

HOLIDAY = "holiday"
WORKDAY = "workday"
KIND_WORDS = {
    HOLIDAY: {"holiday", "休", "假", "放假", "休息", "法定节假日", "off"},
    WORKDAY: {"workday", "班", "上班", "补班", "调休上班", "work"},
}
KIND_LABEL = {HOLIDAY: "法定节假日", WORKDAY: "调休上班"}
MAX_CONSECUTIVE_WORKING_DAYS = 6  # 全国年节及纪念日放假办法 Art. 7 (2024)
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
    """Parse and check a CSV or .ics file; errors and warnings are collected, never raised."""
    looks_ics = name.lower().endswith((".ics", ".ical", ".ifb")) or data.lstrip().startswith(
        b"BEGIN:VCALENDAR"
    )
    parsed = parse_ics(data) if looks_ics else parse_csv(_decode(data))
    check(parsed)
    return parsed


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError("文件不是 UTF-8 编码的文本 / the file is not UTF-8 text") from error


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
                f"{where}：应为“日期,类型,名称” / expected date,kind,name: {','.join(cells)}"
            )
            continue
        day = _parse_date(cells[0])
        kind = normalize_kind(cells[1])
        if day is None:
            parsed.errors.append(
                f"{where}：日期“{cells[0]}”不存在或格式不对（应为 YYYY-MM-DD） / "
                f"“{cells[0]}” is not a valid date (YYYY-MM-DD)"
            )
        if kind is None:
            parsed.errors.append(
                f"{where}：未知类型“{cells[1]}”（应为 holiday 或 workday） / "
                f"unknown kind “{cells[1]}” (holiday or workday)"
            )
        if day is not None and kind is not None:
            name = cells[2] if len(cells) > 2 else ""
            parsed.rows.append(DayRow(date=day, kind=kind, name=name, where=where))
    return parsed


def _parse_date(text: str) -> date | None:
    if not re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        return None
    try:
        year, month, day = (int(part) for part in text.split("-"))
        return date(year, month, day)
    except ValueError:
        return None


def parse_ics(data: bytes) -> Parsed:
    from icalendar import Calendar

    parsed = Parsed()
    try:
        calendar = Calendar.from_ical(data)
    except ValueError as error:
        raise ImportFileError(
            f"无法读取 iCalendar 文件 / cannot read the iCalendar file: {error}"
        ) from error
    for number, event in enumerate(calendar.walk("VEVENT"), start=1):
        summary = str(event.get("SUMMARY", "")).strip()
        where = f"第{number}个事件“{summary}” / event {number} “{summary}”"
        try:
            start = event.decoded("DTSTART")
            end = event.decoded("DTEND") if "DTEND" in event else None
        except (KeyError, ValueError) as error:
            parsed.errors.append(f"{where}：日期无效 / invalid date: {error}")
            continue
        if isinstance(start, datetime) or isinstance(end, datetime):
            parsed.errors.append(
                f"{where}：应为全天事件（DTSTART;VALUE=DATE） / must be an all-day event"
            )
            continue
        if end is None and "DURATION" in event:
            end = start + event.decoded("DURATION")
        end = end or start + timedelta(days=1)
        kind = _ics_kind(event, summary)
        if kind is None:
            parsed.errors.append(
                f"{where}：无法判断是放假还是上班（SUMMARY 含“休”或“班”，或 X-DWGK-KIND） / "
                "cannot tell holiday from workday (SUMMARY with 休/班, or X-DWGK-KIND)"
            )
            continue
        name = _SUMMARY_KIND.sub("", summary).strip()
        day = start
        while day < end:
            parsed.rows.append(DayRow(date=day, kind=kind, name=name, where=where))
            day += timedelta(days=1)
    return parsed


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
    """Add the errors and warnings that concern the rows together."""
    seen: dict[date, DayRow] = {}
    for row in parsed.rows:
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
