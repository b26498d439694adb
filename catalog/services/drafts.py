"""Editing a draft version: its categories and items. An approved version is frozen."""

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import event_record, field_changes
from catalog import rules
from catalog.events import CatalogEvents
from catalog.models import CatalogVersion, Category, Item
from dwgk.refusals import BadInput

ITEM_FIELDS = (
    "number",
    "content",
    "time_limit",
    "important",
    "cadence",
    "scope",
    "audience",
    "retention_days",
    "notes",
)


def _require_editable(version: CatalogVersion, actor) -> None:
    rules.require(rules.editor, actor, version)
    if not version.is_editable:
        raise BadInput(_("已审批的目录版本不能修改，请先创建新的草稿版本"))


def _clean(instance) -> None:
    """The model's own validation, as BadInput naming the field when only one is concerned."""
    try:
        instance.full_clean()
    except ValidationError as error:
        fields = list(getattr(error, "error_dict", {}))
        field = fields[0] if len(fields) == 1 else None
        raise BadInput(error.messages, field=field) from error


def _check_category(version: CatalogVersion, category: Category) -> None:
    if category.version_id != version.pk:
        raise BadInput(_("类别不属于该目录版本"), field="category")


def _check_item_departments(version: CatalogVersion, departments) -> None:
    if not departments:
        raise BadInput(_("至少指定一个责任处室"), field="departments")
    for department in departments:
        if department.unit_id != version.unit_id:
            raise BadInput(_("责任处室不属于本单位"), field="departments")


@transaction.atomic
def category_add(
    *, version: CatalogVersion, name: str, actor=None, sort_order: int | None = None
) -> Category:
    _require_editable(version, actor)
    if sort_order is None:
        sort_order = version.categories.count() + 1
    category = Category(version=version, name=name.strip(), sort_order=sort_order)
    _clean(category)
    category.save()
    event_record(
        target=version,
        action=CatalogEvents.CATEGORY_ADDED.action,
        actor=actor,
        unit=version.unit,
        changes={"category": ("", category.name)},
    )
    return category


@transaction.atomic
def item_add(
    *,
    version: CatalogVersion,
    category: Category,
    forms,
    departments,
    actor=None,
    lineage: uuid.UUID | None = None,
    **fields,
) -> Item:
    _require_editable(version, actor)
    _check_category(version, category)
    _check_item_departments(version, departments)
    if not forms:
        raise BadInput(_("至少指定一种公开形式"), field="forms")
    item = Item(
        version=version, category=category, **{k: v for k, v in fields.items() if k in ITEM_FIELDS}
    )
    if lineage is not None:
        item.lineage = lineage
    _clean(item)
    item.save()
    item.forms.set(forms)
    item.departments.set(departments)
    event_record(
        target=version,
        action=CatalogEvents.ITEM_ADDED.action,
        actor=actor,
        unit=version.unit,
        changes={"item": ("", str(item))},
    )
    return item


@transaction.atomic
def item_update(
    *,
    item: Item,
    actor=None,
    forms=None,
    departments=None,
    category: Category | None = None,
    **fields,
) -> Item:
    version = item.version
    _require_editable(version, actor)
    values = {k: v for k, v in fields.items() if k in ITEM_FIELDS}
    if category is not None:
        _check_category(version, category)
        values["category"] = category
    changes = field_changes(item, values)
    for key, value in values.items():
        setattr(item, key, value)
    _clean(item)
    item.save()
    if forms is not None:
        old = sorted(f.name for f in item.forms.all())
        item.forms.set(forms)
        new = sorted(f.name for f in forms)
        if old != new:
            changes["forms"] = (old, new)
    if departments is not None:
        _check_item_departments(version, departments)
        old = sorted(d.name for d in item.departments.all())
        item.departments.set(departments)
        new = sorted(d.name for d in departments)
        if old != new:
            changes["departments"] = (old, new)
    event_record(
        target=version,
        action=CatalogEvents.ITEM_CHANGED.action,
        actor=actor,
        unit=version.unit,
        changes=changes,
        comment=str(item),
    )
    return item


@transaction.atomic
def item_remove(*, item: Item, actor=None) -> None:
    version = item.version
    _require_editable(version, actor)
    event_record(
        target=version,
        action=CatalogEvents.ITEM_REMOVED.action,
        actor=actor,
        unit=version.unit,
        changes={"item": (str(item), "")},
    )
    item.delete()


@transaction.atomic
def catalog_draft_clear(*, version: CatalogVersion, actor=None) -> CatalogVersion:
    """Empty a draft (its categories and items), e.g. before importing a new spreadsheet into it."""
    _require_editable(version, actor)
    count = version.items.count()
    version.items.all().delete()
    version.categories.all().delete()
    event_record(
        target=version,
        action=CatalogEvents.DRAFT_CLEARED.action,
        actor=actor,
        unit=version.unit,
        changes={"items": (count, 0)},
    )
    return version
