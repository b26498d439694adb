"""How an event reads on a screen that has no history of its own for it (the back office's audit
trail): its action by label, its states, fields and values in words, its time in the site's time
zone to the minute. Never a stored code, a raw dict or a UTC timestamp.

The event's target model is found in the app registry by its stored "app_label.model" name, so
that audit imports no app: states by the model's `status` choices, fields by their verbose names,
values by their choices. A related object is named only when it is a person or an organization
(whom the trail names anyway); anything else is shown as its kind and number, so that the trail
never tells the title of something its reader may not read."""

import datetime
import re

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.events import event_enumeration, event_label
from audit.models import Event

TIME_FORMAT = "%Y-%m-%d %H:%M"
EMPTY = "—"

# Related objects named by their name; others read as "kind #number" (see the module's docstring).
NAMED_MODELS = {
    settings.AUTH_USER_MODEL.lower(),
    "organizations.organization",
    "organizations.department",
}

# States written by events about objects that have no status field.
GENERAL_STATES = {
    "on": gettext_lazy("已启用"),
    "off": gettext_lazy("未启用"),
    "active": gettext_lazy("有效"),
    "revoked": gettext_lazy("已撤销"),
    "archived": gettext_lazy("已归档"),
}
VERSION_STATE = re.compile(r"^v(\d+)$")

# Names in `changes` that are not fields of the event's target (counts, lists, a related row).
GENERAL_FIELDS = {
    "failed_attempts": gettext_lazy("登录失败次数"),
    "unread": gettext_lazy("未读通知"),
    "reminders": gettext_lazy("提醒"),
    "items": gettext_lazy("目录事项数"),
    "categories": gettext_lazy("类别数"),
}

# A timestamp as events store it (`isoformat()`, in UTC), alone or inside a value's text.
ISO_DATETIME = re.compile(
    r"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?(?![\d:])"
)


def when(at: datetime.datetime) -> str:
    """A moment as the site's readers count time: Asia/Shanghai, to the minute."""
    return timezone.localtime(at).strftime(TIME_FORMAT)


def target_model(event: Event) -> type[models.Model] | None:
    try:
        return apps.get_model(event.target_type)
    except (LookupError, ValueError):
        return None


def _field(model, name: str):
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    # A field of the model itself, not a relation seen from the other side.
    return field if isinstance(field, models.Field) else None


def target_kind(event: Event) -> str:
    """The kind of object an event is about (公开义务, 用户), never "app.model"."""
    model = target_model(event)
    return str(model._meta.verbose_name) if model is not None else _("其他对象")


def target_text(event: Event) -> str:
    """The object: a person or an organization by name, anything else by kind and number."""
    model = target_model(event)
    if model is not None and model._meta.label_lower in NAMED_MODELS and event.target_id.isdigit():
        found = model._default_manager.filter(pk=event.target_id).first()
        if found is not None:
            return f"{model._meta.verbose_name}：{found}"
    return f"{target_kind(event)} #{event.target_id}"


def action_choice(action: str, shared: bool = False) -> str:
    """An action's label in a list of choices; with the app's name when another app's event has
    the same label (报上级备案 of a disclosure and of a catalog)."""
    label = event_label(action)
    enumeration = event_enumeration(action)
    if not shared or enumeration is None:
        return label
    config = apps.get_containing_app_config(enumeration.__module__)
    return f"{label}（{config.verbose_name}）" if config is not None else label


def state_label(event: Event, value: str) -> str:
    if not value:
        return ""
    status = _field(target_model(event), "status")
    if status is not None and status.choices:
        choices = dict(status.flatchoices)
        if value in choices:
            return str(choices[value])
    version = VERSION_STATE.match(value)
    if version:
        return _("第%(n)s版") % {"n": version.group(1)}
    if value in GENERAL_STATES:
        return str(GENERAL_STATES[value])
    return value


def states_text(event: Event) -> str:
    """ "原状态 → 新状态"; one state alone when the step kept it."""
    old, new = state_label(event, event.from_state), state_label(event, event.to_state)
    if not old and not new:
        return ""
    if old == new:
        return new
    return f"{old or EMPTY} → {new or EMPTY}"


def field_label(event: Event, name: str) -> str:
    model = target_model(event)
    field = _field(model, name)
    if field is not None:
        return str(field.verbose_name)
    if name in GENERAL_FIELDS:
        return str(GENERAL_FIELDS[name])
    if model is not None:
        # A row of the same app named by the change (a catalog version's "item", "category").
        try:
            return str(apps.get_model(model._meta.app_label, name)._meta.verbose_name)
        except LookupError:
            pass
    return name


def time_text(value: str) -> str:
    """Every stored timestamp in a text as `when` shows it; the rest of the text as it is."""

    def local(found: re.Match) -> str:
        parsed = parse_datetime(found.group(0))
        if parsed is None:
            return found.group(0)
        if timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed)
        return when(parsed)

    return ISO_DATETIME.sub(local, value) if isinstance(value, str) else value


def _related(field, value) -> str:
    related = field.related_model
    if related._meta.label_lower in NAMED_MODELS:
        found = related._default_manager.filter(pk=value).first()
        if found is not None:
            return str(found)
    return f"{related._meta.verbose_name} #{value}"


def value_text(event: Event, name: str, value) -> str:
    """A stored old or new value in words."""
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if isinstance(value, bool):
        return _("是") if value else _("否")
    field = _field(target_model(event), name)
    if field is not None:
        if field.choices:
            choices = dict(field.flatchoices)
            if value in choices:
                return str(choices[value])
        if field.is_relation and field.many_to_one and isinstance(value, (int, str)):
            if str(value).isdigit():
                return _related(field, value)
    if isinstance(value, dict):
        lines = value.get("lines")
        if isinstance(lines, list) and lines and all(isinstance(line, str) for line in lines):
            # A computed explanation (an obligation's deadline) carries its own sentences.
            return " ".join(lines)
        return "；".join(f"{key}：{value_text(event, '', item)}" for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return "、".join(value_text(event, "", item) for item in value)
    return time_text(str(value))


def changes_text(event: Event) -> list[tuple[str, str, str]]:
    """(field, old, new) in words for every change the event records."""
    return [
        (
            field_label(event, name),
            value_text(event, name, change.get("old")),
            value_text(event, name, change.get("new")),
        )
        for name, change in (event.changes or {}).items()
        if isinstance(change, dict)
    ]
