import pytest
from django.test import Client
from django.utils import timezone

from catalog.models import CatalogVersion
from catalog.selectors import catalog_in_force
from catalog.tests.helpers import load_seed_catalog

pytestmark = pytest.mark.django_db


def test_it_loads_the_seed_catalog_approved_filed_and_acknowledged(personas):
    world = load_seed_catalog()
    version = catalog_in_force(world.unit)
    assert version.status == CatalogVersion.Status.ACKNOWLEDGED
    assert version.title == "岳阳市统计局党组党务公开目录"
    assert version.items.count() == 35
    assert version.categories.count() == 8
    assert str(version.effective_from) == "2011-05-19"
    assert version.approval_reference == "岳统党组〔2011〕4号"
    assert str(version.filed_on) == "2011-05-25"
    assert version.approved_by == world.users["jiaoduohui"]
    assert version.acknowledged_by == world.users["sz_office"]
    other = catalog_in_force(world.other_unit)
    assert other.items.count() == 5 and other.categories.count() == 2


def test_it_is_idempotent(personas):
    load_seed_catalog()
    load_seed_catalog()
    assert CatalogVersion.objects.count() == 2


def test_its_dates_tell_one_story_approved_then_filed_then_acknowledged(personas):
    world = load_seed_catalog()
    for unit in (world.unit, world.other_unit):
        version = catalog_in_force(unit)
        approved = timezone.localdate(version.approved_at)
        assert approved.year == 2011
        assert approved <= version.effective_from
        if version.filed_on:
            assert approved <= version.filed_on
        if version.acknowledged_at:
            assert version.filed_on <= timezone.localdate(version.acknowledged_at)
    # The versions table shows the party group's decision of 2011, not the day the demo was loaded.
    page = Client().get(f"/catalog/{world.unit.code}/").content.decode()
    versions = page[page.index('<table class="versions') :]
    versions = versions[: versions.index("</table>")]
    assert "2011-05-19" in versions and "2011-05-27" in versions
    assert timezone.localdate().isoformat() not in versions
