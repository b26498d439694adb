import pytest
from django.test import Client

from archive.services import verify_archive
from catalog.models import Scope, TimeLimit
from disclosures.models import Disclosure
from dwgk.management.commands.demo import DEMO_MODULES
from obligations.services import item_cadence
from organizations import demo as organizations_demo

pytestmark = pytest.mark.django_db


def _load_demo():
    world = organizations_demo.load()
    for module in DEMO_MODULES:
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
    # The disclosures in the works carry an open obligation of their item wherever the item's
    # time limit gives one, so that the queues show due dates.
    working = mine.filter(status__in=Disclosure.WORKING).select_related("item", "obligation")
    assert set(working.values_list("status", flat=True)) == set(Disclosure.WORKING)
    for d in working:
        if d.item.time_limit != TimeLimit.PERIODIC or item_cadence(d.item) == "per_round":
            assert d.obligation is not None, d
            assert d.obligation.status == "open" and d.obligation.item_lineage == d.item.lineage
    for status in (Disclosure.Status.SUBMITTED, Disclosure.Status.REVIEWED):
        assert working.filter(status=status, obligation__isnull=False).exists()
    office = Client()
    office.force_login(world.users["wumi"])
    queue = office.get("/disclosures/work/office/")
    due = working.filter(status="submitted", obligation__isnull=False).first().obligation.due_date
    assert queue.status_code == 200 and due.isoformat() in queue.content.decode()
    checked, problems = verify_archive()
    assert checked == 2 and problems == []
    count = mine.count()
    _load_demo()
    assert Disclosure.objects.filter(unit=world.unit).count() == count


def test_the_demo_does_nothing_without_a_catalog():
    from disclosures import demo

    demo.load(organizations_demo.load())
    assert not Disclosure.objects.exists()


def test_in_the_demo_members_find_dues_and_elections_and_the_public_finds_neither(
    settings, tmp_path, personas
):
    settings.MEDIA_ROOT = tmp_path / "files"
    _load_demo()
    from search.selectors import search_disclosures

    for word in ["党费", "换届"]:
        assert search_disclosures(personas.member, word).total >= 1, word
        assert search_disclosures(personas.public, word).total == 0, word
