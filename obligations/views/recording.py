"""Recording what starts a deadline (a decision, a completed round, a change), a periodic item's
cadence, and a unit's deadline rules. A refused form is shown again as typed, with the reason."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from catalog.models import Cadence, Item, TimeLimit
from dwgk.refusals import NotAllowed, add_to_form
from obligations import rules, services
from obligations.forms import CadenceForm, RecordForm, RuleForm
from obligations.models import DeadlineRule
from obligations.views.common import unit_for


def _record(user, data):
    item = Item.objects.select_related("version__unit").get(pk=data["item"])
    if data["kind"] == "decision":
        return services.obligation_record_decision(
            item=item, decided_on=data["on"], actor=user, title=data["title"] or item.content
        )
    if data["kind"] == "round":
        return services.obligation_record_round(
            item=item, completed_on=data["on"], actor=user, note=data["title"]
        )
    return services.obligation_record_change(
        item=item, changed_on=data["on"], actor=user, note=data["title"]
    )


@login_required
@require_http_methods(["GET", "POST"])
def record(request, code):
    """The department or office records a decision (及时), a completed round (定期) or a change (长期)."""
    unit = unit_for(request, code)
    items = rules.recordable_items(request.user, unit)
    if not items:
        raise NotAllowed(_("您没有可记录的目录事项"))
    periodic = [i for i in items if i.time_limit == TimeLimit.PERIODIC]
    form = RecordForm(items=items, initial={"on": timezone.localdate()})
    cadence_form = CadenceForm(items=periodic)
    if request.method == "POST" and request.POST.get("form") == "cadence":
        cadence_form = CadenceForm(request.POST, items=periodic)
        if cadence_form.is_valid():
            item = Item.objects.select_related("version__unit").get(
                pk=cadence_form.cleaned_data["item"]
            )
            try:
                services.item_cadence_set(
                    item=item, cadence=cadence_form.cleaned_data["cadence"], actor=request.user
                )
            except ValidationError as error:
                add_to_form(cadence_form, error)
            else:
                messages.success(request, _("公开周期已设置"))
                return redirect("obligations:record", code=unit.code)
    elif request.method == "POST":
        form = RecordForm(request.POST, items=items)
        if form.is_valid():
            try:
                obligation = _record(request.user, form.cleaned_data)
            except ValidationError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("已记录，公开义务已生成"))
                return redirect("obligations:detail", pk=obligation.pk)
    # The cadence in words (每季度), never its code (quarterly).
    cadences = [(item, Cadence(services.item_cadence(item)).label) for item in periodic]
    return render(
        request,
        "obligations/record.html",
        {"unit": unit, "form": form, "cadence_form": cadence_form, "cadences": cadences},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def deadline_rules(request, code):
    """The unit's deadline rules with their history; the office may make one stricter."""
    unit = unit_for(request, code)
    may_change = rules.changes_deadline_rules(request.user, unit)
    form = RuleForm(initial={"effective_from": timezone.localdate()}) if may_change else None
    if request.method == "POST":
        if not may_change:
            raise NotAllowed(_("只有党务公开办公室或党组审批人可以调整时限"))
        form = RuleForm(request.POST)
        if form.is_valid():
            try:
                services.deadline_rule_change(unit=unit, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("时限规则已调整"))
                return redirect("obligations:rules", code=unit.code)
    else:
        services.deadline_rules_ensure_defaults(unit=unit)
    return render(
        request,
        "obligations/rules.html",
        {
            "unit": unit,
            "rules": DeadlineRule.objects.filter(unit=unit).order_by(
                "time_limit", "important", "-effective_from", "-id"
            ),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )
