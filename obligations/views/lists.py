"""The lists of obligations: the user's list, the unit's month calendar, the office's overdue
list and the upper level's overview."""

import calendar as pycalendar
import datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dwgk.refusals import BadInput, NotAllowed
from obligations import rules
from obligations.models import Obligation
from obligations.selectors import (
    DISPLAY_LABELS,
    can_see_unit_wide,
    obligations_visible_to,
    obligations_with_display_status,
    unit_counts,
    units_overseen_by,
)
from obligations.views.common import unit_for, with_labels
from organizations.models import Department, Organization
from organizations.permissions import drafter_department_ids, units_of

Status = Obligation.Status


@login_required
@require_GET
def obligation_list(request):
    """The obligations the user works on (a drafter: the department's), with filters."""
    today = timezone.localdate()
    qs = obligations_with_display_status(
        obligations_visible_to(request.user).select_related("unit", "item"), today
    ).prefetch_related("departments")
    status = request.GET.get("status", "")
    if status:
        if status not in DISPLAY_LABELS:
            raise BadInput(_("未知的状态"))
        qs = qs.filter(display_status=status)
    department = request.GET.get("department", "")
    if department:
        if not department.isdigit():
            raise BadInput(_("处室参数无效"))
        qs = qs.filter(departments=int(department))
    unit_code = request.GET.get("unit", "")
    if unit_code:
        qs = qs.filter(unit__code=unit_code)
    page = Paginator(qs.order_by("due_date", "pk"), 50).get_page(request.GET.get("page"))
    with_labels(page.object_list)
    units = [u for u in units_of(request.user) if u.tier == Organization.Tier.UNIT]
    kept = request.GET.copy()
    kept.pop("page", None)
    return render(
        request,
        "obligations/list.html",
        {
            "page": page,
            "today": today,
            "status": status,
            "filters": kept.urlencode(),
            "statuses": DISPLAY_LABELS.items(),
            "units": units,
            "departments": Department.objects.filter(
                pk__in=drafter_department_ids(request.user)
            ).select_related("unit"),
            "can_overview": units_overseen_by(request.user).exists(),
            # A link that would answer 403 is not shown: recording is for the office and the
            # departments responsible for the unit's catalog items.
            "record_codes": {u.code for u in units if rules.recordable_items(request.user, u)},
            "calendar_codes": {
                u.code
                for u in units
                if can_see_unit_wide(request.user, u) or drafter_department_ids(request.user, u)
            },
            "overdue_codes": {u.code for u in units if can_see_unit_wide(request.user, u)},
        },
    )


@login_required
@require_GET
def calendar_today(request, code):
    unit = unit_for(request, code)
    today = timezone.localdate()
    return redirect("obligations:calendar", code=unit.code, year=today.year, month=today.month)


@login_required
@require_GET
def calendar_month(request, code, year, month):
    """The unit's deadline calendar: a month grid with each day's due obligations and holidays."""
    from workdays.calendar import MAX_YEAR, MIN_YEAR, current_index

    unit = unit_for(request, code)
    if not (1 <= month <= 12 and MIN_YEAR <= year <= MAX_YEAR):
        raise BadInput(_("年份或月份无效"))
    today = timezone.localdate()
    grid = pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = grid[0][0], grid[-1][-1]
    rows = obligations_with_display_status(
        obligations_visible_to(request.user).filter(
            unit=unit, due_date__gte=first, due_date__lte=last
        ),
        today,
    ).order_by("due_date", "pk")
    by_day: dict[datetime.date, list] = {}
    for row in with_labels(rows):
        by_day.setdefault(row.due_date, []).append(row)
    index = current_index()
    weeks = []
    for week in grid:
        days = []
        for day in week:
            kind, name = index.special.get(day, ("", ""))
            days.append(
                {
                    "date": day,
                    "in_month": day.month == month,
                    "workday": index.is_workday(day),
                    "note": name
                    if kind == "holiday"
                    else (_("调休上班") if kind == "workday" else ""),
                    "is_today": day == today,
                    "obligations": by_day.get(day, []),
                }
            )
        weeks.append(days)
    previous = datetime.date(year, month, 1) - datetime.timedelta(days=1)
    following = datetime.date(year, month, 28) + datetime.timedelta(days=5)
    return render(
        request,
        "obligations/calendar.html",
        {
            "unit": unit,
            "year": year,
            "month": month,
            "weeks": weeks,
            "weekdays": [
                _("星期一"),
                _("星期二"),
                _("星期三"),
                _("星期四"),
                _("星期五"),
                _("星期六"),
                _("星期日"),
            ],
            "previous": previous,
            "following": following,
            "count": sum(len(v) for v in by_day.values()),
        },
    )


@login_required
@require_GET
def overdue_list(request, code):
    """The office's list of the unit's overdue obligations."""
    unit = unit_for(request, code)
    if not can_see_unit_wide(request.user, unit):
        raise NotAllowed(_("只有党务公开办公室可以查看全单位逾期清单"))
    today = timezone.localdate()
    rows = obligations_with_display_status(
        Obligation.objects.filter(unit=unit, status=Status.OPEN, due_date__lt=today), today
    ).prefetch_related("departments")
    rows = list(rows.order_by("due_date", "pk"))
    for row in rows:
        row.days_late = (today - row.due_date).days
    return render(request, "obligations/overdue.html", {"unit": unit, "rows": rows, "today": today})


@login_required
@require_GET
def overview(request):
    """The upper level's overview: per unit counts and the on-time rate."""
    units = units_overseen_by(request.user)
    if not units.exists():
        raise NotAllowed(_("只有上级党务公开办公室可以查看"))
    today = timezone.localdate()
    return render(
        request, "obligations/overview.html", {"rows": unit_counts(units, today), "today": today}
    )
