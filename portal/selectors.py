"""What the portal lists. Every list starts from disclosures_visible_to(user), the one scoping
function of the disclosures app; the portal only narrows it (to published states, a unit, an item)."""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import ExtractYear
from django.utils import timezone

from catalog.models import CatalogVersion, Category, Item, Scope
from disclosures.models import Disclosure
from disclosures.selectors import disclosures_visible_to
from obligations.models import Obligation
from organizations.models import Organization

Status = Disclosure.Status

# Published and not yet archived; the archive is browsed on its own pages.
CURRENT = (Status.INTERNAL, Status.PUBLIC, Status.RETENTION_ENDED)
# Catalog scopes whose items reach the public; only these show up as "due soon" on the home page.
PUBLIC_FACING = (Scope.PUBLIC, Scope.INTERNAL_THEN_PUBLIC)
DUE_SOON_DAYS = 14


def _listed(queryset: QuerySet[Disclosure]) -> QuerySet[Disclosure]:
    """What a list row shows (unit, category, item number) in one query, whatever the page size."""
    return queryset.select_related("unit", "item__category", "work_plan").order_by(
        "-published_at", "-id"
    )


# The columns a list row shows (portal/_disclosure_list.html via the disclosure_rows tag): no body,
# no workflow dates, so that a page of rows is read and built without the long text columns.
LIST_ROW_FIELDS = (
    "id",
    "title",
    "scope",
    "status",
    "public_at",
    "published_at",
    "unit__name",
    "unit__short_name",
    "item__number",
    "item__category__name",
)


def list_rows(queryset: QuerySet[Disclosure]) -> QuerySet[Disclosure]:
    """A list of portal_disclosures() narrowed to what a list row shows."""
    return (
        queryset.select_related(None)
        .select_related("unit", "item__category")
        .only(*LIST_ROW_FIELDS)
    )


def portal_disclosures(user, *, archived: bool = False) -> QuerySet[Disclosure]:
    states = (Status.ARCHIVED,) if archived else CURRENT
    return _listed(disclosures_visible_to(user).filter(status__in=states))


def public_disclosures() -> QuerySet[Disclosure]:
    """What the public feeds and the sitemap carry: exactly what an anonymous visitor may read."""
    return disclosures_visible_to(AnonymousUser()).select_related("unit", "item__category")


def units_with_catalog(on: datetime.date | None = None) -> QuerySet[Organization]:
    """Units, each annotated with the title and number of its catalog in force, in one query."""
    on = on or timezone.localdate()
    in_force = (
        CatalogVersion.objects.filter(unit=OuterRef("pk"), effective_from__lte=on)
        .exclude(status=CatalogVersion.Status.DRAFT)
        .order_by("-effective_from", "-number")
    )
    return (
        Organization.objects.filter(tier=Organization.Tier.UNIT)
        .annotate(
            catalog_title=Subquery(in_force.values("title")[:1]),
            catalog_number=Subquery(in_force.values("number")[:1]),
        )
        .order_by("sort_order", "path")
    )


def unit_categories(version: CatalogVersion | None) -> QuerySet[Category]:
    if version is None:
        return Category.objects.none()
    return version.categories.order_by("sort_order", "id").annotate(item_count=Count("items"))


def category_of_unit(unit: Organization, category_id: int) -> Category | None:
    """A category of any approved version of the unit's catalog (old links keep working)."""
    return (
        Category.objects.select_related("version")
        .filter(pk=category_id, version__unit=unit)
        .exclude(version__status=CatalogVersion.Status.DRAFT)
        .first()
    )


def in_category(queryset: QuerySet[Disclosure], category: Category) -> QuerySet[Disclosure]:
    # Disclosures follow an item across catalog versions through its lineage.
    return queryset.filter(item__lineage__in=category.items.values("lineage"))


def in_item(queryset: QuerySet[Disclosure], item: Item) -> QuerySet[Disclosure]:
    return queryset.filter(item__lineage=item.lineage)


def archive_years(user, unit: Organization) -> list[dict]:
    """[{year, count}] of the archived disclosures of a unit this user may read, newest first."""
    rows = (
        disclosures_visible_to(user)
        .filter(unit=unit, status=Status.ARCHIVED, published_at__isnull=False)
        .annotate(year=ExtractYear("published_at"))
        .values("year")
        .annotate(count=Count("id"))
        .order_by("-year")
    )
    return list(rows)


def due_soon(limit: int = 10, on: datetime.date | None = None) -> QuerySet[Obligation]:
    """Open duties of public-facing catalog items due within two weeks. Only the catalog item
    (already public in the catalog) and the date are shown, never the duty's internal notes."""
    on = on or timezone.localdate()
    return (
        Obligation.objects.filter(
            status=Obligation.Status.OPEN,
            due_date__gte=on,
            due_date__lte=on + datetime.timedelta(days=DUE_SOON_DAYS),
            item__scope__in=PUBLIC_FACING,
        )
        .select_related("unit", "item")
        .order_by("due_date", "id")[:limit]
    )
