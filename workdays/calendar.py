"""Working-day arithmetic over the official calendar (工作日计算).

"Within N working days after date D" means the due date is the N-th working day strictly after D:
D itself never counts, whether or not it is a working day (民法典 Art. 201). A working day is a
Monday–Friday that is not a statutory holiday, or an adjusted working weekend (调休上班).

The functions read an in-memory `WorkdayIndex` built from the `SpecialDay` table for 2004–2099.
Years without an announced schedule use `workdays.provisional` and make every result that passes
through them provisional. The index is cached per process and rebuilt when the calendar changes:
several servers share one database, so the cache is keyed on a cheap aggregate of the year rows
(count, sum of versions, latest update) that is checked at most once per request and otherwise
at most every `RECHECK_SECONDS`. The services that change the calendar drop the cache at once.

Public API: `add_workdays`, `next_workday`, `workdays_between`, `is_workday`, `current_index`,
`DueDate`, `CalendarRangeError`.
"""

import time
from dataclasses import dataclass, field
from datetime import date, timedelta

from workdays import provisional

MIN_YEAR = 2004
MAX_YEAR = 2099
# The largest N the calculator takes (page and API alike): about four years of working days.
MAX_WORKDAYS = 1000
RECHECK_SECONDS = 2.0

WEEKDAYS = "一二三四五六日"
WEEKEND = "周末"
HOLIDAY = "holiday"
WORKDAY = "workday"

_BASE = date(MIN_YEAR, 1, 1).toordinal()
_END = date(MAX_YEAR, 12, 31).toordinal()
_SIZE = _END - _BASE + 1
_new = object.__new__
_fromordinal = date.fromordinal


class CalendarRangeError(ValueError):
    """A date outside the years the calendar can compute."""


def weekday_name(day: date) -> str:
    return f"星期{WEEKDAYS[day.weekday()]}"


@dataclass(frozen=True)
class YearSource:
    year: int
    version: int  # 0 for a year with no row: computed, never announced
    official: bool
    title: str = ""
    published: date | None = None
    url: str = ""

    @property
    def provisional(self) -> bool:
        return not self.official

    def label(self) -> str:
        if self.version == 0:
            return f"{self.year}年【暂定】{provisional.RULE}"
        text = f"{self.year}年第{self.version}版"
        if self.title:
            text += f"（{self.title}）"
        if not self.official:
            text += "【暂定】"
        return text


class WorkdayIndex:
    """An immutable snapshot of the calendar as arrays over the days of 2004–2099.

    `_count[i]` is the number of working days among days 0..i (day 0 is 2004-01-01), and
    `_nth[k]` the day number of the (k+1)-th working day, so the N-th working day after day i is
    `_nth[_count[i] + N - 1]`: constant time, no loop, no search.
    """

    def __init__(
        self,
        *,
        special: dict[date, tuple[str, str]],
        sources: dict[int, YearSource],
        key: tuple = (),
    ):
        self.key = key
        self.sources = sources
        self.special = special
        size = _END - _BASE + 1
        working = bytearray(size)
        # 2004-01-01 was a Thursday; weekday() of day i is (3 + i) % 7.
        first = date.fromordinal(_BASE).weekday()
        for i in range(size):
            working[i] = (first + i) % 7 < 5
        for day, (kind, _name) in special.items():
            working[day.toordinal() - _BASE] = kind == WORKDAY
        self._working = working
        count = [0] * size
        nth = []
        total = 0
        for i in range(size):
            if working[i]:
                nth.append(i)
                total += 1
            count[i] = total
        self._count = count
        self._nth = nth
        # The due date of each working day, built once: results share these date objects.
        self._nth_date = [_fromordinal(_BASE + i) for i in nth]
        # Provisional day counts, for "does (a, b] cross a provisional year?" in constant time.
        provisional_count = [0] * size
        total = 0
        for year in range(MIN_YEAR, MAX_YEAR + 1):
            is_provisional = not sources[year].official
            first_day = date(year, 1, 1).toordinal() - _BASE
            for i in range(first_day, date(year, 12, 31).toordinal() - _BASE + 1):
                total += is_provisional
                provisional_count[i] = total
        self._provisional_count = provisional_count
        self.version = sum(source.version for source in sources.values())

    def _offset(self, day: date) -> int:
        offset = day.toordinal() - _BASE
        if offset < 0 or offset > _END - _BASE:
            raise CalendarRangeError(
                f"日期 {day} 超出可计算范围（{MIN_YEAR}—{MAX_YEAR}年）/ "
                f"{day} is outside the years the calendar covers ({MIN_YEAR}–{MAX_YEAR})"
            )
        return offset

    def is_workday(self, day: date) -> bool:
        return bool(self._working[self._offset(day)])

    def add_workdays(self, start: date, n: int) -> "DueDate":
        if type(n) is not int or n < 1:
            raise ValueError(
                f"工作日数必须是正整数，而不是 {n!r} / the number of working days must be a "
                f"positive integer, not {n!r}"
            )
        offset = start.toordinal() - _BASE
        if offset < 0 or offset >= _SIZE:
            self._offset(start)  # raises the range error
        k = self._count[offset] + n - 1
        if k >= len(self._nth):
            raise CalendarRangeError(
                f"{start} 之后第 {n} 个工作日超出可计算范围（至{MAX_YEAR}年）/ the {n}th working "
                f"day after {start} is beyond {MAX_YEAR}"
            )
        due_offset = self._nth[k]
        pc = self._provisional_count
        # What DueDate(...) does, through the slots directly instead of the frozen dataclass's
        # object.__setattr__ calls: this is the hot path of every deadline.
        due = _new(DueDate)
        _set_due(due, self._nth_date[k])
        _set_start(due, start)
        _set_n(due, n)
        _set_provisional(due, pc[due_offset] != pc[offset])
        _set_index(due, self)
        return due

    def next_workday(self, day: date) -> date:
        return self.add_workdays(day, 1).due

    def workdays_between(self, a: date, b: date) -> int:
        if b < a:
            return -self.workdays_between(b, a)
        return self._count[self._offset(b)] - self._count[self._offset(a)]

    def provisional_between(self, a: date, b: date) -> bool:
        """True when a day of (a, b] lies in a year without an announced schedule."""
        pc = self._provisional_count
        return pc[self._offset(b)] != pc[self._offset(a)]

    def day_reason(self, day: date) -> str:
        """Why a day is off (the holiday's name or 周末), or why it works (调休上班)."""
        kind, name = self.special.get(day, ("", ""))
        if kind == HOLIDAY:
            return name or "法定节假日"
        if kind == WORKDAY:
            return f"调休上班（{name}）" if name else "调休上班"
        return WEEKEND if day.weekday() >= 5 else "工作日"

    def year_days(self, year: int) -> list[tuple[date, str, str]]:
        """The special days of one year as (date, kind, name), in date order."""
        return [
            (day, kind, name)
            for day, (kind, name) in sorted(self.special.items())
            if day.year == year
        ]

    def memory_bytes(self) -> int:
        """Approximate size of the arrays (list slots plus the int objects they hold)."""
        import sys

        total = sys.getsizeof(self._working)
        for array in (self._count, self._nth, self._provisional_count, self._nth_date):
            total += sys.getsizeof(array) + sum(sys.getsizeof(v) for v in set(array))
        total += sys.getsizeof(self.special) + sum(
            sys.getsizeof(k) + sys.getsizeof(v) for k, v in self.special.items()
        )
        return total


@dataclass(frozen=True, slots=True)
class DueDate:
    """A due date that explains itself. The explanation (`skipped`, `adjusted_workdays_counted`,
    `calendar_version`) is computed when asked, from the same calendar snapshot that gave the
    date, so it always matches it and costs nothing for the many dates never explained."""

    due: date
    start: date
    n: int
    provisional: bool
    index: WorkdayIndex = field(repr=False, compare=False)

    @property
    def skipped(self) -> tuple[tuple[date, str], ...]:
        """Each non-working day between the start and the due date, with its reason."""
        index, out = self.index, []
        day = self.start + timedelta(days=1)
        while day < self.due:
            if not index.is_workday(day):
                out.append((day, index.day_reason(day)))
            day += timedelta(days=1)
        return tuple(out)

    @property
    def adjusted_workdays_counted(self) -> tuple[tuple[date, str], ...]:
        """Each adjusted working weekend (调休上班) counted, with the holiday it makes up for."""
        special, out = self.index.special, []
        day = self.start + timedelta(days=1)
        while day <= self.due:
            kind, name = special.get(day, ("", ""))
            if kind == WORKDAY:
                out.append((day, name))
            day += timedelta(days=1)
        return tuple(out)

    @property
    def calendar_version(self) -> dict[str, int]:
        """{year: version} of the calendar years used (0 for a computed, unannounced year)."""
        return {
            str(year): self.index.sources[year].version
            for year in range(self.years_used[0], self.years_used[1] + 1)
        }

    @property
    def years_used(self) -> tuple[int, int]:
        return ((self.start + timedelta(days=1)).year, self.due.year)

    @property
    def provisional_years(self) -> list[int]:
        return [
            year
            for year in range(self.years_used[0], self.years_used[1] + 1)
            if self.index.sources[year].provisional
        ]

    def as_dict(self) -> dict:
        return {
            "start": self.start.isoformat(),
            "n": self.n,
            "due": self.due.isoformat(),
            "provisional": self.provisional,
            "provisional_years": self.provisional_years,
            "skipped": [{"date": d.isoformat(), "reason": r} for d, r in self.skipped],
            "adjusted_workdays": [
                {"date": d.isoformat(), "name": name} for d, name in self.adjusted_workdays_counted
            ],
            "calendar_version": self.calendar_version,
        }

    def explain(self) -> list[str]:
        """The explanation as Chinese lines, for pages, mail and the command line."""
        lines = [
            f"起算日 {self.start}（{weekday_name(self.start)}）当日不计入（《民法典》第二百零一条），"
            f"自次日起计算 {self.n} 个工作日。"
        ]
        steps = []
        for first, last, reason in _runs(self.skipped):
            if first == last:
                steps.append((first, f"跳过 {first}（{weekday_name(first)}）：{reason}"))
            else:
                days = (last - first).days + 1
                steps.append((first, f"跳过 {first} 至 {last}（{days}天）：{reason}"))
        for day, name in self.adjusted_workdays_counted:
            holiday = f"（{name}）" if name else ""
            steps.append((day, f"计入 {day}（{weekday_name(day)}）：调休上班{holiday}"))
        lines.extend(line for _day, line in sorted(steps))
        mark = "【暂定】" if self.provisional else ""
        lines.append(
            f"{mark}到期日 {self.due}（{weekday_name(self.due)}），为第 {self.n} 个工作日。"
        )
        sources = [self.index.sources[int(year)] for year in self.calendar_version]
        lines.append("日历版本：" + "；".join(source.label() for source in sources) + "。")
        if self.provisional:
            years = "、".join(f"{year}年" for year in self.provisional_years)
            lines.append(
                f"【暂定】{years}放假安排尚未正式公布，期限{provisional.RULE}；公布后将重新计算。"
            )
        return lines


_set_due = DueDate.due.__set__
_set_start = DueDate.start.__set__
_set_n = DueDate.n.__set__
_set_provisional = DueDate.provisional.__set__
_set_index = DueDate.index.__set__


def _runs(skipped):
    """Group consecutive skipped days that share a reason."""
    runs = []
    for day, reason in skipped:
        if runs and runs[-1][2] == reason and (day - runs[-1][1]).days == 1:
            runs[-1][1] = day
        else:
            runs.append([day, day, reason])
    return [tuple(run) for run in runs]


# -- the per-process cache -------------------------------------------------------------------

# "volatile": a change was made in a transaction not yet committed; until it commits, every call
# compares the database key, so that a rollback can never leave a stale index behind.
_cache: dict = {"index": None, "check_after": 0.0, "volatile": False}


def _database_key() -> tuple:
    from django.db.models import Count, Max, Sum

    from workdays.models import CalendarYear

    row = CalendarYear.objects.aggregate(n=Count("id"), v=Sum("version"), at=Max("updated_at"))
    return (row["n"], row["v"], row["at"])


def load_index(key: tuple | None = None) -> WorkdayIndex:
    """Build a fresh index from the database (not cached)."""
    from workdays.models import CalendarYear, SpecialDay

    key = _database_key() if key is None else key
    sources: dict[int, YearSource] = {}
    for row in CalendarYear.objects.all():
        if MIN_YEAR <= row.year <= MAX_YEAR:
            sources[row.year] = YearSource(
                year=row.year,
                version=row.version,
                official=row.official,
                title=row.source_title,
                published=row.source_date,
                url=row.source_url,
            )
    special: dict[date, tuple[str, str]] = {}
    for day, kind, name, year in SpecialDay.objects.values_list(
        "date", "kind", "name", "year__year"
    ):
        if year in sources:
            special[day] = (kind, name)
    for year in range(MIN_YEAR, MAX_YEAR + 1):
        if year not in sources:
            sources[year] = YearSource(year=year, version=0, official=False)
            for day, name in provisional.provisional_holidays(year).items():
                special[day] = (HOLIDAY, name)
    return WorkdayIndex(special=special, sources=sources, key=key)


def current_index() -> WorkdayIndex:
    """The cached index, rebuilt when the database says the calendar changed."""
    index = _cache["index"]
    now = time.monotonic()
    if index is None or _cache["volatile"] or now > _cache["check_after"]:
        key = _database_key()
        if index is None or key != index.key:
            index = load_index(key)
            _cache["index"] = index
        _cache["check_after"] = now + RECHECK_SECONDS
    return index


def invalidate() -> None:
    """Drop the cached index; the next call reloads it."""
    _cache["index"] = None
    _cache["check_after"] = 0.0


def reset() -> None:
    """Forget everything, as in a new process (tests, benchmarks)."""
    invalidate()
    _cache["volatile"] = False


def calendar_changed() -> None:
    """Called by the services inside their transaction: reload now, and keep checking the
    database on every call until the transaction commits (if it rolls back, the key changes
    back and the next call reloads again)."""
    from django.db import transaction

    invalidate()
    _cache["volatile"] = True
    transaction.on_commit(lambda: _cache.update(volatile=False))


def recheck(**_kwargs) -> None:
    """Make the next call compare the database key again (connected to request_started)."""
    _cache["check_after"] = 0.0


def add_workdays(start: date, n: int) -> DueDate:
    """The N-th working day strictly after `start` (N ≥ 1), with its explanation."""
    index = _cache["index"]
    if index is None or _cache["volatile"] or time.monotonic() > _cache["check_after"]:
        index = current_index()
    return index.add_workdays(start, n)


def next_workday(day: date) -> date:
    """The first working day strictly after `day`."""
    return current_index().next_workday(day)


def workdays_between(a: date, b: date) -> int:
    """The number of working days in (a, b]: after a, up to and including b (negative if b < a)."""
    return current_index().workdays_between(a, b)


def is_workday(day: date) -> bool:
    return current_index().is_workday(day)
