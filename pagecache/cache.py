"""A shared cache of pages, in the database every server shares: nothing is kept in process memory.

Pages are stored in a table (`CachedPage`), for `settings.DWGK_PAGE_CACHE_SECONDS`. Every key
holds two counters from one row (`PublicContentVersion`), read in the same statement that looks
for the stored page, before any content is read:

- the *public content version*, which `public_content_changed()` increments in the same
  transaction as each change of what anyone may read (publish, release, end of retention,
  withhold, retract, scope and audience change, update publish, attachment, archive: the
  disclosure services call it where they refresh the search index). A page stored under version v
  was rendered from data at least as new as v; once a retraction commits, every request reads
  v + 1 and no page stored before it is served again, on any server;
- the *access version*, which database triggers (migration portal 0003) increment on any change
  of the tables that decide who may read what: organizations, departments, memberships and role
  assignments, whichever code (service, back office, shell) makes it.

Anonymous visitors (`anonymous_page_cache`): only requests without a session or messages cookie
are served from the cache, and only pages that did not use a CSRF token or set a cookie are
stored. The key holds the host, the full path, the language, the display modes and today's date
(due-soon lists). What is not a disclosure (unit names, catalogs in force, due dates) may be up to
the cache timeout old (60 s).

Signed-in readers (`member_page_cache`): the whole page is stored per session (a session is one
person's: Django starts a new one at every login), keyed by both versions, the session key and
the same request parts as above, and read in the same statement as the session and its user. The
name and back-office flag the page header shows may be up to the cache timeout old; whether the
reader may still sign in (session not expired, user active, password unchanged) is checked on
every request before a stored page is served. It is stored only for a reader whose roles let them
read nothing but published disclosures (plain party members): everything they may read changes only through the services
that bump the public content version, and their memberships and roles only with the access
version. Staff (drafters, office, approvers, supervisors, upper office) see disclosures in the
works, which change without a bump, so their pages are never stored; superusers are never cached
either. The logout form's CSRF token is taken out before storing and a fresh one put in when
serving; a request that carries messages is rendered, not served from the cache.
"""

import datetime
import functools
import hashlib
import re
import secrets

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone

from organizations.models import Role
from organizations.permissions import roles_held
from organizations.signin import session_gate
from pagecache.models import CachedPage, PublicContentVersion

DISPLAY_COOKIES = ("dwgk_large_text", "dwgk_high_contrast")
_CSRF_VALUE = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_CSRF_PLACEHOLDER = b"dwgk-csrf-token-placeholder"


def public_content_changed() -> None:
    """Call inside the transaction that changes what the public may read."""
    if not PublicContentVersion.objects.filter(pk=1).update(version=F("version") + 1):
        # The row went missing (a flushed database): start from a number no old key can hold.
        PublicContentVersion.objects.get_or_create(pk=1, defaults={"version": fresh_version()})


def fresh_version() -> int:
    return secrets.randbits(62)


def content_versions() -> tuple[int, int] | None:
    """(public content version, access version), or None when there is no row (nothing is cached
    then). Cached requests read them with their page instead (_versions_and_page)."""
    table = connection.ops.quote_name(PublicContentVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT version, access_version FROM {table} WHERE id = 1")
        row = cursor.fetchone()
    return (int(row[0]), int(row[1])) if row else None


def public_content_version() -> int | None:
    versions = content_versions()
    return versions[0] if versions else None


def _cache_enabled() -> bool:
    return settings.DWGK_PAGE_CACHE_SECONDS > 0


def _cacheable_request(request, *, signed_in: bool) -> bool:
    """A GET or HEAD without messages, with a session cookie (signed_in) or without one."""
    return (
        request.method in ("GET", "HEAD")
        and (settings.SESSION_COOKIE_NAME in request.COOKIES) == signed_in
        and getattr(settings, "MESSAGE_COOKIE_NAME", "messages") not in request.COOKIES
        and _cache_enabled()
    )


def _digest(request, *extra: str) -> str:
    """What the page depends on besides the versions."""
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
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _versions_and_page(digest: str, session=None):
    """(version, access version, content type, content or None) in one statement: the counters
    and the page stored under them, if any and not expired. None when there is no counter row
    (nothing is cached then). Given a session store not yet read, the same statement reads the
    session and its user for it (organizations.sessions), so a signed-in page costs one statement
    too."""
    versions = connection.ops.quote_name(PublicContentVersion._meta.db_table)
    pages = connection.ops.quote_name(CachedPage._meta.db_table)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    select, joins, params = "", "", []
    if session is not None:
        session_select, joins = session.select_with_user(connection)
        select = f", {session_select}"
        params = [session.session_key, now]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT v.version, v.access_version, p.content_type, p.content{select} "
            f"FROM {versions} v LEFT JOIN {pages} p ON p.key = CAST(v.version AS TEXT) || ':' || "
            f"CAST(v.access_version AS TEXT) || ':' || %s AND p.expires_at > %s {joins} "
            "WHERE v.id = 1",
            [digest, now, *params],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    if session is not None:
        session.prefetch(row[4:])
    return row[:4]


def _store(key: str, content_type: str, content: bytes) -> None:
    """Store a page (replacing one stored under the same key) and drop the expired ones; when
    DWGK_PAGE_CACHE_MAX_PAGES are stored (addresses with made-up query strings, say), the quarter
    that expires first goes too."""
    now = timezone.now()
    page = CachedPage(
        key=key,
        content_type=content_type,
        content=content,
        expires_at=now + datetime.timedelta(seconds=settings.DWGK_PAGE_CACHE_SECONDS),
    )
    limit = settings.DWGK_PAGE_CACHE_MAX_PAGES
    with transaction.atomic():
        CachedPage.objects.filter(expires_at__lte=now).delete()
        if CachedPage.objects.count() >= limit:
            first = CachedPage.objects.order_by("expires_at", "key").values_list("key", flat=True)
            CachedPage.objects.filter(key__in=list(first[: max(1, limit // 4)])).delete()
        CachedPage.objects.bulk_create(
            [page],
            update_conflicts=True,
            unique_fields=["key"],
            update_fields=["content_type", "content", "expires_at"],
        )


def _storable(request, response) -> bool:
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")
    )


def _rendered(response):
    if hasattr(response, "render") and callable(response.render):
        return response.render()
    return response


def _through_cache(view, request, args, kwargs, *, digest, found, fill, unfill, may_store):
    """The view's page from the shared cache, or rendered and stored. `found` is what
    _versions_and_page(digest) read before any content was read; `fill` completes a stored page
    for this request, `unfill` takes out of a rendered page what belongs to the request only,
    `may_store` says whether this reader's page may be stored at all."""
    if found is None:
        return view(request, *args, **kwargs)
    version, access, content_type, content = found
    if content is not None:
        return HttpResponse(fill(bytes(content)), content_type=content_type)
    response = _rendered(view(request, *args, **kwargs))
    if _storable(request, response) and may_store():
        _store(f"{version}:{access}:{digest}", response["Content-Type"], unfill(response.content))
    return response


def _unchanged(content: bytes) -> bytes:
    return content


def anonymous_page_cache(view):
    """Serve the view from the shared cache for anonymous visitors (see the module docstring)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable_request(request, signed_in=False):
            return view(request, *args, **kwargs)
        digest = _digest(request)
        return _through_cache(
            view,
            request,
            args,
            kwargs,
            digest=digest,
            found=_versions_and_page(digest),
            fill=_unchanged,
            unfill=_unchanged,
            may_store=lambda: not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"),
        )

    return wrapper


def reads_published_only(user) -> bool:
    """True for a signed-in reader whose roles show them nothing in the works (a plain member)."""
    return not user.is_superuser and all(
        role == Role.MEMBER for _o, role, _d, _p in roles_held(user)
    )


def _member_reader(request) -> bool:
    user = request.user
    return user.is_authenticated and not user.is_superuser and "_messages" not in request.session


def _member_lookup(request):
    """(digest, found) of a signed-in request's page: keyed by its session (one session is one
    user's: Django starts a new one at every login), and read, while the session is not yet
    read, in the same statement as the session and its user."""
    session = request.session
    digest = _digest(request, "member", str(session.session_key))
    return digest, _versions_and_page(digest, None if session.loaded() else session)


def member_page_cache(view):
    """Serve a signed-in plain member's page from the shared cache (see the module docstring).
    Anyone else goes straight to the view."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        # The sign-in gate (two-factor step, idle staff) runs here, once the session is read with
        # the stored page, instead of before the view (organizations.signin).
        if not _cacheable_request(request, signed_in=True):
            return session_gate(request) or view(request, *args, **kwargs)
        digest, found = _member_lookup(request)
        gate = session_gate(request)
        if gate is not None:
            return gate
        if not _member_reader(request):
            return view(request, *args, **kwargs)
        user = request.user
        return _through_cache(
            view,
            request,
            args,
            kwargs,
            digest=digest,
            found=found,
            fill=lambda content: content.replace(_CSRF_PLACEHOLDER, get_token(request).encode()),
            unfill=lambda content: _CSRF_VALUE.sub(
                rb"\g<1>" + _CSRF_PLACEHOLDER + rb"\g<2>", content
            ),
            may_store=lambda: reads_published_only(user),
        )

    wrapper.gates_session = True
    return wrapper
