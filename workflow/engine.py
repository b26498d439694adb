"""The one workflow engine: every status change of every workflow, who may make it, what follows.

A workflow model (disclosures, progress updates, work plans, catalog versions, obligations,
extension requests, archive records …) keeps its state in a django-fsm-2 `FSMField` named `status`,
mixes in `WorkflowModel`, and declares each step once, as a method decorated with `step(...)`:

    @step(source=[Status.SUBMITTED], target=Status.REVIEWED, allowed=rules.office,
          event=Event.REVIEW)
    def review(self, *, checklist):
        self.secrecy_review = checklist

The declaration answers everything else:

- `perform(obj, "review", actor=…, checklist=…)` is the only call that changes a status. Inside
  one transaction it locks the row, refuses an unknown action or a person the rule does not allow
  (`NotAllowed`, a 403) and a wrong state or a missing comment (`BadInput`), runs the method,
  saves with the from-state in the UPDATE's WHERE (ConcurrentTransitionMixin), so that a second
  caller acting at the same moment is refused and one step leaves one event, appends the audit
  event, runs the step's declared effects and sends `transitioned` for the apps above.
- `can(user, obj, action)` and `available_actions(user, obj)` answer from the same rule and
  state; pages show exactly these buttons, and an action nobody declared is never allowed.
- Steps whose `target` is None keep the state (editing a draft, adding evidence): they are
  declared here too so that "who may" has one answer.
- `steps(Model)` lists the declarations, which the permission matrix tests enumerate.

Each app's effects on other apps are plain imports in its `effects` module: the effects of a step
on apps below it are listed in the step (`effects=[…]`); apps above listen to `transitioned` in
their own `effects` module, connected in their AppConfig.ready().
"""

import dataclasses
from collections.abc import Callable, Iterable

from django.db import models, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import (
    ConcurrentTransition,
    ConcurrentTransitionMixin,
    FSMField,
    can_proceed,
)
from django_fsm import (
    transition as fsm_transition,
)

from audit.events import EventKind, Events
from audit.services import event_record
from dwgk.refusals import BadInput, NotAllowed

# Sent inside the step's transaction after its event: sender is the model class; keyword
# arguments instance, action, actor, source, target. Apps above the workflow's app listen here.
transitioned = Signal()

StatusField = FSMField

__all__ = [
    "SYSTEM",
    "EventKind",
    "Events",
    "StatusField",
    "Step",
    "WorkflowModel",
    "available_actions",
    "can",
    "has_right",
    "perform",
    "require",
    "require_right",
    "step",
    "steps",
    "transitioned",
]

# The actor of the scheduler's steps (releases at the end of a period, overdue marks).
SYSTEM = None


class WorkflowModel(ConcurrentTransitionMixin, models.Model):
    """A model whose `status` only changes through `perform`."""

    class Meta:
        abstract = True

    @property
    def workflow_unit(self):
        """The unit the event is filed under; models without a `unit` field override this."""
        return self.unit

    def _update_initial_state(self):
        # ConcurrentTransitionMixin remembers the status each row was loaded with, for the WHERE
        # of its save. A row loaded without its status (a list reading a few columns with
        # .only()) would fetch it with a query of its own, one per row; such rows take no step
        # (`perform` loads the whole row), so they remember nothing.
        if any(f.attname in self.get_deferred_fields() for f in self.state_fields):
            self._ConcurrentTransitionMixin__initial_states = {}
            return
        super()._update_initial_state()


@dataclasses.dataclass(frozen=True)
class Step:
    """One declared action of a workflow, read from its transition method."""

    action: str
    sources: tuple
    target: object
    event: EventKind
    comment_required: bool
    allowed: Callable
    effects: tuple
    refusal: str


def step(
    *,
    source,
    allowed: Callable,
    event: EventKind,
    target=None,
    comment_required: bool = False,
    conditions: list[Callable] | None = None,
    effects: Iterable[Callable] = (),
    refusal: str = "",
):
    """Declare a method as a workflow step: django-fsm-2's `@transition` carrying the project's
    rule (`allowed(user, obj) -> bool`), its audit event, its effects and the sentence a refused
    person reads (`refusal`; a general one when empty)."""
    sources = list(source) if isinstance(source, list | tuple | set | frozenset) else [source]
    custom = {
        "event": event,
        "comment_required": comment_required,
        "allowed": allowed,
        "effects": tuple(effects),
        "refusal": refusal,
    }

    def permission(instance, user) -> bool:
        return bool(allowed(user, instance))

    return fsm_transition(
        field="status",
        source=sources,
        target=target,
        permission=permission,
        conditions=conditions or [],
        custom=custom,
    )


def steps(model: type[models.Model]) -> dict[str, Step]:
    """Every declared action of a workflow model, by name."""
    field = model._meta.get_field("status")
    found: dict[str, dict] = {}
    for transition in field.get_all_transitions(model):
        entry = found.setdefault(
            transition.name, {"custom": transition.custom, "sources": [], "target": None}
        )
        entry["sources"].append(transition.source)
        entry["target"] = transition.target
    return {
        name: Step(
            action=name,
            sources=tuple(entry["sources"]),
            target=entry["target"],
            event=entry["custom"]["event"],
            comment_required=entry["custom"]["comment_required"],
            allowed=entry["custom"]["allowed"],
            effects=entry["custom"]["effects"],
            refusal=entry["custom"]["refusal"],
        )
        for name, entry in found.items()
    }


def has_right(user, obj, action: str) -> bool:
    """Whether the rule of `action` allows this person, whatever the state (403 when not).
    An action nobody declared is never allowed."""
    declared = steps(type(obj)).get(action)
    return declared is not None and bool(declared.allowed(user, obj))


def require_right(user, obj, action: str) -> None:
    """Refuse (403) someone the rule of `action` does not allow, before a service checks input
    that only that person may send."""
    declared = steps(type(obj)).get(action)
    if declared is None:
        raise NotAllowed(_("无此操作"))
    if not declared.allowed(user, obj):
        raise NotAllowed(declared.refusal or _("无权进行此操作"))


def can(user, obj, action: str) -> bool:
    """Whether this person may take this step now: declared, allowed, from this state."""
    declared = steps(type(obj)).get(action)
    if declared is None or not declared.allowed(user, obj):
        return False
    return can_proceed(getattr(obj, action))


def available_actions(user, obj) -> set[str]:
    """The steps this person may take now; pages show these buttons only."""
    return {t.name for t in obj.get_available_user_status_transitions(user)}


def require(user, obj, action: str) -> None:
    """Refuse as `perform` would, for a declared step that makes something else rather than
    changing this object (adding a file, evidence or a progress update to a disclosure): the
    caller records its own event about what it made."""
    require_right(user, obj, action)
    if not can_proceed(getattr(obj, action)):
        raise BadInput(
            _("当前状态“%(state)s”下不能进行此操作") % {"state": obj.get_status_display()}
        )


def _field_values(obj) -> dict:
    return {f.name: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


@transaction.atomic
def perform(
    obj,
    action: str,
    *,
    actor,
    comment: str = "",
    values: dict | None = None,
    changes: dict | None = None,
    check: Callable | None = None,
    **arguments,
):
    """Take one declared step; returns the stored object after it. See the module's docstring.

    `values` are fields the service computed for this step (dates, reasons); `changes` adds what
    the row's fields do not show (related lists, as field → (old, new)); `arguments` go to the
    step's method; `check(locked)` may refuse on the locked row (a stale revision)."""
    model = type(obj)
    declared = steps(model).get(action)
    if declared is None:
        raise NotAllowed(_("无此操作"))
    locked = model.objects.select_for_update().get(pk=obj.pk)
    if not declared.allowed(actor, locked):
        raise NotAllowed(declared.refusal or _("无权进行此操作"))
    if check is not None:
        check(locked)
    bound = getattr(locked, action)
    if not can_proceed(bound):
        raise BadInput(
            _("当前状态“%(state)s”下不能进行此操作") % {"state": locked.get_status_display()}
        )
    if declared.comment_required and not (comment or "").strip():
        raise BadInput(_("请填写意见或理由"), field="comment")
    before = _field_values(locked)
    source = locked.status
    result = bound(**arguments)
    for name, value in (values or {}).items():
        setattr(locked, name, value)
    if hasattr(locked, "revision"):
        locked.revision += 1
    if any(f.name == "updated_at" for f in model._meta.concrete_fields):
        locked.updated_at = timezone.now()
    try:
        locked.save()
    except ConcurrentTransition as error:
        raise BadInput(_("此事项刚被他人处理，请刷新后再试")) from error
    after = _field_values(locked)
    unchanged = {"status", "revision", "updated_at"}
    changes = {
        **{
            name: (before[name], after[name])
            for name in after
            if name not in unchanged and before[name] != after[name]
        },
        **(changes or {}),
    }
    event_record(
        target=locked,
        action=declared.event.action,
        actor=actor,
        unit=locked.workflow_unit,
        from_state=source,
        to_state=locked.status,
        changes=changes,
        comment=comment,
    )
    for effect in declared.effects:
        effect(locked, actor=actor, source=source, result=result)
    transitioned.send(
        sender=model,
        instance=locked,
        action=action,
        actor=actor,
        source=source,
        target=locked.status,
    )
    return locked
