"""Changes to the calendar. Each bumps the year's version, records an event with the old and
new value of every day it touches, drops the cached index, and tells the apps above
(`workdays.signals.calendar_years_changed`): the obligations app recomputes the deadlines that run
through the changed years."""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone

from audit.services import event_record
from workdays import calendar
from workdays.events import WorkdayEvents
from workdays.importing import KIND_LABEL, DayRow, Parsed, check
from workdays.models import CalendarYear, SpecialDay
from workdays.seed import notice_title
from workdays.signals import calendar_years_changed

YEAR_FIELDS = ("source_title", "source_date", "source_url", "official", "note")


@dataclass
class YearChange:
    """What a change does to one year: days added, removed, changed, and the year's fields."""

    year: int
    exists: bool
    version: int  # before the change; 0 if the year has no row
    added: list[DayRow] = field(default_factory=list)
    removed: list[tuple[date, str, str]] = field(default_factory=list)
    changed: list[tuple[date, str, DayRow]] = field(default_factory=list)  # (date, old label, new)
    fields: dict = field(default_factory=dict)  # name -> (old, new)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.fields)

    def lines(self) -> list[str]:
        head = f"{self.year}年：" + (
            f"现为第{self.version}版" if self.exists else "新增（此前为按放假办法推算的暂定日历）"
        )
        if self.empty:
            return [head + "，无变化 / no change"]
        out = [
            head + f"，新增 {len(self.added)} 天、删除 {len(self.removed)} 天、"
            f"修改 {len(self.changed)} 天 / {len(self.added)} added, {len(self.removed)} removed, "
            f"{len(self.changed)} changed"
        ]
        out += [f"  + {row.date} {row.label()}" for row in self.added]
        out += [f"  - {day} {KIND_LABEL[kind]} {name}".rstrip() for day, kind, name in self.removed]
        out += [f"  ~ {day} {old} → {new.label()}" for day, old, new in self.changed]
        out += [
            f"  * {name}: {_shown(old)} → {_shown(new)}" for name, (old, new) in self.fields.items()
        ]
        return out


def _shown(value) -> str:
    return "（无）" if value in (None, "") else str(value)


def _label(kind: str, name: str) -> str:
    return f"{KIND_LABEL[kind]} {name}".strip()


def calendar_year_plan(
    *, year: int, rows: list[DayRow] | None, fields: dict | None = None, remove: tuple = ()
) -> YearChange:
    """What replacing a year's days with `rows` (None: keep them), removing the dates in `remove`
    and setting `fields` would change. Reads only."""
    row = CalendarYear.objects.filter(year=year).first()
    change = YearChange(year=year, exists=row is not None, version=row.version if row else 0)
    current = {day.date: day for day in (SpecialDay.objects.filter(year=row) if row else [])}
    if rows is not None:
        wanted = {r.date: r for r in rows}
        for day, old in sorted(current.items()):
            if day not in wanted:
                change.removed.append((day, old.kind, old.name))
    else:
        wanted = {}
        for day in sorted(remove):
            if day in current:
                change.removed.append((day, current[day].kind, current[day].name))
    for day, new in sorted(wanted.items()):
        old = current.get(day)
        if old is None:
            change.added.append(new)
        elif (old.kind, old.name) != (new.kind, new.name):
            change.changed.append((day, _label(old.kind, old.name), new))
    for name, new in (fields or {}).items():
        old = getattr(row, name) if row else None
        if old != new:
            change.fields[name] = (old, new)
    return change


def _apply(*, change: YearChange, actor, action: str, comment: str) -> CalendarYear:
    row = CalendarYear.objects.select_for_update().filter(year=change.year).first()
    if row is None:
        row = CalendarYear(year=change.year, version=0)
    for name, (_old, new) in change.fields.items():
        setattr(row, name, new)
    row.version += 1
    row.updated_at = timezone.now()
    row.full_clean(validate_unique=False)
    row.save()
    removed = [day for day, _k, _n in change.removed]
    SpecialDay.objects.filter(year=row, date__in=removed).delete()
    for day, _old, new in change.changed:
        SpecialDay.objects.filter(year=row, date=day).update(kind=new.kind, name=new.name)
    # A day may sit in another year's row only by a mistake of the past; the new row wins.
    SpecialDay.objects.filter(date__in=[r.date for r in change.added]).exclude(year=row).delete()
    SpecialDay.objects.bulk_create(
        [SpecialDay(date=r.date, year=row, kind=r.kind, name=r.name) for r in change.added]
    )
    changes = {name: (old, new) for name, (old, new) in change.fields.items()}
    changes.update({str(r.date): ("", r.label()) for r in change.added})
    changes.update({str(day): (_label(kind, name), "") for day, kind, name in change.removed})
    changes.update({str(day): (old, new.label()) for day, old, new in change.changed})
    changes["version"] = (row.version - 1, row.version)
    event_record(
        target=row,
        action=action,
        actor=actor,
        from_state=f"v{row.version - 1}",
        to_state=f"v{row.version}",
        changes=changes,
        comment=comment,
    )
    return row


def _calendar_changed(*, years: set[int], actor) -> None:
    calendar.calendar_changed()
    if not years:
        return
    calendar_years_changed.send(sender=CalendarYear, years=set(years), actor=actor)


def calendar_import_fields(
    *, year: int, source_title: str = "", source_date: date | None = None, source_url: str = ""
) -> dict:
    """The year fields an import sets: official, and the source where given (a new year gets
    the notice's usual title)."""
    fields: dict = {"official": True}
    if source_title:
        fields["source_title"] = source_title
    elif not CalendarYear.objects.filter(year=year).exists():
        fields["source_title"] = notice_title(year)
    if source_date is not None:
        fields["source_date"] = source_date
    if source_url:
        fields["source_url"] = source_url
    return fields


@transaction.atomic
def calendar_year_import(
    *,
    year_rows: dict[int, list[DayRow]],
    actor,
    source_title: str = "",
    source_date: date | None = None,
    source_url: str = "",
    comment: str = "",
) -> list[YearChange]:
    """Replace each given year's special days with its rows and mark the year official.

    Years whose days and source are unchanged keep their version. Returns the change per year.
    """
    changes = []
    try:
        for year, rows in sorted(year_rows.items()):
            fields = calendar_import_fields(
                year=year, source_title=source_title, source_date=source_date, source_url=source_url
            )
            change = calendar_year_plan(year=year, rows=rows, fields=fields)
            if not change.empty:
                _apply(
                    change=change,
                    actor=actor,
                    action=WorkdayEvents.YEAR_IMPORTED.action,
                    comment=comment or "导入放假安排 / schedule imported",
                )
            changes.append(change)
        _calendar_changed(years={c.year for c in changes if not c.empty}, actor=actor)
    except Exception:
        calendar.invalidate()
        raise
    return changes


@transaction.atomic
def calendar_year_edit(
    *,
    year: int,
    actor,
    fields: dict | None = None,
    set_days: list[DayRow] = (),
    remove_dates: tuple = (),
    comment: str = "",
) -> YearChange:
    """Edit one year: set or change some days, remove others, change its source fields.

    A mid-year amendment (2019 May Day, the 2020 Spring Festival extension) is such an edit.
    A year created this way starts with no days: enter its days before marking it official.
    """
    unknown = set(fields or {}) - set(YEAR_FIELDS)
    if unknown:
        raise ValueError(f"不可修改的字段 / fields that cannot be edited: {sorted(unknown)}")
    parsed = Parsed(rows=list(set_days))
    check(parsed)
    parsed.errors += [
        f"{r.date} 不属于{year}年 / {r.date} is not in {year}"
        for r in set_days
        if r.date.year != year
    ]
    if parsed.errors:
        raise ValueError("；".join(parsed.errors))
    if not CalendarYear.objects.filter(year=year).exists():
        fields = {"source_title": notice_title(year), "official": False, **(fields or {})}
    change = calendar_year_plan(year=year, rows=None, fields=fields, remove=tuple(remove_dates))
    planned_added = calendar_year_plan(year=year, rows=list(set_days))
    change.added, change.changed = planned_added.added, planned_added.changed
    try:
        if not change.empty:
            _apply(
                change=change,
                actor=actor,
                action=WorkdayEvents.YEAR_EDITED.action,
                comment=comment or "修改放假安排 / schedule edited",
            )
            _calendar_changed(years={year}, actor=actor)
    except Exception:
        calendar.invalidate()
        raise
    return change
