import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from catalog.models import CatalogVersion, Category, Item
from organizations.models import Organization
from organizations.permissions import (
    is_approver,
    is_office,
    is_upper_office_for,
    units_administered_by,
)


def today() -> datetime.date:
    return timezone.localdate()


def catalog_in_force(unit: Organization, on: datetime.date | None = None) -> CatalogVersion | None:
    """The version in force on a date: the approved one with the latest effective date not after it."""
    on = on or today()
    return (
        CatalogVersion.objects.filter(unit=unit, effective_from__lte=on)
        .exclude(status=CatalogVersion.Status.DRAFT)
        .order_by("-effective_from")
        .first()
    )


def catalog_draft(unit: Organization) -> CatalogVersion | None:
    return CatalogVersion.objects.filter(unit=unit, status=CatalogVersion.Status.DRAFT).first()


def catalog_categories_with_items(version: CatalogVersion) -> QuerySet[Category]:
    """Categories of a version with their items, forms and departments, in a fixed number of queries."""
    items = Item.objects.order_by("number").prefetch_related("forms", "departments")
    return version.categories.order_by("sort_order", "id").prefetch_related(
        Prefetch("items", queryset=items)
    )


def items_in_force(unit: Organization, on: datetime.date | None = None) -> QuerySet[Item]:
    version = catalog_in_force(unit, on)
    if version is None:
        return Item.objects.none()
    return version.items.select_related("category").prefetch_related("forms", "departments")


def can_edit_catalog(user, unit: Organization) -> bool:
    """Who drafts, revises and files a unit's catalog: its office, approvers and administrators."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return (
        is_office(user, unit)
        or is_approver(user, unit)
        or units_administered_by(user).filter(pk=unit.pk).exists()
    )


def can_manage_catalog(user, unit: Organization) -> bool:
    """Who works on a unit's catalog: its office, its approvers, its administrators, the upper office."""
    return can_edit_catalog(user, unit) or is_upper_office_for(user, unit)


def catalog_versions_visible_to(user, unit: Organization) -> QuerySet[CatalogVersion]:
    """Approved versions are public; a draft only to those who work on the catalog."""
    versions = CatalogVersion.objects.filter(unit=unit).select_related(
        "approved_by", "acknowledged_by"
    )
    if can_manage_catalog(user, unit):
        return versions
    return versions.exclude(status=CatalogVersion.Status.DRAFT)
