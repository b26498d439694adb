"""The shared cache of anonymous public pages: a change of what the public may read empties it at
once (the services bump the public content version in their own transaction); members and anyone
with a session are never served from it; pages with a CSRF token or a cookie are never stored."""

import pytest
from django.test import Client

from disclosures.services import disclosure_retract, disclosure_withhold
from pagecache.cache import anonymous_page_cache, public_content_changed, public_content_version
from pagecache.models import CachedPage, PublicContentVersion

pytestmark = pytest.mark.django_db


def _pages(world):
    code = world.unit.code
    return ["/", f"/units/{code}/", f"/units/{code}/categories/{world.organizing.pk}/",
            f"/units/{code}/items/{world.dues.number}/", "/feeds/rss.xml", "/feeds/atom.xml",
            f"/feeds/units/{code}/rss.xml"]  # fmt: skip


def _cached_count() -> int:
    return CachedPage.objects.count()


def test_it_serves_an_anonymous_page_from_the_cache_without_rendering_again(
    world, django_assert_max_num_queries
):
    world.disclosure(title="第一季度党费收缴情况")
    client = Client()
    first = client.get("/")
    assert "第一季度党费收缴情况" in first.content.decode()
    assert _cached_count() == 1
    with django_assert_max_num_queries(1):  # the versions and the cached page, in one statement
        again = client.get("/")
    assert again.content == first.content
    assert again["Content-Language"] == "zh-hans"


def test_a_retracted_disclosure_leaves_every_cached_page_at_once(world):
    target = world.disclosure(title="第二季度党费收缴情况")
    client = Client()
    for path in [*_pages(world), target.get_absolute_url()]:
        assert "第二季度党费收缴情况" in client.get(path).content.decode(), path
    assert _cached_count() == len(_pages(world)) + 1
    disclosure_retract(disclosure=target, actor=world.p.approver, reason="数据有误")
    for path in _pages(world):
        assert "第二季度党费收缴情况" not in client.get(path).content.decode(), path
    assert client.get(target.get_absolute_url()).status_code == 404


def test_withholding_changes_the_public_content_version(world):
    target = world.disclosure(status="approved")
    before = public_content_version()
    disclosure_withhold(
        disclosure=target, actor=world.p.office, kind="not_yet", reason="暂不宜公开"
    )
    assert public_content_version() != before


def test_a_member_is_never_served_the_anonymous_page(world, personas):
    world.disclosure(title="第三季度党费收缴情况")
    internal = world.disclosure(title="换届选举内部通知", status="internal", item=world.election)
    assert "换届选举内部通知" not in Client().get("/").content.decode()
    member = personas.client(personas.member)
    assert "换届选举内部通知" in member.get("/").content.decode()
    assert _cached_count() == 1  # only the anonymous page
    assert internal.pk


def test_a_visitor_with_a_session_cookie_is_not_served_from_the_cache(world):
    Client().get("/")
    client = Client()
    client.cookies["sessionid"] = "not-a-session"
    world.disclosure(title="第四季度党费收缴情况")  # by hand: the version does not change
    assert "第四季度党费收缴情况" in client.get("/").content.decode()


def test_language_and_display_modes_are_cached_apart(world):
    client = Client()
    chinese = client.get("/").content.decode()
    client.get("/display/", {"large_text": "1", "next": "/"})
    large = client.get("/").content.decode()
    client.get("/language/", {"language": "en", "next": "/"})
    english = client.get("/").content.decode()
    assert 'class="large-text"' not in chinese and 'class="large-text"' in large
    assert "Skip to main content" in english and "Skip to main content" not in large
    assert _cached_count() == 3


def test_a_page_that_used_a_csrf_token_is_not_stored(rf, world):
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    @anonymous_page_cache
    def view(request):
        return HttpResponse(get_token(request))

    request = rf.get("/x/")
    request.user = None
    view(request)
    assert _cached_count() == 0


def test_nothing_is_cached_without_the_version_row(world):
    PublicContentVersion.objects.all().delete()
    Client().get("/")
    assert _cached_count() == 0
    public_content_changed()
    Client().get("/")
    assert _cached_count() == 1


def test_errors_are_not_cached(world):
    assert Client().get("/units/no-such-unit/").status_code == 404
    assert Client().get("/units/?page=x").status_code == 400
    assert _cached_count() == 0


def test_a_page_is_rendered_again_once_it_expires_and_expired_pages_are_dropped(world, settings):
    import datetime

    import time_machine
    from django.utils import timezone

    settings.DWGK_PAGE_CACHE_SECONDS = 60
    start = timezone.now()
    client = Client()
    with time_machine.travel(start, tick=False):
        client.get("/")
        client.get(f"/units/{world.unit.code}/")
        world.disclosure(title="第五季度党费收缴情况")  # by hand: the version does not change
        assert "第五季度党费收缴情况" not in client.get("/").content.decode()  # still cached
    with time_machine.travel(start + datetime.timedelta(seconds=61), tick=False):
        assert "第五季度党费收缴情况" in client.get("/").content.decode()
    assert _cached_count() == 1  # the home page stored again, the expired unit page dropped


def test_the_cache_can_be_turned_off(world, settings):
    settings.DWGK_PAGE_CACHE_SECONDS = 0
    client = Client()
    client.get("/")
    world.disclosure(title="第六季度党费收缴情况")
    assert "第六季度党费收缴情况" in client.get("/").content.decode()
    assert _cached_count() == 0


def test_the_cache_keeps_at_most_the_configured_number_of_pages(world, settings):
    settings.DWGK_PAGE_CACHE_MAX_PAGES = 4
    client = Client()
    for page in range(1, 9):  # made-up query strings: each a page of its own
        assert client.get("/", {"utm": page}).status_code == 200
        assert _cached_count() <= 4
    newest = Client().get("/", {"utm": 8})
    assert newest.status_code == 200
    assert _cached_count() <= 4
