"""Drafting: a new draft from a catalog item or an approved work plan, and the edits of a draft
made on a known revision (a conflict shows both versions and keeps the user's text)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from catalog.selectors import items_in_force
from disclosures import services
from disclosures.forms import DraftForm, EditForm
from disclosures.models import Disclosure, WorkPlan
from disclosures.rendering import render_markdown
from disclosures.selectors import (
    can_work_on,
    disclosure_for_reader,
    unit_ids_with_roles,
    work_plans_visible_to,
)
from disclosures.views.common import carry_out, error_page
from dwgk.refusals import add_to_form
from organizations.models import OFFICE_ROLES, Organization
from organizations.permissions import drafter_department_ids
from workflow.engine import available_actions

S = Disclosure.Status


def _draftable_items(user):
    """Catalog items in force the user may draft: their departments' items; the office's all."""
    units = Organization.objects.filter(
        pk__in=unit_ids_with_roles(user, [*OFFICE_ROLES, "drafter"])
    )
    items = []
    for unit in units:
        office = unit.pk in unit_ids_with_roles(user, OFFICE_ROLES)
        mine = drafter_department_ids(user, unit)
        for item in items_in_force(unit).order_by("number"):
            if office or mine & {d.pk for d in item.departments.all()}:
                items.append(item)
    return items


@login_required
@require_http_methods(["GET", "POST"])
def disclosure_create(request):
    items = _draftable_items(request.user)
    visible_plans = work_plans_visible_to(request.user)
    plans = list(visible_plans.filter(status=WorkPlan.Status.APPROVED))
    if not items and not plans:
        return error_page(request, _("您没有可起草的事项"), status=403)
    if request.method == "GET":
        # From a catalog item or a work plan's page: ?item= or ?work_plan= chooses it.
        initial = {name: request.GET.get(name, "") for name in ("item", "work_plan")}
        form = DraftForm(initial=initial, work_plans=visible_plans)
    else:
        # Any plan the user sees: the service says why one not yet approved cannot be used.
        form = DraftForm(request.POST, work_plans=visible_plans)
    context = {"items": items, "plans": plans, "form": form, "preview": None}
    if request.method == "GET":
        return render(request, "disclosures/create.html", context)
    if form.previewing:
        context["preview"] = render_markdown(form["body"].value() or "")
        return render(request, "disclosures/create.html", context)
    disclosure = carry_out(
        form,
        lambda data: services.disclosure_create(
            unit=form.unit,
            actor=request.user,
            item=data["item"],
            work_plan=data["work_plan"],
            title=data["title"],
            body=data["body"],
        ),
    )
    if form.errors:
        return render(request, "disclosures/create.html", context, status=400)
    messages.success(request, _("草稿已保存"))
    return redirect(disclosure)


@login_required
@require_http_methods(["GET", "POST"])
def disclosure_edit(request, pk):
    disclosure = disclosure_for_reader(request.user, pk)
    if "edit" not in available_actions(request.user, disclosure):
        if not can_work_on(request.user, disclosure):
            return error_page(request, _("无权编辑"), status=403)
        if disclosure.status not in (S.DRAFT, S.RETURNED):
            return error_page(
                request,
                _("只有草稿或退回修改的稿件可以编辑"),
                status=400 if request.method == "POST" else 403,
            )
        return error_page(request, _("无权编辑"), status=403)
    context = {"d": disclosure}
    if request.method == "GET":
        context["form"] = EditForm(
            initial={
                "title": disclosure.title,
                "body": disclosure.body,
                "revision": disclosure.revision,
            }
        )
        return render(request, "disclosures/edit.html", context)
    refused = save_edit(
        request,
        context,
        "disclosures/edit.html",
        lambda **fields: services.disclosure_edit(
            disclosure=disclosure, actor=request.user, **fields
        ),
    )
    if refused:
        return refused
    messages.success(request, _("已保存"))
    return redirect(disclosure)


def save_edit(request, context, template, save):
    """Save a title/body edit made on a known revision; None when saved, else the page to show.

    A preview saves nothing and keeps the text. On a conflict both versions are shown side by side
    and the user's text stays in the form, now based on the current revision so that saving
    again is a deliberate choice."""
    form = EditForm(request.POST)
    context["form"] = form
    if form.previewing:
        context["preview"] = render_markdown(form["body"].value() or "")
        return render(request, template, context)
    if not form.is_valid():
        return render(request, template, context, status=400)
    data = form.cleaned_data
    try:
        save(revision=data["revision"], title=data["title"], body=data["body"])
    except services.DisclosureConflict as conflict:
        context.update(form=form.on_revision(conflict.current.revision), conflict=conflict)
        return render(request, template, context, status=409)
    except ValidationError as error:
        add_to_form(form, error)
        return render(request, template, context, status=400)
    return None
