import datetime

import pytest
from django.utils import timezone

from catalog.models import DisclosureForm, Scope, TimeLimit
from catalog.services import (
    catalog_version_approve,
    catalog_version_create,
    category_add,
    item_add,
)
from disclosures.models import Disclosure

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(personas):
    version = catalog_version_create(unit=personas.unit)
    category = category_add(version=version, name="党的组织管理情况")
    item = item_add(
        version=version,
        category=category,
        number=17,
        content="党费收缴、管理和使用情况",
        time_limit=TimeLimit.PERIODIC,
        scope=Scope.INTERNAL_THEN_PUBLIC,
        forms=list(DisclosureForm.objects.filter(name__in=["会议", "内网"])),
        departments=[personas.departments["机关支部"]],
    )
    catalog_version_approve(
        version=version, actor=personas.approver, effective_from=datetime.date(2011, 5, 19)
    )
    return item


def _disclosure(personas, item, *, title, status, public):
    now = timezone.now()
    return Disclosure.objects.create(
        unit=personas.unit,
        item=item,
        department=personas.departments["机关支部"],
        title=title,
        body="正文",
        scope=item.scope,
        status=status,
        created_at=now,
        updated_at=now,
        published_at=now if status in Disclosure.READABLE else None,
        public_at=now if public else None,
    )


def test_units_are_listed(personas, client):
    codes = {row["code"] for row in client.get("/api/units").json()}
    assert {"szjggw", "yytjj", "yyczj"} <= codes


def test_catalog_in_force_is_public(catalog, client):
    body = client.get("/api/units/yytjj/catalog").json()
    assert body["items"][0]["content"] == "党费收缴、管理和使用情况"
    assert body["items"][0]["forms"] == ["会议", "内网"]
    assert client.get("/api/units/yytjj/catalog?on=2010-01-01").status_code == 404
    assert client.get("/api/units/nope/catalog").status_code == 404


def test_disclosures_follow_the_same_scoping_as_the_pages(personas, catalog, client):
    public = _disclosure(
        personas,
        catalog,
        title="2026年第三季度党费收缴情况",
        status=Disclosure.Status.PUBLIC,
        public=True,
    )
    internal = _disclosure(
        personas, catalog, title="党内通报", status=Disclosure.Status.INTERNAL, public=False
    )
    titles = {row["title"] for row in client.get("/api/disclosures").json()["results"]}
    assert titles == {public.title}
    assert client.get(f"/api/disclosures/{internal.pk}").status_code == 404
    member = personas.client(personas.member)
    assert {r["title"] for r in member.get("/api/disclosures").json()["results"]} == {
        public.title,
        internal.title,
    }
    assert member.get(f"/api/disclosures/{internal.pk}").json()["body"] == "正文"
    outsider = personas.client(personas.outsider)
    assert outsider.get(f"/api/disclosures/{internal.pk}").status_code == 404


def test_withheld_disclosures_never_reach_members(personas, catalog):
    withheld = Disclosure.objects.create(
        unit=personas.unit,
        item=catalog,
        department=personas.departments["机关支部"],
        title="暂缓事项",
        scope=catalog.scope,
        status=Disclosure.Status.WITHHELD,
        withholding=Disclosure.Withholding.SECRET,
        withheld_reason="涉密",
        created_at=timezone.now(),
        updated_at=timezone.now(),
    )
    member = personas.client(personas.member)
    assert member.get(f"/api/disclosures/{withheld.pk}").status_code == 404
    assert (
        personas.client(personas.office).get(f"/api/disclosures/{withheld.pk}").status_code == 200
    )


def test_bad_paging_is_refused_with_a_bilingual_message(personas, client):
    response = client.get("/api/disclosures?page=0")
    assert response.status_code == 400 and "参数错误 / Bad input" in response.json()["detail"]
    assert client.get("/api/disclosures?page=99").status_code == 404
    assert client.get("/api/disclosures?per_page=1000").status_code == 400


def test_workdays_add_explains_itself(client):
    body = client.get("/api/workdays/add?date=2026-09-30&n=5").json()
    assert body["due"] == "2026-10-13"
    assert any(day["reason"] == "国庆节" for day in body["skipped"])
    assert body["adjusted_workdays"][0]["date"] == "2026-10-10"
    assert body["explanation"]


def test_workdays_add_rejects_bad_input(client):
    assert client.get("/api/workdays/add?date=2026-02-30&n=5").status_code == 400
    response = client.get("/api/workdays/add?date=2026-09-30&n=0")
    assert response.status_code == 400 and "/" in response.json()["detail"]


def test_the_api_is_read_only(client):
    assert client.post("/api/units").status_code == 405
    assert client.delete("/api/disclosures/1").status_code == 405


def test_openapi_and_docs_are_served_without_a_cdn(client):
    assert client.get("/api/openapi.json").json()["info"]["title"].startswith("dwgk")
    docs = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui" in docs and "cdn" not in docs
