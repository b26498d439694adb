import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from audit.models import Event
from organizations import demo
from organizations.models import Organization, Role, RoleAssignment, User
from organizations.permissions import (
    is_approver,
    is_office,
    is_upper_office_for,
    units_administered_by,
)
from organizations.services import organization_create, role_assign

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent(personas):
    users, events = User.objects.count(), Event.objects.count()
    demo.load()
    assert User.objects.count() == users
    assert Event.objects.count() == events


def test_tree_paths_give_subtrees(personas):
    subtree = set(personas.upper_org.subtree().values_list("code", flat=True))
    assert {"szjggw", "yytjj", "yytjj-jgzb", "yyczj"} <= subtree
    assert set(personas.unit.subtree().values_list("code", flat=True)) == {"yytjj", "yytjj-jgzb"}
    assert personas.branch.unit() == personas.unit
    assert list(personas.branch.ancestors()) == [personas.upper_org, personas.unit]


def test_it_rejects_a_branch_directly_under_the_upper_level(personas):
    with pytest.raises(ValidationError):
        organization_create(
            code="x",
            name="某支部",
            kind=Organization.Kind.BRANCH,
            tier=Organization.Tier.BRANCH,
            parent=personas.upper_org,
        )


def test_one_person_holds_several_roles(personas):
    hu = User.objects.get(full_name="胡列宇")
    roles = set(RoleAssignment.objects.filter(user=hu).values_list("role", flat=True))
    assert {Role.GROUP_DEPUTY, Role.GROUP_MEMBER, Role.OFFICE_DIRECTOR} <= roles
    assert is_office(hu, personas.unit)
    assert is_approver(hu, personas.unit)  # a deputy leader approves for the party group


def test_roles_decide_approval_and_office(personas):
    assert is_approver(personas.approver, personas.unit)
    assert not is_approver(personas.office, personas.unit)
    assert is_office(personas.office, personas.unit)
    assert not is_office(personas.outsider, personas.unit)
    assert is_upper_office_for(personas.upper, personas.unit)
    assert not is_upper_office_for(personas.office, personas.unit)


def test_admin_scope_follows_the_tree(personas):
    assert set(units_administered_by(personas.unit_admin)) == {personas.unit, personas.branch}
    assert personas.other_unit in set(units_administered_by(personas.upper))
    assert personas.unit not in set(units_administered_by(personas.other_admin))


def test_a_drafter_needs_a_department(personas):
    with pytest.raises(ValidationError):
        role_assign(user=personas.member, organization=personas.unit, role=Role.DRAFTER)


def test_audit_events_cannot_be_changed_or_deleted(personas):
    event = Event.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(comment="rewritten")
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).delete()
    event.refresh_from_db()
    assert event.comment != "rewritten"
