"""Every declared step of the obligation and extension-request workflows, for every persona.

The steps are read from the declarations (`workflow.engine.steps`), never listed by hand: a new
step without an entry in EXPECTED fails here. For each step and persona: `can`, `has_right` and
`available_actions` agree with the step's rule and with the expectation written below; a refused
persona's `perform` raises NotAllowed and writes nothing; an allowed one, from every declared
source, takes the step and writes exactly one event of the step's kind; from any other state the
step is refused as bad input. An action nobody declared is refused; two callers taking the same
step at once make one transition and one event."""

import datetime

import pytest
from django.db import OperationalError, connection
from django_fsm import RETURN_VALUE

from audit.models import Event
from dwgk.refusals import BadInput, NotAllowed
from dwgk.testing import race
from obligations.models import ExtensionRequest, Obligation
from obligations.services import (
    obligation_extension_request,
    obligation_pause,
    obligation_record_decision,
)
from workflow.engine import SYSTEM, available_actions, can, has_right, perform, steps

D = datetime.date
O = Obligation.Status  # noqa: E741
E = ExtensionRequest.Status

PERSONAS = [
    "public",
    "member",
    "supervisor",
    "drafter",  # 人事科: not responsible for the item below
    "drafter_other",  # 办公室: the item's responsible department
    "office",
    "approver",
    "upper",
    "outsider",
    "unit_admin",
    "other_admin",
    "superuser",
    "system",  # workflow.engine.SYSTEM: the scheduler, commands, another app acting
]
WORKERS = {"drafter_other", "office", "superuser", "system"}
OFFICE = {"office", "superuser", "system"}

# Who may take each step, on an obligation of 办公室's immediate item (and its requests).
EXPECTED = {
    (Obligation, "met"): WORKERS | {"approver"},
    (Obligation, "pause"): WORKERS,
    (Obligation, "resume"): WORKERS,
    (Obligation, "request_extension"): WORKERS,
    (Obligation, "extend"): OFFICE,
    (Obligation, "withhold"): OFFICE | {"approver"},
    (ExtensionRequest, "approve"): OFFICE,
    (ExtensionRequest, "reject"): OFFICE,
}

# What each step's method is given; the comment is given to every step.
ARGUMENTS = {
    "met": {"met_on": D(2026, 9, 28)},
    "pause": {"on": D(2026, 9, 28)},
    "resume": {"on": D(2026, 9, 28)},
    "request_extension": {"workdays": 2, "reason": "材料待审定"},
    "extend": {"workdays": 2},
    "withhold": {"reason": "涉及秘密，已报上级备案"},
    "approve": {},
    "reject": {},
}


def _user(small, name):
    return SYSTEM if name == "system" else getattr(small.personas, name)


def _obligation(small, state) -> Obligation:
    """A fresh obligation (decided Monday 09-21, due 09-22) brought to `state` by the system."""
    obligation = obligation_record_decision(
        item=small.immediate, decided_on=D(2026, 9, 21), actor=small.personas.office, title="决定"
    )
    if state == O.PAUSED:
        perform(obligation, "pause", actor=SYSTEM, comment="审查", on=D(2026, 9, 22))
    elif state in (O.MET_ON_TIME, O.MET_LATE):
        met_on = D(2026, 9, 22) if state == O.MET_ON_TIME else D(2026, 9, 25)
        perform(obligation, "met", actor=SYSTEM, met_on=met_on)
    elif state == O.WITHHELD:
        perform(obligation, "withhold", actor=SYSTEM, comment="涉密", reason="涉密")
    obligation = Obligation.objects.get(pk=obligation.pk)
    assert obligation.status == state
    return obligation


def _request(small, state) -> ExtensionRequest:
    obligation = _obligation(small, O.OPEN)
    request = obligation_extension_request(
        obligation=obligation, actor=small.personas.drafter_other, workdays=2, reason="材料待审定"
    )
    if state == E.APPROVED:
        perform(request, "approve", actor=SYSTEM)
    elif state == E.REJECTED:
        perform(request, "reject", actor=SYSTEM)
    request = ExtensionRequest.objects.get(pk=request.pk)
    assert request.status == state
    return request


def _fresh(small, model, state):
    return _obligation(small, state) if model is Obligation else _request(small, state)


def _events(obj, action=None):
    events = Event.objects.filter(target_type=obj._meta.label_lower, target_id=str(obj.pk))
    return events.filter(action=action) if action else events


def _targets(declared, source) -> set:
    if declared.target is None:
        return {source}
    if isinstance(declared.target, RETURN_VALUE):
        return set(declared.target.allowed_states)
    return {declared.target}


def test_every_declared_step_has_its_expectation():
    for model in (Obligation, ExtensionRequest):
        declared = set(steps(model))
        expected = {action for (m, action) in EXPECTED if m is model}
        assert declared == expected, model
        for action, declaration in steps(model).items():
            assert declaration.event.label, action  # every event reads in words
            assert declaration.refusal, action  # and every refusal says who may


@pytest.mark.parametrize(
    ("model", "action"), list(EXPECTED), ids=[f"{m.__name__}.{a}" for m, a in EXPECTED]
)
def test_each_step_for_each_persona(small, model, action):
    declared = steps(model)[action]
    kwargs = {"comment": "理由", **ARGUMENTS[action]}
    for name in PERSONAS:
        user = _user(small, name)
        allowed = name in EXPECTED[(model, action)]
        obj = _fresh(small, model, declared.sources[0])
        assert bool(declared.allowed(user, obj)) == allowed, name
        assert has_right(user, obj, action) == allowed, name
        assert can(user, obj, action) == allowed, name
        if user is not SYSTEM:
            assert (action in available_actions(user, obj)) == allowed, name
        if not allowed:
            before = Event.objects.count()
            with pytest.raises(NotAllowed) as refused:
                perform(obj, action, actor=user, **kwargs)
            assert str(refused.value) == str(declared.refusal), name
            assert Event.objects.count() == before, name
            assert type(obj).objects.get(pk=obj.pk).status == declared.sources[0], name
            continue
        for source in declared.sources:
            obj = _fresh(small, model, source)
            assert can(user, obj, action), (name, source)
            mine = _events(obj, declared.event.action).count()
            done = perform(obj, action, actor=user, **kwargs)
            assert _events(obj, declared.event.action).count() == mine + 1, (name, source)
            assert done.status in _targets(declared, source), (name, source)
            event = _events(obj, declared.event.action).last()
            assert (event.from_state, event.to_state) == (source, done.status)
            assert event.actor == (user if getattr(user, "is_authenticated", False) else None)


@pytest.mark.parametrize(
    ("model", "action"), list(EXPECTED), ids=[f"{m.__name__}.{a}" for m, a in EXPECTED]
)
def test_each_step_is_refused_from_any_other_state(small, model, action):
    declared = steps(model)[action]
    office = small.personas.office
    for state in model.Status.values:
        if state in declared.sources:
            continue
        obj = _fresh(small, model, state)
        assert has_right(office, obj, action)  # the rule allows; the state does not
        assert not can(office, obj, action), state
        assert action not in available_actions(office, obj), state
        before = Event.objects.count()
        with pytest.raises(BadInput):
            perform(obj, action, actor=office, comment="理由", **ARGUMENTS[action])
        assert Event.objects.count() == before, state
        assert type(obj).objects.get(pk=obj.pk).status == state


def test_an_undeclared_action_is_refused(small):
    p = small.personas
    obligation = _obligation(small, O.OPEN)
    request = _request(small, E.PENDING)
    before = Event.objects.count()
    for obj, action in [(obligation, "explode"), (obligation, "reopen"), (request, "withdraw")]:
        for user in (p.office, p.superuser, SYSTEM):
            assert not can(user, obj, action)
            assert not has_right(user, obj, action)
            with pytest.raises(NotAllowed):
                perform(obj, action, actor=user)
    assert Event.objects.count() == before
    assert Obligation.objects.get(pk=obligation.pk).status == O.OPEN


def test_a_stale_second_caller_is_refused(small):
    """Two callers holding the same obligation: the second finds it paused already."""
    p = small.personas
    obligation = _obligation(small, O.OPEN)
    first, second = (Obligation.objects.get(pk=obligation.pk) for _ in range(2))
    perform(first, "pause", actor=p.office, comment="审查", on=D(2026, 9, 28))
    with pytest.raises(BadInput):
        perform(second, "pause", actor=p.drafter_other, comment="审查", on=D(2026, 9, 28))
    assert _events(obligation, "obligations.paused").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_callers_at_once_make_one_transition_and_one_event(small):
    p = small.personas
    obligation = _obligation(small, O.OPEN)
    outcomes = race(
        [
            lambda actor=actor: obligation_pause(
                obligation=Obligation.objects.get(pk=obligation.pk),
                actor=actor,
                reason="审查",
                on=D(2026, 9, 28),
            )
            for actor in (p.office, p.drafter_other)
        ]
    )
    assert sorted(kind for kind, _ in outcomes) == ["error", "ok"], outcomes
    loser = next(value for kind, value in outcomes if kind == "error")
    in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()
    # The in-memory SQLite test database refuses the second writer at once (see
    # disclosures/tests/test_concurrency.py); a file database or PostgreSQL makes it wait.
    assert isinstance(loser, BadInput | OperationalError if in_memory else BadInput), loser
    assert Obligation.objects.get(pk=obligation.pk).status == O.PAUSED
    assert _events(obligation, "obligations.paused").count() == 1
