"""Every step of the obligation and extension-request workflows, declared once.

Each method is a django-fsm-2 transition through `workflow.engine.step`: the states it starts
from, the state it leads to (None: the state stays, as for an extension), the rule of who may take
it (obligations/rules.py) and the event it writes (obligations/states.py). The models mix these
in; `workflow.engine.perform`, called by the services, is the only caller. The methods set what
the step itself decides; what a service computed comes in through `perform(values=…)`."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE

from obligations import rules
from obligations.due import apply_due, paused_workdays_until
from obligations.states import ExtensionStatus, ObligationEvents, ObligationStatus
from workflow.engine import perform, step

S = ObligationStatus
E = ExtensionStatus
UNMET = [S.OPEN, S.PAUSED]

# The sentences a refused person reads (the engine's own is general).
OFFICE_ONLY = _("只有党务公开办公室可以批准延期")


class ObligationSteps:
    @step(
        source=[S.OPEN],
        target=RETURN_VALUE(S.MET_ON_TIME, S.MET_LATE),
        allowed=rules.reporter,
        event=ObligationEvents.MET,
        refusal=_("只有责任处室、党务公开办公室或党组审批人可以记录公开"),
    )
    def met(self, *, met_on, note=""):
        """Disclosed on met_on: on time if not after the due date, else late."""
        self.met_on = met_on
        self.met_note = note.strip()
        return S.MET_ON_TIME if met_on <= self.due_date else S.MET_LATE

    @step(
        source=[S.OPEN],
        target=S.PAUSED,
        allowed=rules.worker,
        event=ObligationEvents.PAUSED,
        refusal=_("只有责任处室或党务公开办公室可以暂停计时"),
        comment_required=True,
    )
    def pause(self, *, on):
        self.paused_since = on

    @step(
        source=[S.PAUSED],
        target=S.OPEN,
        allowed=rules.worker,
        event=ObligationEvents.RESUMED,
        refusal=_("只有责任处室或党务公开办公室可以恢复计时"),
    )
    def resume(self, *, on):
        """The due date moves by the working days the pause lasted."""
        self.paused_workdays += paused_workdays_until(self, on)
        self.paused_since = None
        apply_due(self)

    @step(
        source=UNMET,
        allowed=rules.office,
        event=ObligationEvents.EXTENDED,
        refusal=OFFICE_ONLY,
        comment_required=True,
    )
    def extend(self, *, workdays):
        self.extension_workdays += workdays
        apply_due(self)

    @step(
        source=UNMET,
        allowed=rules.worker,
        event=ObligationEvents.EXTENSION_REQUESTED,
        refusal=_("只有责任处室或党务公开办公室可以申请延期"),
        comment_required=True,
    )
    def request_extension(self, *, workdays, reason, by=None):
        return self.extension_requests.create(
            workdays=workdays,
            reason=reason.strip(),
            requested_at=timezone.now(),
            requested_by=by if getattr(by, "is_authenticated", False) else None,
        )

    @step(
        source=UNMET,
        target=S.WITHHELD,
        allowed=rules.office_or_approver,
        event=ObligationEvents.WITHHELD,
        refusal=_("只有党务公开办公室或党组审批人可以暂缓公开"),
        comment_required=True,
    )
    def withhold(self, *, reason, secret=False):
        """Cannot be disclosed now: withheld and filed with the upper level. A withholding as
        涉及党和国家秘密 keeps its reason from the unit's supervisors."""
        self.withheld_reason = reason.strip()
        self.withheld_secret = bool(secret)
        self.paused_since = None


def extend_after_approval(request, *, actor, **_step):
    """An approved request extends its obligation by the working days asked for."""
    perform(
        request.obligation, "extend", actor=actor, comment=request.reason, workdays=request.workdays
    )


class ExtensionRequestSteps:
    @step(
        source=[E.PENDING],
        target=E.APPROVED,
        allowed=rules.office,
        event=ObligationEvents.EXTENSION_DECIDED,
        refusal=OFFICE_ONLY,
        effects=[extend_after_approval],
    )
    def approve(self, *, by=None, note=""):
        self._decided(by, note)

    @step(
        source=[E.PENDING],
        target=E.REJECTED,
        allowed=rules.office,
        event=ObligationEvents.EXTENSION_DECIDED,
        refusal=OFFICE_ONLY,
    )
    def reject(self, *, by=None, note=""):
        self._decided(by, note)

    def _decided(self, by, note):
        self.decided_at = timezone.now()
        self.decided_by = by if getattr(by, "is_authenticated", False) else None
        self.decision_note = (note or "").strip()
