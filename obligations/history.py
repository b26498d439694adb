"""The 办理记录 of an obligation as its page shows it: the obligation's events and those of its
extension requests, each in words — the event's label from `ObligationEvents`, the states and the
chosen values by their labels, the fields by their names, the time in Asia/Shanghai
(2026-12-01 15:09) — never an action code or a stored value.

A withholding as 涉及党和国家秘密 keeps its reason from the unit's supervisors: its comment and
fields read as hidden for them (`withholding_reason_visible`)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Event
from audit.services import events_about
from obligations.models import ExtensionRequest, Obligation
from obligations.states import ObligationEvents

# Fields the history leaves out: the computation's internals, and what the row already says
# (who decided and when, the decision's note as the comment).
HIDDEN_FIELDS = {"explanation", "calendar_version", "decided_at", "decided_by", "decision_note"}
SECRET_ACTIONS = {ObligationEvents.WITHHELD.action}
MODELS = {model._meta.label_lower: model for model in (Obligation, ExtensionRequest)}


@dataclass(frozen=True)
class HistoryRow:
    at: str
    action: str
    label: str
    actor: str
    states: str = ""
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    comment: str = ""


def shanghai_time(value: datetime.datetime) -> str:
    return timezone.localtime(value, timezone.get_default_timezone()).strftime("%Y-%m-%d %H:%M")


def _model_field(model, name: str):
    try:
        return model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - a field renamed since the event was written keeps its name
        return None


def _state_label(model, value: str) -> str:
    try:
        return str(model.Status(value).label)
    except ValueError:
        return value


def _value_label(model_field, value) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    choices = dict(model_field.flatchoices) if model_field is not None else {}
    if isinstance(value, str) and value in choices:
        return str(choices[value])
    return str(value)


def _changes(model, event: Event) -> list[tuple[str, str, str]]:
    rows = []
    for name, change in (event.changes or {}).items():
        model_field = _model_field(model, name)
        if not isinstance(change, dict) or (model_field and model_field.name in HIDDEN_FIELDS):
            continue
        label = str(model_field.verbose_name) if model_field is not None else name
        rows.append(
            (
                label,
                _value_label(model_field, change.get("old")),
                _value_label(model_field, change.get("new")),
            )
        )
    return rows


def event_row(event: Event, *, hide_secret: bool = False) -> HistoryRow:
    model = MODELS.get(event.target_type, Obligation)
    kind = ObligationEvents.by_action().get(event.action)
    states = ""
    if event.to_state and event.from_state != event.to_state:
        states = _state_label(model, event.to_state)
        if event.from_state:
            states = f"{_state_label(model, event.from_state)} → {states}"
    changes, comment = _changes(model, event), event.comment
    if hide_secret and event.action in SECRET_ACTIONS:
        changes, comment = [], _("（涉及党和国家秘密，理由不向监督员显示）")
    return HistoryRow(
        at=shanghai_time(event.at),
        action=event.action,
        label=str(kind.label) if kind else _("其他操作"),
        actor=event.actor.display_name if event.actor_id else _("系统"),
        states=states,
        changes=changes,
        comment=comment,
    )


def history_rows(obligation: Obligation, *, hide_secret: bool = False) -> list[HistoryRow]:
    """The obligation's events and its extension requests', oldest first."""
    events = (
        Event.objects.filter(
            Q(target_type=Obligation._meta.label_lower, target_id=str(obligation.pk))
            | events_about(ExtensionRequest.objects.filter(obligation=obligation))
        )
        .select_related("actor")
        .order_by("at", "pk")
    )
    return [event_row(event, hide_secret=hide_secret) for event in events]
