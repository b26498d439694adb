"""Work plans (工作方案) for items outside the catalog, which the upper level approves."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import event_record
from catalog.models import Scope
from disclosures.models import WorkPlan
from disclosures.states import WorkPlanEvents
from dwgk.refusals import BadInput, NotAllowed
from organizations.models import Organization
from organizations.permissions import is_office
from workflow.engine import perform


@transaction.atomic
def work_plan_create(*, unit: Organization, actor, title: str, body: str, scope: str) -> WorkPlan:
    if not is_office(actor, unit):
        raise NotAllowed(_("只有党务公开办公室可以起草工作方案"))
    if not (title or "").strip() or not (body or "").strip():
        raise BadInput(_("请填写事项名称和工作方案"), field="body")
    if scope not in Scope.values:
        raise BadInput(_("公开范围无效"), field="scope")
    plan = WorkPlan.objects.create(
        unit=unit,
        title=title.strip(),
        body=body,
        scope=scope,
        created_at=timezone.now(),
        created_by=actor,
    )
    event_record(
        target=plan,
        action=WorkPlanEvents.CREATE.action,
        actor=actor,
        unit=unit,
        to_state=WorkPlan.Status.DRAFT,
        changes={"title": ("", plan.title), "scope": ("", scope)},
    )
    return plan


def work_plan_submit(*, work_plan: WorkPlan, actor) -> WorkPlan:
    return perform(work_plan, "submit", actor=actor, values={"submitted_at": timezone.now()})


def _decision(actor, comment: str) -> dict:
    return {"decided_at": timezone.now(), "decided_by": actor, "decision_comment": comment}


def work_plan_approve(*, work_plan: WorkPlan, actor, comment: str = "") -> WorkPlan:
    return perform(
        work_plan, "approve", actor=actor, comment=comment, values=_decision(actor, comment)
    )


def work_plan_reject(*, work_plan: WorkPlan, actor, comment: str) -> WorkPlan:
    comment = (comment or "").strip()
    return perform(
        work_plan, "reject", actor=actor, comment=comment, values=_decision(actor, comment)
    )


def work_plan_revise(*, work_plan: WorkPlan, actor, body: str) -> WorkPlan:
    if not (body or "").strip():
        raise BadInput(_("请填写工作方案"), field="body")
    return perform(work_plan, "revise", actor=actor, values={"body": body})
