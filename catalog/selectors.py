import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from catalog.models import CatalogVersion, Category, Item
from catalog.rules import may_manage_catalog
from organizations.models import Organization


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


def catalog_versions_visible_to(user, unit: Organization) -> QuerySet[CatalogVersion]:
    """Approved versions are public; a draft only to those who work on the catalog."""
    versions = CatalogVersion.objects.filter(unit=unit).select_related(
        "approved_by", "acknowledged_by"
    )
    if may_manage_catalog(user, unit):
        return versions
    return versions.exclude(status=CatalogVersion.Status.DRAFT)
