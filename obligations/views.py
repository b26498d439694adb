import calendar as pycalendar
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.services import events_for
from catalog.models import Cadence, Item, TimeLimit
from obligations import services
from obligations.feeds import feed_calendar
from obligations.forms import (
    CadenceForm,
    DecideExtensionForm,
    ExtensionForm,
    FeedTokenForm,
    MetForm,
    PauseForm,
    RecordForm,
    ResumeForm,
    RuleForm,
    WithholdForm,
    form_errors,
)
from obligations.models import DeadlineRule, ExtensionRequest, FeedToken, Obligation
from obligations.selectors import (
    DISPLAY_LABELS,
    can_see_unit_wide,
    display_label,
    obligation_for,
    obligations_visible_to,
    obligations_with_display_status,
    unit_counts,
    units_overseen_by,
    withholding_reason_visible,
)
from organizations.models import Department, Organization
from organizations.permissions import drafter_department_ids, is_office, units_of

Status = Obligation.Status


def _problem(request, message: str, status: int = 400) -> HttpResponse:
    return render(request, "obligations/problem.html", {"message": message}, status=status)


def _message(error: ValidationError) -> str:
    return "；".join(error.messages)


def _unit_for(request, code) -> Organization:
    """A unit the user works in or oversees; 404 for everybody else."""
    unit = get_object_or_404(Organization, code=code, tier=Organization.Tier.UNIT)
    if can_see_unit_wide(request.user, unit) or drafter_department_ids(request.user, unit):
        return unit
    raise Http404


def _with_labels(rows, today):
    for row in rows:
        row.display_label = display_label(row.display_status)
    return rows


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
            return _problem(request, _("未知的状态"))
        qs = qs.filter(display_status=status)
    department = request.GET.get("department", "")
    if department:
        if not department.isdigit():
            return _problem(request, _("处室参数无效"))
        qs = qs.filter(departments=int(department))
    unit_code = request.GET.get("unit", "")
    if unit_code:
        qs = qs.filter(unit__code=unit_code)
    page = Paginator(qs.order_by("due_date", "pk"), 50).get_page(request.GET.get("page"))
    _with_labels(page.object_list, today)
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
            "record_codes": {u.code for u in units if _recordable_items(request.user, u)},
            "calendar_codes": {
                u.code
                for u in units
                if can_see_unit_wide(request.user, u) or drafter_department_ids(request.user, u)
            },
            "overdue_codes": {u.code for u in units if can_see_unit_wide(request.user, u)},
        },
    )


def _offline_forms(obligation):
    """The catalog item's forms that need evidence besides publication in the system."""
    from catalog.models import DisclosureForm

    if obligation.item is None:
        return []
    return [f for f in obligation.item.forms.all() if f.evidence != DisclosureForm.Evidence.ONLINE]


@login_required
@require_GET
def obligation_detail(request, pk):
    obligation = obligation_for(request.user, pk)
    today = timezone.localdate()
    from obligations.selectors import obligation_display_status

    code = obligation_display_status(obligation, today)
    reason_visible = withholding_reason_visible(request.user, obligation)
    events = list(events_for(obligation))
    if not reason_visible:
        hidden = _("（涉及党和国家秘密，理由不向监督员显示）")
        for event in events:
            if event.action == "obligations.withheld":
                event.comment = hidden  # shown only, never saved: the trail stays as written
    can_work = services.can_work_on(request.user, obligation)
    can_manage = services.can_manage(request.user, obligation.unit)
    open_like = obligation.status in (Status.OPEN, Status.PAUSED)
    return render(
        request,
        "obligations/detail.html",
        {
            "obligation": obligation,
            "display_status": code,
            "display_label": display_label(code),
            "events": events,
            "reason_visible": reason_visible,
            "offline_forms": _offline_forms(obligation),
            "extension_requests": obligation.extension_requests.select_related(
                "requested_by", "decided_by"
            ),
            "departments": obligation.departments.all(),
            "can_met": open_like and services.can_mark_met(request.user, obligation),
            "can_pause": obligation.status == Status.OPEN and can_work,
            "can_resume": obligation.status == Status.PAUSED and can_work,
            "can_request": open_like and can_work and not can_manage,
            "can_extend": open_like and can_manage,
            "can_withhold": open_like
            and (can_manage or services.is_approver(request.user, obligation.unit)),
            "today": today,
            "met_form": MetForm(initial={"met_on": today}),
            "pause_form": PauseForm(initial={"on": today}),
            "resume_form": ResumeForm(initial={"on": today}),
            "extension_form": ExtensionForm(),
            "decide_form": DecideExtensionForm(),
            "withhold_form": WithholdForm(),
        },
    )


def _run(request, obligation, action):
    """Call a service; map its refusals to 403 and bad input to 400."""
    try:
        action()
    except PermissionDenied:
        raise
    except ValidationError as error:
        return _problem(request, _message(error))
    messages.success(request, _("已办理"))
    return redirect("obligations:detail", pk=obligation.pk)


@login_required
@require_POST
def obligation_action(request, pk, action):
    obligation = obligation_for(request.user, pk)
    user = request.user
    forms = {
        "met": MetForm,
        "pause": PauseForm,
        "resume": ResumeForm,
        "extension-request": ExtensionForm,
        "extend": ExtensionForm,
        "withhold": WithholdForm,
    }
    if action not in forms:
        raise Http404
    form = forms[action](request.POST)
    if not form.is_valid():
        return _problem(request, form_errors(form))
    data = form.cleaned_data
    calls = {
        "met": lambda: services.obligation_mark_met(
            obligation=obligation, met_on=data["met_on"], actor=user, note=data["note"]
        ),
        "pause": lambda: services.obligation_pause(
            obligation=obligation, actor=user, reason=data["reason"], on=data["on"]
        ),
        "resume": lambda: services.obligation_resume(
            obligation=obligation, actor=user, on=data["on"]
        ),
        "extension-request": lambda: services.obligation_extension_request(
            obligation=obligation, actor=user, workdays=data["workdays"], reason=data["reason"]
        ),
        "extend": lambda: services.obligation_extend(
            obligation=obligation, actor=user, workdays=data["workdays"], reason=data["reason"]
        ),
        "withhold": lambda: services.obligation_withhold(
            obligation=obligation, actor=user, reason=data["reason"], secret=data["secret"]
        ),
    }
    return _run(request, obligation, calls[action])


@login_required
@require_POST
def extension_decide(request, pk, request_pk):
    obligation = obligation_for(request.user, pk)
    extension = get_object_or_404(ExtensionRequest, pk=request_pk, obligation=obligation)
    form = DecideExtensionForm(request.POST)
    if not form.is_valid():
        return _problem(request, form_errors(form))
    return _run(
        request,
        obligation,
        lambda: services.extension_request_decide(
            request=extension,
            actor=request.user,
            approve=form.cleaned_data["decision"] == "approve",
            note=form.cleaned_data["note"],
        ),
    )


def _recordable_items(user, unit):
    from catalog.selectors import items_in_force

    items = items_in_force(unit).order_by("number")
    if services._system(user) or is_office(user, unit):
        return list(items)
    return list(items.filter(departments__in=drafter_department_ids(user, unit)).distinct())


@login_required
@require_http_methods(["GET", "POST"])
def record(request, code):
    """The department or office records a decision (及时), a completed round (定期) or a change (长期)."""
    unit = _unit_for(request, code)
    items = _recordable_items(request.user, unit)
    if not items:
        raise PermissionDenied(_("您没有可记录的目录事项"))
    periodic = [i for i in items if i.time_limit == TimeLimit.PERIODIC]
    if request.method == "POST" and request.POST.get("form") == "cadence":
        form = CadenceForm(request.POST, items=periodic)
        if not form.is_valid():
            return _problem(request, form_errors(form))
        item = Item.objects.get(pk=form.cleaned_data["item"])
        try:
            services.item_cadence_set(
                item=item, cadence=form.cleaned_data["cadence"], actor=request.user
            )
        except ValidationError as error:
            return _problem(request, _message(error))
        messages.success(request, _("公开周期已设置"))
        return redirect("obligations:record", code=unit.code)
    if request.method == "POST":
        form = RecordForm(request.POST, items=items)
        if not form.is_valid():
            return _problem(request, form_errors(form))
        data = form.cleaned_data
        item = Item.objects.select_related("version__unit").get(pk=data["item"])
        try:
            if data["kind"] == "decision":
                obligation = services.obligation_record_decision(
                    item=item,
                    decided_on=data["on"],
                    actor=request.user,
                    title=data["title"] or item.content,
                )
            elif data["kind"] == "round":
                obligation = services.obligation_record_round(
                    item=item, completed_on=data["on"], actor=request.user, note=data["title"]
                )
            else:
                obligation = services.obligation_record_change(
                    item=item, changed_on=data["on"], actor=request.user, note=data["title"]
                )
        except ValidationError as error:
            return _problem(request, _message(error))
        messages.success(request, _("已记录，公开义务已生成"))
        return redirect("obligations:detail", pk=obligation.pk)
    # The cadence in words (每季度), never its code (quarterly).
    cadences = [(item, Cadence(services.item_cadence(item)).label) for item in periodic]
    return render(
        request,
        "obligations/record.html",
        {
            "unit": unit,
            "form": RecordForm(items=items, initial={"on": timezone.localdate()}),
            "cadence_form": CadenceForm(items=periodic),
            "cadences": cadences,
        },
    )


@login_required
@require_GET
def calendar_today(request, code):
    unit = _unit_for(request, code)
    today = timezone.localdate()
    return redirect("obligations:calendar", code=unit.code, year=today.year, month=today.month)


@login_required
@require_GET
def calendar_month(request, code, year, month):
    """The unit's deadline calendar: a month grid with each day's due obligations and holidays."""
    from workdays.calendar import MAX_YEAR, MIN_YEAR, current_index

    unit = _unit_for(request, code)
    if not (1 <= month <= 12 and MIN_YEAR <= year <= MAX_YEAR):
        return _problem(request, _("年份或月份无效"))
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
    for row in _with_labels(rows, today):
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
    unit = _unit_for(request, code)
    if not can_see_unit_wide(request.user, unit):
        raise PermissionDenied(_("只有党务公开办公室可以查看全单位逾期清单"))
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
        raise PermissionDenied(_("只有上级党务公开办公室可以查看"))
    today = timezone.localdate()
    return render(
        request, "obligations/overview.html", {"rows": unit_counts(units, today), "today": today}
    )


@login_required
@require_http_methods(["GET", "POST"])
def rules(request, code):
    """The unit's deadline rules with their history; the office may make one stricter."""
    unit = _unit_for(request, code)
    if request.method == "POST":
        form = RuleForm(request.POST)
        if not form.is_valid():
            return _problem(request, form_errors(form))
        try:
            services.deadline_rule_change(unit=unit, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            return _problem(request, _message(error))
        messages.success(request, _("时限规则已调整"))
        return redirect("obligations:rules", code=unit.code)
    services.deadline_rules_ensure_defaults(unit=unit)
    can_change = (
        services._system(request.user)
        or is_office(request.user, unit)
        or services.is_approver(request.user, unit)
    )
    return render(
        request,
        "obligations/rules.html",
        {
            "unit": unit,
            "rules": DeadlineRule.objects.filter(unit=unit).order_by(
                "time_limit", "important", "-effective_from", "-id"
            ),
            "form": RuleForm(initial={"effective_from": timezone.localdate()})
            if can_change
            else None,
        },
    )


# -- iCalendar feeds --------------------------------------------------------------------------


def _feed_departments(user):
    ids = drafter_department_ids(user)
    office_units = [u for u in units_of(user) if is_office(user, u)]
    return Department.objects.filter(pk__in=ids).select_related("unit") | Department.objects.filter(
        unit__in=office_units
    ).select_related("unit")


@login_required
@require_http_methods(["GET", "POST"])
def feed_tokens(request):
    departments = _feed_departments(request.user).distinct().order_by("unit__path", "sort_order")
    if request.method == "POST":
        form = FeedTokenForm(request.POST, departments=departments)
        if not form.is_valid():
            return _problem(request, form_errors(form))
        department_id = form.cleaned_data["department"]
        department = Department.objects.get(pk=department_id) if department_id else None
        services.feed_token_create(actor=request.user, department=department)
        messages.success(request, _("订阅地址已创建"))
        return redirect("obligations:feeds")
    tokens = FeedToken.objects.filter(user=request.user).select_related("department__unit")
    rows = [
        (token, request.build_absolute_uri(reverse("obligations:ics", args=[token.token])))
        for token in tokens
    ]
    return render(
        request,
        "obligations/feeds.html",
        {"rows": rows, "form": FeedTokenForm(departments=departments)},
    )


@login_required
@require_POST
def feed_token_revoke(request, pk):
    token = get_object_or_404(FeedToken, pk=pk, user=request.user)
    services.feed_token_revoke(token=token, actor=request.user)
    messages.success(request, _("订阅地址已撤销"))
    return redirect("obligations:feeds")


@require_GET
def ics_feed(request, token):
    feed = get_object_or_404(
        FeedToken.objects.select_related("user", "department"), token=token, revoked_at__isnull=True
    )
    if not feed.user.is_active:
        raise Http404
    body = feed_calendar(feed, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="dwgk-deadlines.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
