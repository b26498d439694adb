"""Progress updates (进展情况): their page, the edit of a draft or returned one, its files, and
the steps taken on them from the disclosure's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from disclosures import services
from disclosures.forms import (
    AttachmentForm,
    CommentForm,
    EditForm,
    ReviewForm,
    StepForm,
    error_messages,
)
from disclosures.models import DisclosureUpdate
from disclosures.selectors import can_work_on, disclosure_for_reader
from disclosures.views.common import carry_out, done, error_page
from disclosures.views.drafting import save_edit
from disclosures.views.reading import detail_page, last_event
from workflow.engine import can, has_right


def _update_for_reader(user, pk):
    """The update, its disclosure and whether the user works on it, through the disclosure's
    scoping: 404 for who may not see the disclosure, and for readers an unpublished update."""
    update = get_object_or_404(DisclosureUpdate, pk=pk)
    disclosure = disclosure_for_reader(user, update.disclosure_id)
    worker = can_work_on(user, disclosure)
    if not worker and update.status != DisclosureUpdate.Status.PUBLISHED:
        raise Http404
    return update, disclosure, worker


def _update_page(request, update, disclosure, worker, *, attach_form=None, status=200):
    """The update's page; `attach_form` a refused upload, shown again with its reason."""
    can_edit = can(request.user, update, "edit")
    refused = []
    if attach_form is not None and not can_edit:
        refused = error_messages(attach_form)  # no longer editable: why, above
    return render(
        request,
        "disclosures/update_detail.html",
        {
            "d": disclosure,
            "u": update,
            "worker": worker,
            "attachments": update.attachments.filter(is_evidence=False),
            "can_edit": can_edit,
            "last_return": last_event(update, "update.return") if worker else None,
            "attach_form": attach_form or AttachmentForm(disclosure=disclosure),
            "refused": refused,
        },
        status=status,
    )


@require_GET
def update_detail(request, pk):
    """One progress update with its files; readers see it once published."""
    update, disclosure, worker = _update_for_reader(request.user, pk)
    return _update_page(request, update, disclosure, worker)


@login_required
@require_http_methods(["GET", "POST"])
def update_edit(request, pk):
    """Edit a draft or returned update, with the same optimistic locking as the disclosure."""
    update, disclosure, _worker = _update_for_reader(request.user, pk)
    if not has_right(request.user, update, "edit"):
        return error_page(request, _("无权编辑"), status=403)
    if not can(request.user, update, "edit"):
        return error_page(
            request,
            _("只有草稿或退回修改的进展可以编辑"),
            status=400 if request.method == "POST" else 403,
        )
    context = {
        "d": disclosure,
        "u": update,
        "attachments": update.attachments.filter(is_evidence=False),
    }
    if request.method == "GET":
        context["form"] = EditForm(
            initial={"title": update.title, "body": update.body, "revision": update.revision}
        )
        return render(request, "disclosures/update_edit.html", context)
    refused = save_edit(
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
    """Add a file to a draft or returned update; a refusal shows the update's page again."""
    update, disclosure, worker = _update_for_reader(request.user, pk)
    if not has_right(request.user, update, "edit"):
        return error_page(request, _("无权进行此操作"), status=403)
    form = AttachmentForm(request.POST, request.FILES, disclosure=disclosure)
    carry_out(
        form,
        lambda data: services.attachment_add(
            disclosure=disclosure, actor=request.user, upload=data["file"], update=update
        ),
    )
    if form.errors:
        return _update_page(request, update, disclosure, worker, attach_form=form, status=400)
    return done(request, _("上传附件"), reverse("disclosures:update", args=[update.pk]))


def _update_action(name, step, form_class, call):
    """A POST-only step on an update, taken from the disclosure's page; a refusal shows that
    page again with the reason at the update."""

    @login_required
    @require_POST
    def view(request, pk):
        # A reader who may not see the update (unpublished) gets 404, as on its page.
        update, disclosure, worker = _update_for_reader(request.user, pk)
        if not worker:
            return error_page(request, _("无权进行此操作"), status=403)
        form = form_class(request.POST, disclosure=disclosure)
        carry_out(form, lambda data: call(request, update, data))
        if form.errors:
            failed = (update.pk, step, form)
            return detail_page(request, disclosure, failed_update=failed, status=400)
        return done(request, name, disclosure.get_absolute_url())

    return view


update_submit = _update_action(
    gettext_lazy("提交进展"),
    "submit",
    StepForm,
    lambda r, u, data: services.update_submit(update=u, actor=r.user),
)
update_review = _update_action(
    gettext_lazy("进展审核"),
    "review",
    ReviewForm,
    lambda r, u, data: services.update_review(
        update=u, actor=r.user, checklist=data["checklist"], comment=data["comment"]
    ),
)
update_return = _update_action(
    gettext_lazy("退回进展"),
    "send_back",
    CommentForm,
    lambda r, u, data: services.update_return(update=u, actor=r.user, comment=data["comment"]),
)
update_publish = _update_action(
    gettext_lazy("审批并发布进展"),
    "publish",
    CommentForm,
    lambda r, u, data: services.update_approve_and_publish(
        update=u, actor=r.user, comment=data["comment"]
    ),
)
