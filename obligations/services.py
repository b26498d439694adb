"""Deadline rules and obligations: every change goes through here (atomic, on the record).

Due dates. An obligation is due on the N-th working day strictly after its trigger date, where
N = rule workdays + approved extension workdays + paused workdays (see `obligation_resume`), all
counted on the official calendar by `workdays.calendar.add_workdays`. The obligation stores the
date, whether it is provisional, the calendar version used and the explanation; when the calendar
changes, `obligations_recompute_for_calendar_change` computes the dates again and records each change.
"""

import datetime
import json
import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import event_record
from catalog.models import Cadence, CatalogVersion, Item, TimeLimit
from obligations.models import (
    CadenceSetting,
    DeadlineRule,
    ExtensionRequest,
    FeedToken,
    Obligation,
)
from organizations.models import Department, Organization
from organizations.permissions import (
    drafter_department_ids,
    is_approver,
    is_office,
    units_administered_by,
)

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

MAX_EXTENSION_WORKDAYS = 30


# -- permission predicates (also used by the views to decide which forms to show) -------------


def _system(actor) -> bool:
    """No actor: the system itself (demo, commands, another app's workflow acting for the office)."""
    return actor is None or getattr(actor, "is_superuser", False)


def can_work_on(actor, obligation: Obligation) -> bool:
    """The responsible departments' drafters and the unit's office."""
    if _system(actor) or is_office(actor, obligation.unit):
        return True
    mine = drafter_department_ids(actor, obligation.unit)
    return bool(mine) and obligation.departments.filter(pk__in=mine).exists()


def can_mark_met(actor, obligation: Obligation) -> bool:
    return can_work_on(actor, obligation) or is_approver(actor, obligation.unit)


def can_manage(actor, unit: Organization) -> bool:
    """The office decides on extensions and filings (党务公开工作办公室)."""
    return _system(actor) or is_office(actor, unit)


def can_record_for_item(actor, item: Item) -> bool:
    unit = item.version.unit
    if _system(actor) or is_office(actor, unit):
        return True
    mine = drafter_department_ids(actor, unit)
    return bool(mine) and item.departments.filter(pk__in=mine).exists()


def _deny(message: str):
    raise PermissionDenied(message)


def _require(condition: bool) -> None:
    if not condition:
        _deny(_("您没有办理此事项的权限"))


# -- rules ------------------------------------------------------------------------------------


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
            action="obligations.rule_default_created",
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
    if not (_system(actor) or is_office(actor, unit) or is_approver(actor, unit)):
        _deny(_("只有党务公开办公室或党组审批人可以调整时限"))
    if time_limit not in TimeLimit.values:
        raise ValidationError(_("未知的公开时限"))
    time_limit, important = _rule_key(time_limit, important)
    seed_workdays, trigger = SEED_RULES[(time_limit, important)]
    if not isinstance(workdays, int) or workdays < 1:
        raise ValidationError(_("工作日数至少为1"))
    if workdays > seed_workdays:
        raise ValidationError(
            _("单位只能从严规定时限，不得超过%(max)s个工作日") % {"max": seed_workdays}
        )
    if not reason.strip():
        raise ValidationError(_("请说明调整理由"))
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
        action="obligations.rule_changed",
        actor=actor,
        unit=unit,
        changes={"workdays": (before.workdays, workdays), "effective_from": (None, effective_from)},
        comment=rule.reason,
    )
    return rule


# -- due dates --------------------------------------------------------------------------------


def _json_safe(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def obligation_total_workdays(obligation: Obligation) -> int:
    return obligation.workdays + obligation.extension_workdays + obligation.paused_workdays


def _apply_due(obligation: Obligation) -> None:
    """Compute the due date and its explanation on the instance (the caller saves)."""
    from workdays.calendar import add_workdays

    due = add_workdays(obligation.trigger_date, obligation_total_workdays(obligation))
    obligation.due_date = due.due
    obligation.provisional = due.provisional
    obligation.calendar_version = json.dumps(due.calendar_version, sort_keys=True)
    obligation.explanation = _json_safe(
        {
            **due.as_dict(),
            "rule_workdays": obligation.workdays,
            "extension_workdays": obligation.extension_workdays,
            "paused_workdays": obligation.paused_workdays,
            "lines": due.explain(),
        }
    )


# -- cadence ----------------------------------------------------------------------------------


def item_cadence(item: Item) -> str:
    """The cadence of a 定期 item: the department's latest setting, else the catalog's."""
    setting = (
        CadenceSetting.objects.filter(unit_id=item.version.unit_id, item_lineage=item.lineage)
        .order_by("-set_at", "-id")
        .first()
    )
    return setting.cadence if setting else (item.cadence or Cadence.PER_ROUND)


@transaction.atomic
def item_cadence_set(*, item: Item, cadence: str, actor) -> CadenceSetting:
    """The department (or the office) says how often a round of this periodic item completes."""
    _require(can_record_for_item(actor, item))
    if item.time_limit != TimeLimit.PERIODIC:
        raise ValidationError(_("只有定期公开事项有公开周期"))
    if cadence not in Cadence.values:
        raise ValidationError(_("未知的公开周期"))
    old = item_cadence(item)
    setting = CadenceSetting.objects.create(
        unit=item.version.unit,
        item_lineage=item.lineage,
        cadence=cadence,
        set_at=timezone.now(),
        set_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    event_record(
        target=item,
        action="obligations.cadence_set",
        actor=actor,
        unit=item.version.unit,
        changes={"cadence": (old, cadence)},
        comment=str(item),
    )
    return setting


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    first: datetime.date
    last: datetime.date


def _month_last(year: int, month: int) -> datetime.date:
    if month == 12:
        return datetime.date(year, 12, 31)
    return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)


def periods(cadence: str, start: datetime.date, until: datetime.date) -> list[Period]:
    """The completed periods of a cadence: each one ending on or after start and not after until."""
    months = {
        Cadence.MONTHLY: 1,
        Cadence.QUARTERLY: 3,
        Cadence.HALF_YEARLY: 6,
        Cadence.YEARLY: 12,
    }.get(cadence)
    if months is None:
        return []
    out = []
    year, month = start.year, ((start.month - 1) // months) * months + 1
    while True:
        first = datetime.date(year, month, 1)
        end_month = month + months - 1
        last = _month_last(year, end_month)
        if last > until:
            break
        if cadence == Cadence.MONTHLY:
            key, label = f"{year}-{month:02d}", f"{year}年{month}月"
        elif cadence == Cadence.QUARTERLY:
            quarter = (month - 1) // 3 + 1
            key, label = f"{year}-Q{quarter}", f"{year}年第{quarter}季度"
        elif cadence == Cadence.HALF_YEARLY:
            half = 1 if month == 1 else 2
            key, label = f"{year}-H{half}", f"{year}年{'上' if half == 1 else '下'}半年"
        else:
            key, label = f"{year}", f"{year}年度"
        if last >= start:
            out.append(Period(key, label, first, last))
        month += months
        if month > 12:
            year, month = year + 1, 1
    return out


# -- creating obligations ---------------------------------------------------------------------


def _obligation_create(
    *,
    item: Item,
    round_key: str,
    title: str,
    trigger: str,
    trigger_date: datetime.date,
    actor,
    comment: str = "",
) -> tuple[Obligation, bool]:
    """One obligation per (unit, item lineage, round key); a second call returns the first."""
    unit = item.version.unit
    existing = Obligation.objects.filter(
        unit=unit, item_lineage=item.lineage, round_key=round_key
    ).first()
    if existing is not None:
        return existing, False
    rule = deadline_rule_for(
        unit=unit, time_limit=item.time_limit, important=item.important, on=trigger_date
    )
    obligation = Obligation(
        unit=unit,
        item=item,
        item_lineage=item.lineage,
        title=title[:200],
        round_key=round_key,
        trigger=trigger,
        trigger_date=trigger_date,
        workdays=rule.workdays,
        rule=rule,
        created_at=timezone.now(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _apply_due(obligation)
    try:
        # A concurrent run may have created the same round a moment ago: the unique key decides.
        with transaction.atomic():
            obligation.save()
    except IntegrityError:
        return (
            Obligation.objects.get(unit=unit, item_lineage=item.lineage, round_key=round_key),
            False,
        )
    obligation.departments.set(item.departments.all())
    event_record(
        target=obligation,
        action="obligations.created",
        actor=actor,
        unit=unit,
        to_state=obligation.status,
        changes={"due_date": (None, obligation.due_date)},
        comment=comment or f"{obligation.get_trigger_display()} {trigger_date}",
    )
    return obligation, True


def _free_round_key(item: Item, prefix: str) -> str:
    taken = set(
        Obligation.objects.filter(
            unit_id=item.version.unit_id,
            item_lineage=item.lineage,
            round_key__startswith=prefix,
        ).values_list("round_key", flat=True)
    )
    if prefix not in taken:
        return prefix
    number = 2
    while f"{prefix}-{number}" in taken:
        number += 1
    return f"{prefix}-{number}"


@transaction.atomic
def obligations_generate(
    *,
    unit: Organization,
    until: datetime.date,
    actor=None,
    start: datetime.date | None = None,
) -> list[Obligation]:
    """Create the obligations the catalog in force implies, up to `until`; idempotent.

    定期 items with a calendar cadence: one per completed period (trigger = the period's last day)
    from `start` (default: the catalog's effective date). 长期 items: one when decided (trigger =
    the catalog version's effective date). 定期 per-round and 及时 items get theirs when a round or
    a decision is recorded; 依申请 ones come from applications.
    """
    from catalog.selectors import catalog_in_force, items_in_force

    version = catalog_in_force(unit, until)
    if version is None:
        return []
    deadline_rules_ensure_defaults(unit=unit)
    start = start or version.effective_from
    created = []
    for item in items_in_force(unit, until):
        if item.time_limit == TimeLimit.LONG_TERM:
            obligation, new = _obligation_create(
                item=item,
                round_key=f"decided-{version.number}",
                title=f"{item.content}（第{version.number}版目录确定）",
                trigger=Obligation.Trigger.DECIDED,
                trigger_date=version.effective_from,
                actor=actor,
            )
            if new:
                created.append(obligation)
        elif item.time_limit == TimeLimit.PERIODIC:
            for period in periods(item_cadence(item), start, until):
                obligation, new = _obligation_create(
                    item=item,
                    round_key=period.key,
                    title=f"{item.content}（{period.label}）",
                    trigger=Obligation.Trigger.ROUND_COMPLETED,
                    trigger_date=period.last,
                    actor=actor,
                )
                if new:
                    created.append(obligation)
    return created


def _check_item_recordable(item: Item, on: datetime.date) -> None:
    status = CatalogVersion.objects.filter(pk=item.version_id).values_list("status", flat=True)
    if status.first() in (None, CatalogVersion.Status.DRAFT):
        raise ValidationError(_("草稿目录的事项不产生公开义务"))
    if on > timezone.localdate():
        raise ValidationError(_("日期不能晚于今天"))


@transaction.atomic
def obligation_record_decision(
    *, item: Item, decided_on: datetime.date, actor, title: str
) -> Obligation:
    """A decision on a 及时 item (做出决定): disclose within the rule's working days."""
    _require(can_record_for_item(actor, item))
    if item.time_limit != TimeLimit.IMMEDIATE:
        raise ValidationError(_("只有及时公开事项按决定记录"))
    _check_item_recordable(item, decided_on)
    if not title.strip():
        raise ValidationError(_("请填写决定事项名称"))
    obligation, _new = _obligation_create(
        item=item,
        round_key=_free_round_key(item, f"decision-{decided_on.isoformat()}"),
        title=title.strip(),
        trigger=Obligation.Trigger.DECISION,
        trigger_date=decided_on,
        actor=actor,
    )
    return obligation


@transaction.atomic
def obligation_record_round(
    *, item: Item, completed_on: datetime.date, actor, note: str = ""
) -> Obligation:
    """A round of a per-round 定期 item completed."""
    _require(can_record_for_item(actor, item))
    if item.time_limit != TimeLimit.PERIODIC or item_cadence(item) != Cadence.PER_ROUND:
        raise ValidationError(_("只有按轮次公开的定期事项记录工作完成"))
    _check_item_recordable(item, completed_on)
    obligation, _new = _obligation_create(
        item=item,
        round_key=_free_round_key(item, f"round-{completed_on.isoformat()}"),
        title=f"{item.content}（{completed_on}完成的一轮工作）",
        trigger=Obligation.Trigger.ROUND_COMPLETED,
        trigger_date=completed_on,
        actor=actor,
        comment=note,
    )
    return obligation


@transaction.atomic
def obligation_record_change(
    *, item: Item, changed_on: datetime.date, actor, note: str = ""
) -> Obligation:
    """A 长期 item (a rule, a structure, a division of duties) was changed."""
    _require(can_record_for_item(actor, item))
    if item.time_limit != TimeLimit.LONG_TERM:
        raise ValidationError(_("只有长期公开事项记录修改"))
    _check_item_recordable(item, changed_on)
    obligation, _new = _obligation_create(
        item=item,
        round_key=_free_round_key(item, f"changed-{changed_on.isoformat()}"),
        title=f"{item.content}（{changed_on}修改）",
        trigger=Obligation.Trigger.CHANGED,
        trigger_date=changed_on,
        actor=actor,
        comment=note,
    )
    return obligation


# -- status changes ---------------------------------------------------------------------------


def _locked(obligation: Obligation) -> Obligation:
    return Obligation.objects.select_for_update().get(pk=obligation.pk)


def _check_transition(obligation: Obligation, to_status: str) -> str:
    from_status = obligation.status
    if to_status not in Obligation.TRANSITIONS[Status(from_status)]:
        raise ValidationError(
            _("公开义务不能从“%(from)s”变为“%(to)s”")
            % {"from": obligation.get_status_display(), "to": Status(to_status).label}
        )
    return from_status


def _copy_back(target: Obligation, source: Obligation) -> Obligation:
    """Let the caller's instance see the new state."""
    for field in source._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    return target


@transaction.atomic
def obligation_mark_met(
    *,
    obligation: Obligation,
    met_on: datetime.date,
    actor,
    note: str = "",
    disclosure=None,
) -> Obligation:
    """Disclosed on met_on: on time if not after the due date, else late. A paused obligation is
    resumed on met_on first (both steps are on the record)."""
    _require(can_mark_met(actor, obligation))
    current = _locked(obligation)
    if met_on > timezone.localdate():
        raise ValidationError(_("公开日期不能晚于今天"))
    if met_on < current.trigger_date:
        raise ValidationError(_("公开日期不能早于起算日期"))
    if current.status == Status.PAUSED:
        current = _resume(current, actor=actor, on=max(met_on, current.paused_since))
    to_status = Status.MET_ON_TIME if met_on <= current.due_date else Status.MET_LATE
    from_status = _check_transition(current, to_status)
    current.status = to_status
    current.met_on = met_on
    current.met_note = note.strip()
    current.save(update_fields=["status", "met_on", "met_note"])
    comment = note.strip()
    if disclosure is not None:
        comment = f"{comment}（公开记录 #{disclosure.pk}）".strip()
    event_record(
        target=current,
        action="obligations.met",
        actor=actor,
        unit=current.unit,
        from_state=from_status,
        to_state=to_status,
        changes={"met_on": (None, met_on), "due_date": (current.due_date, current.due_date)},
        comment=comment,
    )
    return _copy_back(obligation, current)


@transaction.atomic
def obligation_withhold(
    *, obligation: Obligation, actor, reason: str, secret: bool = False
) -> Obligation:
    """Cannot be disclosed now (涉密、暂不宜公开): withheld and filed with the upper level.
    `secret` marks a withholding as 涉及党和国家秘密, whose reason supervisors do not read."""
    _require(can_manage(actor, obligation.unit) or is_approver(actor, obligation.unit))
    if not reason.strip():
        raise ValidationError(_("请说明暂缓公开的理由"))
    current = _locked(obligation)
    from_status = _check_transition(current, Status.WITHHELD)
    current.status = Status.WITHHELD
    current.withheld_reason = reason.strip()
    current.withheld_secret = bool(secret)
    current.paused_since = None
    current.save(update_fields=["status", "withheld_reason", "withheld_secret", "paused_since"])
    event_record(
        target=current,
        action="obligations.withheld",
        actor=actor,
        unit=current.unit,
        from_state=from_status,
        to_state=current.status,
        comment=current.withheld_reason,
    )
    return _copy_back(obligation, current)


@transaction.atomic
def obligation_pause(
    *, obligation: Obligation, actor, reason: str, on: datetime.date
) -> Obligation:
    """Stop the clock (e.g. waiting for the upper level's secrecy review) from `on`."""
    _require(can_work_on(actor, obligation))
    if not reason.strip():
        raise ValidationError(_("请说明暂停的理由"))
    current = _locked(obligation)
    if on < current.trigger_date:
        raise ValidationError(_("暂停日期不能早于起算日期"))
    from_status = _check_transition(current, Status.PAUSED)
    current.status = Status.PAUSED
    current.paused_since = on
    current.save(update_fields=["status", "paused_since"])
    event_record(
        target=current,
        action="obligations.paused",
        actor=actor,
        unit=current.unit,
        from_state=from_status,
        to_state=current.status,
        changes={"paused_since": (None, on)},
        comment=reason.strip(),
    )
    return _copy_back(obligation, current)


@transaction.atomic
def obligation_resume(*, obligation: Obligation, actor, on: datetime.date) -> Obligation:
    """Start the clock again. The pause lasted the working days after its first day up to and
    including `on` (workdays_between(paused_since, on)); the due date moves by that many working
    days: due = add_workdays(trigger_date, workdays + extension_workdays + paused_workdays)."""
    _require(can_work_on(actor, obligation))
    current = _resume(_locked(obligation), actor=actor, on=on)
    return _copy_back(obligation, current)


def _resume(current: Obligation, *, actor, on: datetime.date) -> Obligation:
    from workdays.calendar import workdays_between

    if current.status == Status.PAUSED and on < current.paused_since:
        raise ValidationError(_("恢复日期不能早于暂停日期"))
    from_status = _check_transition(current, Status.OPEN)
    if from_status != Status.PAUSED:
        raise ValidationError(_("该公开义务未暂停"))
    paused = max(workdays_between(current.paused_since, on), 0)
    old_due = current.due_date
    old_paused = current.paused_workdays
    current.paused_workdays += paused
    current.paused_since = None
    current.status = Status.OPEN
    _apply_due(current)
    current.save()
    event_record(
        target=current,
        action="obligations.resumed",
        actor=actor,
        unit=current.unit,
        from_state=from_status,
        to_state=current.status,
        changes={
            "due_date": (old_due, current.due_date),
            "paused_workdays": (old_paused, current.paused_workdays),
        },
        comment=_("暂停%(days)s个工作日") % {"days": paused},
    )
    return current


def _check_extension(workdays, reason: str) -> None:
    if not isinstance(workdays, int) or not 1 <= workdays <= MAX_EXTENSION_WORKDAYS:
        raise ValidationError(_("延长工作日数应为1至%(max)s") % {"max": MAX_EXTENSION_WORKDAYS})
    if not reason.strip():
        raise ValidationError(_("请说明延期理由"))


@transaction.atomic
def obligation_extend(*, obligation: Obligation, actor, workdays: int, reason: str) -> Obligation:
    """The office grants more working days (with a reason); the due date moves by that many."""
    if not can_manage(actor, obligation.unit):
        _deny(_("只有党务公开办公室可以批准延期"))
    _check_extension(workdays, reason)
    current = _locked(obligation)
    if current.status not in (Status.OPEN, Status.PAUSED):
        raise ValidationError(_("只有未完成的公开义务可以延期"))
    old_due = current.due_date
    old_extension = current.extension_workdays
    current.extension_workdays += workdays
    _apply_due(current)
    current.save()
    event_record(
        target=current,
        action="obligations.extended",
        actor=actor,
        unit=current.unit,
        changes={
            "due_date": (old_due, current.due_date),
            "extension_workdays": (old_extension, current.extension_workdays),
        },
        comment=reason.strip(),
    )
    return _copy_back(obligation, current)


@transaction.atomic
def obligation_extension_request(
    *, obligation: Obligation, actor, workdays: int, reason: str
) -> ExtensionRequest:
    """The responsible department asks the office for more working days."""
    _require(can_work_on(actor, obligation))
    _check_extension(workdays, reason)
    if obligation.status not in (Status.OPEN, Status.PAUSED):
        raise ValidationError(_("只有未完成的公开义务可以申请延期"))
    if obligation.extension_requests.filter(status=ExtensionRequest.Status.PENDING).exists():
        raise ValidationError(_("已有待审批的延期申请"))
    request = ExtensionRequest.objects.create(
        obligation=obligation,
        workdays=workdays,
        reason=reason.strip(),
        requested_at=timezone.now(),
        requested_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    event_record(
        target=obligation,
        action="obligations.extension_requested",
        actor=actor,
        unit=obligation.unit,
        to_state=request.status,
        changes={"extension_workdays": (None, workdays)},
        comment=request.reason,
    )
    return request


@transaction.atomic
def extension_request_decide(
    *, request: ExtensionRequest, actor, approve: bool, note: str = ""
) -> ExtensionRequest:
    """The office approves (the due date moves) or rejects a department's request."""
    obligation = request.obligation
    if not can_manage(actor, obligation.unit):
        _deny(_("只有党务公开办公室可以批准延期"))
    request = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
    to_status = ExtensionRequest.Status.APPROVED if approve else ExtensionRequest.Status.REJECTED
    if to_status not in ExtensionRequest.TRANSITIONS[ExtensionRequest.Status(request.status)]:
        raise ValidationError(_("该延期申请已处理"))
    from_status = request.status
    request.status = to_status
    request.decided_at = timezone.now()
    request.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    request.decision_note = note.strip()
    request.save()
    event_record(
        target=obligation,
        action="obligations.extension_decided",
        actor=actor,
        unit=obligation.unit,
        from_state=from_status,
        to_state=to_status,
        comment=request.decision_note,
    )
    if approve:
        obligation_extend(
            obligation=obligation,
            actor=actor,
            workdays=request.workdays,
            reason=request.reason,
        )
    return request


# -- calendar changes -------------------------------------------------------------------------


@transaction.atomic
def obligations_recompute_for_calendar_change(*, years: set[int], actor) -> list[Obligation]:
    """After the calendar of `years` changed: compute again every unmet obligation whose counting
    passed through one of those years, or that is provisional; record each change of due date,
    provisional mark or calendar version as an event. Met and withheld obligations keep theirs."""
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
        _apply_due(obligation)
        new = (obligation.due_date, obligation.provisional, obligation.calendar_version)
        if new == old:
            continue
        obligation.save(
            update_fields=["due_date", "provisional", "calendar_version", "explanation"]
        )
        event_record(
            target=obligation,
            action="obligations.recomputed",
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


# -- feed tokens ------------------------------------------------------------------------------


@transaction.atomic
def feed_token_create(*, actor, department: Department | None = None) -> FeedToken:
    """A private iCalendar address for the actor's own deadlines, or one department's."""
    if not getattr(actor, "is_authenticated", False):
        _deny(_("请先登录"))
    if department is not None and not (
        actor.is_superuser
        or department.pk in drafter_department_ids(actor, department.unit)
        or is_office(actor, department.unit)
    ):
        _deny(_("您不能订阅该处室的日历"))
    token = FeedToken.objects.create(
        user=actor,
        department=department,
        token=secrets.token_urlsafe(32),
        created_at=timezone.now(),
    )
    event_record(
        target=token,
        action="obligations.feed_token_created",
        actor=actor,
        unit=department.unit if department else None,
        comment=str(token),
    )
    return token


@transaction.atomic
def feed_token_revoke(*, token: FeedToken, actor) -> FeedToken:
    administers = token.department_id and (
        units_administered_by(actor).filter(pk=token.department.unit_id).exists()
    )
    if not (_system(actor) or token.user_id == getattr(actor, "pk", None) or administers):
        _deny(_("只能撤销自己的订阅地址"))
    token = FeedToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        event_record(
            target=token,
            action="obligations.feed_token_revoked",
            actor=actor,
            unit=token.department.unit if token.department else None,
            comment=str(token),
        )
    return token
