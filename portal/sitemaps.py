"""sitemap.xml of the public pages: the home and unit index, each unit, each unit's catalog,
and every disclosure an anonymous visitor may read (nothing else)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from organizations.models import Organization
from portal import selectors


class StaticSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return ["portal:home", "portal:units"]

    def location(self, item):
        return reverse(item)


class UnitSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Organization.objects.filter(tier=Organization.Tier.UNIT).order_by("path")

    def location(self, item):
        return reverse("portal:unit", args=[item.code])


class CatalogSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return selectors.units_with_catalog().filter(catalog_number__isnull=False)

    def location(self, item):
        return reverse("catalog:unit", args=[item.code])


class DisclosureSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5
    limit = 10000

    def items(self):
        return (
            selectors.public_disclosures()
            .only("pk", "updated_at", "public_at")
            .select_related(None)
            .order_by("pk")
        )

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {
    "pages": StaticSitemap,
    "units": UnitSitemap,
    "catalogs": CatalogSitemap,
    "disclosures": DisclosureSitemap,
}
