"""Reading: the list and its spreadsheet, a disclosure's page (with the forms of the steps this
person may take now), its history and the download of an attachment."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from audit.services import events_for
from catalog.models import DisclosureForm, Scope
from disclosures import services
from disclosures.exporting import disclosures_xlsx_response
from disclosures.forms import DISCLOSURE_FORMS, disclosure_form, error_messages
from disclosures.history import full_history_allowed, history_rows
from disclosures.models import Disclosure, DisclosureUpdate
from disclosures.selectors import (
    attachment_for_reader,
    can_work_on,
    disclosure_for_reader,
    disclosures_visible_to,
    evidence_still_missing,
)
from pagecache.cache import anonymous_page_cache
from workflow.engine import available_actions

S = Disclosure.Status


def _filtered(request):
    """The disclosures the user sees, filtered by the list's status, scope and words."""
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
    return disclosures_xlsx_response(qs)


def last_event(target, action: str):
    """The latest event of this kind on the target (e.g. the return with its comment), or None."""
    return events_for(target).filter(action=action).order_by("-at", "-id").first()


def _with_actions(user, updates) -> list:
    """The progress updates, each with the steps this reader may take on it now."""
    listed = list(updates)
    for update in listed:
        update.actions = available_actions(user, update)
    return listed


def detail_page(request, disclosure, *, failed=None, failed_update=None, status=200):
    """A disclosure's page. `failed` = (step, bound form) shows a refused step's form again as it
    was typed, with the reasons next to its fields; `failed_update` = (update pk, step, bound
    form) does the same for a step on one of its progress updates."""
    user = request.user
    worker = can_work_on(user, disclosure)
    attachments = disclosure.attachments.filter(update__isnull=True)
    updates = disclosure.updates.order_by("-published_at", "-id")
    if not worker:
        attachments = attachments.filter(is_evidence=False)
        updates = updates.filter(status=DisclosureUpdate.Status.PUBLISHED)
    actions = available_actions(user, disclosure)
    needing_evidence = [
        f for f in disclosure.forms.all() if f.evidence != DisclosureForm.Evidence.ONLINE
    ]
    failed_step, failed_form = failed or (None, None)
    step_forms = {
        step: failed_form if step == failed_step else disclosure_form(step, disclosure)
        for step in DISCLOSURE_FORMS
        if step in actions
    }
    shown = failed_step in step_forms and (failed_step != "record_evidence" or needing_evidence)
    update_pk, update_step, update_form = failed_update or (None, None, None)
    context = {
        "d": disclosure,
        "worker": worker,
        "attachments": attachments,
        "updates": _with_actions(user, updates.prefetch_related("attachments")),
        "evidence": disclosure.evidence.select_related("form", "minutes") if worker else [],
        "actions": actions,
        "step_forms": step_forms,
        # A refused step no longer offered (its state changed): why, above the steps.
        "refused": error_messages(failed_form) if failed_form is not None and not shown else [],
        "failed_update": {
            "pk": update_pk,
            "step": update_step,
            "form": update_form,
            "errors": error_messages(update_form),
        }
        if update_form is not None
        else None,
        "checklist": services.SECRECY_CHECKLIST,
        "last_return": last_event(disclosure, "disclosure.return") if worker else None,
        "forms_needing_evidence": needing_evidence,
        "scopes": Scope.choices,
        "filing_required": services.filing_required(disclosure),
        "obligation": disclosure.obligation if worker else None,
        "evidence_missing": evidence_still_missing(disclosure) if worker else [],
        "archive_record": getattr(disclosure, "archive_record", None),
    }
    return render(request, "disclosures/detail.html", context, status=status)


@require_GET
@anonymous_page_cache
def disclosure_detail(request, pk):
    return detail_page(request, disclosure_for_reader(request.user, pk))


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
