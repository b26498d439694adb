from django.contrib.sitemaps import views as sitemap_views
from django.urls import path
from django.views.decorators.http import require_safe

from pagecache.cache import anonymous_page_cache
from portal import feeds, views
from portal.sitemaps import SITEMAPS

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("units/", views.units, name="units"),
    path("units/<slug:code>/", views.unit, name="unit"),
    path("units/<slug:code>/categories/<int:category_id>/", views.category, name="category"),
    path("units/<slug:code>/items/<int:number>/", views.item, name="item"),
    path("units/<slug:code>/archive/", views.archive_index, name="archive_index"),
    path("units/<slug:code>/archive/<int:year>/", views.archive_year, name="archive_year"),
    path("my/", views.my_units, name="my_units"),
    path("my/feeds/", views.my_feeds, name="my_feeds"),
    path("display/", views.display, name="display"),
    path("language/", views.language, name="language"),
    path("robots.txt", views.robots, name="robots"),
    path(
        "sitemap.xml",
        require_safe(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "portal:sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        require_safe(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("feeds/rss.xml", require_safe(anonymous_page_cache(feeds.PublicFeed())), name="feed_rss"),
    path(
        "feeds/atom.xml",
        require_safe(anonymous_page_cache(feeds.PublicAtomFeed())),
        name="feed_atom",
    ),
    path(
        "feeds/units/<slug:code>/rss.xml",
        require_safe(anonymous_page_cache(feeds.PublicFeed())),
        name="unit_feed_rss",
    ),
    path(
        "feeds/units/<slug:code>/atom.xml",
        require_safe(anonymous_page_cache(feeds.PublicAtomFeed())),
        name="unit_feed_atom",
    ),
    path(
        "feeds/units/<slug:code>/categories/<int:category_id>/rss.xml",
        require_safe(anonymous_page_cache(feeds.PublicFeed())),
        name="category_feed_rss",
    ),
    path(
        "feeds/units/<slug:code>/categories/<int:category_id>/atom.xml",
        require_safe(anonymous_page_cache(feeds.PublicAtomFeed())),
        name="category_feed_atom",
    ),
    path(
        "feeds/private/<str:token>/atom.xml",
        require_safe(feeds.PrivateAtomFeed()),
        name="private_feed",
    ),
]
