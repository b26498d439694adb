import pytest

from catalog import services
from catalog.models import CatalogVersion, Item
from catalog.selectors import catalog_in_force
from catalog.tests.helpers import load_seed_catalog

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas):
    return load_seed_catalog()


def test_another_units_admin_gets_404_on_versions_and_items(world, personas):
    version = catalog_in_force(world.unit)
    item = version.items.get(number=17)
    client = personas.client(personas.other_admin)
    assert client.get(f"/admin/catalog/catalogversion/{version.pk}/change/").status_code == 404
    assert client.get(f"/admin/catalog/item/{item.pk}/change/").status_code == 404
    listing = client.get("/admin/catalog/catalogversion/").content.decode()
    assert "岳阳市统计局党组党务公开目录" not in listing
    assert "岳阳市财政局党组党务公开目录" in listing
    own = personas.client(personas.unit_admin)
    assert own.get(f"/admin/catalog/catalogversion/{version.pk}/change/").status_code == 200
    assert own.get(f"/admin/catalog/item/{item.pk}/change/").status_code == 200


def test_an_approved_version_and_its_items_are_read_only(world, personas):
    version = catalog_in_force(world.unit)
    item = version.items.get(number=17)
    client = personas.client(personas.unit_admin)
    page = client.get(f"/admin/catalog/item/{item.pk}/change/").content.decode()
    assert 'name="_save"' not in page and 'name="content"' not in page
    response = client.post(
        f"/admin/catalog/item/{item.pk}/change/", {"content": "改掉", "number": 17}
    )
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.content == "党费收缴、管理和使用情况"
    assert client.get(f"/admin/catalog/item/{item.pk}/delete/").status_code == 403
    page = client.get(f"/admin/catalog/catalogversion/{version.pk}/change/").content.decode()
    assert 'name="title"' not in page


def test_draft_items_are_edited_through_the_services(world, personas):
    draft = services.catalog_version_create(
        unit=world.unit, actor=personas.office, copy_from=catalog_in_force(world.unit)
    )
    item = draft.items.get(number=17)
    client = personas.client(personas.unit_admin)
    data = {
        "category": item.category_id,
        "number": 17,
        "content": "党费收缴、管理和使用情况（每季度）",
        "forms": [f.pk for f in item.forms.all()],
        "time_limit": "periodic",
        "cadence": "quarterly",
        "scope": "internal",
        "audience": "",
        "departments": [d.pk for d in item.departments.all()],
        "retention_days": "",
        "notes": "",
    }
    response = client.post(f"/admin/catalog/item/{item.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    item.refresh_from_db()
    assert item.content == "党费收缴、管理和使用情况（每季度）" and item.cadence == "quarterly"
    from audit.models import Event

    assert Event.objects.filter(action="catalog.item_changed", target_id=str(draft.pk)).exists()
    response = client.post(f"/admin/catalog/item/{item.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Item.objects.filter(pk=item.pk).exists()
    assert Event.objects.filter(action="catalog.item_removed", target_id=str(draft.pk)).exists()


def test_admin_actions_call_the_services(world, personas):
    version = catalog_in_force(world.unit)
    client = personas.client(personas.unit_admin)
    response = client.post(
        "/admin/catalog/catalogversion/",
        {"action": "new_draft", "_selected_action": [version.pk]},
    )
    assert response.status_code == 302
    assert CatalogVersion.objects.filter(unit=world.unit, status="draft").count() == 1
    response = client.post(
        "/admin/catalog/catalogversion/",
        {"action": "approve_or_file", "_selected_action": [version.pk]},
    )
    assert response["Location"] == "/catalog/yytjj/manage/"
