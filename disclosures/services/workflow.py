"""The steps of a disclosure from submission to retraction, each one `workflow.engine.perform` of a
step declared in disclosures/steps.py. What a service adds is what the step needs computed: the
secrecy review, the dates of the internal period and of retention, the reasons."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Scope, TimeLimit, scope_rank
from disclosures.models import Disclosure
from disclosures.services.common import (
    SECRECY_CHECKLIST,
    add_workdays,
    checklist_missing,
    local_midnight,
)
from dwgk.refusals import BadInput, NotAllowed
from organizations.permissions import is_approver
from workflow.engine import SYSTEM, perform, require_right

Status = Disclosure.Status


def disclosure_submit(*, disclosure: Disclosure, actor, comment: str = "") -> Disclosure:
    def check(locked):
        if not locked.title.strip() or not locked.body.strip() and not locked.attachments.exists():
            raise BadInput(_("请先填写正文或上传附件"), field="body")

    return perform(disclosure, "submit", actor=actor, comment=comment, check=check)


def disclosure_review(*, disclosure: Disclosure, actor, checklist, comment: str = "") -> Disclosure:
    """The office's review with the secrecy checklist: every box confirmed, or it goes back."""

    def check(_locked):
        missing = checklist_missing(checklist)
        if missing:
            raise BadInput(
                _("保密审查须逐项确认：%(m)s") % {"m": "、".join(missing)}, field="checklist"
            )

    review = {
        "by": actor.display_name if actor is not None else "",
        "at": timezone.now().isoformat(),
        "confirmed": [key for key, _label in SECRECY_CHECKLIST],
        "comment": comment,
    }
    return perform(
        disclosure,
        "review",
        actor=actor,
        comment=comment,
        check=check,
        values={"secrecy_review": review},
    )


def disclosure_return(*, disclosure: Disclosure, actor, comment: str) -> Disclosure:
    """Back to the drafter with comments: the office from review, the approver from approval."""
    return perform(disclosure, "send_back", actor=actor, comment=(comment or "").strip())


def approval_values(
    disclosure: Disclosure, *, internal_period_workdays=None, public_from=None
) -> dict:
    """For 先党内后党外 the approver sets the internal period, in working days from publication
    (default DWGK_INTERNAL_PERIOD_WORKDAYS), or a public date. The confirmation page shows the
    same dates that this computes."""
    values = {}
    if disclosure.scope != Scope.INTERNAL_THEN_PUBLIC:
        return values
    if public_from is not None:
        if public_from <= timezone.localdate():
            raise BadInput(_("转社会公开日期须晚于今天"), field="public_from")
        values["internal_period_workdays"] = None
        values["public_from"] = local_midnight(public_from)
        return values
    days = internal_period_workdays
    if days is None:
        days = settings.DWGK_INTERNAL_PERIOD_WORKDAYS
    days = int(days)
    if days < 1 or days > 250:
        raise BadInput(_("党内公开期应为1至250个工作日"), field="internal_period_workdays")
    values["internal_period_workdays"] = days
    values["public_from"] = local_midnight(add_workdays(timezone.localdate(), days))
    return values


def disclosure_approve(
    *,
    disclosure: Disclosure,
    actor,
    internal_period_workdays: int | None = None,
    public_from: datetime.date | None = None,
    comment: str = "",
) -> Disclosure:
    """The party group's approval."""
    current = Disclosure.objects.get(pk=disclosure.pk)
    require_right(actor, current, "approve")
    values = {"approved_at": timezone.now(), "approved_by": actor}
    values |= approval_values(
        current, internal_period_workdays=internal_period_workdays, public_from=public_from
    )
    return perform(disclosure, "approve", actor=actor, comment=comment, values=values)


def publication_values(
    disclosure: Disclosure,
    *,
    at: datetime.datetime,
    retention_until: datetime.date | None = None,
) -> dict:
    """The dates publication sets: retention from the item unless the office sets it (保留公开的
    时间), and for 先党内后党外 the day it opens to the public."""
    day = timezone.localdate(at)
    values = {}
    item = disclosure.item
    if retention_until is not None:
        if retention_until <= day:
            raise BadInput(_("保留公开日期须晚于发布日期"), field="retention_until")
        values["retention_until"] = retention_until
    elif item is not None and item.retention_days:
        values["retention_until"] = day + datetime.timedelta(days=item.retention_days)
    if disclosure.scope == Scope.INTERNAL_THEN_PUBLIC:
        if disclosure.internal_period_workdays:
            values["public_from"] = local_midnight(
                add_workdays(day, disclosure.internal_period_workdays)
            )
        elif disclosure.public_from is None:
            days = settings.DWGK_INTERNAL_PERIOD_WORKDAYS
            values["public_from"] = local_midnight(add_workdays(day, days))
    return values


def disclosure_publish(
    *,
    disclosure: Disclosure,
    actor,
    at: datetime.datetime | None = None,
    retention_until: datetime.date | None = None,
) -> Disclosure:
    """The office publishes: inside the party, or to society at once for 社会. Settles the
    obligation when nothing else is owed."""
    current = Disclosure.objects.select_related("item").get(pk=disclosure.pk)
    require_right(actor, current, "publish")
    at = at or timezone.now()
    values = publication_values(current, at=at, retention_until=retention_until)
    return perform(disclosure, "publish", actor=actor, values=values, at=at)


@transaction.atomic
def disclosure_release(
    *, disclosure: Disclosure, actor=SYSTEM, now: datetime.datetime | None = None
) -> Disclosure | None:
    """先党内后党外: internal → public once `public_from` has come. Returns None if nothing was
    due or another server released it a moment ago."""
    now = now or timezone.now()
    if not Disclosure.objects.filter(
        pk=disclosure.pk, status=Status.INTERNAL, public_from__lte=now
    ).exists():
        return None
    try:
        return perform(
            disclosure,
            "release",
            actor=SYSTEM,
            comment=_("党内公开期满，转为社会公开"),
            at=now,
        )
    except BadInput:
        return None


def release_due(now: datetime.datetime | None = None) -> int:
    """The job: release every disclosure whose internal period is over. Idempotent."""
    now = now or timezone.now()
    count = 0
    due = Disclosure.objects.filter(status=Status.INTERNAL, public_from__lte=now)
    for pk in due.values_list("pk", flat=True):
        if disclosure_release(disclosure=Disclosure(pk=pk), now=now) is not None:
            count += 1
    return count


@transaction.atomic
def disclosure_end_retention(
    *, disclosure: Disclosure, actor=SYSTEM, today: datetime.date | None = None
) -> Disclosure | None:
    """Retention over (保留公开的时间届满); None if not due or ended a moment ago elsewhere."""
    today = today or timezone.localdate()
    due = Disclosure.objects.filter(
        pk=disclosure.pk, status__in=[Status.INTERNAL, Status.PUBLIC], retention_until__lt=today
    ).first()
    if due is None:
        return None
    try:
        return perform(
            due,
            "end_retention",
            actor=SYSTEM,
            comment=_("保留公开期满（%(d)s）") % {"d": due.retention_until},
        )
    except BadInput:
        return None


# --- side paths ----------------------------------------------------------------------------------


def disclosure_withhold(*, disclosure: Disclosure, actor, kind: str, reason: str) -> Disclosure:
    """涉及党和国家秘密 / 暂不宜公开 / 不能公开, with a reason. Long-term items are then filed
    with the upper level (disclosure_file_with_upper)."""
    if kind not in Disclosure.Withholding.values:
        raise BadInput(_("请选择暂缓类别"), field="kind")
    reason = (reason or "").strip()
    if not reason:
        raise BadInput(_("请写明暂缓理由"), field="reason")
    return perform(
        disclosure,
        "withhold",
        actor=actor,
        comment=reason,
        kind=kind,
        reason=reason,
    )


def filing_required(disclosure: Disclosure) -> bool:
    """暂时不宜公开或不能公开的长期公开事项，报上一级党组织备案。"""
    return (
        disclosure.status == Status.WITHHELD
        and disclosure.item is not None
        and disclosure.item.time_limit == TimeLimit.LONG_TERM
    )


def disclosure_file_with_upper(*, disclosure: Disclosure, actor, comment: str = "") -> Disclosure:
    return perform(
        disclosure,
        "file",
        actor=actor,
        comment=comment,
        values={"filed_with_upper_at": timezone.now()},
    )


def disclosure_acknowledge_filing(
    *, disclosure: Disclosure, actor, comment: str = ""
) -> Disclosure:
    return perform(
        disclosure,
        "acknowledge",
        actor=actor,
        comment=comment,
        values={"filing_acknowledged_at": timezone.now()},
    )


def disclosure_resume(*, disclosure: Disclosure, actor, comment: str) -> Disclosure:
    """A withheld disclosure may be opened after all: back to draft (the record keeps why)."""
    return perform(disclosure, "resume", actor=actor, comment=(comment or "").strip())


def disclosure_retract(*, disclosure: Disclosure, actor, reason: str) -> Disclosure:
    """Taken back after publication: gone from readers in every channel, kept on the record."""
    reason = (reason or "").strip()
    if not reason:
        raise BadInput(_("请写明撤回理由"), field="reason")
    return perform(disclosure, "retract", actor=actor, comment=reason, reason=reason)


@transaction.atomic
def disclosure_scope_change(
    *,
    disclosure: Disclosure,
    actor,
    scope: str,
    audience_departments=(),
    audience_users=(),
    comment: str = "",
) -> Disclosure:
    """The office may narrow the scope; widening it needs an approver."""
    if scope not in Scope.values:
        raise BadInput(_("公开范围无效"), field="scope")
    current = Disclosure.objects.get(pk=disclosure.pk)
    if scope_rank(scope) > scope_rank(current.scope) and not is_approver(actor, current.unit):
        raise NotAllowed(_("扩大公开范围须经党组审批人同意"))
    if scope == Scope.INTERNAL_RANGE and not (audience_departments or audience_users):
        raise BadInput(_("党内一定范围须写明范围"), field="audience_departments")
    values = {"scope": scope}
    if current.status == Status.INTERNAL:
        if scope in (Scope.INTERNAL, Scope.INTERNAL_RANGE):
            values["public_from"] = None
        elif current.public_from is None or scope == Scope.PUBLIC:
            values["public_from"] = timezone.now()  # the release job opens it on its next run
    changes = {}
    if scope == Scope.INTERNAL_RANGE:
        changes["audience"] = ([], [str(x) for x in [*audience_departments, *audience_users]])
    result = perform(
        disclosure, "change_scope", actor=actor, comment=comment, values=values, changes=changes
    )
    if scope == Scope.INTERNAL_RANGE:
        result.audience_departments.set(audience_departments)
        result.audience_users.set(audience_users)
    return result
