"""The kinds of event the audit log holds. Each app names its events once, in an enumeration
(`class DisclosureEvents(Events)`), with a Chinese label and whether the event belongs to the
public history; services record them by `Kind.action`, and every screen that shows an event (the
histories, the audit trail) reads its label from here, so that no stored code reaches a reader."""

import dataclasses

from django.utils.translation import gettext_lazy as _


@dataclasses.dataclass(frozen=True)
class EventKind:
    """One kind of event a workflow writes: its stored action, its Chinese label, and whether it
    belongs to the public history (the steps that changed who can read something)."""

    action: str
    label: str
    public: bool = False

    def __str__(self) -> str:
        return self.action


class Events:
    """Base of each workflow's enumeration of its events: `NAME = EventKind("app.verb", _("…"))`.
    No free strings: services, the history and the audit trail name events through these."""

    @classmethod
    def all(cls) -> list[EventKind]:
        return [value for value in vars(cls).values() if isinstance(value, EventKind)]

    @classmethod
    def by_action(cls) -> dict[str, EventKind]:
        return {kind.action: kind for kind in cls.all()}


def _enumerations(base=Events):
    for subclass in base.__subclasses__():
        yield subclass
        yield from _enumerations(subclass)


def event_kind(action: str) -> EventKind | None:
    """The declared kind of a stored action, from every app's enumeration (they are imported
    with their app's models)."""
    for enumeration in _enumerations():
        kind = enumeration.by_action().get(action)
        if kind is not None:
            return kind
    return None


def event_label(action: str) -> str:
    """The Chinese label of a stored action; a general one for an action no enumeration names."""
    kind = event_kind(action)
    return str(kind.label) if kind is not None else str(_("其他操作"))


def event_enumeration(action: str) -> type[Events] | None:
    """The enumeration that declares a stored action (to tell apart two apps' events that share a
    label, e.g. 报上级备案 of a disclosure and of a catalog)."""
    for enumeration in _enumerations():
        if action in enumeration.by_action():
            return enumeration
    return None


def actions_labelled(text: str) -> list[str]:
    """The stored actions whose label contains this text (a search for 登录失败 finds
    user.login_failed)."""
    text = (text or "").strip()
    if not text:
        return []
    return sorted(
        kind.action
        for enumeration in _enumerations()
        for kind in enumeration.all()
        if text in str(kind.label)
    )
