import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import Event
from catalog.models import Cadence
from obligations.models import Obligation
from obligations.services import (
    item_cadence,
    item_cadence_set,
    obligation_record_change,
    obligation_record_decision,
    obligation_record_round,
    obligations_generate,
    periods,
)

D = datetime.date


def test_periods_cover_completed_rounds_only():
    keys = [p.key for p in periods(Cadence.QUARTERLY, D(2026, 1, 1), D(2026, 9, 30))]
    assert keys == ["2026-Q1", "2026-Q2", "2026-Q3"]
    assert [p.key for p in periods(Cadence.MONTHLY, D(2026, 8, 15), D(2026, 10, 30))] == [
        "2026-08",
        "2026-09",
    ]
    assert [p.key for p in periods(Cadence.HALF_YEARLY, D(2025, 12, 31), D(2026, 9, 1))] == [
        "2025-H2",
        "2026-H1",
    ]
    assert [p.key for p in periods(Cadence.YEARLY, D(2025, 12, 31), D(2026, 9, 1))] == ["2025"]
    assert periods(Cadence.PER_ROUND, D(2026, 1, 1), D(2026, 12, 31)) == []


def test_it_generates_per_cadence_and_is_idempotent(small):
    created = obligations_generate(unit=small.unit, until=D(2026, 9, 30), start=D(2025, 12, 31))
    keys = {(o.item_lineage, o.round_key) for o in created}
    assert (small.quarterly.lineage, "2026-Q3") in keys
    assert (small.quarterly.lineage, "2025-Q4") in keys
    assert (small.yearly_important.lineage, "2025") in keys
    assert (small.long_term.lineage, f"decided-{small.version.number}") in keys
    # per-round, immediate and on-application items wait for a recorded event
    lineages = {o.item_lineage for o in created}
    assert small.per_round.lineage not in lineages
    assert small.immediate.lineage not in lineages
    assert obligations_generate(unit=small.unit, until=D(2026, 9, 30), start=D(2025, 12, 31)) == []
    assert Obligation.objects.filter(unit=small.unit).count() == len(created)
    q3 = Obligation.objects.get(item_lineage=small.quarterly.lineage, round_key="2026-Q3")
    assert q3.trigger_date == D(2026, 9, 30)
    assert list(q3.departments.all()) == [small.personas.departments["人事科"]]
    assert q3.workdays == 3
    yearly = Obligation.objects.get(item_lineage=small.yearly_important.lineage)
    assert yearly.workdays == 7  # important periodic work


def test_due_dates_cross_the_2026_national_day(small):
    obligations_generate(unit=small.unit, until=D(2026, 9, 30))
    q3 = Obligation.objects.get(item_lineage=small.quarterly.lineage, round_key="2026-Q3")
    # 2026-09-30 + 3 working days: 10-01..10-07 国庆/中秋, 10-08 and 10-09 work, 10-10 调休 Saturday
    assert q3.due_date == D(2026, 10, 10)
    assert q3.provisional is False
    reasons = {entry["reason"] for entry in q3.explanation["skipped"]}
    assert any("国庆" in reason for reason in reasons)
    assert q3.explanation["adjusted_workdays"][0]["date"] == "2026-10-10"
    assert q3.explanation["rule_workdays"] == 3
    assert q3.calendar_version


def test_a_decision_creates_one_obligation_each_time(small):
    first = obligation_record_decision(
        item=small.immediate,
        decided_on=D(2026, 9, 25),
        actor=small.personas.drafter_other,
        title="决定甲",
    )
    second = obligation_record_decision(
        item=small.immediate, decided_on=D(2026, 9, 25), actor=small.personas.office, title="决定乙"
    )
    assert first.pk != second.pk and first.round_key != second.round_key
    assert first.due_date == D(2026, 9, 28)  # 1 working day after a Friday
    assert Event.objects.filter(action="obligations.created", target_id=str(first.pk)).exists()


def test_it_rejects_a_decision_by_another_departments_drafter(small):
    with pytest.raises(PermissionDenied):
        obligation_record_decision(
            item=small.immediate, decided_on=D(2026, 9, 25), actor=small.personas.drafter, title="x"
        )


def test_it_rejects_a_decision_on_a_periodic_item(small):
    with pytest.raises(ValidationError):
        obligation_record_decision(
            item=small.quarterly, decided_on=D(2026, 9, 25), actor=small.personas.office, title="x"
        )


def test_rounds_and_changes(small):
    round_ = obligation_record_round(
        item=small.per_round, completed_on=D(2026, 9, 21), actor=small.personas.drafter
    )
    assert round_.trigger == Obligation.Trigger.ROUND_COMPLETED and round_.workdays == 3
    change = obligation_record_change(
        item=small.long_term, changed_on=D(2026, 9, 21), actor=small.personas.drafter_other
    )
    assert change.trigger == Obligation.Trigger.CHANGED and change.workdays == 5
    with pytest.raises(ValidationError):  # quarterly items are generated, not recorded
        obligation_record_round(
            item=small.quarterly, completed_on=D(2026, 9, 21), actor=small.personas.drafter
        )
    with pytest.raises(ValidationError):
        obligation_record_change(
            item=small.long_term, changed_on=D(2026, 10, 21), actor=small.personas.office
        )


def test_a_department_sets_the_cadence_on_the_record(small):
    item_cadence_set(item=small.per_round, cadence=Cadence.MONTHLY, actor=small.personas.drafter)
    assert item_cadence(small.per_round) == Cadence.MONTHLY
    event = Event.objects.get(action="obligations.cadence_set")
    assert event.changes["cadence"] == {"old": "per_round", "new": "monthly"}
    created = obligations_generate(unit=small.unit, until=D(2026, 9, 28), start=D(2026, 8, 1))
    assert {o.round_key for o in created if o.item_lineage == small.per_round.lineage} == {
        "2026-08"
    }
