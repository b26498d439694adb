"""Deadline rules (how many working days a unit allows for a kind of item) and the due dates
computed again after a calendar change. Each change is atomic and on the record."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import event_record
from catalog.models import TimeLimit
from dwgk.refusals import BadInput, NotAllowed
from obligations import rules
from obligations.due import apply_due
from obligations.models import DeadlineRule, Obligation
from obligations.states import ObligationEvents
from organizations.models import Organization

Status = Obligation.Status

# 党务公开实施方案 二(二): the seed's rules, the most a unit may allow.
SEED_RULES: dict[tuple[str, bool], tuple[int, str]] = {
    (TimeLimit.LONG_TERM, False): (5, "事项确定或修改后"),
    (TimeLimit.PERIODIC, False): (3, "每项工作完成后"),
    (TimeLimit.PERIODIC, True): (7, "重要党务工作完成后"),
    (TimeLimit.IMMEDIATE, False): (1, "做出决定后"),
    (TimeLimit.ON_APPLICATION, False): (10, "受理申请后"),
}
# The defaults apply to every date a deadline can start on.
SEED_RULES_EFFECTIVE_FROM = datetime.date(2000, 1, 1)
SEED_RULES_REASON = "党务公开实施方案二（二）规定的时限"


def _rule_key(time_limit: str, important: bool) -> tuple[str, bool]:
    # Only periodic items distinguish important work (不超过7个工作日).
    return (time_limit, bool(important) if time_limit == TimeLimit.PERIODIC else False)


@transaction.atomic
def deadline_rules_ensure_defaults(*, unit: Organization) -> list[DeadlineRule]:
    """Create the seed's rules for a unit that has none of a kind yet; returns the rows created."""
    created = []
    existing = set(
        DeadlineRule.objects.filter(unit=unit).values_list("time_limit", "important").distinct()
    )
    for (time_limit, important), (workdays, trigger) in SEED_RULES.items():
        if (time_limit, important) in existing:
            continue
        rule = DeadlineRule.objects.create(
            unit=unit,
            time_limit=time_limit,
            important=important,
            workdays=workdays,
            trigger=trigger,
            effective_from=SEED_RULES_EFFECTIVE_FROM,
            created_at=timezone.now(),
            reason=SEED_RULES_REASON,
        )
        event_record(
            target=rule,
            action=ObligationEvents.RULE_DEFAULT_CREATED.action,
            unit=unit,
            changes={"workdays": (None, workdays)},
            comment=str(rule),
        )
        created.append(rule)
    return created


def deadline_rule_for(
    *, unit: Organization, time_limit: str, important: bool = False, on: datetime.date
) -> DeadlineRule:
    """The rule in force on a date: the latest effective_from not after it (defaults if none)."""
    time_limit, important = _rule_key(time_limit, important)
    rows = DeadlineRule.objects.filter(
        unit=unit, time_limit=time_limit, important=important, effective_from__lte=on
    ).order_by("-effective_from", "-id")
    rule = rows.first()
    if rule is None:
        deadline_rules_ensure_defaults(unit=unit)
        rule = rows.first()
    return rule


@transaction.atomic
def deadline_rule_change(
    *,
    unit: Organization,
    time_limit: str,
    important: bool = False,
    workdays: int,
    effective_from: datetime.date,
    reason: str,
    actor,
) -> DeadlineRule:
    """A new rule row from effective_from. A unit may only be stricter than the seed (fewer days)."""
    if not rules.changes_deadline_rules(actor, unit):
        raise NotAllowed(_("只有党务公开办公室或党组审批人可以调整时限"))
    if time_limit not in TimeLimit.values:
        raise BadInput(_("未知的公开时限"), field="time_limit")
    time_limit, important = _rule_key(time_limit, important)
    seed_workdays, trigger = SEED_RULES[(time_limit, important)]
    if not isinstance(workdays, int) or workdays < 1:
        raise BadInput(_("工作日数至少为1"), field="workdays")
    if workdays > seed_workdays:
        raise BadInput(
            _("单位只能从严规定时限，不得超过%(max)s个工作日") % {"max": seed_workdays},
            field="workdays",
        )
    if not reason.strip():
        raise BadInput(_("请说明调整理由"), field="reason")
    deadline_rules_ensure_defaults(unit=unit)
    before = deadline_rule_for(
        unit=unit, time_limit=time_limit, important=important, on=effective_from
    )
    rule = DeadlineRule.objects.create(
        unit=unit,
        time_limit=time_limit,
        important=important,
        workdays=workdays,
        trigger=trigger,
        effective_from=effective_from,
        created_at=timezone.now(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        reason=reason.strip(),
    )
    event_record(
        target=rule,
        action=ObligationEvents.RULE_CHANGED.action,
        actor=actor,
        unit=unit,
        changes={"workdays": (before.workdays, workdays), "effective_from": (None, effective_from)},
        comment=rule.reason,
    )
    return rule


@transaction.atomic
def obligations_recompute_for_calendar_change(*, years: set[int], actor) -> list[Obligation]:
    """After the calendar of `years` changed: compute again every unmet obligation whose counting
    passed through one of those years, or that is provisional; record each change of due date,
    provisional mark or calendar version as an event. Met and withheld obligations keep theirs.

    Not a step: the state stays and nobody decides it; the calendar's change is the cause."""
    years = {int(year) for year in years}
    touched = Q(provisional=True)
    for year in years:
        touched |= Q(trigger_date__year__lte=year, due_date__year__gte=year)
    changed = []
    rows = (
        Obligation.objects.select_for_update()
        .filter(status__in=[Status.OPEN, Status.PAUSED])
        .filter(touched)
        .order_by("pk")
    )
    for obligation in rows:
        old = (obligation.due_date, obligation.provisional, obligation.calendar_version)
        apply_due(obligation)
        new = (obligation.due_date, obligation.provisional, obligation.calendar_version)
        if new == old:
            continue
        obligation.save(
            update_fields=["due_date", "provisional", "calendar_version", "explanation"]
        )
        event_record(
            target=obligation,
            action=ObligationEvents.RECOMPUTED.action,
            actor=actor,
            unit=obligation.unit,
            changes={
                "due_date": (old[0], new[0]),
                "provisional": (old[1], new[1]),
                "calendar_version": (old[2], new[2]),
            },
            comment=_("工作日历变更（%(years)s年）后重新计算")
            % {"years": "、".join(str(y) for y in sorted(years))},
        )
        changed.append(obligation)
    return changed
