"""A shared cache of the public pages as an anonymous visitor sees them.

Several servers share one database and nothing is kept in process memory: pages are stored in the
database cache `settings.CACHES["pages"]`, and every key holds the public content version, a
counter in one row (`PublicContentVersion`) that `public_content_changed()` increments in the same
transaction as each change of what the public may read (publish, release, end of retention,
withhold, retract, scope change, update publish, archive: the disclosure services call it where
they refresh the search index). A request reads the version first and the content after it, so a
page stored under version v was rendered from data at least as new as v; once a retraction commits,
every request reads v + 1 and no page stored before it is served again, on any server.

Only anonymous visitors without a session or messages cookie are served from the cache, and only
pages that did not use a CSRF token or set a cookie are stored. The key also holds the host, the
full path, the language, the display modes and today's date (due-soon lists). What is not a
disclosure (unit names, catalogs in force, due dates) may be up to the cache timeout old (60 s).
"""

import functools
import hashlib
import secrets

from django.conf import settings
from django.core.cache import caches
from django.db.models import F
from django.http import HttpResponse
from django.utils import timezone

from portal.models import PublicContentVersion

DISPLAY_COOKIES = ("dwgk_large_text", "dwgk_high_contrast")


def public_content_changed() -> None:
    """Call inside the transaction that changes what the public may read."""
    if not PublicContentVersion.objects.filter(pk=1).update(version=F("version") + 1):
        # The row went missing (a flushed database): start from a number no old key can hold.
        PublicContentVersion.objects.get_or_create(pk=1, defaults={"version": fresh_version()})


def fresh_version() -> int:
    return secrets.randbits(62)


def public_content_version() -> int | None:
    """The current version, or None when there is no row (nothing is cached then)."""
    return PublicContentVersion.objects.filter(pk=1).values_list("version", flat=True).first()


def _cacheable_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and getattr(settings, "MESSAGE_COOKIE_NAME", "messages") not in request.COOKIES
        and "pages" in settings.CACHES
        and settings.CACHES["pages"].get("TIMEOUT", 1) != 0
    )


def _key(request, version: int) -> str:
    cookies = request.COOKIES
    parts = [
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
        *("1" if cookies.get(name) == "1" else "0" for name in DISPLAY_COOKIES),
        timezone.localdate().isoformat(),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"page:{version}:{digest}"


def _storable(request, response) -> bool:
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not response.has_header("Cache-Control")
    )


def anonymous_page_cache(view):
    """Serve the view from the shared cache for anonymous visitors (see the module docstring)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        version = public_content_version()  # read before any content is read
        if version is None:
            return view(request, *args, **kwargs)
        cache = caches["pages"]
        key = _key(request, version)
        stored = cache.get(key)
        if stored is not None:
            content_type, content = stored
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if _storable(request, response):
            cache.set(key, (response["Content-Type"], response.content))
        return response

    return wrapper
