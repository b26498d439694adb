"""On a phone (375 px) the obligations table becomes cards that keep their column names."""

import pytest
from django.utils import timezone

from catalog import demo as catalog_demo
from catalog.models import TimeLimit
from catalog.selectors import items_in_force
from obligations.services import obligation_record_decision
from organizations import demo as organizations_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_each_card_on_a_phone_names_its_fields(page, login):
    world = organizations_demo.load()
    catalog_demo.load(world)
    from organizations.models import User

    office = User.objects.get(username="wumi")
    item = items_in_force(world.unit).filter(time_limit=TimeLimit.IMMEDIATE).first()
    obligation_record_decision(
        item=item, decided_on=timezone.localdate(), actor=office, title="手机上看的决定"
    )
    page.set_viewport_size({"width": 375, "height": 800})
    login("wumi")
    page.goto("/obligations/")
    row = page.locator("table.responsive tbody tr").filter(has_text="手机上看的决定")
    labels = row.locator("[data-label]").evaluate_all(
        "cells => cells.map(c => getComputedStyle(c, '::before').content)"
    )
    assert '"截止日期："' in labels and '"起算日期："' in labels and '"状态："' in labels
    # On a wide screen the header names the columns and the cells carry no prefix.
    page.set_viewport_size({"width": 1280, "height": 800})
    wide = row.locator("[data-label]").first.evaluate(
        "c => getComputedStyle(c, '::before').content"
    )
    assert wide in ("none", "normal")
