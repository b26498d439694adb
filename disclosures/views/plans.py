"""Work plans (目录外事项工作方案): the office drafts one, the upper level agrees or not, and an
approved plan lets the unit draft a disclosure outside its catalog."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.services import events_for
from catalog.models import Scope
from disclosures import services
from disclosures.forms import (
    CommentForm,
    PlanRevisionForm,
    StepForm,
    WorkPlanForm,
    error_messages,
)
from disclosures.models import WorkPlan
from disclosures.selectors import (
    disclosures_visible_to,
    unit_ids_with_roles,
    work_plans_visible_to,
)
from disclosures.views.common import carry_out, done, error_page
from organizations.models import OFFICE_ROLES, Organization
from workflow.engine import available_actions

P = WorkPlan.Status


@login_required
@require_http_methods(["GET", "POST"])
def work_plan_list(request):
    plans = work_plans_visible_to(request.user).select_related("unit", "decided_by")
    office_units = Organization.objects.filter(
        pk__in=unit_ids_with_roles(request.user, OFFICE_ROLES)
    )
    form = WorkPlanForm(request.POST or None, units=office_units)
    if request.method == "POST":
        if not form.is_valid() and form.has_error("unit"):
            return error_page(request, _("无权起草工作方案"), 403)
        plan = carry_out(
            form,
            lambda data: services.work_plan_create(
                unit=data["unit"],
                actor=request.user,
                title=data["title"],
                body=data["body"],
                scope=data["scope"],
            ),
        )
        if not form.errors:
            messages.success(request, _("工作方案已保存"))
            return redirect("disclosures:work_plan", pk=plan.pk)
    return render(
        request,
        "disclosures/work_plans.html",
        {"plans": plans, "office_units": office_units, "scopes": Scope.choices, "form": form},
        status=400 if form.is_bound else 200,
    )


def _plan_page(request, plan, *, failed=None, status=200):
    """The plan's page with the steps this person may take now; `failed` = (step, bound form)
    shows a refused step's form again as typed."""
    actions = available_actions(request.user, plan)
    offered = {name: name in actions for name in PLAN_STEPS}
    step, form = failed or (None, None)
    forms = {name: PLAN_STEPS[name][1]() for name, shown in offered.items() if shown}
    if form is not None and offered.get(step):
        forms[step] = form
    return render(
        request,
        "disclosures/work_plan.html",
        {
            "plan": plan,
            "events": events_for(plan).order_by("at", "id"),
            "offered": offered,
            "step_forms": forms,
            # A refused step no longer offered (its state changed): why, above the steps.
            "refused": error_messages(form) if form is not None and not offered.get(step) else [],
            "disclosures": disclosures_visible_to(request.user).filter(work_plan=plan),
        },
        status=status,
    )


@login_required
@require_GET
def work_plan_detail(request, pk):
    plan = get_object_or_404(work_plans_visible_to(request.user).select_related("unit"), pk=pk)
    return _plan_page(request, plan)


# The steps on a plan's page: (success message, form, service call).
PLAN_STEPS = {
    "submit": (
        gettext_lazy("报上级审核"),
        StepForm,
        lambda r, p, data: services.work_plan_submit(work_plan=p, actor=r.user),
    ),
    "approve": (
        gettext_lazy("同意"),
        CommentForm,
        lambda r, p, data: services.work_plan_approve(
            work_plan=p, actor=r.user, comment=data["comment"]
        ),
    ),
    "reject": (
        gettext_lazy("不同意"),
        CommentForm,
        lambda r, p, data: services.work_plan_reject(
            work_plan=p, actor=r.user, comment=data["comment"]
        ),
    ),
    "revise": (
        gettext_lazy("修改后重新起草"),
        PlanRevisionForm,
        lambda r, p, data: services.work_plan_revise(work_plan=p, actor=r.user, body=data["body"]),
    ),
}


def _plan_action(step):
    name, form_class, call = PLAN_STEPS[step]

    @login_required
    @require_POST
    def view(request, pk):
        plan = get_object_or_404(work_plans_visible_to(request.user).select_related("unit"), pk=pk)
        form = form_class(request.POST)
        carry_out(form, lambda data: call(request, plan, data))
        if form.errors:
            return _plan_page(request, plan, failed=(step, form), status=400)
        return done(request, name, reverse("disclosures:work_plan", args=[plan.pk]))

    view.__name__ = f"work_plan_{step}"
    return view


work_plan_submit = _plan_action("submit")
work_plan_approve = _plan_action("approve")
work_plan_reject = _plan_action("reject")
work_plan_revise = _plan_action("revise")
