import pytest

pytestmark = pytest.mark.django_db


def test_it_lays_out_the_leading_group_and_office_as_the_plan(personas, client):
    response = client.get(f"/organizations/{personas.unit.code}/leadership/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "领导小组组长：</dt>\n      <dd>焦铎辉" in html
    assert "领导小组成员：</dt>\n      <dd>邹俭、徐光明、胡燕飞、胡列宇、吴龙标" in html
    assert "办公室主任：</dt>\n      <dd>胡列宇（兼）" in html
    assert "办公室成员：</dt>\n      <dd>周青、何攸平、刘保良、王鑫怡" in html
    assert "办公室设在机关支部" in html


def test_unknown_unit_is_404(personas, client):
    assert client.get("/organizations/nope/leadership/").status_code == 404


def test_it_refuses_post(personas, client):
    assert client.post(f"/organizations/{personas.unit.code}/leadership/").status_code == 405


def test_my_work_needs_login(personas, client):
    response = client.get("/organizations/me/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = personas.client(personas.office).get("/organizations/me/")
    assert "办公室副主任" in response.content.decode()


def test_my_work_shows_the_screens_of_the_roles_held(personas):
    office = personas.client(personas.office).get("/organizations/me/").content.decode()
    assert "/disclosures/work/office/" in office and "/disclosures/work/approver/" not in office
    drafter = personas.client(personas.drafter).get("/organizations/me/").content.decode()
    assert "/disclosures/work/drafter/" in drafter and "/disclosures/work/office/" not in drafter
    upper = personas.client(personas.upper).get("/organizations/me/").content.decode()
    assert "/disclosures/work/upper/" in upper and "/obligations/overview/" in upper
    member = personas.client(personas.member).get("/organizations/me/").content.decode()
    assert "/disclosures/work/" not in member and "/obligations/overview/" not in member
