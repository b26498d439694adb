import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from audit.models import Event
from catalog.models import TimeLimit
from obligations.models import DeadlineRule
from obligations.services import (
    deadline_rule_change,
    deadline_rule_for,
    deadline_rules_ensure_defaults,
)


def test_it_creates_the_seed_defaults_once(personas):
    created = deadline_rules_ensure_defaults(unit=personas.unit)
    assert {(r.time_limit, r.important, r.workdays) for r in created} == {
        ("long_term", False, 5),
        ("periodic", False, 3),
        ("periodic", True, 7),
        ("immediate", False, 1),
        ("on_application", False, 10),
    }
    assert deadline_rules_ensure_defaults(unit=personas.unit) == []
    assert DeadlineRule.objects.filter(unit=personas.unit).count() == 5


def test_it_keeps_history_when_a_rule_is_made_stricter(personas):
    unit = personas.unit
    deadline_rules_ensure_defaults(unit=unit)
    rule = deadline_rule_change(
        unit=unit,
        time_limit=TimeLimit.LONG_TERM,
        workdays=3,
        effective_from=datetime.date(2026, 7, 1),
        reason="党组会议决定从严",
        actor=personas.office,
    )
    before = deadline_rule_for(unit=unit, time_limit="long_term", on=datetime.date(2026, 6, 30))
    after = deadline_rule_for(unit=unit, time_limit="long_term", on=datetime.date(2026, 7, 1))
    assert before.workdays == 5 and after == rule and after.workdays == 3
    event = Event.objects.get(action="obligations.rule_changed")
    assert event.changes["workdays"] == {"old": 5, "new": 3}
    assert event.actor == personas.office


def test_it_rejects_a_looser_rule(personas):
    with pytest.raises(ValidationError) as error:
        deadline_rule_change(
            unit=personas.unit,
            time_limit=TimeLimit.PERIODIC,
            important=True,
            workdays=8,
            effective_from=datetime.date(2026, 7, 1),
            reason="想放宽",
            actor=personas.office,
        )
    assert "从严" in str(error.value) and "stricter" not in str(error.value)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        deadline_rule_change(
            unit=personas.unit,
            time_limit=TimeLimit.PERIODIC,
            important=True,
            workdays=8,
            effective_from=datetime.date(2026, 7, 1),
            reason="想放宽",
            actor=personas.office,
        )
    assert "stricter" in str(error.value)


def test_it_rejects_a_rule_change_by_a_drafter(personas):
    with pytest.raises(PermissionDenied):
        deadline_rule_change(
            unit=personas.unit,
            time_limit=TimeLimit.IMMEDIATE,
            workdays=1,
            effective_from=datetime.date(2026, 7, 1),
            reason="x",
            actor=personas.drafter,
        )


def test_the_important_flag_only_matters_for_periodic_items(personas):
    rule = deadline_rule_for(
        unit=personas.unit, time_limit="immediate", important=True, on=datetime.date(2026, 1, 1)
    )
    assert rule.workdays == 1 and rule.important is False
