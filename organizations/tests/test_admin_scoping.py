import pytest

pytestmark = pytest.mark.django_db


def test_unit_admin_sees_only_its_subtree(personas):
    client = personas.client(personas.unit_admin)
    listing = client.get("/admin/organizations/organization/").content.decode()
    assert "中共岳阳市统计局党组" in listing
    assert "中共岳阳市财政局党组" not in listing
    other = personas.other_unit
    assert client.get(f"/admin/organizations/organization/{other.pk}/change/").status_code == 404
    own = client.get(f"/admin/organizations/organization/{personas.unit.pk}/change/")
    assert own.status_code == 200


def test_unit_admin_gets_404_for_another_units_department(personas):
    client = personas.client(personas.other_admin)
    department = personas.departments["人事科"]
    assert client.get(f"/admin/organizations/department/{department.pk}/change/").status_code == 404
    user = personas.drafter
    assert client.get(f"/admin/organizations/user/{user.pk}/change/").status_code == 404
    assert (
        personas.client(personas.unit_admin)
        .get(f"/admin/organizations/user/{user.pk}/change/")
        .status_code
        == 200
    )


def test_upper_level_admin_sees_every_unit_below(personas):
    listing = (
        personas.client(personas.upper).get("/admin/organizations/organization/").content.decode()
    )
    assert "中共岳阳市统计局党组" in listing and "中共岳阳市财政局党组" in listing


def test_plain_member_cannot_enter_the_back_office(personas):
    response = personas.client(personas.member).get("/admin/")
    assert response.status_code == 302
