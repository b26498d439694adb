"""The number of SQL queries per page must not grow with the number of rows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from disclosures.models import Disclosure
from portal.services import feed_token_create

Status = Disclosure.Status


def _fill(world, personas, count):
    items = [world.dues, world.plans, world.election]
    for n in range(count):
        status = [Status.PUBLIC, Status.INTERNAL, Status.ARCHIVED][n % 3]
        world.disclosure(status=status, item=items[n % 3])
        world.disclosure(unit=personas.other_unit, item=items[n % 3])


def _pages(world, token):
    code = world.unit.code
    year = Disclosure.objects.filter(status=Status.ARCHIVED).first().published_at.year
    return [
        "/",
        "/units/",
        f"/units/{code}/",
        f"/units/{code}/categories/{world.organizing.pk}/",
        f"/units/{code}/items/{world.dues.number}/",
        f"/units/{code}/archive/",
        f"/units/{code}/archive/{year}/",
        f"/units/{code}/archive/{year}/?category={world.organizing.pk}",
        "/my/",
        "/my/feeds/",
        "/feeds/rss.xml",
        "/feeds/atom.xml",
        f"/feeds/units/{code}/atom.xml",
        f"/feeds/units/{code}/categories/{world.organizing.pk}/rss.xml",
        f"/feeds/private/{token}/atom.xml",
        "/sitemap.xml",
        "/sitemap-disclosures.xml",
        "/sitemap-units.xml",
        "/sitemap-catalogs.xml",
    ]


def _counts(world, personas, token):
    counts = {}
    for who in ("public", "member"):
        client = personas.client(getattr(personas, who))
        for url in _pages(world, token):
            if url.startswith("/my/") and who == "public":
                continue
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, url
            counts[(who, url)] = len(queries)
    return counts


def test_query_counts_do_not_grow_with_rows(world, personas, django_assert_max_num_queries):
    token = feed_token_create(user=personas.member, actor=personas.member).token
    _fill(world, personas, 5)
    small = _counts(world, personas, token)
    assert max(small.values()) <= 15, small
    _fill(world, personas, 45)
    for (who, url), count in small.items():
        client = personas.client(getattr(personas, who))
        with django_assert_max_num_queries(count, info=f"{who} {url}"):
            assert client.get(url).status_code == 200


def _bench_pages(world, personas):
    """Every page `python -m dwgk.bench portal` measures, as (who, url); the unit list's last page
    and a disclosure page included."""
    from django.contrib.auth.models import AnonymousUser

    from portal.pagination import PER_PAGE
    from portal.selectors import portal_disclosures

    code = world.unit.code
    listed = portal_disclosures(AnonymousUser()).filter(unit=world.unit)
    last = -(-listed.count() // PER_PAGE)
    newest = listed.first()
    return [
        ("public", "/"),
        ("public", f"/units/{code}/"),
        ("public", f"/units/{code}/?page={last}"),
        ("public", newest.get_absolute_url()),
        ("public", "/search/?q=%E5%85%9A%E8%B4%B9"),  # 党费
        ("public", "/search/?q=%E5%85%9A%E8%B4%B9+%E6%83%85%E5%86%B5"),  # 党费 情况
        ("member", "/my/"),
        ("member", newest.get_absolute_url()),
        ("member", "/search/?q=%E5%85%9A%E8%B4%B9"),
    ]


def _fill_indexed(world, personas, count):
    from search.services import search_document_refresh

    for n in range(count):
        status = [Status.PUBLIC, Status.INTERNAL, Status.ARCHIVED][n % 3]
        for disclosure in (
            world.disclosure(status=status),
            world.disclosure(unit=personas.other_unit, status=status),
        ):
            search_document_refresh(disclosure=disclosure)


def test_bench_pages_query_counts_do_not_grow_with_rows(
    world, personas, django_assert_max_num_queries, settings
):
    # The pages as rendered, not as served from the shared page cache (one query a hit).
    settings.DWGK_PAGE_CACHE_SECONDS = 0
    _fill_indexed(world, personas, 75)  # 25 public: two pages of the unit list (20 a page)
    small = []
    for who, url in _bench_pages(world, personas):
        client = personas.client(getattr(personas, who))
        client.get(url)  # caches warm, as on a running server
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        small.append(len(queries))
    _fill_indexed(world, personas, 90)
    # The same pages in the same order (the last page and the newest disclosure have moved on).
    for count, (who, url) in zip(small, _bench_pages(world, personas), strict=True):
        client = personas.client(getattr(personas, who))
        with django_assert_max_num_queries(count, info=f"{who} {url}"):
            assert client.get(url).status_code == 200, url
