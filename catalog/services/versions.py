"""Versions of a unit's catalog: a new draft, and the workflow steps declared on CatalogVersion."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import event_record
from catalog import rules
from catalog.events import CatalogEvents
from catalog.models import CatalogVersion, Category, Item
from dwgk.refusals import BadInput
from organizations.models import Organization
from workflow.engine import perform, steps


def catalog_title(unit: Organization) -> str:
    """The annex's title: the unit's name without the leading 中共 (岳阳市统计局党组党务公开目录)."""
    return f"{unit.name.removeprefix('中共')}党务公开目录"


def _person(actor):
    """The actor as the person a field records (None for the system)."""
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def catalog_version_create(
    *,
    unit: Organization,
    actor=None,
    title: str | None = None,
    copy_from: CatalogVersion | None = None,
) -> CatalogVersion:
    """A new draft version: empty, or a copy of copy_from (the way to change a catalog in force)."""
    rules.require(rules.may_create_draft, actor, unit)
    if unit.tier != Organization.Tier.UNIT:
        raise BadInput(_("只有单位编制公开目录"))
    if (
        CatalogVersion.objects.select_for_update()
        .filter(unit=unit, status=CatalogVersion.Status.DRAFT)
        .exists()
    ):
        raise BadInput(_("该单位已有一个草稿版本"))
    last = CatalogVersion.objects.filter(unit=unit).order_by("-number").first()
    version = CatalogVersion.objects.create(
        unit=unit,
        number=(last.number + 1) if last else 1,
        title=title or (copy_from.title if copy_from else catalog_title(unit)),
        based_on=copy_from,
        created_at=timezone.now(),
        created_by=_person(actor),
    )
    if copy_from is not None:
        _copy_contents(copy_from, version)
    event_record(
        target=version,
        action=CatalogEvents.VERSION_CREATED.action,
        actor=actor,
        unit=unit,
        to_state=version.status,
        comment=f"copy of version {copy_from.number}" if copy_from else "",
    )
    return version


def _copy_contents(source: CatalogVersion, version: CatalogVersion) -> None:
    """Categories and items of source into the new draft; items keep their lineage."""
    categories = {}
    for category in source.categories.all():
        categories[category.pk] = Category.objects.create(
            version=version, name=category.name, sort_order=category.sort_order
        )
    for item in source.items.prefetch_related("forms", "departments"):
        copy = Item.objects.create(
            version=version,
            category=categories[item.category_id],
            lineage=item.lineage,
            number=item.number,
            content=item.content,
            time_limit=item.time_limit,
            important=item.important,
            cadence=item.cadence,
            scope=item.scope,
            audience=item.audience,
            retention_days=item.retention_days,
            notes=item.notes,
        )
        copy.forms.set(item.forms.all())
        copy.departments.set(item.departments.all())


def _require_right(version: CatalogVersion, action: str, actor) -> None:
    """Refuse a person the step's rule does not allow before anything else is looked at, with the
    rule's own sentence (the engine's own refusal is a general one)."""
    rules.require(steps(CatalogVersion)[action].allowed, actor, version)


def _decision_time(day: datetime.date | None, field: str) -> datetime.datetime:
    """Now, or noon of a past day on which a decision was taken; never a day still to come."""
    if day is None:
        return timezone.now()
    if day > timezone.localdate():
        raise BadInput(_("日期不能晚于今天"), field=field)
    noon = datetime.datetime.combine(day, datetime.time(12))
    return timezone.make_aware(noon)


def catalog_version_approve(
    *,
    version: CatalogVersion,
    actor,
    effective_from: datetime.date,
    approval_reference: str = "",
    approved_on: datetime.date | None = None,
) -> CatalogVersion:
    """The party group approves a draft; it is frozen and in force from effective_from.
    `approved_on` is the day the party group decided, when that is recorded after the meeting
    (a paper decision of 2011 entered today must not read as approved today)."""
    _require_right(version, "approve", actor)
    return perform(
        version,
        "approve",
        actor=actor,
        comment=approval_reference,
        effective_from=effective_from,
        approval_reference=approval_reference,
        approved_at=_decision_time(approved_on, "approved_on"),
        approved_by=_person(actor),
    )


def catalog_version_file(
    *, version: CatalogVersion, actor, filed_on: datetime.date, filing_reference: str
) -> CatalogVersion:
    """Filing (备案) with the upper level, whose office is then mailed (the step's effect)."""
    _require_right(version, "file", actor)
    return perform(
        version,
        "file",
        actor=actor,
        comment=filing_reference.strip(),
        filed_on=filed_on,
        filing_reference=filing_reference,
    )


def catalog_version_acknowledge(
    *, version: CatalogVersion, actor, acknowledged_on: datetime.date | None = None
) -> CatalogVersion:
    """The upper level's office confirms the filing (on `acknowledged_on` when recorded later)."""
    _require_right(version, "acknowledge", actor)
    return perform(
        version,
        "acknowledge",
        actor=actor,
        acknowledged_at=_decision_time(acknowledged_on, "acknowledged_on"),
        acknowledged_by=_person(actor),
    )
