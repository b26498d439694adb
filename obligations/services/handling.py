"""The steps of an obligation and of an extension request, as the pages, the admin, the demo and
the disclosures app call them. Each checks who may (the step's rule and its refusal,
`require_right`), then what was given (`BadInput` naming the form's field), then takes the step through
`workflow.engine.perform`: the only way a status changes. The caller's instance is refreshed, so it
sees the new state."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dwgk.refusals import BadInput
from obligations.due import paused_workdays_until
from obligations.models import ExtensionRequest, Obligation
from workflow.engine import SYSTEM, has_right, perform, require_right

Status = Obligation.Status

MAX_EXTENSION_WORKDAYS = 30


def _reason(reason: str, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise BadInput(message, field="reason")
    return reason


def _locked(obligation: Obligation) -> Obligation:
    return Obligation.objects.select_for_update().get(pk=obligation.pk)


@transaction.atomic
def obligation_mark_met(
    *,
    obligation: Obligation,
    met_on: datetime.date,
    actor,
    note: str = "",
    disclosure=None,
) -> Obligation:
    """Disclosed on met_on: on time if not after the due date, else late. A paused obligation is
    resumed on met_on first (both steps are on the record; the resume is the system's when the
    person marking it met may not resume by hand, as an approver)."""
    require_right(actor, obligation, "met")
    if met_on > timezone.localdate():
        raise BadInput(_("公开日期不能晚于今天"), field="met_on")

    def check(locked):
        if met_on < locked.trigger_date:
            raise BadInput(_("公开日期不能早于起算日期"), field="met_on")

    current = _locked(obligation)
    if current.status == Status.PAUSED:
        check(current)
        resumer = actor if has_right(actor, current, "resume") else SYSTEM
        _resume(current, actor=resumer, on=max(met_on, current.paused_since))
    comment = (note or "").strip()
    if disclosure is not None:
        comment = f"{comment}（公开记录 #{disclosure.pk}）".strip()
    perform(
        current, "met", actor=actor, comment=comment, check=check, met_on=met_on, note=note or ""
    )
    obligation.refresh_from_db()
    return obligation


@transaction.atomic
def obligation_withhold(
    *, obligation: Obligation, actor, reason: str, secret: bool = False
) -> Obligation:
    """Cannot be disclosed now (涉密、暂不宜公开): withheld and filed with the upper level.
    `secret` marks a withholding as 涉及党和国家秘密, whose reason supervisors do not read."""
    require_right(actor, obligation, "withhold")
    reason = _reason(reason, _("请说明暂缓公开的理由"))
    perform(obligation, "withhold", actor=actor, comment=reason, reason=reason, secret=secret)
    obligation.refresh_from_db()
    return obligation


@transaction.atomic
def obligation_pause(
    *, obligation: Obligation, actor, reason: str, on: datetime.date
) -> Obligation:
    """Stop the clock (e.g. waiting for the upper level's secrecy review) from `on`."""
    require_right(actor, obligation, "pause")
    reason = _reason(reason, _("请说明暂停的理由"))

    def check(locked):
        if on < locked.trigger_date:
            raise BadInput(_("暂停日期不能早于起算日期"), field="on")

    perform(obligation, "pause", actor=actor, comment=reason, check=check, on=on)
    obligation.refresh_from_db()
    return obligation


@transaction.atomic
def obligation_resume(*, obligation: Obligation, actor, on: datetime.date) -> Obligation:
    """Start the clock again. The pause lasted the working days after its first day up to and
    including `on` (workdays_between(paused_since, on)); the due date moves by that many working
    days: due = add_workdays(trigger_date, workdays + extension_workdays + paused_workdays)."""
    require_right(actor, obligation, "resume")
    _resume(_locked(obligation), actor=actor, on=on)
    obligation.refresh_from_db()
    return obligation


def _resume(locked: Obligation, *, actor, on: datetime.date) -> Obligation:
    days = 0
    if locked.status == Status.PAUSED:
        if on < locked.paused_since:
            raise BadInput(_("恢复日期不能早于暂停日期"), field="on")
        days = paused_workdays_until(locked, on)
    return perform(
        locked, "resume", actor=actor, comment=_("暂停%(days)s个工作日") % {"days": days}, on=on
    )


def _check_extension(workdays, reason: str) -> str:
    if not isinstance(workdays, int) or not 1 <= workdays <= MAX_EXTENSION_WORKDAYS:
        raise BadInput(
            _("延长工作日数应为1至%(max)s") % {"max": MAX_EXTENSION_WORKDAYS}, field="workdays"
        )
    return _reason(reason, _("请说明延期理由"))


@transaction.atomic
def obligation_extend(*, obligation: Obligation, actor, workdays: int, reason: str) -> Obligation:
    """The office grants more working days (with a reason); the due date moves by that many."""
    require_right(actor, obligation, "extend")
    reason = _check_extension(workdays, reason)
    perform(obligation, "extend", actor=actor, comment=reason, workdays=workdays)
    obligation.refresh_from_db()
    return obligation


@transaction.atomic
def obligation_extension_request(
    *, obligation: Obligation, actor, workdays: int, reason: str
) -> ExtensionRequest:
    """The responsible department asks the office for more working days."""
    require_right(actor, obligation, "request_extension")
    reason = _check_extension(workdays, reason)

    def check(locked):
        if locked.extension_requests.filter(status=ExtensionRequest.Status.PENDING).exists():
            raise BadInput(_("已有待审批的延期申请"))

    perform(
        obligation,
        "request_extension",
        actor=actor,
        comment=_("申请延长%(n)s个工作日：%(reason)s") % {"n": workdays, "reason": reason},
        check=check,
        workdays=workdays,
        reason=reason,
        by=actor,
    )
    return obligation.extension_requests.get(status=ExtensionRequest.Status.PENDING)


@transaction.atomic
def extension_request_decide(
    *, request: ExtensionRequest, actor, approve: bool, note: str = ""
) -> ExtensionRequest:
    """The office approves (the obligation's due date moves: the step's effect) or rejects a
    department's request."""
    action = "approve" if approve else "reject"
    require_right(actor, request, action)
    note = (note or "").strip()
    decided = perform(request, action, actor=actor, comment=note, by=actor, note=note)
    request.refresh_from_db()
    return decided
