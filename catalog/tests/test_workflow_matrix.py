"""The catalog's permission matrix, read from the steps declared on CatalogVersion.

For every declared step, every named persona (and the system) and every source state: the rule
answers as the table below says, `can`/`has_right`/`available_actions` agree with it, a refused
person's `perform` raises NotAllowed and writes nothing, an allowed one's writes exactly one
event. A step declared without a row in the table fails here until someone decides who may take it.
"""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from audit.models import Event
from catalog import services
from catalog.events import CatalogEvents
from catalog.models import CatalogVersion
from catalog.tests.test_services import _small_draft
from dwgk.refusals import BadInput, NotAllowed
from workflow.engine import SYSTEM, available_actions, can, has_right, perform, steps

pytestmark = pytest.mark.django_db

S = CatalogVersion.Status
STEPS = steps(CatalogVersion)

# Who may take each step, besides the system (the demo and the management commands).
ALLOWED = {
    "approve": {"approver", "superuser"},
    "file": {"office", "approver", "unit_admin", "upper", "superuser"},
    "acknowledge": {"upper", "superuser"},
}

PERSONAS = [
    "public",
    "member",
    "supervisor",
    "drafter",
    "drafter_other",
    "office",
    "approver",
    "upper",
    "outsider",
    "unit_admin",
    "other_admin",
    "superuser",
    "system",
]


def _user(personas, name):
    return SYSTEM if name == "system" else getattr(personas, name)


def _arguments(action: str) -> dict:
    return {
        "approve": {"effective_from": datetime.date(2011, 5, 19), "approval_reference": "纪要"},
        "file": {"filed_on": timezone.localdate(), "filing_reference": "岳统党组〔2011〕4号"},
        "acknowledge": {},
    }[action]


def _version_in(personas, state: str) -> CatalogVersion:
    """A small version of the unit in the given state, brought there by the system."""
    version = _small_draft(personas)
    for action in ["approve", "file", "acknowledge"]:
        if version.status == state:
            return version
        version = perform(version, action, actor=SYSTEM, **_arguments(action))
    assert version.status == state
    return version


def _events(version) -> list[Event]:
    return list(
        Event.objects.filter(target_type="catalog.catalogversion", target_id=str(version.pk))
        .order_by("id")
        .values_list("pk", flat=True)
    )


def test_every_declared_step_has_a_row_in_the_matrix():
    assert set(STEPS) == set(ALLOWED)
    assert {step.event for step in STEPS.values()} <= set(CatalogEvents.all())


@pytest.mark.parametrize("action", sorted(STEPS))
def test_each_step_is_allowed_exactly_as_its_rule_declares(personas, action):
    declared = STEPS[action]
    for source in declared.sources:
        version = _version_in(personas, source)
        for name in PERSONAS:
            user = _user(personas, name)
            expected = name == "system" or name in ALLOWED[action]
            assert bool(declared.allowed(user, version)) is expected, (action, name)
            assert has_right(user, version, action) is expected, (action, name)
            assert can(user, version, action) is expected, (action, name)
            assert (action in available_actions(user, version)) is expected, (action, name)
            before = _events(version)
            # A savepoint: every allowed person starts from the same state.
            with transaction.atomic():
                if expected:
                    after = perform(version, action, actor=user, **_arguments(action))
                    assert after.status == declared.target
                    new = Event.objects.exclude(pk__in=before).filter(
                        target_type="catalog.catalogversion", target_id=str(version.pk)
                    )
                    assert new.count() == 1, (action, name)
                    event = new.get()
                    assert event.action == declared.event.action
                    assert (event.from_state, event.to_state) == (source, declared.target)
                    assert event.actor == (user if name not in ("system", "public") else None)
                else:
                    with pytest.raises(NotAllowed):
                        perform(version, action, actor=user, **_arguments(action))
                    assert _events(version) == before, (action, name)
                    version.refresh_from_db()
                    assert version.status == source
                transaction.set_rollback(True)
            version.refresh_from_db()
            assert version.status == source


@pytest.mark.parametrize("action", sorted(STEPS))
def test_no_step_is_taken_from_a_state_it_does_not_start_from(personas, action):
    declared = STEPS[action]
    for state in sorted(set(S.values) - set(declared.sources)):
        with transaction.atomic():  # one version of the unit at a time
            version = _version_in(personas, state)
            for name in PERSONAS:
                user = _user(personas, name)
                assert not can(user, version, action), (action, state, name)
                assert action not in available_actions(user, version)
            before = _events(version)
            with pytest.raises(BadInput):
                perform(version, action, actor=personas.superuser, **_arguments(action))
            assert _events(version) == before
            version.refresh_from_db()
            assert version.status == state
            transaction.set_rollback(True)


@pytest.mark.parametrize("action", ["explode", "save", "delete", "is_editable", ""])
def test_an_action_nobody_declared_is_refused_to_everyone(personas, action):
    version = _version_in(personas, S.DRAFT)
    before = _events(version)
    for name in PERSONAS:
        user = _user(personas, name)
        assert not can(user, version, action), name
        assert not has_right(user, version, action), name
        with pytest.raises(NotAllowed):
            perform(version, action, actor=user)
    assert _events(version) == before
    assert CatalogVersion.objects.filter(pk=version.pk).exists()


def test_every_event_the_catalog_writes_is_named_in_its_enumeration(personas):
    services.disclosure_forms_ensure(actor=personas.superuser)  # forms exist: adds none
    from catalog.models import DisclosureForm

    DisclosureForm.objects.filter(code="tv").delete()
    services.disclosure_forms_ensure(actor=personas.superuser)
    version = _small_draft(personas)
    item = version.items.get()
    services.item_update(item=item, actor=personas.office, content="党费收缴情况")
    category = services.category_add(version=version, name="其他", actor=personas.office)
    services.item_add(
        version=version,
        category=category,
        forms=list(item.forms.all()),
        departments=list(item.departments.all()),
        actor=personas.office,
        number=2,
        content="其他事项",
        time_limit="long_term",
        scope="internal",
    )
    services.item_remove(item=item, actor=personas.office)
    services.catalog_version_approve(
        version=version, actor=personas.approver, effective_from=datetime.date(2011, 5, 19)
    )
    services.catalog_version_file(
        version=version,
        actor=personas.office,
        filed_on=timezone.localdate(),
        filing_reference="岳统党组〔2011〕4号",
    )
    services.catalog_version_acknowledge(version=version, actor=personas.upper)
    csv = (
        "类别,序号,公开内容,公开形式,公开时限,公开范围,责任处室\n类别,1,甲,会议,长期,党内,办公室\n"
    )
    draft = services.catalog_import(unit=personas.unit, data=csv.encode(), filename="a.csv")
    services.catalog_import(
        unit=personas.unit, data=csv.encode(), filename="a.csv", replace_draft=True
    )
    assert draft.status == S.DRAFT
    written = set(
        Event.objects.filter(action__startswith="catalog.").values_list("action", flat=True)
    )
    named = set(CatalogEvents.by_action())
    assert written == named
