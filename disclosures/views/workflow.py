"""The steps taken on a disclosure: those posted from its page (a refused one shows the page
again with the form as typed), and 撤回, 暂缓公开 and 归档, confirmed on a page of their own."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from disclosures import services
from disclosures.confirming import approval_consequences, publication_consequences
from disclosures.forms import RetractForm, WithholdForm, disclosure_form
from disclosures.models import Disclosure
from disclosures.selectors import disclosure_for_reader
from disclosures.views.common import carry_out, done, error_page
from disclosures.views.reading import detail_page
from dwgk.refusals import add_to_form
from workflow.engine import available_actions, has_right


def _action(name, right, consequences=None):
    """A POST-only step from the disclosure's page: the disclosure through the scoping (404), the
    role (403), the form, then the service; a refusal shows the page again with the form as typed
    (400). With `consequences`, an irreversible step first shows what it will do and acts only
    on the confirmation posted from that page."""

    def decorator(handler):
        @login_required
        @require_POST
        def view(request, pk):
            disclosure = disclosure_for_reader(request.user, pk)
            back = disclosure.get_absolute_url()
            if not has_right(request.user, disclosure, right):
                return error_page(request, _("无权进行此操作"), 403, back)
            form = disclosure_form(right, disclosure, request.POST, request.FILES)
            if consequences is not None and form.is_valid() and not form.confirmed:
                return _confirmation_step(request, disclosure, name, right, form, consequences)
            carry_out(form, lambda data: handler(request, disclosure, data))
            if form.errors:
                return detail_page(request, disclosure, failed=(right, form), status=400)
            return done(request, name, back)

        view.__name__ = handler.__name__
        view.__doc__ = handler.__doc__
        return view

    return decorator


def _confirmation_step(request, disclosure, name, right, form, consequences):
    """What the step will do, with what was typed carried on to the confirmation's post."""
    if right not in available_actions(request.user, disclosure):
        message = _("当前状态“%(state)s”下不能进行此操作")
        form.add_error(None, message % {"state": disclosure.get_status_display()})
        return detail_page(request, disclosure, failed=(right, form), status=400)
    try:
        lines = consequences(disclosure, form.cleaned_data)
    except ValidationError as error:
        add_to_form(form, error)
        return detail_page(request, disclosure, failed=(right, form), status=400)
    context = {"d": disclosure, "title": name, "lines": lines, "fields": form.carried()}
    return render(request, "disclosures/confirm_step.html", context)


def _approval_consequences(d, data):
    return approval_consequences(
        d,
        internal_period_workdays=data["internal_period_workdays"],
        public_from=data["public_from"],
    )


def _publication_consequences(d, data):
    return publication_consequences(d, retention_until=data["retention_until"])


@_action(gettext_lazy("提交审核"), "submit")
def submit(request, d, data):
    return services.disclosure_submit(disclosure=d, actor=request.user)


@_action(gettext_lazy("保密审查通过"), "review")
def review(request, d, data):
    return services.disclosure_review(
        disclosure=d, actor=request.user, checklist=data["checklist"], comment=data["comment"]
    )


@_action(gettext_lazy("退回修改"), "send_back")
def return_(request, d, data):
    return services.disclosure_return(disclosure=d, actor=request.user, comment=data["comment"])


@_action(gettext_lazy("同意公开"), "approve", _approval_consequences)
def approve(request, d, data):
    return services.disclosure_approve(
        disclosure=d,
        actor=request.user,
        internal_period_workdays=data["internal_period_workdays"],
        public_from=data["public_from"],
        comment=data["comment"],
    )


@_action(gettext_lazy("发布"), "publish", _publication_consequences)
def publish(request, d, data):
    return services.disclosure_publish(
        disclosure=d, actor=request.user, retention_until=data["retention_until"]
    )


@_action(gettext_lazy("报上级备案"), "file")
def file_with_upper(request, d, data):
    return services.disclosure_file_with_upper(
        disclosure=d, actor=request.user, comment=data["comment"]
    )


@_action(gettext_lazy("确认备案"), "acknowledge")
def acknowledge_filing(request, d, data):
    return services.disclosure_acknowledge_filing(
        disclosure=d, actor=request.user, comment=data["comment"]
    )


@_action(gettext_lazy("恢复办理"), "resume")
def resume(request, d, data):
    return services.disclosure_resume(disclosure=d, actor=request.user, comment=data["comment"])


@_action(gettext_lazy("调整公开范围"), "change_scope")
def scope_change(request, d, data):
    return services.disclosure_scope_change(
        disclosure=d,
        actor=request.user,
        scope=data["scope"],
        audience_departments=data["audience_departments"],
        audience_users=data["audience_users"],
        comment=data["comment"],
    )


@_action(gettext_lazy("上传附件"), "attach")
def attachment_add(request, d, data):
    return services.attachment_add(disclosure=d, actor=request.user, upload=data["file"])


@_action(gettext_lazy("登记公开凭证"), "record_evidence")
def evidence_add(request, d, data):
    return services.evidence_record(
        disclosure=d,
        actor=request.user,
        form=data["form"],
        date=data["date"],
        meeting_name=data["meeting_name"],
        attendance=data["attendance"],
        minutes=data["minutes"],
        document_number=data["document_number"],
        distribution=data["distribution"],
        outlet=data["outlet"],
        address=data["address"],
        note=data["note"],
    )


@_action(gettext_lazy("新增进展"), "update_new")
def update_create(request, d, data):
    return services.update_create(
        disclosure=d, actor=request.user, title=data["title"], body=data["body"]
    )


# --- confirmed on their own page (GET shows the confirmation, POST acts) -------------------------


def _retract(request, disclosure, data):
    return services.disclosure_retract(
        disclosure=disclosure, actor=request.user, reason=data["reason"]
    )


def _withhold(request, disclosure, data):
    return services.disclosure_withhold(
        disclosure=disclosure, actor=request.user, kind=data["kind"], reason=data["reason"]
    )


CONFIRMED = {
    "retract": (
        gettext_lazy("撤回"),
        lambda disclosure, data: RetractForm(data, disclosure=disclosure),
        _retract,
    ),
    "withhold": (
        gettext_lazy("暂缓公开"),
        lambda disclosure, data: WithholdForm(data, disclosure=disclosure),
        _withhold,
    ),
}


def _confirmed(kind):
    """GET shows the confirmation page; the confirmed POST acts, or shows it again as typed."""
    title, make_form, call = CONFIRMED[kind]

    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request, pk):
        disclosure = disclosure_for_reader(request.user, pk)
        if not has_right(request.user, disclosure, kind):
            return error_page(request, _("无权进行此操作"), status=403)
        form = make_form(disclosure, request.POST if request.method == "POST" else None)
        if request.method == "POST":
            carry_out(form, lambda data: call(request, disclosure, data))
            if not form.errors:
                return done(request, title, disclosure.get_absolute_url())
        context = {
            "d": disclosure,
            "kind": kind,
            "title": title,
            "form": form,
            "withholdings": Disclosure.Withholding.choices,
        }
        return render(
            request, "disclosures/confirm.html", context, status=400 if form.is_bound else 200
        )

    view.__name__ = kind
    return view


retract = _confirmed("retract")
withhold = _confirmed("withhold")
