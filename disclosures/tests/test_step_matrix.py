"""Every declared step of the disclosure, progress-update and work-plan workflows × every persona ×
every state it starts from. The cases come from `workflow.engine.steps`, so a step added to
disclosures/steps.py is tested here without a new row; what each rule means is written once below
(RULE_HOLDERS), independently of the code that decides it."""

import inspect

import pytest
from django.db import transaction
from django.utils import timezone

from audit.models import Event
from disclosures import rules, services
from disclosures.models import Disclosure, DisclosureUpdate, WorkPlan
from disclosures.tests.factory import make
from dwgk.refusals import BadInput, NotAllowed
from workflow.engine import SYSTEM, available_actions, can, perform, steps

pytestmark = pytest.mark.django_db

S = Disclosure.Status
U = DisclosureUpdate.Status
W = WorkPlan.Status

# Who each rule lets act (persona names; "scheduler" is the system's own jobs). The drafter wrote
# every object built here, the office and the approver did not.
RULE_HOLDERS = {
    rules.drafter: {"drafter", "office"},
    rules.update_drafter: {"drafter", "office"},
    rules.office: {"office"},
    rules.office_or_approver: {"office", "approver"},
    rules.update_returner: {"office", "approver"},
    rules.reviewer: {"office"},
    rules.approver: {"approver"},
    rules.upper_office: {"upper"},
    rules.scheduler: {"scheduler"},
    rules.office_or_scheduler: {"office", "scheduler"},
}
# A rule that depends on the state: who may send a disclosure back to its drafter.
RETURNER_HOLDERS = {S.SUBMITTED: {"office"}, S.REVIEWED: {"office", "approver"}}


def holders(rule, state) -> set[str]:
    if rule is rules.returner:
        return RETURNER_HOLDERS[state]
    return RULE_HOLDERS[rule]


def _actors(seeded) -> dict[str, object]:
    return {**seeded.all(), "unit_admin": seeded.unit_admin, "scheduler": SYSTEM}


def _disclosure_in(seeded, state):
    if state == S.WITHHELD:
        d = make(seeded, S.SUBMITTED)
        d = services.disclosure_withhold(
            disclosure=d, actor=seeded.office, kind="not_yet", reason="x"
        )
        return d
    return make(seeded, state)


def _update_in(seeded, state):
    d = make(seeded, S.INTERNAL)
    update = services.update_create(
        disclosure=d, actor=seeded.drafter, title="整改进展", body="已完成第一阶段。"
    )
    if state == U.DRAFT:
        return update
    update = services.update_submit(update=update, actor=seeded.drafter)
    if state == U.SUBMITTED:
        return update
    if state == U.RETURNED:
        return services.update_return(update=update, actor=seeded.office, comment="补充")
    update = services.update_review(
        update=update, actor=seeded.office, checklist=[k for k, _l in services.SECRECY_CHECKLIST]
    )
    assert state == U.REVIEWED
    return update


def _plan_in(seeded, state):
    plan = services.work_plan_create(
        unit=seeded.unit, actor=seeded.office, title="目录外事项", body="方案", scope="internal"
    )
    if state == W.DRAFT:
        return plan
    plan = services.work_plan_submit(work_plan=plan, actor=seeded.office)
    if state == W.SUBMITTED:
        return plan
    assert state == W.REJECTED
    return services.work_plan_reject(work_plan=plan, actor=seeded.upper, comment="不同意")


BUILDERS = {Disclosure: _disclosure_in, DisclosureUpdate: _update_in, WorkPlan: _plan_in}
CASES = [
    (model, action, source)
    for model in BUILDERS
    for action, declared in sorted(steps(model).items())
    for source in declared.sources
]


# Sample values for the arguments a step's method takes, by parameter name.
SAMPLE_ARGUMENTS = {"at": timezone.now, "kind": lambda: "not_yet", "reason": lambda: "理由"}


def _arguments(model, action) -> dict:
    method = inspect.unwrap(getattr(model, action))
    names = [n for n in inspect.signature(method).parameters if n != "self"]
    return {name: SAMPLE_ARGUMENTS[name]() for name in names}


def _conditions_hold(model, action, obj) -> bool:
    return action in {t.name for t in obj.get_available_status_transitions()}


@pytest.mark.parametrize(
    ("model", "action", "source"),
    CASES,
    ids=[f"{m.__name__}.{a}.{s}" for m, a, s in CASES],
)
def test_each_step_is_open_to_exactly_its_rules_holders(seeded, model, action, source):
    obj = BUILDERS[model](seeded, source)
    obj = model.objects.get(pk=obj.pk)
    declared = steps(model)[action]
    expected = holders(declared.allowed, source)
    arguments = _arguments(model, action)
    ready = _conditions_hold(model, action, obj)
    for name, user in _actors(seeded).items():
        allowed = name in expected
        assert declared.allowed(user, obj) == allowed, (action, source, name)
        assert can(user, obj, action) == (allowed and ready), (action, source, name)
        assert (action in available_actions(user, obj)) == (allowed and ready), (name, action)
        before = Event.objects.count()
        if not allowed:
            with pytest.raises(NotAllowed):
                perform(obj, action, actor=user, comment="意见", **arguments)
            assert Event.objects.count() == before
            assert model.objects.get(pk=obj.pk).status == source
            continue
        if not ready:
            with pytest.raises(BadInput):
                perform(obj, action, actor=user, comment="意见", **arguments)
            assert Event.objects.count() == before
            continue
        with transaction.atomic():
            after = perform(obj, action, actor=user, comment="意见", **arguments)
            assert Event.objects.count() == before + 1
            event = Event.objects.latest("pk")
            assert event.action == declared.event.action
            assert event.from_state == source and event.to_state == after.status
            if declared.target is None:
                assert after.status == source
            transaction.set_rollback(True)


@pytest.mark.parametrize("model", list(BUILDERS))
def test_an_undeclared_action_is_refused_to_everyone(seeded, model):
    obj = BUILDERS[model](seeded, "draft")
    for name, user in _actors(seeded).items():
        for action in ("delete", "approve_all", "reveiw", "_lock", "save"):
            assert not can(user, obj, action), (name, action)
            with pytest.raises(NotAllowed):
                perform(obj, action, actor=user)


def test_every_state_but_archived_has_a_way_on(seeded):
    """No state is a dead end by accident: each non-final state is the source of some step."""
    for model, final in (
        (Disclosure, {S.ARCHIVED}),
        (DisclosureUpdate, {U.PUBLISHED}),
        (WorkPlan, {W.APPROVED}),
    ):
        sources = {s for declared in steps(model).values() for s in declared.sources}
        assert set(model.Status.values) - final <= sources, model


def test_the_drafter_cannot_review_or_approve_her_own_draft(seeded):
    """Separation of duties: an office member who drafts (off-catalog drafts are the office's)
    cannot review it; an approver who drafted cannot approve it."""
    d = make(seeded, S.SUBMITTED, author=seeded.office)
    assert not can(seeded.office, d, "review")
    with pytest.raises(NotAllowed):
        services.disclosure_review(
            disclosure=d,
            actor=seeded.office,
            checklist=[k for k, _l in services.SECRECY_CHECKLIST],
        )
    assert Disclosure.objects.get(pk=d.pk).status == S.SUBMITTED
    detail = seeded.client(seeded.office).get(f"/disclosures/{d.pk}/").content.decode()
    assert 'id="btn-review"' not in detail and "review-form" not in detail


def test_a_small_unit_may_let_the_drafter_review_and_the_log_names_her(seeded):
    seeded.unit.drafter_may_review = True
    seeded.unit.save()
    d = make(seeded, S.SUBMITTED, author=seeded.office)
    assert can(seeded.office, d, "review")
    services.disclosure_review(
        disclosure=d, actor=seeded.office, checklist=[k for k, _l in services.SECRECY_CHECKLIST]
    )
    actors = list(
        Event.objects.filter(target_id=str(d.pk), action__startswith="disclosure.")
        .order_by("pk")
        .values_list("action", "actor__username")
    )
    office = seeded.office.username
    assert ("disclosure.create", office) in actors and ("disclosure.review", office) in actors


def test_only_the_unit_administrator_lifts_the_separation_and_it_is_recorded(seeded):
    client = seeded.client(seeded.unit_admin)
    url = f"/admin/organizations/organization/{seeded.unit.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200 and "drafter_may_review" in page.content.decode()
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["drafter_may_review"] = "on"
    response = client.post(url, data)
    errors = response.context["adminform"].form.errors if response.status_code == 200 else None
    assert response.status_code == 302, errors
    seeded.unit.refresh_from_db()
    assert seeded.unit.drafter_may_review
    event = Event.objects.filter(action="organization.changed").latest("pk")
    assert event.actor == seeded.unit_admin and "drafter_may_review" in event.changes
    other = seeded.client(seeded.other_admin).get(url)
    assert other.status_code == 404
