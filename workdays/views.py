from datetime import date

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from dwgk.params import is_whole_number
from dwgk.ratelimit import rate_limited
from workdays import calendar

WEEKDAY_NAMES = (
    gettext_lazy("星期一"),
    gettext_lazy("星期二"),
    gettext_lazy("星期三"),
    gettext_lazy("星期四"),
    gettext_lazy("星期五"),
    gettext_lazy("星期六"),
    gettext_lazy("星期日"),
)


def _parse_form(params) -> tuple[date | None, int | None, str]:
    """The (start, n) of the form, or an error message; (None, None, "") when not asked."""
    start_text, n_text = params.get("start", "").strip(), params.get("n", "").strip()
    if not start_text and not n_text:
        return None, None, ""
    try:
        start = date.fromisoformat(start_text)
    except ValueError:
        return (
            None,
            None,
            _("起算日期无效，应为 YYYY-MM-DD"),
        )
    try:
        n = int(n_text)
    except ValueError:
        n = 0
    if not 1 <= n <= calendar.MAX_WORKDAYS:
        return (
            None,
            None,
            _("工作日数应为 1 至 %(max)s 的整数") % {"max": calendar.MAX_WORKDAYS},
        )
    return start, n, ""


@require_GET
@rate_limited("workdays")
def calendar_page(request):
    index = calendar.current_index()
    status, error, due = 200, "", None
    year_text = request.GET.get("year", "").strip()
    year = timezone.localdate().year
    if year_text:
        if is_whole_number(year_text) and calendar.MIN_YEAR <= int(year_text) <= calendar.MAX_YEAR:
            year = int(year_text)
        else:
            status = 400
            error = _("年份应在 %(min)s 至 %(max)s 之间") % {
                "min": calendar.MIN_YEAR,
                "max": calendar.MAX_YEAR,
            }
    start, n, form_error = _parse_form(request.GET)
    if form_error:
        status, error = 400, form_error
    elif start is not None:
        try:
            due = index.add_workdays(start, n)
        except ValueError as exc:
            status, error = 400, str(exc)
    source = index.sources[year]
    days = [
        {"date": day, "kind": kind, "name": name, "weekday": WEEKDAY_NAMES[day.weekday()]}
        for day, kind, name in index.year_days(year)
    ]
    context = {
        "year": year,
        "source": source,
        "days": days,
        "years": range(calendar.MIN_YEAR, calendar.MAX_YEAR + 1),
        "max_workdays": calendar.MAX_WORKDAYS,
        "due": due,
        "error": error,
        "start": request.GET.get("start", ""),
        "n": request.GET.get("n", ""),
        "calendar_version": index.version,
    }
    return render(request, "workdays/calendar.html", context, status=status)
