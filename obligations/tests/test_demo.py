import datetime

import time_machine

from catalog import demo as catalog_demo
from catalog.selectors import items_in_force
from obligations import demo
from obligations.models import ExtensionRequest, Obligation
from obligations.selectors import obligation_display_status
from organizations import demo as organizations_demo


def test_every_catalog_item_has_obligations_and_every_status_shows(db):
    with time_machine.travel(datetime.datetime(2026, 11, 25, 2, tzinfo=datetime.UTC), tick=False):
        world = organizations_demo.load()
        catalog_demo.load(world)
        demo.load(world)
        count = Obligation.objects.count()
        demo.load(world)  # idempotent
        assert Obligation.objects.count() == count
        today = datetime.date(2026, 11, 25)
        lineages = set(
            Obligation.objects.filter(unit=world.unit).values_list("item_lineage", flat=True)
        )
        items = list(items_in_force(world.unit))
        assert len(items) == 35
        assert {item.lineage for item in items} <= lineages
        shown = {
            obligation_display_status(o, today) for o in Obligation.objects.filter(unit=world.unit)
        }
        assert {"met_on_time", "met_late", "due_soon", "overdue", "paused", "withheld"} <= shown
        assert Obligation.objects.filter(extension_workdays__gt=0).exists()
        assert ExtensionRequest.objects.filter(status="pending").exists()
        assert all(o.explanation.get("lines") for o in Obligation.objects.all()[:20])


def test_it_does_nothing_without_a_catalog(db):
    world = organizations_demo.load()
    demo.load(world)
    assert not Obligation.objects.exists()
