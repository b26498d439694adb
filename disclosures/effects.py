"""What a disclosure's steps do to other apps below it, as plain imports: settle or withhold the
obligation it answers, and mail the people whose turn it is. (Apps above — search, the public
pages' cache — listen to `workflow.engine.transitioned` in their own effects modules.)"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from obligations.models import Obligation
from obligations.services import obligation_mark_met, obligation_withhold
from organizations.models import APPROVER_ROLES, OFFICE_ROLES, Role, RoleAssignment
from workflow.engine import can

logger = logging.getLogger("dwgk.disclosures")


def notify(users, subject: str, body: str) -> None:
    """Mail the people concerned once the transaction has committed."""
    recipients = sorted({u.email for u in users if u.email})
    if not recipients:
        return
    transaction.on_commit(
        lambda: send_mail(
            subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True
        )
    )


def role_holders(unit, roles) -> list:
    return [
        a.user
        for a in RoleAssignment.objects.filter(organization=unit, role__in=roles).select_related(
            "user"
        )
    ]


# --- effects named in the steps' declarations: effect(disclosure, *, actor, source, result) ------


def mail_office_to_review(disclosure, **_step):
    notify(
        role_holders(disclosure.unit, OFFICE_ROLES),
        _("待审核：%(t)s") % {"t": disclosure.title},
        _("有一项公开稿件待保密审查。"),
    )


def mail_approvers(disclosure, **_step):
    notify(
        role_holders(disclosure.unit, APPROVER_ROLES),
        _("待审批：%(t)s") % {"t": disclosure.title},
        _("有一项公开稿件已通过保密审查，待党组审批。"),
    )


def mail_office_to_publish(disclosure, **_step):
    notify(
        role_holders(disclosure.unit, OFFICE_ROLES),
        _("已审批待发布：%(t)s") % {"t": disclosure.title},
        _("党组已审批，请发布。"),
    )


def mail_drafter_returned(disclosure, **_step):
    if disclosure.created_by:
        notify(
            [disclosure.created_by],
            _("退回修改：%(t)s") % {"t": disclosure.title},
            _("稿件已退回修改，请查看退回意见。"),
        )


def mail_upper_office_filing(disclosure, **_step):
    upper = disclosure.unit.parent
    if upper is not None:
        notify(
            role_holders(upper, [Role.UPPER_OFFICE]),
            _("暂缓公开事项备案：%(u)s") % {"u": disclosure.unit},
            _("下级单位报来一项暂缓公开事项备案，请确认。"),
        )


def settle_obligation(disclosure, *, actor, **_step):
    """Published in the system's own forms with evidence for every other form: the obligation is
    met. A refusal leaves the publication standing and the obligation open for the office."""
    # Imported here: the selectors import the models, which import these effects with the steps.
    from disclosures.selectors import obligation_is_satisfied

    if disclosure.obligation_id is None:
        return
    if disclosure.status not in (disclosure.Status.INTERNAL, disclosure.Status.PUBLIC):
        return
    if not obligation_is_satisfied(disclosure):
        return
    obligation = Obligation.objects.get(pk=disclosure.obligation_id)
    if obligation.status != Obligation.Status.OPEN:
        return
    try:
        obligation_mark_met(
            obligation=obligation,
            met_on=timezone.localdate(disclosure.published_at),
            actor=actor,
            note=_("已通过“%(t)s”公开") % {"t": disclosure.title},
            disclosure=disclosure,
        )
    except (ValidationError, PermissionDenied) as error:
        logger.warning("obligation %s not marked met: %s", obligation.pk, error)


def withhold_obligation(disclosure, *, actor, **_step):
    """The obligation a withheld disclosure answers is withheld with it, for the same reason."""
    if disclosure.obligation_id is None:
        return
    obligation = Obligation.objects.get(pk=disclosure.obligation_id)
    if can(actor, obligation, "withhold"):
        obligation_withhold(
            obligation=obligation,
            actor=actor,
            reason=disclosure.withheld_reason,
            secret=disclosure.withholding == disclosure.Withholding.SECRET,
        )
