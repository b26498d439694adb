import datetime

import pytest
from django.utils import timezone

from catalog.models import CatalogVersion
from catalog.tests.helpers import load_seed_catalog

pytestmark = pytest.mark.django_db

URL = "/catalog/yytjj/manage/"


@pytest.fixture
def world(personas):
    return load_seed_catalog()


def _post(personas, user, **data):
    return personas.client(user).post(URL, data, follow=True)


def test_outsiders_get_404_and_anonymous_a_login(world, personas):
    assert personas.client(personas.public).get(URL).status_code == 302
    for user in [personas.member, personas.drafter, personas.outsider, personas.other_admin]:
        assert personas.client(user).get(URL).status_code == 404
        assert personas.client(user).post(URL, {"action": "new_draft"}).status_code == 404
    assert not CatalogVersion.objects.filter(unit=world.unit, status="draft").exists()
    assert personas.client(personas.office).get("/catalog/nowhere/manage/").status_code == 404
    assert personas.client(personas.office).put(URL).status_code == 405


def test_the_office_revises_the_approver_approves_the_office_files_the_upper_acknowledges(
    world, personas
):
    response = _post(personas, personas.office, action="new_draft")
    assert "已完成" in response.content.decode()
    draft = CatalogVersion.objects.get(unit=world.unit, status="draft")
    assert draft.number == 2 and draft.items.count() == 35

    refused = _post(
        personas, personas.office, action="approve", version=2, effective_from="2012-01-01"
    )
    assert refused.status_code == 403
    assert "党组审批人" in refused.content.decode()

    bad = _post(personas, personas.approver, action="approve", version=2, effective_from="x")
    assert "施行日期" in bad.content.decode()
    _post(
        personas,
        personas.approver,
        action="approve",
        version=2,
        effective_from="2012-01-01",
        approval_reference="党组会议纪要",
        approved_on="2011-12-30",
    )
    draft.refresh_from_db()
    assert draft.status == "approved"

    _post(
        personas,
        personas.office,
        action="file",
        version=2,
        filed_on="2012-01-05",
        filing_reference="岳统党组〔2012〕1号",
    )
    draft.refresh_from_db()
    assert draft.status == "filed"

    refused = _post(personas, personas.unit_admin, action="acknowledge", version=2)
    assert refused.status_code == 403
    assert "上级党务公开办公室" in refused.content.decode()
    draft.refresh_from_db()
    assert draft.status == "filed"
    _post(personas, personas.upper, action="acknowledge", version=2)
    draft.refresh_from_db()
    assert draft.status == "acknowledged"


def test_it_reports_unknown_actions_and_versions(world, personas):
    assert (
        "未知的操作"
        in _post(personas, personas.office, action="explode", version=1).content.decode()
    )
    assert (
        "请选择目录版本"
        in _post(personas, personas.office, action="file", version=99).content.decode()
    )


def test_it_refuses_a_filing_dated_before_the_approval(personas):
    load_seed_catalog()
    _post(personas, personas.office, action="new_draft")
    _post(
        personas,
        personas.approver,
        action="approve",
        version=2,
        effective_from="2012-01-01",
        approved_on="2011-12-30",
    )
    response = _post(
        personas,
        personas.office,
        action="file",
        version=2,
        filed_on="2011-12-29",
        filing_reference="岳统党组〔2012〕1号",
    )
    assert "备案日期不能早于党组审批日期" in response.content.decode()
    assert CatalogVersion.objects.get(unit=personas.unit, number=2).status == "approved"


def test_it_refuses_an_approval_dated_in_the_future(personas):
    load_seed_catalog()
    _post(personas, personas.office, action="new_draft")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = _post(
        personas,
        personas.approver,
        action="approve",
        version=2,
        effective_from="2030-01-01",
        approved_on=tomorrow.isoformat(),
    )
    assert "日期不能晚于今天" in response.content.decode()
    assert CatalogVersion.objects.get(unit=personas.unit, number=2).status == "draft"


def _page(personas, user) -> str:
    return personas.client(user).get(URL).content.decode()


def test_each_person_sees_the_buttons_of_the_steps_they_may_take(world, personas):
    from catalog import services
    from catalog.selectors import catalog_in_force

    draft = services.catalog_version_create(
        unit=world.unit, actor=personas.office, copy_from=catalog_in_force(world.unit)
    )
    approve = 'name="action" value="approve"'
    assert approve in _page(personas, personas.approver)
    for user in [personas.office, personas.unit_admin, personas.upper]:
        page = _page(personas, user)
        assert approve not in page
        assert f"/catalog/yytjj/versions/{draft.number}/" in page
    assert 'value="new_draft"' not in _page(personas, personas.office)

    services.catalog_version_approve(
        version=draft, actor=personas.approver, effective_from=datetime.date(2012, 1, 1)
    )
    file = 'name="action" value="file"'
    for user in [personas.office, personas.approver, personas.unit_admin]:
        page = _page(personas, user)
        assert file in page and 'value="new_draft"' in page
    services.catalog_version_file(
        version=draft,
        actor=personas.office,
        filed_on=timezone.localdate(),
        filing_reference="岳统党组〔2012〕1号",
    )
    acknowledge = 'name="action" value="acknowledge"'
    assert acknowledge in _page(personas, personas.upper)
    for user in [personas.office, personas.approver, personas.unit_admin]:
        assert acknowledge not in _page(personas, user)


def test_a_refused_form_keeps_what_was_typed(personas):
    load_seed_catalog()
    _post(personas, personas.office, action="new_draft")
    bad = _post(
        personas,
        personas.approver,
        action="approve",
        version=2,
        effective_from="x",
        approval_reference="党组会议纪要（第3次）",
    )
    assert bad.status_code == 400
    page = bad.content.decode()
    assert "请填写有效日期" in page and 'value="党组会议纪要（第3次）"' in page
    # A service's refusal is shown on the form, next to the field it concerns.
    refused = _post(
        personas,
        personas.approver,
        action="approve",
        version=2,
        effective_from="2011-05-19",
        approval_reference="党组会议纪要（第3次）",
    )
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "施行日期必须晚于上一版本的施行日期" in page
    assert 'value="党组会议纪要（第3次）"' in page and 'value="2011-05-19"' in page
    assert CatalogVersion.objects.get(unit=personas.unit, number=2).status == "draft"


def test_a_second_draft_is_refused_on_the_page(world, personas):
    _post(personas, personas.office, action="new_draft")
    again = _post(personas, personas.office, action="new_draft")
    assert again.status_code == 400
    assert "该单位已有一个草稿版本" in again.content.decode()
    assert CatalogVersion.objects.filter(unit=world.unit, status="draft").count() == 1
