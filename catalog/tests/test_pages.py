import datetime

import pytest
import time_machine

from catalog import services
from catalog.selectors import catalog_in_force
from catalog.tests.helpers import load_seed_catalog

pytestmark = pytest.mark.django_db

URL = "/catalog/yytjj/"


@pytest.fixture
def world(personas):
    return load_seed_catalog()


def test_the_public_page_shows_the_35_items_as_in_the_annex(world, client):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>岳阳市统计局党组党务公开目录</h1>" in html
    assert html.count('<th scope="rowgroup"') == 8
    assert '<th scope="rowgroup" rowspan="7">党组织决议、决定及执行情况</th>' in html
    assert html.count("<td>先党内后党外</td>") == 25
    for word in [
        "党费收缴、管理和使用情况",
        "党内各类先进评比情况",
        "会议<br>文件<br>内网",
        "机关支部<br>监察室",  # item 33, in the annex's order
        "机关支部<br>机关工会",  # item 27
        "办公室<br>人事科",  # item 3
    ]:
        assert word in html
    assert response.context["categories"].count() == 8
    assert sum(c.items.count() for c in response.context["categories"]) == 35
    assert '<th scope="col">公开形式</th>' in html and "<caption>" in html
    assert "岳统党组〔2011〕4号" in html and "2011-05-25" in html
    assert "/organizations/yytjj/leadership/" in html
    assert "/catalog/yytjj/download.xlsx" in html
    assert "查看某日施行的目录" in html


def test_the_page_is_separated_by_unit(world, client):
    html = client.get("/catalog/yyczj/").content.decode()
    assert "财政资金管理制度及执行情况" in html
    assert "机关支部决议" not in html


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("pdf", "application/pdf"),
    ],
)
def test_downloads_return_the_right_content_type(world, client, fmt, content_type):
    response = client.get(f"{URL}download.{fmt}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert "attachment" in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith(f".{fmt}")
    magic = b"%PDF" if fmt == "pdf" else b"PK"
    assert response.content.startswith(magic)


def test_it_shows_the_catalog_in_force_on_a_past_date(world, personas, client):
    draft = services.catalog_version_create(
        unit=world.unit, actor=personas.office, copy_from=catalog_in_force(world.unit)
    )
    services.item_update(
        item=draft.items.get(number=35), actor=personas.office, content="各类先进评比情况（新）"
    )
    with time_machine.travel(datetime.datetime(2015, 3, 1, 9, tzinfo=datetime.UTC)):
        services.catalog_version_approve(
            version=draft, actor=personas.approver, effective_from=datetime.date(2015, 3, 1)
        )
    with time_machine.travel(datetime.datetime(2016, 1, 1, 9, tzinfo=datetime.UTC)):
        now = client.get(URL).content.decode()
        past = client.get(URL, {"on": "2012-06-01"}).content.decode()
        past_xlsx = client.get(f"{URL}download.xlsx", {"on": "2012-06-01"})
    assert "各类先进评比情况（新）" in now and "第2版" in now
    assert "党内各类先进评比情况" in past and "各类先进评比情况（新）" not in past
    assert "2012-06-01施行的目录" in past
    assert past_xlsx.status_code == 200
    assert "%E7%AC%AC1%E7%89%88" in past_xlsx["Content-Disposition"]  # 第1版


def test_it_says_when_no_catalog_was_in_force(world, client):
    response = client.get(URL, {"on": "2010-01-01"})
    assert response.status_code == 200
    assert "2010-01-01没有施行的党务公开目录" in response.content.decode()
    assert client.get(f"{URL}download.pdf", {"on": "2010-01-01"}).status_code == 404


@pytest.mark.parametrize("bad", ["2011-02-30", "yesterday", "2011/05/19"])
def test_it_rejects_a_bad_date_with_400(world, client, bad):
    response = client.get(URL, {"on": bad})
    assert response.status_code == 400
    assert "不是有效的日期" in response.content.decode()
    assert client.get(f"{URL}download.xlsx", {"on": bad}).status_code == 400


def test_unknown_units_versions_and_formats_are_404(world, client):
    assert client.get("/catalog/nowhere/").status_code == 404
    assert client.get("/catalog/szjggw/").status_code == 404  # the upper level keeps no catalog
    assert client.get("/catalog/nowhere/download.xlsx").status_code == 404
    assert client.get(f"{URL}download.exe").status_code == 404
    assert client.get(f"{URL}versions/9/").status_code == 404
    assert client.get(f"{URL}versions/9/download.pdf").status_code == 404


def test_get_only_pages_refuse_post(world, client):
    for url in [URL, f"{URL}download.xlsx", f"{URL}versions/1/", f"{URL}versions/1/download.docx"]:
        assert client.post(url).status_code == 405


def test_earlier_versions_stay_readable(world, personas, client):
    draft = services.catalog_version_create(
        unit=world.unit, actor=personas.office, copy_from=catalog_in_force(world.unit)
    )
    services.item_remove(item=draft.items.get(number=35), actor=personas.office)
    services.catalog_version_approve(
        version=draft, actor=personas.approver, effective_from=datetime.date(2012, 1, 1)
    )
    old = client.get(f"{URL}versions/1/")
    assert old.status_code == 200
    assert "党内各类先进评比情况" in old.content.decode()
    assert "岳统党组〔2011〕4号" in old.content.decode()
    new = client.get(f"{URL}versions/2/").content.decode()
    assert "党内各类先进评比情况" not in new and "修订自第1版" in new
    assert client.get(f"{URL}versions/1/download.xlsx").status_code == 200


def test_a_draft_is_visible_only_to_those_who_work_on_the_catalog(world, personas):
    services.catalog_version_create(
        unit=world.unit, actor=personas.office, copy_from=catalog_in_force(world.unit)
    )
    url = f"{URL}versions/2/"
    for user in [personas.public, personas.member, personas.outsider, personas.other_admin]:
        assert personas.client(user).get(url).status_code == 404
        assert "第2版" not in personas.client(user).get(URL).content.decode()
    for user in [personas.office, personas.approver, personas.unit_admin, personas.upper]:
        assert personas.client(user).get(url).status_code == 200


def test_the_portal_unit_page_links_to_the_catalog(world, client):
    assert URL in client.get("/units/yytjj/").content.decode()
