"""The two histories of a disclosure (办理记录) and the one rule every channel uses to show them.

Those who work on a disclosure (its department's drafters, the office, the approvers, the unit's
supervisors and the upper level's office) read the full record: who did what, the states, the
changed fields, the comments. Everybody else who may read the disclosure reads its public history
only: that it was published, released to the public, widened, updated, retracted or archived —
the date and a plain sentence, never a name, a comment, an earlier text or anything about drafts,
returns, withholdings, unpublished updates or evidence.

A supervisor watches the unit but is not told what a withholding as 涉及党和国家秘密 hides: the
reasons and fields of the withholding and its filing stay blank for her.

The history page, the archive and the back office's audit trail all go through `history_rows`,
`event_row` and `disclosure_event_condition`, so that the same event reads the same everywhere."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.models import Event
from audit.services import events_about
from catalog.models import Scope, scope_rank
from disclosures.models import Disclosure, DisclosureUpdate
from disclosures.selectors import (
    can_work_on,
    disclosure_visibility,
    sees_secret_withholdings,
    staff_condition,
)
from disclosures.services.common import SECRECY_CHECKLIST
from disclosures.states import DisclosureEvents, UpdateEvents

DISCLOSURE_TYPE = "disclosures.disclosure"
UPDATE_TYPE = "disclosures.disclosureupdate"
HISTORY_TYPES = (DISCLOSURE_TYPE, UPDATE_TYPE)

Status = Disclosure.Status
PUBLISHED_STATES = (Status.INTERNAL, Status.PUBLIC)

E = DisclosureEvents
# What a reader outside the work may learn: the steps that changed who can read it.
PUBLIC_ACTIONS = tuple(kind.action for kind in (*E.all(), *UpdateEvents.all()) if kind.public)

# The steps whose reasons a secret withholding hides from supervisors.
WITHHOLDING_ACTIONS = tuple(k.action for k in (E.WITHHOLD, E.FILE, E.ACKNOWLEDGE, E.RESUME))

ACTION_LABELS = {kind.action: kind.label for kind in (*E.all(), *UpdateEvents.all())}

FIELD_LABELS = {
    "attachment": gettext_lazy("附件"),
    "evidence": gettext_lazy("公开凭证"),
    "audience": gettext_lazy("公开范围（指定）"),
}


@dataclass(frozen=True)
class HistoryRow:
    """One line of a history as the reader may see it. `full` rows carry the working details."""

    at: datetime.datetime
    action: str
    sentence: str
    full: bool = False
    actor: str = ""
    states: str = ""
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    comment: str = ""


def full_history_allowed(user, disclosure: Disclosure) -> bool:
    """The full 办理记录 is for those who work on the disclosure (supervisors included)."""
    return can_work_on(user, disclosure)


def _widened(event: Event) -> bool:
    scope = (event.changes or {}).get("scope") or {}
    old, new = scope.get("old"), scope.get("new")
    return old in Scope.values and new in Scope.values and scope_rank(new) > scope_rank(old)


def public_sentence(event: Event) -> str | None:
    """The plain sentence a reader outside the work reads for this event, or None if nothing."""
    action = event.action
    if action == E.PUBLISH.action:
        if event.to_state == Status.PUBLIC:
            return _("向社会公开")
        return _("在党内公开")
    if action == E.RELEASE.action:
        return _("党内公开期满，转为社会公开")
    if action == E.SCOPE_CHANGE.action:
        if event.from_state not in PUBLISHED_STATES or not _widened(event):
            return None
        new = event.changes["scope"]["new"]
        return _("公开范围扩大为%(scope)s公开") % {"scope": Scope(new).label}
    if action == E.RETRACT.action:
        return _("撤回公开")
    if action == E.ARCHIVE.action:
        return _("归档")
    if action == UpdateEvents.PUBLISH.action:
        return _("发布进展情况")
    return None


def _state_label(event: Event, value: str) -> str:
    choices = DisclosureUpdate.Status if event.target_type == UPDATE_TYPE else Status
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _field_label(event: Event, name: str) -> str:
    if name in FIELD_LABELS:
        return str(FIELD_LABELS[name])
    model = DisclosureUpdate if event.target_type == UPDATE_TYPE else Disclosure
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - a field renamed since the event was written keeps its name
        return name


def _value_label(event: Event, name: str, value) -> str:
    if value in (None, ""):
        return "—"
    model = DisclosureUpdate if event.target_type == UPDATE_TYPE else Disclosure
    try:
        choices = dict(model._meta.get_field(name).flatchoices)
    except Exception:  # noqa: BLE001 - see _field_label
        choices = {}
    if isinstance(value, str) and value in choices:
        return str(choices[value])
    if name == "secrecy_review" and isinstance(value, dict):
        return _secrecy_review_text(value)
    if isinstance(value, dict | list):
        return "；".join(
            str(part) for part in (value.values() if isinstance(value, dict) else value)
        )
    return str(value)


def _secrecy_review_text(review: dict) -> str:
    """The secrecy review in words: who confirmed which questions, never the stored keys."""
    questions = dict(SECRECY_CHECKLIST)
    confirmed = [str(questions.get(key, key)) for key in review.get("confirmed") or ()]
    text = _("逐项确认：%(items)s") % {"items": "、".join(confirmed)} if confirmed else ""
    if review.get("by"):
        text = _("%(by)s %(text)s") % {"by": review["by"], "text": text}
    return text.strip() or "—"


def event_row(event: Event, *, full: bool, hide_secret: bool = False) -> HistoryRow | None:
    """The row a reader sees for one event: None when the event is not theirs to see at all."""
    if not full:
        sentence = public_sentence(event)
        if sentence is None:
            return None
        return HistoryRow(at=event.at, action=event.action, sentence=sentence)
    label = str(ACTION_LABELS.get(event.action, _("其他操作")))
    states = ""
    if event.from_state or event.to_state:
        if event.from_state != event.to_state:
            states = f"{_state_label(event, event.from_state) if event.from_state else '—'} → {_state_label(event, event.to_state)}"
    if hide_secret and event.action in WITHHOLDING_ACTIONS:
        changes, comment = [], _("（涉及党和国家秘密，理由不向监督员显示）")
    else:
        changes = [
            (
                _field_label(event, name),
                _value_label(event, name, change.get("old")),
                _value_label(event, name, change.get("new")),
            )
            for name, change in (event.changes or {}).items()
            if isinstance(change, dict)
        ]
        comment = event.comment
    return HistoryRow(
        at=event.at,
        action=event.action,
        sentence=label,
        full=True,
        actor=_actor_name(event),
        states=states,
        changes=changes,
        comment=comment,
    )


def _actor_name(event: Event) -> str:
    return event.actor.display_name if event.actor_id else _("系统")


def disclosure_events(disclosure: Disclosure) -> QuerySet[Event]:
    """Every event of the disclosure and of its progress updates, oldest first."""
    update_ids = [str(pk) for pk in disclosure.updates.values_list("pk", flat=True)]
    condition = Q(target_type=DISCLOSURE_TYPE, target_id=str(disclosure.pk))
    if update_ids:
        condition |= Q(target_type=UPDATE_TYPE, target_id__in=update_ids)
    return Event.objects.filter(condition).select_related("actor").order_by("at", "id")


def had_secret_withholding(events) -> bool:
    return any(
        e.action == E.WITHHOLD.action
        and ((e.changes or {}).get("withholding") or {}).get("new") == Disclosure.Withholding.SECRET
        for e in events
    )


def _reading(user, disclosure: Disclosure, events) -> tuple[bool, bool]:
    """Whether this user reads the full history, and whether a secret withholding's reasons are
    kept from them (a supervisor's view of a disclosure once withheld as a secret)."""
    full = full_history_allowed(user, disclosure)
    hide_secret = (
        full and not sees_secret_withholdings(user, disclosure) and had_secret_withholding(events)
    )
    return full, hide_secret


def history_rows(user, disclosure: Disclosure) -> list[HistoryRow]:
    """The disclosure's history as this reader may read it (the caller has checked they may
    read the disclosure at all, e.g. with `disclosure_for_reader`)."""
    events = list(disclosure_events(disclosure))
    full, hide_secret = _reading(user, disclosure, events)
    rows = (event_row(e, full=full, hide_secret=hide_secret) for e in events)
    return [row for row in rows if row is not None]


# --- the audit trail --------------------------------------------------------------------------


def _events_of(disclosures: QuerySet) -> Q:
    """Every event of these disclosures and of their progress updates."""
    return events_about(disclosures) | events_about(
        DisclosureUpdate.objects.filter(disclosure__in=disclosures)
    )


def _public_event_condition() -> Q:
    """Events that have a public sentence, as SQL (mirrors `public_sentence`)."""
    widened = Q(pk__in=[])
    for old in Scope.values:
        for new in Scope.values:
            if scope_rank(new) > scope_rank(old):
                widened |= Q(changes__scope__old=old, changes__scope__new=new)
    return Q(action__in=[a for a in PUBLIC_ACTIONS if a != E.SCOPE_CHANGE.action]) | (
        Q(action=E.SCOPE_CHANGE.action, from_state__in=PUBLISHED_STATES) & widened
    )


def disclosure_event_condition(user) -> Q:
    """Events about disclosures and progress updates this user may see, as a filter on Event:
    every event of a disclosure they work on; the public steps of one they only read.
    Events about anything else are not matched."""
    if getattr(user, "is_superuser", False):
        return Q(target_type__in=HISTORY_TYPES)
    worked = Disclosure.objects.filter(staff_condition(user))
    read = Disclosure.objects.filter(disclosure_visibility(user))
    published_updates = DisclosureUpdate.objects.filter(
        disclosure__in=read, status=DisclosureUpdate.Status.PUBLISHED
    )
    return _events_of(worked) | (
        _public_event_condition() & (events_about(read) | events_about(published_updates))
    )


def disclosure_full_event_condition(user) -> Q:
    """Events whose comments and fields this user reads in full — the ones the audit trail's
    search box may look into. Supervisors' disclosures are left out: a secret withholding's
    reason must not be found by searching for it."""
    if getattr(user, "is_superuser", False):
        return Q(target_type__in=HISTORY_TYPES)
    return _events_of(Disclosure.objects.filter(staff_condition(user, supervising=False)))


class AuditRowReader:
    """Reads audit-trail rows of disclosures for one user, remembering per disclosure whether
    they work on it, so that a page of 100 events costs a few queries, not hundreds."""

    def __init__(self, user):
        self.user = user
        self._disclosures: dict[str, tuple[bool, bool]] = {}

    def _disclosure_id(self, event: Event) -> str | None:
        if event.target_type == DISCLOSURE_TYPE:
            return event.target_id
        update = DisclosureUpdate.objects.filter(pk=event.target_id).values("disclosure_id")
        first = update.first()
        return str(first["disclosure_id"]) if first else None

    def _rights(self, disclosure_id: str) -> tuple[bool, bool]:
        if disclosure_id not in self._disclosures:
            disclosure = Disclosure.objects.filter(pk=disclosure_id).first()
            if disclosure is None or getattr(self.user, "is_superuser", False):
                self._disclosures[disclosure_id] = (True, False)
            else:
                self._disclosures[disclosure_id] = _reading(
                    self.user, disclosure, disclosure_events(disclosure)
                )
        return self._disclosures[disclosure_id]

    def row(self, event: Event) -> HistoryRow | None:
        disclosure_id = self._disclosure_id(event)
        full, hide = self._rights(disclosure_id) if disclosure_id else (True, False)
        return event_row(event, full=full, hide_secret=hide)
