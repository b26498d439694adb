"""Pages of the disclosure workflow. Thin: parse → scope (404) → service (403/400) → respond."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.services import events_for
from catalog.models import CatalogVersion, DisclosureForm, Item, Scope
from catalog.selectors import items_in_force
from disclosures import services
from disclosures.confirming import approval_consequences, publication_consequences
from disclosures.exporting import disclosures_xlsx
from disclosures.history import full_history_allowed, history_rows
from disclosures.models import Disclosure, DisclosureUpdate, WorkPlan
from disclosures.rendering import render_markdown
from disclosures.selectors import (
    attachment_for_reader,
    can_work_on,
    disclosure_actions,
    disclosure_for_reader,
    disclosures_visible_to,
    evidence_still_missing,
    has_right,
    unit_ids_with_roles,
    work_plans_visible_to,
)
from dwgk.dates import parse_date
from organizations.models import (
    APPROVER_ROLES,
    OFFICE_ROLES,
    Department,
    Membership,
    Organization,
)
from organizations.permissions import drafter_department_ids, upper_office_paths
from portal.cache import anonymous_page_cache

S = Disclosure.Status


# --- helpers -------------------------------------------------------------------------------------


def _error(request, message, status=400, back: str | None = None):
    """The refusal page; `back` leads to the page the action was tried from (the disclosure)."""
    return render(
        request, "disclosures/error.html", {"message": message, "back": back}, status=status
    )


def _run(request, call, success: str, redirect_to):
    """Call a service; map refusals to 403 and bad input to 400 with the bilingual message."""
    back = redirect_to if isinstance(redirect_to, str) else None
    try:
        result = call()
    except PermissionDenied as error:
        return _error(request, str(error) or _("无权进行此操作"), 403, back)
    except services.DisclosureError as error:
        return _error(request, str(error), 400, back)
    except ValidationError as error:
        return _error(request, " ".join(error.messages), 400, back)
    messages.success(request, success)
    return redirect(redirect_to(result) if callable(redirect_to) else redirect_to)


def _date(value: str | None, *, required=False) -> datetime.date | None:
    value = (value or "").strip()
    if not value:
        if required:
            raise services.DisclosureError(_("请填写日期"))
        return None
    parsed = parse_date(value)
    if parsed is None:
        raise services.DisclosureError(
            _("请填写有效日期，如 2026-02-12、2026-2-12 或 2026年2月12日")
        )
    return parsed


def _int(value, *, default=None):
    value = (str(value) if value is not None else "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError as error:
        raise services.DisclosureError(_("请填写整数")) from error


def _filtered(request):
    qs = disclosures_visible_to(request.user).select_related("unit", "item", "department")
    status = request.GET.get("status", "")
    scope = request.GET.get("scope", "")
    query = request.GET.get("q", "").strip()
    if status in S.values:
        qs = qs.filter(status=status)
    if scope in Scope.values:
        qs = qs.filter(scope=scope)
    if query:
        qs = qs.filter(Q(title__icontains=query) | Q(body__icontains=query))
    return qs.order_by("-published_at", "-updated_at", "-id"), status, scope, query


# --- reading -------------------------------------------------------------------------------------


@require_GET
def disclosure_list(request):
    qs, status, scope, query = _filtered(request)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "disclosures/list.html",
        {
            "page": page,
            "status": status,
            "scope": scope,
            "q": query,
            "statuses": S.choices,
            "scopes": Scope.choices,
            "querystring": request.GET.urlencode(),
        },
    )


@require_GET
def disclosure_export(request):
    """The list the user can see, as a spreadsheet."""
    qs, *_rest = _filtered(request)
    response = HttpResponse(
        disclosures_xlsx(qs),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = "attachment; filename=disclosures.xlsx"
    return response


def _last_event(target, action: str):
    """The latest event of this kind on the target (e.g. the return with its comment), or None."""
    return events_for(target).filter(action=action).order_by("-at", "-id").first()


@require_GET
@anonymous_page_cache
def disclosure_detail(request, pk):
    disclosure = disclosure_for_reader(request.user, pk)
    worker = can_work_on(request.user, disclosure)
    attachments = disclosure.attachments.filter(update__isnull=True)
    updates = disclosure.updates.order_by("-published_at", "-id")
    if not worker:
        attachments = attachments.filter(is_evidence=False)
        updates = updates.filter(status=DisclosureUpdate.Status.PUBLISHED)
    last_return = _last_event(disclosure, "disclosure.return") if worker else None
    actions = disclosure_actions(request.user, disclosure)
    if "scope" in actions:
        audience_departments, audience_people = _audience_choices(disclosure.unit)
    else:
        audience_departments = audience_people = []
    context = {
        "can_edit_updates": worker
        and not disclosure.is_archived
        and has_right(request.user, disclosure, "update_new"),
        "audience_department_choices": audience_departments,
        "audience_member_choices": audience_people,
        "audience_department_ids": set(disclosure.audience_departments.values_list("pk", flat=True))
        if audience_departments
        else set(),
        "audience_user_ids": set(disclosure.audience_users.values_list("pk", flat=True))
        if audience_people
        else set(),
        "d": disclosure,
        "worker": worker,
        "attachments": attachments,
        "updates": updates.prefetch_related("attachments"),
        "evidence": disclosure.evidence.select_related("form", "minutes") if worker else [],
        "actions": actions,
        "checklist": services.SECRECY_CHECKLIST,
        "last_return": last_return,
        "forms_needing_evidence": [
            f for f in disclosure.forms.all() if f.evidence != DisclosureForm.Evidence.ONLINE
        ],
        "scopes": Scope.choices,
        "withholdings": Disclosure.Withholding.choices,
        "default_period": settings.DWGK_INTERNAL_PERIOD_WORKDAYS,
        "filing_required": services.filing_required(disclosure),
        "obligation": disclosure.obligation if worker else None,
        "evidence_missing": evidence_still_missing(disclosure) if worker else [],
        "archive_record": getattr(disclosure, "archive_record", None),
    }
    return render(request, "disclosures/detail.html", context)


@require_GET
def disclosure_history(request, pk):
    disclosure = disclosure_for_reader(request.user, pk)
    return render(
        request,
        "disclosures/history.html",
        {
            "d": disclosure,
            "rows": history_rows(request.user, disclosure),
            "full": full_history_allowed(request.user, disclosure),
        },
    )


@require_GET
def attachment_download(request, pk):
    attachment, _disclosure = attachment_for_reader(request.user, pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- drafting ------------------------------------------------------------------------------------


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
    plans = list(work_plans_visible_to(request.user).filter(status=WorkPlan.Status.APPROVED))
    if not items and not plans:
        return _error(request, _("您没有可起草的事项"), status=403)
    values = {
        "item": request.POST.get("item") or request.GET.get("item", ""),
        "work_plan": request.POST.get("work_plan") or request.GET.get("work_plan", ""),
        "title": request.POST.get("title", ""),
        "body": request.POST.get("body", ""),
    }
    context = {"items": items, "plans": plans, "values": values, "preview": None}
    if request.method == "GET":
        return render(request, "disclosures/create.html", context)
    if request.POST.get("preview"):
        context["preview"] = render_markdown(values["body"])
        return render(request, "disclosures/create.html", context)
    try:
        item = work_plan = None
        if values["item"]:
            item = (
                Item.objects.select_related("version__unit").filter(pk=_int(values["item"])).first()
            )
            if item is None:
                raise services.DisclosureError(_("目录事项不存在"))
            unit = item.version.unit
        elif values["work_plan"]:
            work_plan = (
                work_plans_visible_to(request.user).filter(pk=_int(values["work_plan"])).first()
            )
            if work_plan is None:
                raise services.DisclosureError(_("工作方案不存在"))
            unit = work_plan.unit
        else:
            raise services.DisclosureError(_("请选择目录事项或目录外工作方案"))
        disclosure = services.disclosure_create(
            unit=unit,
            actor=request.user,
            item=item,
            work_plan=work_plan,
            title=values["title"],
            body=values["body"],
        )
    except PermissionDenied as error:
        return _error(request, str(error), status=403)
    except services.DisclosureError as error:
        context["error"] = str(error)
        return render(request, "disclosures/create.html", context, status=400)
    messages.success(request, _("草稿已保存"))
    return redirect(disclosure)


@login_required
@require_http_methods(["GET", "POST"])
def disclosure_edit(request, pk):
    disclosure = disclosure_for_reader(request.user, pk)
    if "edit" not in disclosure_actions(request.user, disclosure):
        if not can_work_on(request.user, disclosure):
            return _error(request, _("无权编辑"), status=403)
        if disclosure.status not in (S.DRAFT, S.RETURNED):
            return _error(
                request,
                _("只有草稿或退回修改的稿件可以编辑"),
                status=400 if request.method == "POST" else 403,
            )
        return _error(request, _("无权编辑"), status=403)
    context = {
        "d": disclosure,
        "values": {"title": disclosure.title, "body": disclosure.body},
        "revision": disclosure.revision,
    }
    if request.method == "GET":
        return render(request, "disclosures/edit.html", context)
    refused = _save_edit(
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


def _save_edit(request, context, template, save):
    """Save a title/body edit made on a known revision; None when saved, else the page to show.

    On a conflict both versions are shown side by side and the user's text stays in the form, now
    based on the current revision so that saving again is a deliberate choice."""
    title = request.POST.get("title", "")
    body = request.POST.get("body", "")
    if request.POST.get("preview"):
        # Shown as it will read, nothing saved; the form keeps the text and its revision.
        context.update(
            values={"title": title, "body": body},
            revision=request.POST.get("revision", context.get("revision")),
            preview=render_markdown(body),
        )
        return render(request, template, context)
    try:
        revision = _int(request.POST.get("revision"))
        if revision is None:
            raise services.DisclosureError(_("缺少修订号"))
        save(revision=revision, title=title, body=body)
    except services.DisclosureConflict as conflict:
        context.update(
            values={"title": title, "body": body},
            revision=conflict.current.revision,
            conflict=conflict,
        )
        return render(request, template, context, status=409)
    except PermissionDenied as error:
        return _error(request, str(error), status=403)
    except services.DisclosureError as error:
        context.update(values={"title": title, "body": body}, error=str(error))
        return render(request, template, context, status=400)
    return None


# --- workflow actions (POST only) ----------------------------------------------------------------


def _action(name, right, consequences=None):
    """A POST-only view: the disclosure through the scoping (404), the role (403), then the
    service (400 for the wrong state or bad input). With `consequences`, an irreversible action
    first shows what it will do and acts only on the confirmation posted from that page."""

    def decorator(handler):
        @login_required
        @require_POST
        def view(request, pk):
            disclosure = disclosure_for_reader(request.user, pk)
            back = disclosure.get_absolute_url()
            if not has_right(request.user, disclosure, right):
                return _error(request, _("无权进行此操作"), 403, back)
            if consequences is not None and request.POST.get("confirm") != "yes":
                return _confirmation_step(request, disclosure, name, right, consequences)
            return _run(
                request,
                lambda: handler(request, disclosure),
                _("操作成功：%(n)s") % {"n": name},
                disclosure.get_absolute_url(),
            )

        view.__name__ = handler.__name__
        view.__doc__ = handler.__doc__
        return view

    return decorator


def _confirmation_step(request, disclosure, name, right, consequences):
    back = disclosure.get_absolute_url()
    if right not in disclosure_actions(request.user, disclosure):
        message = _("当前状态“%(state)s”下不能进行此操作")
        return _error(request, message % {"state": disclosure.get_status_display()}, 400, back)
    try:
        lines = consequences(request, disclosure)
    except services.DisclosureError as error:
        return _error(request, str(error), 400, back)
    # What was typed on the disclosure page travels on, so the confirmation acts on it.
    fields = [
        (key, value)
        for key in request.POST
        if key not in ("csrfmiddlewaretoken", "confirm")
        for value in request.POST.getlist(key)
    ]
    context = {"d": disclosure, "title": name, "lines": lines, "fields": fields}
    return render(request, "disclosures/confirm_step.html", context)


def _approval_consequences(request, d):
    return approval_consequences(
        d,
        internal_period_workdays=_int(request.POST.get("internal_period_workdays")),
        public_from=_date(request.POST.get("public_from")),
    )


def _publication_consequences(request, d):
    return publication_consequences(d, retention_until=_date(request.POST.get("retention_until")))


@_action(_("提交审核"), "submit")
def submit(request, d):
    return services.disclosure_submit(disclosure=d, actor=request.user)


@_action(_("保密审查通过"), "review")
def review(request, d):
    return services.disclosure_review(
        disclosure=d,
        actor=request.user,
        checklist=request.POST.getlist("checklist"),
        comment=request.POST.get("comment", ""),
    )


@_action(_("退回修改"), "return")
def return_(request, d):
    return services.disclosure_return(
        disclosure=d, actor=request.user, comment=request.POST.get("comment", "")
    )


@_action(_("同意公开"), "approve", _approval_consequences)
def approve(request, d):
    return services.disclosure_approve(
        disclosure=d,
        actor=request.user,
        internal_period_workdays=_int(request.POST.get("internal_period_workdays")),
        public_from=_date(request.POST.get("public_from")),
        comment=request.POST.get("comment", ""),
    )


@_action(_("发布"), "publish", _publication_consequences)
def publish(request, d):
    return services.disclosure_publish(
        disclosure=d,
        actor=request.user,
        retention_until=_date(request.POST.get("retention_until")),
    )


@_action(_("报上级备案"), "file")
def file_with_upper(request, d):
    return services.disclosure_file_with_upper(
        disclosure=d, actor=request.user, comment=request.POST.get("comment", "")
    )


@_action(_("确认备案"), "acknowledge")
def acknowledge_filing(request, d):
    return services.disclosure_acknowledge_filing(
        disclosure=d, actor=request.user, comment=request.POST.get("comment", "")
    )


@_action(_("恢复办理"), "resume")
def resume(request, d):
    return services.disclosure_resume(
        disclosure=d, actor=request.user, comment=request.POST.get("comment", "")
    )


def _audience_choices(unit):
    """The unit's departments, and its party members (of the unit and its branches) with their
    departments, for the 党内一定范围 picker."""
    departments = list(Department.objects.filter(unit=unit).order_by("sort_order", "id"))
    people = {}
    memberships = (
        Membership.objects.filter(
            is_party_member=True, user__is_active=True, organization__path__startswith=unit.path
        )
        .select_related("user", "department")
        .order_by("department__sort_order", "user__full_name", "user__username", "id")
    )
    for membership in memberships:
        person = people.setdefault(membership.user_id, membership.user)
        names = person.__dict__.setdefault("department_list", [])
        if membership.department and membership.department.name not in names:
            names.append(membership.department.name)
    for person in people.values():
        person.department_names = _("、").join(person.department_list)
    return departments, list(people.values())


def _audience(request, unit):
    """The audience picked on the form: only the unit's departments and party members."""
    departments, people = _audience_choices(unit)
    by_department = {d.pk: d for d in departments}
    by_person = {p.pk: p for p in people}
    department_ids = {_int(v) for v in request.POST.getlist("audience_departments") if v.strip()}
    user_ids = {_int(v) for v in request.POST.getlist("audience_users") if v.strip()}
    if not department_ids <= by_department.keys():
        raise services.DisclosureError(_("所选处室不属于本单位"))
    if not user_ids <= by_person.keys():
        raise services.DisclosureError(_("所选人员不是本单位党员"))
    return (
        [by_department[pk] for pk in sorted(department_ids)],
        [by_person[pk] for pk in sorted(user_ids)],
    )


@_action(_("调整公开范围"), "scope")
def scope_change(request, d):
    scope = request.POST.get("scope", "")
    audience_departments, audience_users = (
        _audience(request, d.unit) if scope == Scope.INTERNAL_RANGE else ([], [])
    )
    return services.disclosure_scope_change(
        disclosure=d,
        actor=request.user,
        scope=scope,
        audience_departments=audience_departments,
        audience_users=audience_users,
        comment=request.POST.get("comment", ""),
    )


@_action(_("上传附件"), "attach")
def attachment_add(request, d):
    upload = request.FILES.get("file")
    if upload is None:
        raise services.DisclosureError(_("请选择文件"))
    return services.attachment_add(disclosure=d, actor=request.user, upload=upload)


@_action(_("登记公开凭证"), "evidence")
def evidence_add(request, d):
    form = DisclosureForm.objects.filter(pk=_int(request.POST.get("form"))).first()
    if form is None or not d.forms.filter(pk=form.pk).exists():
        raise services.DisclosureError(_("请选择本事项的公开形式"))
    return services.evidence_record(
        disclosure=d,
        actor=request.user,
        form=form,
        date=_date(request.POST.get("date"), required=True),
        meeting_name=request.POST.get("meeting_name", ""),
        attendance=_int(request.POST.get("attendance")),
        minutes=request.FILES.get("minutes"),
        document_number=request.POST.get("document_number", ""),
        distribution=request.POST.get("distribution", ""),
        outlet=request.POST.get("outlet", ""),
        address=request.POST.get("address", ""),
        note=request.POST.get("note", ""),
    )


@_action(_("新增进展"), "update_new")
def update_create(request, d):
    return services.update_create(
        disclosure=d,
        actor=request.user,
        title=request.POST.get("title", ""),
        body=request.POST.get("body", ""),
    )


# --- confirmed actions (GET shows the confirmation, POST acts) -----------------------------------


CONFIRMED = {
    "retract": (_("撤回"), "retract"),
    "withhold": (_("暂缓公开"), "withhold"),
    "archive": (_("归档"), "archive"),
}


def _confirmed(kind):
    title, needed = CONFIRMED[kind]

    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request, pk):
        disclosure = disclosure_for_reader(request.user, pk)
        if not has_right(request.user, disclosure, needed):
            return _error(request, _("无权进行此操作"), status=403)
        if request.method == "GET":
            context = {
                "d": disclosure,
                "kind": kind,
                "title": title,
                "withholdings": Disclosure.Withholding.choices,
            }
            if kind == "archive":
                from archive.models import ArchiveRecord
                from archive.services import default_term

                context["terms"] = ArchiveRecord.Term.choices
                context["default_term"] = default_term(disclosure)
            return render(request, "disclosures/confirm.html", context)
        if request.POST.get("confirm") != "yes":
            return _error(request, _("请勾选确认"), status=400)

        def call():
            if kind == "retract":
                return services.disclosure_retract(
                    disclosure=disclosure, actor=request.user, reason=request.POST.get("reason", "")
                )
            if kind == "withhold":
                return services.disclosure_withhold(
                    disclosure=disclosure,
                    actor=request.user,
                    kind=request.POST.get("kind", ""),
                    reason=request.POST.get("reason", ""),
                )
            from archive.services import ArchiveError, archive_disclosure

            try:
                return archive_disclosure(
                    disclosure=disclosure,
                    actor=request.user,
                    retention_term=request.POST.get("retention_term") or None,
                    comment=request.POST.get("reason", ""),
                )
            except ArchiveError as error:
                raise services.DisclosureError(str(error)) from error

        return _run(
            request, call, _("操作成功：%(n)s") % {"n": title}, disclosure.get_absolute_url()
        )

    view.__name__ = kind
    return view


retract = _confirmed("retract")
withhold = _confirmed("withhold")
archive = _confirmed("archive")


# --- updates -------------------------------------------------------------------------------------


def _update_action(name, call):
    @login_required
    @require_POST
    def view(request, pk):
        # A reader who may not see the update (unpublished) gets 404, as on its page.
        update, disclosure, worker = _update_for_reader(request.user, pk)
        if not worker:
            return _error(request, _("无权进行此操作"), status=403)
        return _run(
            request,
            lambda: call(request, update),
            _("操作成功：%(n)s") % {"n": name},
            disclosure.get_absolute_url(),
        )

    return view


def _update_for_reader(user, pk):
    """The update, its disclosure and whether the user works on it, through the disclosure's
    scoping: 404 for who may not see the disclosure, and for readers an unpublished update."""
    update = get_object_or_404(DisclosureUpdate, pk=pk)
    disclosure = disclosure_for_reader(user, update.disclosure_id)
    worker = can_work_on(user, disclosure)
    if not worker and update.status != DisclosureUpdate.Status.PUBLISHED:
        raise Http404
    return update, disclosure, worker


def _update_editable(update, disclosure) -> bool:
    return not disclosure.is_archived and update.status in (
        DisclosureUpdate.Status.DRAFT,
        DisclosureUpdate.Status.RETURNED,
    )


@require_GET
def update_detail(request, pk):
    """One progress update with its files; readers see it once published."""
    update, disclosure, worker = _update_for_reader(request.user, pk)
    drafting = has_right(request.user, disclosure, "update_new")
    last_return = _last_event(update, "update.return") if worker else None
    return render(
        request,
        "disclosures/update_detail.html",
        {
            "d": disclosure,
            "u": update,
            "worker": worker,
            "attachments": update.attachments.filter(is_evidence=False),
            "can_edit": drafting and _update_editable(update, disclosure),
            "last_return": last_return,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def update_edit(request, pk):
    """Edit a draft or returned update, with the same optimistic locking as the disclosure."""
    update, disclosure, _worker = _update_for_reader(request.user, pk)
    if not has_right(request.user, disclosure, "update_new"):
        return _error(request, _("无权编辑"), status=403)
    if not _update_editable(update, disclosure):
        return _error(
            request,
            _("只有草稿或退回修改的进展可以编辑"),
            status=400 if request.method == "POST" else 403,
        )
    context = {
        "d": disclosure,
        "u": update,
        "values": {"title": update.title, "body": update.body},
        "revision": update.revision,
        "attachments": update.attachments.filter(is_evidence=False),
    }
    if request.method == "GET":
        return render(request, "disclosures/update_edit.html", context)
    refused = _save_edit(
        request,
        context,
        "disclosures/update_edit.html",
        lambda **fields: services.update_edit(update=update, actor=request.user, **fields),
    )
    if refused:
        return refused
    messages.success(request, _("已保存"))
    return redirect("disclosures:update", pk=update.pk)


@login_required
@require_POST
def update_attach(request, pk):
    """Add a file to a draft or returned update."""
    update, disclosure, _worker = _update_for_reader(request.user, pk)
    if not has_right(request.user, disclosure, "update_new"):
        return _error(request, _("无权进行此操作"), status=403)

    def call():
        upload = request.FILES.get("file")
        if upload is None:
            raise services.DisclosureError(_("请选择文件"))
        return services.attachment_add(
            disclosure=disclosure, actor=request.user, upload=upload, update=update
        )

    return _run(
        request,
        call,
        _("操作成功：%(n)s") % {"n": _("上传附件")},
        reverse("disclosures:update", args=[update.pk]),
    )


update_submit = _update_action(
    _("提交进展"), lambda r, u: services.update_submit(update=u, actor=r.user)
)
update_review = _update_action(
    _("进展审核"),
    lambda r, u: services.update_review(
        update=u,
        actor=r.user,
        checklist=r.POST.getlist("checklist"),
        comment=r.POST.get("comment", ""),
    ),
)
update_return = _update_action(
    _("退回进展"),
    lambda r, u: services.update_return(update=u, actor=r.user, comment=r.POST.get("comment", "")),
)
update_publish = _update_action(
    _("审批并发布进展"),
    lambda r, u: services.update_approve_and_publish(
        update=u, actor=r.user, comment=r.POST.get("comment", "")
    ),
)


# --- work plans ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def work_plan_list(request):
    plans = work_plans_visible_to(request.user).select_related("unit", "decided_by")
    office_units = Organization.objects.filter(
        pk__in=unit_ids_with_roles(request.user, OFFICE_ROLES)
    )
    if request.method == "POST":
        unit = office_units.filter(pk=_int_or_none(request.POST.get("unit"))).first()
        if unit is None:
            return _error(request, _("无权起草工作方案"), 403)
        return _run(
            request,
            lambda: services.work_plan_create(
                unit=unit,
                actor=request.user,
                title=request.POST.get("title", ""),
                body=request.POST.get("body", ""),
                scope=request.POST.get("scope", ""),
            ),
            _("工作方案已保存"),
            lambda plan: reverse("disclosures:work_plan", args=[plan.pk]),
        )
    return render(
        request,
        "disclosures/work_plans.html",
        {"plans": plans, "office_units": office_units, "scopes": Scope.choices},
    )


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
@require_GET
def work_plan_detail(request, pk):
    plan = get_object_or_404(work_plans_visible_to(request.user).select_related("unit"), pk=pk)
    from organizations.permissions import is_office, is_upper_office_for

    return render(
        request,
        "disclosures/work_plan.html",
        {
            "plan": plan,
            "events": events_for(plan).order_by("at", "id"),
            "office": is_office(request.user, plan.unit),
            "upper": is_upper_office_for(request.user, plan.unit),
            "disclosures": disclosures_visible_to(request.user).filter(work_plan=plan),
        },
    )


def _plan_action(name, call):
    @login_required
    @require_POST
    def view(request, pk):
        plan = get_object_or_404(work_plans_visible_to(request.user), pk=pk)
        return _run(
            request,
            lambda: call(request, plan),
            _("操作成功：%(n)s") % {"n": name},
            reverse("disclosures:work_plan", args=[plan.pk]),
        )

    return view


work_plan_submit = _plan_action(
    _("报上级审核"), lambda r, p: services.work_plan_submit(work_plan=p, actor=r.user)
)
work_plan_approve = _plan_action(
    _("同意"),
    lambda r, p: services.work_plan_approve(
        work_plan=p, actor=r.user, comment=r.POST.get("comment", "")
    ),
)
work_plan_revise = _plan_action(
    _("修改后重新起草"),
    lambda r, p: services.work_plan_revise(work_plan=p, actor=r.user, body=r.POST.get("body", "")),
)
work_plan_reject = _plan_action(
    _("不同意"),
    lambda r, p: services.work_plan_reject(
        work_plan=p, actor=r.user, comment=r.POST.get("comment", "")
    ),
)


# --- daily screens -------------------------------------------------------------------------------


def _count_by_status(qs):
    """{status label: count}, in the workflow's order, for the badges above a queue."""
    counts = dict(qs.order_by().values_list("status").annotate(n=Count("id")))
    return {status.label: counts[status] for status in Disclosure.Status if status in counts}


@login_required
@require_GET
def work_drafter(request):
    """The drafter's obligations and drafts."""
    from obligations.models import Obligation

    departments = drafter_department_ids(request.user)
    if not departments:
        raise Http404
    obligations = (
        Obligation.objects.filter(
            departments__in=departments,
            status__in=[Obligation.Status.OPEN, Obligation.Status.PAUSED],
        )
        .distinct()
        .select_related("item", "unit")
        .order_by("due_date", "id")
    )
    drafts = (
        disclosures_visible_to(request.user)
        .filter(department_id__in=departments)
        .filter(status__in=Disclosure.WORKING + (S.WITHHELD,))
        .select_related("item", "obligation")
        .order_by("status", "-updated_at")
    )
    return render(
        request,
        "disclosures/work_drafter.html",
        {
            "obligations": obligations,
            "drafts": drafts,
            "today": timezone.localdate(),
            "counts": _count_by_status(drafts),
        },
    )


@login_required
@require_GET
def work_office(request):
    """The office's review queue, publication queue and withheld register."""
    units = unit_ids_with_roles(request.user, OFFICE_ROLES)
    if not units:
        raise Http404
    mine = Disclosure.objects.filter(unit_id__in=units).select_related(
        "item", "obligation", "department", "unit"
    )
    return render(
        request,
        "disclosures/work_office.html",
        {
            "review": mine.filter(status=S.SUBMITTED).order_by(
                "obligation__due_date", "updated_at"
            ),
            "publish": mine.filter(status=S.APPROVED).order_by(
                "obligation__due_date", "updated_at"
            ),
            "updates": DisclosureUpdate.objects.filter(
                disclosure__unit_id__in=units, status=DisclosureUpdate.Status.SUBMITTED
            ).select_related("disclosure"),
            "withheld": mine.filter(status=S.WITHHELD).order_by("-updated_at"),
            "plans": WorkPlan.objects.filter(unit_id__in=units).exclude(
                status=WorkPlan.Status.APPROVED
            ),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_GET
def work_approver(request):
    """The approver's queue."""
    units = unit_ids_with_roles(request.user, APPROVER_ROLES)
    if not units:
        raise Http404
    return render(
        request,
        "disclosures/work_approver.html",
        {
            "queue": Disclosure.objects.filter(unit_id__in=units, status=S.REVIEWED)
            .select_related("item", "obligation", "department")
            .order_by("obligation__due_date", "updated_at"),
            "updates": DisclosureUpdate.objects.filter(
                disclosure__unit_id__in=units, status=DisclosureUpdate.Status.REVIEWED
            ).select_related("disclosure"),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_GET
def work_upper(request):
    """The upper level's filings and work-plan queue."""
    paths = upper_office_paths(request.user)
    if not paths:
        raise Http404
    below = Q()
    for path in paths:
        below |= Q(unit__path__startswith=path)
    filings = (
        Disclosure.objects.filter(below, status=S.WITHHELD, filed_with_upper_at__isnull=False)
        .select_related("unit", "item")
        .order_by("filing_acknowledged_at", "-filed_with_upper_at")
    )
    return render(
        request,
        "disclosures/work_upper.html",
        {
            "pending": [f for f in filings if f.filing_acknowledged_at is None],
            "acknowledged": [f for f in filings if f.filing_acknowledged_at is not None],
            "plans": WorkPlan.objects.filter(below, status=WorkPlan.Status.SUBMITTED)
            .select_related("unit")
            .order_by("submitted_at"),
            "catalogs": CatalogVersion.objects.filter(below, status=CatalogVersion.Status.FILED)
            .select_related("unit")
            .order_by("filed_on"),
        },
    )
