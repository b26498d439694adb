"""Portal test data: a small approved catalog for the unit and a factory of disclosures in any
state, created directly with the ORM (the portal only reads them)."""

import datetime
import itertools

import pytest
from django.utils import timezone

from catalog.models import CatalogVersion, Category, DisclosureForm, Item, Scope, TimeLimit
from disclosures.models import Disclosure

Status = Disclosure.Status
_numbers = itertools.count(1)


class World:
    def __init__(self, personas):
        self.p = personas
        self.unit = personas.unit
        self.department = personas.departments["办公室"]
        self.version = CatalogVersion.objects.create(
            unit=self.unit,
            number=1,
            title="中共岳阳市统计局党组党务公开目录",
            status=CatalogVersion.Status.APPROVED,
            created_at=timezone.now(),
            approved_at=timezone.now(),
            effective_from=datetime.date(2011, 5, 19),
        )
        self.form, _ = DisclosureForm.objects.get_or_create(
            code="website", defaults={"name": "网站", "evidence": "online"}
        )
        self.organizing = Category.objects.create(
            version=self.version, name="党的组织管理情况", sort_order=1
        )
        self.decisions = Category.objects.create(
            version=self.version, name="党组织决议、决定及执行情况", sort_order=2
        )
        self.dues = self._item(self.organizing, 1, "党费收缴、管理和使用情况", Scope.PUBLIC)
        self.election = self._item(self.organizing, 2, "党组织换届选举情况", Scope.INTERNAL)
        self.plans = self._item(self.decisions, 3, "党建年度工作计划、总结", Scope.PUBLIC)

    def _item(self, category, number, content, scope):
        item = Item.objects.create(
            version=self.version,
            category=category,
            number=number,
            content=content,
            time_limit=TimeLimit.PERIODIC,
            scope=scope,
        )
        item.forms.add(self.form)
        item.departments.add(self.department)
        return item

    def disclosure(
        self, *, title=None, status=Status.PUBLIC, item=None, unit=None, when=None, **extra
    ):
        """A disclosure in the given state; public ones get public_at, published ones published_at."""
        when = when or timezone.now() - datetime.timedelta(days=next(_numbers) % 30 + 1)
        unit = unit or self.unit
        item = item or self.dues
        department = self.department if unit == self.unit else unit.departments.first()
        readable = status in Disclosure.READABLE
        fields = {
            "unit": unit,
            "item": item,
            "department": department,
            "title": title or f"{item.content}（第{next(_numbers)}期）",
            "body": "按照党务公开目录，现将有关情况公开如下。",
            "scope": Scope.PUBLIC if status == Status.PUBLIC else Scope.INTERNAL,
            "status": status,
            "created_at": when,
            "updated_at": when,
            "published_at": when if readable else None,
            "public_at": when if status == Status.PUBLIC else None,
        }
        if status == Status.WITHHELD:
            fields["withholding"] = Disclosure.Withholding.NOT_YET
        fields.update(extra)
        return Disclosure.objects.create(**fields)


@pytest.fixture
def world(personas):
    return World(personas)
