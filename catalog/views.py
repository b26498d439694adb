import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from catalog import services
from catalog.exporting import CONTENT_TYPES, export_filename, version_note
from catalog.models import CatalogVersion
from catalog.prepared import prepared_export
from catalog.selectors import (
    can_edit_catalog,
    can_manage_catalog,
    catalog_categories_with_items,
    catalog_draft,
    catalog_in_force,
    catalog_versions_visible_to,
    today,
)
from dwgk.dates import ChineseDateField
from organizations.models import Organization


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
            "can_manage": can_manage_catalog(request.user, unit),
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


class ApproveForm(forms.Form):
    effective_from = ChineseDateField(label=gettext_lazy("施行日期"))
    approval_reference = forms.CharField(
        label=gettext_lazy("审批依据（如党组会议纪要、文号）"), max_length=100, required=False
    )
    approved_on = ChineseDateField(label=gettext_lazy("党组审批日期（不填为今天）"), required=False)


class FileForm(forms.Form):
    filed_on = ChineseDateField(label=gettext_lazy("备案日期"))
    filing_reference = forms.CharField(label=gettext_lazy("备案文号"), max_length=100)


def _apply(request, unit: Organization, action: str, version: CatalogVersion | None):
    """Run one workflow action; ValidationError for anything refused."""
    user = request.user
    if action == "new_draft":
        if not can_edit_catalog(user, unit):
            raise ValidationError(_("无权修订目录"))
        return services.catalog_version_create(
            unit=unit, actor=user, copy_from=catalog_in_force(unit)
        )
    if version is None:
        raise ValidationError(_("请选择目录版本"))
    if action == "approve":
        form = ApproveForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("请填写正确的施行日期"))
        return services.catalog_version_approve(version=version, actor=user, **form.cleaned_data)
    if action == "file":
        form = FileForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("请填写备案日期和备案文号"))
        return services.catalog_version_file(version=version, actor=user, **form.cleaned_data)
    if action == "acknowledge":
        return services.catalog_version_acknowledge(version=version, actor=user)
    raise ValidationError(_("未知的操作"))


@login_required
@require_http_methods(["GET", "POST"])
def manage(request, code):
    """The catalog's workflow for the unit's office, approvers, administrators and the upper office."""
    unit = _unit(code)
    if not can_manage_catalog(request.user, unit):
        raise Http404
    if request.method == "POST":
        version = None
        number = request.POST.get("version", "")
        if number.isdigit():
            version = CatalogVersion.objects.filter(unit=unit, number=int(number)).first()
        try:
            result = _apply(request, unit, request.POST.get("action", ""), version)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("已完成：%(version)s") % {"version": result})
        return redirect("catalog:manage", code=unit.code)
    return render(
        request,
        "catalog/manage.html",
        {
            "unit": unit,
            "versions": catalog_versions_visible_to(request.user, unit),
            "draft": catalog_draft(unit),
            "in_force": catalog_in_force(unit),
            "approve_form": ApproveForm(),
            "file_form": FileForm(),
            "can_edit": can_edit_catalog(request.user, unit),
        },
    )
