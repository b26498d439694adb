"""Creating obligations: from the catalog in force (generation, idempotent) and from what the
departments record (a decision, a completed round, a change), and the cadence of periodic items."""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import event_record
from catalog.models import Cadence, CatalogVersion, Item, TimeLimit
from dwgk.refusals import BadInput, NotAllowed
from obligations import rules
from obligations.due import apply_due
from obligations.models import CadenceSetting, Obligation
from obligations.services.deadlines import deadline_rule_for, deadline_rules_ensure_defaults
from obligations.states import ObligationEvents
from organizations.models import Organization


def _require_recorder(actor, item: Item) -> None:
    if not rules.records_for_item(actor, item):
        raise NotAllowed(_("您没有办理此事项的权限"))


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
    _require_recorder(actor, item)
    if item.time_limit != TimeLimit.PERIODIC:
        raise BadInput(_("只有定期公开事项有公开周期"), field="item")
    if cadence not in Cadence.values:
        raise BadInput(_("未知的公开周期"), field="cadence")
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
        action=ObligationEvents.CADENCE_SET.action,
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
    """One obligation per (unit, item lineage, round key); a second call returns the first.
    It starts in the status field's default (待公开)."""
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
    apply_due(obligation)
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
        action=ObligationEvents.CREATED.action,
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
        raise BadInput(_("草稿目录的事项不产生公开义务"), field="item")
    if on > timezone.localdate():
        raise BadInput(_("日期不能晚于今天"), field="on")


@transaction.atomic
def obligation_record_decision(
    *, item: Item, decided_on: datetime.date, actor, title: str
) -> Obligation:
    """A decision on a 及时 item (做出决定): disclose within the rule's working days."""
    _require_recorder(actor, item)
    if item.time_limit != TimeLimit.IMMEDIATE:
        raise BadInput(_("只有及时公开事项按决定记录"), field="kind")
    _check_item_recordable(item, decided_on)
    if not title.strip():
        raise BadInput(_("请填写决定事项名称"), field="title")
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
    _require_recorder(actor, item)
    if item.time_limit != TimeLimit.PERIODIC or item_cadence(item) != Cadence.PER_ROUND:
        raise BadInput(_("只有按轮次公开的定期事项记录工作完成"), field="kind")
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
    _require_recorder(actor, item)
    if item.time_limit != TimeLimit.LONG_TERM:
        raise BadInput(_("只有长期公开事项记录修改"), field="kind")
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
