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
    assert "上级党务公开办公室" in refused.content.decode()
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
