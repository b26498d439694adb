import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from catalog import rules, services
from catalog.exporting import CONTENT_TYPES, export_filename, version_note
from catalog.forms import NEW_DRAFT, STEP_FORMS, ManageActionForm
from catalog.models import CatalogVersion
from catalog.prepared import prepared_export
from catalog.selectors import (
    catalog_categories_with_items,
    catalog_draft,
    catalog_in_force,
    catalog_versions_visible_to,
    today,
)
from dwgk.refusals import add_to_form
from organizations.models import Organization
from workflow.engine import available_actions


def _unit(code: str) -> Organization:
    return get_object_or_404(Organization, code=code, tier=Organization.Tier.UNIT)


class BadDate(ValueError):
    pass


def _date_param(request) -> datetime.date | None:
    raw = request.GET.get("on", "").strip()
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError as error:
        raise BadDate(raw) from error


def _bad_date(request, unit, raw):
    return render(
        request,
        "catalog/bad_date.html",
        {"unit": unit, "raw": raw},
        status=400,
    )


def _version_context(version: CatalogVersion | None) -> dict:
    if version is None:
        return {"version": None, "categories": []}
    return {
        "version": version,
        "categories": catalog_categories_with_items(version),
        "note": version_note(version),
    }


@require_GET
def unit_catalog(request, code):
    """The catalog of a unit in force today or on ?on=YYYY-MM-DD. Public, as the catalog is."""
    unit = _unit(code)
    try:
        on = _date_param(request)
    except BadDate as error:
        return _bad_date(request, unit, str(error))
    version = catalog_in_force(unit, on)
    return render(
        request,
        "catalog/unit_catalog.html",
        {
            "unit": unit,
            "on": on,
            "today": today(),
            "versions": catalog_versions_visible_to(request.user, unit),
            "can_manage": rules.may_manage_catalog(request.user, unit),
            **_version_context(version),
        },
    )


def _download(version: CatalogVersion, fmt: str) -> HttpResponse:
    response = HttpResponse(prepared_export(version, fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=export_filename(version, fmt)
    )
    return response


@require_GET
def download(request, code, fmt):
    unit = _unit(code)
    try:
        on = _date_param(request)
    except BadDate as error:
        return _bad_date(request, unit, str(error))
    version = catalog_in_force(unit, on)
    if version is None:
        raise Http404(_("该日期没有施行的公开目录"))
    return _download(version, fmt)


def _visible_version(request, unit, number) -> CatalogVersion:
    return get_object_or_404(catalog_versions_visible_to(request.user, unit), number=number)


@require_GET
def version_detail(request, code, number):
    """One version, earlier ones included; a draft only for those who work on the catalog."""
    unit = _unit(code)
    version = _visible_version(request, unit, number)
    return render(
        request,
        "catalog/version_detail.html",
        {"unit": unit, **_version_context(version)},
    )


@require_GET
def version_download(request, code, number, fmt):
    unit = _unit(code)
    return _download(_visible_version(request, unit, number), fmt)


def _apply(request, unit: Organization, action: str, version, data: dict):
    """Run what the page asked for through the services; they refuse (NotAllowed, BadInput)."""
    user = request.user
    if action == NEW_DRAFT:
        return services.catalog_version_create(
            unit=unit, actor=user, copy_from=catalog_in_force(unit)
        )
    step = {
        "approve": services.catalog_version_approve,
        "file": services.catalog_version_file,
        "acknowledge": services.catalog_version_acknowledge,
    }[action]
    return step(version=version, actor=user, **data)


def _rows(user, versions, failed) -> list[dict]:
    """Each version with the forms of the steps this person may take on it now (from the
    engine's `available_actions`), the form that just failed keeping what was typed."""
    rows = []
    for version in versions:
        row = {"version": version}
        for action in available_actions(user, version):
            row[action] = STEP_FORMS[action](auto_id=f"id_v{version.number}_%s")
        if failed and failed["version"] is not None and failed["version"].pk == version.pk:
            row[failed["action"]] = failed["form"]
        rows.append(row)
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def manage(request, code):
    """The catalog's workflow for the unit's office, approvers, administrators and the upper office."""
    unit = _unit(code)
    if not rules.may_manage_catalog(request.user, unit):
        raise Http404
    versions = catalog_versions_visible_to(request.user, unit)
    posted = request.POST if request.method == "POST" else None
    action_form = ManageActionForm(posted, versions=versions)
    failed = None
    if request.method == "POST":
        if action_form.is_valid():
            action = action_form.cleaned_data["action"]
            version = action_form.cleaned_data["version"]
            form = action_form
            if action in STEP_FORMS:
                form = STEP_FORMS[action](request.POST, auto_id=f"id_v{version.number}_%s")
            if form.is_valid():
                data = {} if form is action_form else form.cleaned_data
                try:
                    result = _apply(request, unit, action, version, data)
                except ValidationError as error:
                    add_to_form(form, error)
                else:
                    messages.success(request, _("已完成：%(version)s") % {"version": result})
                    return redirect("catalog:manage", code=unit.code)
            if form is not action_form:
                failed = {"action": action, "version": version, "form": form}
        status = 400
    else:
        status = 200
    draft = catalog_draft(unit)
    return render(
        request,
        "catalog/manage.html",
        {
            "unit": unit,
            "versions": versions,
            "rows": _rows(request.user, versions, failed),
            "draft": draft,
            "in_force": catalog_in_force(unit),
            "action_form": action_form,
            "can_create_draft": draft is None and rules.may_create_draft(request.user, unit),
        },
        status=status,
    )
