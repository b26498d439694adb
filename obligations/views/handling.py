"""An obligation's page and its steps. The page offers exactly the steps the engine allows this
person now (`available_actions`, `can`); a step's POST is refused with 403 when its rule does not
allow the person, and a refused form is shown again, as typed, with the reason next to its field."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from dwgk.refusals import add_to_form
from obligations import services
from obligations.forms import (
    DecideExtensionForm,
    ExtensionForm,
    MetForm,
    PauseForm,
    ResumeForm,
    WithholdForm,
    form_errors,
)
from obligations.history import history_rows
from obligations.models import ExtensionRequest, Obligation
from obligations.selectors import (
    display_label,
    obligation_display_status,
    obligation_for,
    withholding_reason_visible,
)
from obligations.steps import UNMET
from workflow.engine import available_actions, can, has_right, require_right


@dataclass(frozen=True)
class PageAction:
    step: str  # the declared step (obligations/steps.py)
    form: type
    legend: str
    button: str


# The address's action → the step it takes, in the order the page shows them.
PAGE_ACTIONS = {
    "met": PageAction("met", MetForm, gettext_lazy("记录已公开"), gettext_lazy("记录已公开")),
    "pause": PageAction("pause", PauseForm, gettext_lazy("暂停计时"), gettext_lazy("暂停")),
    "resume": PageAction("resume", ResumeForm, gettext_lazy("恢复计时"), gettext_lazy("恢复")),
    "extension-request": PageAction(
        "request_extension",
        ExtensionForm,
        gettext_lazy("申请延期（由党务公开办公室审批）"),
        gettext_lazy("提交申请"),
    ),
    "extend": PageAction(
        "extend", ExtensionForm, gettext_lazy("批准延期"), gettext_lazy("批准延期")
    ),
    "withhold": PageAction(
        "withhold", WithholdForm, gettext_lazy("暂缓公开并报上级备案"), gettext_lazy("暂缓公开")
    ),
}


def _call(action: str, obligation: Obligation, user, data: dict) -> None:
    if action == "met":
        services.obligation_mark_met(
            obligation=obligation, met_on=data["met_on"], actor=user, note=data["note"]
        )
    elif action == "pause":
        services.obligation_pause(
            obligation=obligation, actor=user, reason=data["reason"], on=data["on"]
        )
    elif action == "resume":
        services.obligation_resume(obligation=obligation, actor=user, on=data["on"])
    elif action == "extension-request":
        services.obligation_extension_request(
            obligation=obligation, actor=user, workdays=data["workdays"], reason=data["reason"]
        )
    elif action == "extend":
        services.obligation_extend(
            obligation=obligation, actor=user, workdays=data["workdays"], reason=data["reason"]
        )
    elif action == "withhold":
        services.obligation_withhold(
            obligation=obligation, actor=user, reason=data["reason"], secret=data["secret"]
        )


def _offline_forms(obligation):
    """The catalog item's forms that need evidence besides publication in the system."""
    from catalog.models import DisclosureForm

    if obligation.item is None:
        return []
    return [f for f in obligation.item.forms.all() if f.evidence != DisclosureForm.Evidence.ONLINE]


def _new_form(action: str, today):
    initial = {"met": {"met_on": today}, "pause": {"on": today}, "resume": {"on": today}}
    return PAGE_ACTIONS[action].form(initial=initial.get(action), auto_id=f"{action}-%s")


def _detail(request, obligation, *, failed=None, failed_decision=None, status=200):
    """The page; `failed` = (action, bound form) and `failed_decision` = (request pk, bound form)
    show a refused form again as it was typed."""
    user = request.user
    today = timezone.localdate()
    code = obligation_display_status(obligation, today)
    reason_visible = withholding_reason_visible(user, obligation)
    allowed = available_actions(user, obligation)
    if "extend" in allowed:
        allowed.discard("request_extension")  # the office extends directly
    failed_action, failed_form = failed or (None, None)
    actions = [
        {
            "action": action,
            "legend": page.legend,
            "button": page.button,
            "form": failed_form if action == failed_action else _new_form(action, today),
        }
        for action, page in PAGE_ACTIONS.items()
        if page.step in allowed
    ]
    shown = {entry["action"] for entry in actions}
    failed_pk, failed_decision_form = failed_decision or (None, None)
    extension_rows = []
    for extension in obligation.extension_requests.select_related("requested_by", "decided_by"):
        form = None
        if can(user, extension, "approve") or can(user, extension, "reject"):
            form = DecideExtensionForm(auto_id=f"decide-{extension.pk}-%s")
            if extension.pk == failed_pk:
                form = failed_decision_form
                shown.add("decide")
        extension_rows.append((extension, form))
    refused = None
    if failed_form is not None and failed_action not in shown:
        refused = form_errors(failed_form)  # the step is no longer offered: say why above
    if failed_decision_form is not None and "decide" not in shown:
        refused = form_errors(failed_decision_form)
    return render(
        request,
        "obligations/detail.html",
        {
            "obligation": obligation,
            "unmet": obligation.status in UNMET,
            "display_status": code,
            "display_label": display_label(code),
            "history": history_rows(obligation, hide_secret=not reason_visible),
            "reason_visible": reason_visible,
            "offline_forms": _offline_forms(obligation),
            "extension_rows": extension_rows,
            "departments": obligation.departments.all(),
            "actions": actions,
            "refused": refused,
            "today": today,
        },
        status=status,
    )


@login_required
@require_GET
def obligation_detail(request, pk):
    return _detail(request, obligation_for(request.user, pk))


@login_required
@require_POST
def obligation_action(request, pk, action):
    obligation = obligation_for(request.user, pk)
    page = PAGE_ACTIONS.get(action)
    if page is None:
        raise Http404
    require_right(request.user, obligation, page.step)
    form = page.form(request.POST, auto_id=f"{action}-%s")
    if form.is_valid():
        try:
            _call(action, obligation, request.user, form.cleaned_data)
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("已办理"))
            return redirect("obligations:detail", pk=obligation.pk)
    return _detail(request, obligation, failed=(action, form), status=400)


@login_required
@require_POST
def extension_decide(request, pk, request_pk):
    obligation = obligation_for(request.user, pk)
    extension = get_object_or_404(ExtensionRequest, pk=request_pk, obligation=obligation)
    if not (
        has_right(request.user, extension, "approve")
        or has_right(request.user, extension, "reject")
    ):
        require_right(request.user, extension, "approve")
    form = DecideExtensionForm(request.POST, auto_id=f"decide-{extension.pk}-%s")
    if form.is_valid():
        try:
            services.extension_request_decide(
                request=extension,
                actor=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("已办理"))
            return redirect("obligations:detail", pk=obligation.pk)
    return _detail(request, obligation, failed_decision=(extension.pk, form), status=400)
