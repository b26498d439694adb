"""Demo obligations for 中共岳阳市统计局党组: every catalog item has obligations with due dates,
and the pages show every status (met on time, met late, open, due soon, overdue, paused,
extended, withheld). Runs after catalog.demo; without a catalog it does nothing."""

import datetime

from django.utils import timezone

from catalog.models import Cadence, TimeLimit
from catalog.selectors import items_in_force
from obligations.models import CadenceSetting, Obligation
from obligations.services import (
    deadline_rules_ensure_defaults,
    item_cadence_set,
    obligation_extend,
    obligation_extension_request,
    obligation_mark_met,
    obligation_pause,
    obligation_record_decision,
    obligation_record_round,
    obligation_withhold,
    obligations_generate,
)

# Cadences of the seed's 定期 items (by number); the plan leaves them to the departments.
CADENCES = {
    3: Cadence.QUARTERLY,
    17: Cadence.QUARTERLY,
    26: Cadence.QUARTERLY,
    4: Cadence.YEARLY,
    5: Cadence.YEARLY,
    9: Cadence.YEARLY,
    11: Cadence.YEARLY,
    21: Cadence.YEARLY,
    23: Cadence.YEARLY,
    29: Cadence.YEARLY,
    30: Cadence.YEARLY,
    8: Cadence.HALF_YEARLY,
    10: Cadence.HALF_YEARLY,
    14: Cadence.HALF_YEARLY,
    18: Cadence.HALF_YEARLY,
    25: Cadence.HALF_YEARLY,
    27: Cadence.HALF_YEARLY,
    28: Cadence.HALF_YEARLY,
    31: Cadence.PER_ROUND,
}
# Every period that completes on or after the last day of 2025: the rounds due in 2026.
START = datetime.date(2025, 12, 31)


def _days_ago(today, days):
    return today - datetime.timedelta(days=days)


def load(world) -> None:
    unit, users = world.unit, world.users
    for each in (unit, world.other_unit):
        deadline_rules_ensure_defaults(unit=each)
    items = {item.number: item for item in items_in_force(unit)}
    if not items:
        return  # the catalog is not loaded: nothing to do
    office = users["wumi"]
    today = timezone.localdate()

    for number, cadence in CADENCES.items():
        item = items.get(number)
        if item is None or item.time_limit != TimeLimit.PERIODIC:
            continue
        if not CadenceSetting.objects.filter(unit=unit, item_lineage=item.lineage).exists():
            item_cadence_set(item=item, cadence=cadence, actor=office)

    created = obligations_generate(unit=unit, until=today, start=START)
    obligations_generate(unit=world.other_unit, until=today, start=START)
    # History: what fell due more than 20 days ago was disclosed, on time except every fifth.
    for position, obligation in enumerate(created):
        if obligation.due_date >= _days_ago(today, 20):
            continue
        late = obligation.trigger != Obligation.Trigger.DECIDED and position % 5 == 4
        met_on = obligation.due_date + datetime.timedelta(days=3) if late else obligation.due_date
        obligation_mark_met(
            obligation=obligation,
            met_on=met_on,
            actor=office,
            note="演示：已在内网公开" if not late else "演示：逾期后公开",
        )

    if Obligation.objects.filter(unit=unit, trigger=Obligation.Trigger.DECISION).exists():
        return  # the scripted decisions below were recorded by an earlier run
    drafter_of = {
        "办公室": users["zhaolei"],
        "人事科": users["chenjing"],
        "机关支部": users["sunli"],
        "监察室": users["qianfeng"],
        "机关工会": users["zhengfang"],
    }

    def decide(number, days_ago, title):
        item = items[number]
        actor = drafter_of.get(item.departments.first().name, office)
        return obligation_record_decision(
            item=item, decided_on=_days_ago(today, days_ago), actor=actor, title=title
        )

    met = decide(1, 30, "贯彻落实市委全会精神的实施意见")
    obligation_mark_met(obligation=met, met_on=met.due_date, actor=office, note="内网、会议公开")
    late = decide(2, 25, "机关支部关于开展主题党日活动的决定")
    obligation_mark_met(
        obligation=late, met_on=late.due_date + datetime.timedelta(days=4), actor=office
    )
    decide(6, 1, "统计数据质量改革目标及分工")  # open, due soon
    decide(7, 10, "内设机构职能调整方案")  # open, overdue
    paused = decide(13, 3, "机关支部换届选举结果")
    obligation_pause(
        obligation=paused,
        actor=office,
        reason="候选人名单待上级党组织审查",
        on=_days_ago(today, 2),
    )
    extended = decide(15, 8, "2026年度党员民主评议结果")
    obligation_extend(
        obligation=extended, actor=office, workdays=8, reason="评议结果需党组会议研究"
    )
    withheld = decide(33, 12, "违纪案件查处情况")
    obligation_withhold(
        obligation=withheld, actor=office, reason="案件尚在审查阶段，暂不宜公开，已报上级备案"
    )
    requested = decide(20, 2, "领导班子民主生活会整改措施")
    obligation_extension_request(
        obligation=requested,
        actor=users["chenjing"],
        workdays=3,
        reason="整改措施待党组书记审定",
    )
    for offset, number in enumerate([16, 22, 24, 32, 34, 35]):
        done = decide(number, 40 + 7 * offset, f"{items[number].content}（演示）")
        obligation_mark_met(obligation=done, met_on=done.due_date, actor=office)
    if 31 in items:
        round_done = obligation_record_round(
            item=items[31],
            completed_on=_days_ago(today, 45),
            actor=drafter_of["办公室"],
            note="2026年度经济责任审计完成",
        )
        obligation_mark_met(obligation=round_done, met_on=round_done.due_date, actor=office)
