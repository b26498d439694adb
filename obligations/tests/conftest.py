import datetime
from dataclasses import dataclass

import pytest
import time_machine

from catalog.models import Cadence, DisclosureForm, Item, TimeLimit
from catalog.services import catalog_version_approve, catalog_version_create, category_add, item_add

TODAY = datetime.date(2026, 9, 28)  # a Monday before the 2026 National Day holiday


@dataclass
class Small:
    personas: object
    unit: object
    version: object
    immediate: Item  # 办公室
    quarterly: Item  # 人事科
    yearly_important: Item  # 人事科, important
    long_term: Item  # 办公室
    per_round: Item  # 人事科
    on_application: Item  # 办公室


def build_small_catalog(personas, effective_from=datetime.date(2026, 1, 5)) -> Small:
    unit = personas.unit
    office_dept, hr = personas.departments["办公室"], personas.departments["人事科"]
    forms = list(DisclosureForm.objects.filter(code__in=["meeting", "intranet"]))[:1] or list(
        DisclosureForm.objects.all()[:1]
    )
    version = catalog_version_create(unit=unit, actor=personas.office)
    category = category_add(version=version, name="党组织决议、决定及执行情况")

    def add(number, content, time_limit, department, **extra):
        return item_add(
            version=version,
            category=category,
            forms=forms,
            departments=[department],
            number=number,
            content=content,
            time_limit=time_limit,
            scope="internal",
            **extra,
        )

    immediate = add(1, "贯彻执行方针政策情况", TimeLimit.IMMEDIATE, office_dept)
    quarterly = add(2, "党费收缴情况", TimeLimit.PERIODIC, hr, cadence=Cadence.QUARTERLY)
    yearly = add(
        3, "干部年度考核结果", TimeLimit.PERIODIC, hr, cadence=Cadence.YEARLY, important=True
    )
    long_term = add(4, "议事规则和决策程序", TimeLimit.LONG_TERM, office_dept)
    per_round = add(5, "经济责任审计结果", TimeLimit.PERIODIC, hr, cadence=Cadence.PER_ROUND)
    on_application = add(6, "申请公开事项", TimeLimit.ON_APPLICATION, office_dept)
    version = catalog_version_approve(
        version=version, actor=personas.approver, effective_from=effective_from
    )
    items = [immediate, quarterly, yearly, long_term, per_round, on_application]
    fresh = [Item.objects.select_related("version__unit").get(pk=i.pk) for i in items]
    return Small(personas, unit, version, *fresh)


@pytest.fixture
def frozen():
    with time_machine.travel(
        datetime.datetime(2026, 9, 28, 10, 0, tzinfo=datetime.UTC), tick=False
    ) as traveller:
        yield traveller


@pytest.fixture
def small(personas, frozen) -> Small:
    return build_small_catalog(personas)
