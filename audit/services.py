from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast
from django.utils import timezone

from audit.models import Event


def _plain(value):
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    return value


def event_record(
    *,
    target: models.Model,
    action: str,
    actor=None,
    unit=None,
    from_state: str = "",
    to_state: str = "",
    changes: dict | None = None,
    comment: str = "",
) -> Event:
    """Append one event. Call it inside the service's transaction so both commit or neither.

    `changes` maps a field name to (old, new); values are stored as JSON-friendly text.
    """
    plain_changes = {
        field: {"old": _plain(old), "new": _plain(new)}
        for field, (old, new) in (changes or {}).items()
    }
    return Event.objects.create(
        at=timezone.now(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        unit=unit,
        from_state=from_state or "",
        to_state=to_state or "",
        changes=plain_changes,
        comment=comment or "",
    )


def events_for(target: models.Model):
    return Event.objects.filter(
        target_type=target._meta.label_lower, target_id=str(target.pk)
    ).select_related("actor")


def events_about(queryset: models.QuerySet) -> Q:
    """A filter on Event for the events about every object of the queryset, as a subquery
    (target_id holds the primary key as text)."""
    return Q(
        target_type=queryset.model._meta.label_lower,
        target_id__in=queryset.annotate(
            target_text=Cast("pk", output_field=models.CharField())
        ).values("target_text"),
    )


def field_changes(instance: models.Model, new_values: dict) -> dict:
    """The (old, new) pairs of the fields that new_values would change on instance."""
    changed = {}
    for field, new in new_values.items():
        old = getattr(instance, field)
        if old != new:
            changed[field] = (old, new)
    return changed
