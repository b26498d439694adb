import importlib

import pytest

from archive.services import verify_archive
from catalog.models import Scope
from disclosures.models import Disclosure
from organizations import demo as organizations_demo

pytestmark = pytest.mark.django_db


def _load_demo():
    world = organizations_demo.load()
    for name in ["workdays.demo", "catalog.demo", "obligations.demo", "disclosures.demo"]:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError:
            continue
        module.load(world)
    return world


def test_the_demo_holds_every_state_and_scope_and_runs_twice(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    world = _load_demo()
    mine = Disclosure.objects.filter(unit=world.unit)
    assert set(mine.values_list("status", flat=True)) == set(Disclosure.Status.values)
    assert set(mine.values_list("scope", flat=True)) == set(Scope.values)
    assert mine.filter(withholding="secret", filing_acknowledged_at__isnull=False).exists()
    assert mine.filter(updates__status="published").exists()
    assert mine.filter(item__isnull=True, work_plan__status="approved").exists()
    checked, problems = verify_archive()
    assert checked == 2 and problems == []
    count = mine.count()
    _load_demo()
    assert Disclosure.objects.filter(unit=world.unit).count() == count


def test_the_demo_does_nothing_without_a_catalog():
    from disclosures import demo

    demo.load(organizations_demo.load())
    assert not Disclosure.objects.exists()
