"""党内一定范围: the office picks the audience from the unit's departments and party members;
the server accepts only the unit's own and at least one of them."""

import pytest

from catalog.models import Scope
from disclosures.models import Disclosure
from disclosures.selectors import disclosures_visible_to
from disclosures.tests.factory import make
from organizations.models import Department

pytestmark = pytest.mark.django_db
S = Disclosure.Status


def _post(seeded, d, **data):
    return seeded.client(seeded.approver).post(
        f"/disclosures/{d.pk}/scope/", {"scope": Scope.INTERNAL_RANGE, **data}
    )


def test_the_scope_form_offers_the_units_departments_and_party_members(seeded):
    d = make(seeded, S.DRAFT)
    page = seeded.client(seeded.office).get(d.get_absolute_url()).content.decode()
    assert 'name="audience_departments"' in page and 'name="audience_users"' in page
    for department in Department.objects.filter(unit=seeded.unit):
        assert f'value="{department.pk}"' in page and department.name in page
    assert f'name="audience_users" value="{seeded.member.pk}"' in page
    assert seeded.member.display_name in page and "机关支部" in page
    assert f'name="audience_users" value="{seeded.outsider.pk}"' not in page
    Department.objects.create(unit=seeded.other_unit, name="外单位科室")
    page = seeded.client(seeded.office).get(d.get_absolute_url()).content.decode()
    assert "外单位科室" not in page


def test_a_named_person_reads_the_internal_range_disclosure_and_others_do_not(seeded):
    d = make(seeded, S.INTERNAL, Scope.INTERNAL)
    assert _post(seeded, d, audience_users=[seeded.member.pk]).status_code == 302
    d.refresh_from_db()
    assert d.scope == Scope.INTERNAL_RANGE
    assert list(d.audience_users.all()) == [seeded.member]
    assert disclosures_visible_to(seeded.member).filter(pk=d.pk).exists()
    assert not disclosures_visible_to(seeded.outsider).filter(pk=d.pk).exists()
    page = seeded.client(seeded.office).get(d.get_absolute_url()).content.decode()
    assert f'value="{seeded.member.pk}" checked' in page


def test_a_chosen_department_is_the_audience(seeded):
    d = make(seeded, S.DRAFT)
    branch_department = seeded.departments["机关支部"]
    assert _post(seeded, d, audience_departments=[branch_department.pk]).status_code == 302
    assert list(Disclosure.objects.get(pk=d.pk).audience_departments.all()) == [branch_department]


def test_it_rejects_an_internal_range_without_an_audience(seeded):
    d = make(seeded, S.DRAFT)
    response = _post(seeded, d)
    assert response.status_code == 400
    assert "党内一定范围须写明范围" in response.content.decode()
    assert "党内一定范围须写明范围" in response.content.decode()
    assert Disclosure.objects.get(pk=d.pk).scope == Scope.INTERNAL_THEN_PUBLIC


def test_it_rejects_people_and_departments_of_another_unit(seeded):
    d = make(seeded, S.DRAFT)
    outsider = _post(seeded, d, audience_users=[seeded.outsider.pk])
    assert outsider.status_code == 400 and "不是本单位党员" in outsider.content.decode()
    other = Department.objects.create(unit=seeded.other_unit, name="外单位科室")
    foreign = _post(seeded, d, audience_departments=[other.pk])
    assert foreign.status_code == 400 and "不属于本单位" in foreign.content.decode()
    assert _post(seeded, d, audience_users=["zhangwei"]).status_code == 400
    assert _post(seeded, d, audience_departments=["999999"]).status_code == 400
    d.refresh_from_db()
    assert d.scope == Scope.INTERNAL_THEN_PUBLIC and not d.audience_users.exists()


def test_the_audience_is_ignored_for_other_scopes(seeded):
    d = make(seeded, S.DRAFT)
    response = seeded.client(seeded.office).post(
        f"/disclosures/{d.pk}/scope/",
        {"scope": Scope.INTERNAL, "audience_users": [seeded.outsider.pk]},
    )
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.scope == Scope.INTERNAL and not d.audience_users.exists()
