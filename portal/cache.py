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

Members' "my units" page shares the same version (`member_fragment_key`). It lists the published,
not archived disclosures (internal, public, retention ended) of the member's units that the member
may read. A disclosure enters or leaves that list, or changes what the list shows, only through the
disclosure services that bump the version (`disclosures.services._refresh_search`: publish,
release, end of retention, retract, scope and audience change, update publish, attachment,
archive); everything else (drafting, review, withholding, resuming) happens to disclosures in the
works, which the list never shows. What the reader may read also depends on who they are: the key
holds their id, member units, departments and roles (with the organization paths), read fresh on
every request, so a change of membership or role changes the key. Only the page's content is
cached, never the page around it (name, logout form with its CSRF token, messages); superusers are
never cached.
"""

import functools
import hashlib
import secrets

from django.conf import settings
from django.core.cache import caches
from django.db.models import F
from django.http import HttpResponse
from django.utils import timezone

from organizations.permissions import _roles, member_unit_ids
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


def _key(request, version: int, *extra: str) -> str:
    cookies = request.COOKIES
    parts = [
        *extra,
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


def member_fragment_key(request, name: str) -> str | None:
    """The cache key of a member's page content, or None when it may not be cached (see the
    module docstring). Reads the version before any content is read."""
    user = request.user
    if (
        request.method not in ("GET", "HEAD")
        or not getattr(user, "is_authenticated", False)
        or user.is_superuser
        or "pages" not in settings.CACHES
        or settings.CACHES["pages"].get("TIMEOUT", 1) == 0
    ):
        return None
    version = public_content_version()
    if version is None:
        return None
    units = ",".join(str(pk) for pk in sorted(member_unit_ids(user)))
    departments = ",".join(
        str(pk)
        for pk in sorted({m.department_id for m in user.memberships.all() if m.department_id})
    )
    roles = ";".join(sorted("|".join(str(part) for part in role) for role in _roles(user)))
    extra = (name, f"user={user.pk}", units, departments, roles)
    return "member-" + _key(request, version, *extra)
