"""Every step of the disclosure, progress-update and work-plan workflows, declared once.

Each method is a django-fsm-2 transition through `workflow.engine.step`: the states it starts
from, the state it leads to (None: the state stays, as for editing a draft), the rule of who may
take it (disclosures/rules.py) and the event it writes (disclosures/states.py). The models mix
these in; `workflow.engine.perform` is the only caller. The method bodies set what the step itself
decides; the values a service computed (dates, reasons) come in through `perform(values=…)`."""

from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE

from catalog.models import Scope
from disclosures import effects, rules
from disclosures.states import (
    DisclosureEvents,
    DisclosureStatus,
    UpdateEvents,
    UpdateStatus,
    WorkPlanEvents,
    WorkPlanStatus,
)
from workflow.engine import step

S = DisclosureStatus
WORKING = [S.DRAFT, S.SUBMITTED, S.RETURNED, S.REVIEWED, S.APPROVED]
PUBLISHED = [S.INTERNAL, S.PUBLIC]
WRITABLE = [S.DRAFT, S.RETURNED]
ARCHIVABLE = [S.INTERNAL, S.PUBLIC, S.RETENTION_ENDED, S.RETRACTED, S.WITHHELD]

REVIEW_REFUSAL = _("只有党务公开办公室可以审核，且起草人不能审核本人起草的稿件")
APPROVAL_REFUSAL = _("只有党组审批人可以审批，且起草人不能审批本人起草的稿件")


def _not_filed(disclosure) -> bool:
    return disclosure.filed_with_upper_at is None


def _filed_not_acknowledged(disclosure) -> bool:
    return disclosure.filed_with_upper_at is not None and disclosure.filing_acknowledged_at is None


class DisclosureSteps:
    # Steps that keep the state: drafting, files and evidence, progress updates.
    @step(source=WRITABLE, allowed=rules.drafter, event=DisclosureEvents.EDIT)
    def edit(self):
        pass

    @step(source=WRITABLE, allowed=rules.drafter, event=DisclosureEvents.ATTACH)
    def attach(self):
        pass

    @step(
        source=[S.APPROVED, *PUBLISHED, S.RETENTION_ENDED],
        allowed=rules.drafter,
        event=DisclosureEvents.EVIDENCE,
    )
    def record_evidence(self):
        pass

    @step(source=PUBLISHED, allowed=rules.drafter, event=UpdateEvents.CREATE)
    def update_new(self):
        pass

    # The main path.
    @step(
        source=WRITABLE,
        target=S.SUBMITTED,
        allowed=rules.drafter,
        event=DisclosureEvents.SUBMIT,
        effects=[effects.mail_office_to_review],
    )
    def submit(self):
        pass

    @step(
        source=[S.SUBMITTED],
        target=S.REVIEWED,
        allowed=rules.reviewer,
        event=DisclosureEvents.REVIEW,
        effects=[effects.mail_approvers],
        refusal=REVIEW_REFUSAL,
    )
    def review(self):
        pass

    @step(
        source=[S.SUBMITTED, S.REVIEWED],
        target=S.RETURNED,
        allowed=rules.returner,
        event=DisclosureEvents.RETURN,
        effects=[effects.mail_drafter_returned],
        comment_required=True,
    )
    def send_back(self):
        pass

    @step(
        source=[S.REVIEWED],
        target=S.APPROVED,
        allowed=rules.approver,
        event=DisclosureEvents.APPROVE,
        effects=[effects.mail_office_to_publish],
        refusal=APPROVAL_REFUSAL,
    )
    def approve(self):
        pass

    @step(
        source=[S.APPROVED],
        target=RETURN_VALUE(S.INTERNAL, S.PUBLIC),
        allowed=rules.office,
        event=DisclosureEvents.PUBLISH,
        effects=[effects.settle_obligation],
    )
    def publish(self, *, at):
        public = self.scope == Scope.PUBLIC
        self.published_at = at
        self.public_at = at if public else None
        return S.PUBLIC if public else S.INTERNAL

    @step(
        source=[S.INTERNAL],
        target=S.PUBLIC,
        allowed=rules.scheduler,
        event=DisclosureEvents.RELEASE,
    )
    def release(self, *, at):
        self.public_at = at

    @step(
        source=PUBLISHED,
        target=S.RETENTION_ENDED,
        allowed=rules.scheduler,
        event=DisclosureEvents.RETENTION_END,
    )
    def end_retention(self):
        pass

    # Side paths.
    @step(
        source=WORKING,
        target=S.WITHHELD,
        allowed=rules.office_or_approver,
        event=DisclosureEvents.WITHHOLD,
        effects=[effects.withhold_obligation],
        comment_required=True,
    )
    def withhold(self, *, kind, reason):
        self.withholding = kind
        self.withheld_reason = reason

    @step(
        source=[S.WITHHELD],
        allowed=rules.office,
        event=DisclosureEvents.FILE,
        effects=[effects.mail_upper_office_filing],
        conditions=[_not_filed],
    )
    def file(self):
        pass

    @step(
        source=[S.WITHHELD],
        allowed=rules.upper_office,
        event=DisclosureEvents.ACKNOWLEDGE,
        refusal=_("只有上级党务公开办公室可以确认备案"),
        conditions=[_filed_not_acknowledged],
    )
    def acknowledge(self):
        pass

    @step(
        source=[S.WITHHELD],
        target=S.DRAFT,
        allowed=rules.office_or_approver,
        event=DisclosureEvents.RESUME,
        comment_required=True,
    )
    def resume(self):
        self.withholding = ""
        self.withheld_reason = ""
        self.filed_with_upper_at = None
        self.filing_acknowledged_at = None

    @step(
        source=PUBLISHED,
        target=S.RETRACTED,
        allowed=rules.office_or_approver,
        event=DisclosureEvents.RETRACT,
        comment_required=True,
    )
    def retract(self, *, reason):
        self.retracted_reason = reason

    @step(
        source=[*WORKING, S.INTERNAL],
        allowed=rules.office_or_approver,
        event=DisclosureEvents.SCOPE_CHANGE,
    )
    def change_scope(self):
        pass

    @step(
        source=ARCHIVABLE,
        target=S.ARCHIVED,
        allowed=rules.office_or_scheduler,
        event=DisclosureEvents.ARCHIVE,
        refusal=_("只有党务公开办公室可以归档"),
    )
    def archive(self):
        pass


U = UpdateStatus


def _disclosure_open(update) -> bool:
    return update.disclosure.status != S.ARCHIVED


def _disclosure_published(update) -> bool:
    return update.disclosure.status in PUBLISHED


class UpdateSteps:
    @step(
        source=[U.DRAFT, U.RETURNED],
        allowed=rules.update_drafter,
        event=UpdateEvents.EDIT,
        conditions=[_disclosure_open],
    )
    def edit(self):
        pass

    @step(
        source=[U.DRAFT, U.RETURNED],
        target=U.SUBMITTED,
        allowed=rules.update_drafter,
        event=UpdateEvents.SUBMIT,
        conditions=[_disclosure_open],
    )
    def submit(self):
        pass

    @step(
        source=[U.SUBMITTED],
        target=U.REVIEWED,
        allowed=rules.reviewer,
        event=UpdateEvents.REVIEW,
        refusal=REVIEW_REFUSAL,
        conditions=[_disclosure_open],
    )
    def review(self):
        pass

    @step(
        source=[U.SUBMITTED, U.REVIEWED],
        target=U.RETURNED,
        allowed=rules.update_returner,
        event=UpdateEvents.RETURN,
        comment_required=True,
        conditions=[_disclosure_open],
    )
    def send_back(self):
        pass

    @step(
        source=[U.REVIEWED],
        target=U.PUBLISHED,
        allowed=rules.approver,
        event=UpdateEvents.PUBLISH,
        refusal=APPROVAL_REFUSAL,
        conditions=[_disclosure_published],
    )
    def publish(self):
        pass


W = WorkPlanStatus


class WorkPlanSteps:
    @step(source=[W.DRAFT], target=W.SUBMITTED, allowed=rules.office, event=WorkPlanEvents.SUBMIT)
    def submit(self):
        pass

    @step(
        source=[W.SUBMITTED],
        target=W.APPROVED,
        allowed=rules.upper_office,
        event=WorkPlanEvents.APPROVE,
        refusal=_("目录外事项工作方案由上级审核"),
    )
    def approve(self):
        pass

    @step(
        source=[W.SUBMITTED],
        target=W.REJECTED,
        allowed=rules.upper_office,
        event=WorkPlanEvents.REJECT,
        comment_required=True,
    )
    def reject(self):
        pass

    @step(source=[W.REJECTED], target=W.DRAFT, allowed=rules.office, event=WorkPlanEvents.REVISE)
    def revise(self):
        pass
