import datetime

import pytest
import time_machine

from audit.models import Event
from catalog import services
from catalog.models import CatalogVersion, DisclosureForm, Scope, TimeLimit
from catalog.selectors import catalog_in_force
from catalog.tests.helpers import load_seed_catalog
from dwgk.refusals import BadInput, NotAllowed

pytestmark = pytest.mark.django_db


def _actions(version):
    return list(
        Event.objects.filter(target_type="catalog.catalogversion", target_id=str(version.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def _small_draft(personas, unit=None):
    unit = unit or personas.unit
    version = services.catalog_version_create(unit=unit, actor=personas.office)
    category = services.category_add(
        version=version, name="党的组织管理情况", actor=personas.office
    )
    services.item_add(
        version=version,
        category=category,
        forms=[DisclosureForm.objects.get(name="会议")],
        departments=[personas.departments["机关支部"]],
        actor=personas.office,
        number=1,
        content="党费收缴、管理和使用情况",
        time_limit=TimeLimit.PERIODIC,
        scope=Scope.INTERNAL,
    )
    return version


def test_it_walks_a_draft_through_approval_filing_and_acknowledgement(personas):
    version = _small_draft(personas)
    assert version.title == "岳阳市统计局党组党务公开目录"
    version = services.catalog_version_approve(
        version=version,
        actor=personas.approver,
        effective_from=datetime.date(2011, 5, 19),
        approval_reference="岳统党组〔2011〕4号",
        approved_on=datetime.date(2011, 5, 19),
    )
    assert version.status == CatalogVersion.Status.APPROVED
    version = services.catalog_version_file(
        version=version,
        actor=personas.office,
        filed_on=datetime.date(2011, 5, 25),
        filing_reference="岳统党组〔2011〕4号",
    )
    assert version.status == CatalogVersion.Status.FILED
    version = services.catalog_version_acknowledge(version=version, actor=personas.upper)
    assert version.status == CatalogVersion.Status.ACKNOWLEDGED
    assert version.acknowledged_by == personas.upper
    actions = _actions(version)
    assert actions[0] == "catalog.version_created"
    assert actions[-3:] == ["catalog.approved", "catalog.filed", "catalog.acknowledged"]
    approved = Event.objects.get(action="catalog.approved", target_id=str(version.pk))
    assert (approved.from_state, approved.to_state) == ("draft", "approved")
    assert approved.actor == personas.approver


def test_it_rejects_wrong_transitions(personas):
    version = _small_draft(personas)
    with pytest.raises(BadInput):
        services.catalog_version_file(
            version=version,
            actor=personas.office,
            filed_on=datetime.date(2011, 5, 25),
            filing_reference="x",
        )
    with pytest.raises(BadInput):
        services.catalog_version_acknowledge(version=version, actor=personas.upper)
    services.catalog_version_approve(
        version=version, actor=personas.approver, effective_from=datetime.date(2011, 5, 19)
    )
    with pytest.raises(BadInput):
        services.catalog_version_approve(
            version=version, actor=personas.approver, effective_from=datetime.date(2011, 6, 1)
        )


def test_it_rejects_approval_by_someone_who_is_not_an_approver(personas):
    version = _small_draft(personas)
    for user in [personas.office, personas.drafter, personas.upper, personas.outsider]:
        with pytest.raises(NotAllowed, match="党组审批人"):
            services.catalog_version_approve(
                version=version, actor=user, effective_from=datetime.date(2011, 5, 19)
            )
    version.refresh_from_db()
    assert version.status == CatalogVersion.Status.DRAFT


def test_it_rejects_acknowledgement_by_anyone_but_the_upper_office(personas):
    version = _small_draft(personas)
    services.catalog_version_approve(
        version=version,
        actor=personas.approver,
        effective_from=datetime.date(2011, 5, 19),
        approved_on=datetime.date(2011, 5, 19),
    )
    services.catalog_version_file(
        version=version,
        actor=personas.office,
        filed_on=datetime.date(2011, 5, 25),
        filing_reference="岳统党组〔2011〕4号",
    )
    for user in [personas.office, personas.approver, personas.unit_admin, personas.other_admin]:
        with pytest.raises(NotAllowed, match="上级党务公开办公室"):
            services.catalog_version_acknowledge(version=version, actor=user)
    version.refresh_from_db()
    assert version.status == CatalogVersion.Status.FILED


def test_it_rejects_filing_by_another_unit(personas):
    version = _small_draft(personas)
    services.catalog_version_approve(
        version=version, actor=personas.approver, effective_from=datetime.date(2011, 5, 19)
    )
    with pytest.raises(NotAllowed, match="只有本单位可以报上级备案"):
        services.catalog_version_file(
            version=version,
            actor=personas.other_admin,
            filed_on=datetime.date(2011, 5, 25),
            filing_reference="x",
        )


def test_it_refuses_to_edit_an_approved_version(personas):
    world = load_seed_catalog()
    version = catalog_in_force(world.unit)
    item = version.items.get(number=17)
    with pytest.raises(BadInput, match="已审批"):
        services.item_update(item=item, actor=personas.office, content="改")
    with pytest.raises(BadInput, match="已审批"):
        services.item_remove(item=item, actor=personas.office)
    with pytest.raises(BadInput, match="已审批"):
        services.category_add(version=version, name="新类别", actor=personas.office)
    item.refresh_from_db()
    assert item.content == "党费收缴、管理和使用情况"


def test_a_new_draft_copies_the_version_in_force(personas):
    world = load_seed_catalog()
    current = catalog_in_force(world.unit)
    draft = services.catalog_version_create(
        unit=world.unit, actor=personas.office, copy_from=current
    )
    assert draft.number == 2 and draft.based_on == current
    assert draft.items.count() == 35 and draft.categories.count() == 8
    old = current.items.get(number=33)
    new = draft.items.get(number=33)
    assert new.lineage == old.lineage
    assert {d.name for d in new.departments.all()} == {"机关支部", "监察室"}
    with pytest.raises(BadInput, match="草稿"):
        services.catalog_version_create(unit=world.unit, actor=personas.office)


def test_catalog_in_force_answers_for_past_dates_across_two_versions(personas):
    world = load_seed_catalog()
    first = catalog_in_force(world.unit)
    draft = services.catalog_version_create(unit=world.unit, actor=personas.office, copy_from=first)
    item = draft.items.get(number=35)
    services.item_update(item=item, actor=personas.office, content="党内各类先进评比情况（修订）")
    with time_machine.travel(datetime.datetime(2014, 1, 1, 9, tzinfo=datetime.UTC)):
        second = services.catalog_version_approve(
            version=draft, actor=personas.approver, effective_from=datetime.date(2014, 1, 1)
        )
    assert catalog_in_force(world.unit, datetime.date(2011, 5, 18)) is None
    assert catalog_in_force(world.unit, datetime.date(2011, 5, 19)) == first
    assert catalog_in_force(world.unit, datetime.date(2013, 12, 31)) == first
    assert catalog_in_force(world.unit, datetime.date(2014, 1, 1)) == second
    assert first.items.get(number=35).content == "党内各类先进评比情况"


def test_it_rejects_an_effective_date_not_after_the_previous_version(personas):
    world = load_seed_catalog()
    draft = services.catalog_version_create(
        unit=world.unit, actor=personas.office, copy_from=catalog_in_force(world.unit)
    )
    with pytest.raises(BadInput, match="施行日期"):
        services.catalog_version_approve(
            version=draft, actor=personas.approver, effective_from=datetime.date(2011, 5, 19)
        )


def test_it_rejects_a_department_of_another_unit(personas):
    version = services.catalog_version_create(unit=personas.other_unit)
    category = services.category_add(version=version, name="类别")
    with pytest.raises(BadInput, match="不属于本单位"):
        services.item_add(
            version=version,
            category=category,
            forms=[DisclosureForm.objects.get(name="会议")],
            departments=[personas.departments["人事科"]],
            number=1,
            content="x",
            time_limit=TimeLimit.LONG_TERM,
            scope=Scope.INTERNAL,
        )


def test_the_seed_forms_can_be_restored_after_a_flush(personas):
    DisclosureForm.objects.all().delete()
    created = services.disclosure_forms_ensure()
    assert [f.name for f in created][:3] == ["会议", "文件", "内网"]
    assert services.disclosure_forms_ensure() == []


def test_only_those_who_edit_the_catalog_change_a_draft(personas):
    version = _small_draft(personas)
    item = version.items.get()
    before = _actions(version)
    for user in [
        personas.public,
        personas.member,
        personas.drafter,
        personas.supervisor,
        personas.outsider,
        personas.other_admin,
    ]:
        with pytest.raises(NotAllowed):
            services.category_add(version=version, name="新类别", actor=user)
        with pytest.raises(NotAllowed):
            services.item_update(item=item, actor=user, content="改")
        with pytest.raises(NotAllowed):
            services.item_remove(item=item, actor=user)
        with pytest.raises(NotAllowed):
            services.catalog_draft_clear(version=version, actor=user)
    with pytest.raises(NotAllowed, match="无权修订目录"):
        services.catalog_version_create(unit=personas.unit, actor=personas.drafter)
    assert _actions(version) == before
    item.refresh_from_db()
    assert item.content == "党费收缴、管理和使用情况"
    assert version.categories.count() == 1


def test_the_approval_event_records_what_the_step_changed(personas):
    version = _small_draft(personas)
    services.catalog_version_approve(
        version=version,
        actor=personas.approver,
        effective_from=datetime.date(2011, 5, 19),
        approval_reference="岳统党组〔2011〕4号",
        approved_on=datetime.date(2011, 5, 19),
    )
    event = Event.objects.get(action="catalog.approved", target_id=str(version.pk))
    assert event.comment == "岳统党组〔2011〕4号"
    assert event.changes["effective_from"] == {"old": None, "new": "2011-05-19"}
    assert event.changes["approval_reference"]["new"] == "岳统党组〔2011〕4号"
    assert {"approved_at", "approved_by"} <= set(event.changes)
    assert event.unit == personas.unit
