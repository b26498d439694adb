"""A plain member's pages ("my units", search) are cached whole under the public content version,
the access version and who the member is; the logout form gets a fresh CSRF token on every
request. Staff pages are never stored, and a change of membership or role — by any code — takes
effect on the next request (database triggers move the access version)."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from disclosures.services import disclosure_publish, disclosure_retract
from organizations.models import Membership, Role
from organizations.services import role_assign
from pagecache.cache import content_versions
from pagecache.models import CachedPage
from search.services import search_document_refresh

pytestmark = pytest.mark.django_db


def _cached_pages() -> int:
    return CachedPage.objects.count()


def _token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_it_serves_a_members_page_from_the_cache_without_reading_disclosures(world, personas):
    world.disclosure(title="支部换届选举内部通知", status="internal", item=world.election)
    client = personas.client(personas.member)
    first = client.get("/my/").content.decode()
    assert "支部换届选举内部通知" in first and personas.member.display_name in first
    assert _cached_pages() == 1
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/my/").content.decode()
    assert "支部换届选举内部通知" in again
    assert not any("disclosures_disclosure" in q["sql"] for q in queries.captured_queries)
    assert len(queries) <= 3  # session, user, the versions with the cached page


def test_the_logout_form_of_a_cached_page_works(world, personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.member)
    client.get("/my/")
    cached = client.get("/my/").content.decode()
    assert "dwgk-csrf-token-placeholder" not in cached
    response = client.post("/accounts/logout/", {"csrfmiddlewaretoken": _token(cached)})
    assert response.status_code == 302
    assert client.get("/my/").status_code == 302  # signed out: sent to the login page


def test_an_internal_publication_and_a_retraction_reach_the_cached_pages_at_once(world, personas):
    client = personas.client(personas.member)
    draft = world.disclosure(title="党小组会议内部情况", status="approved", item=world.election)
    search = {"q": "党小组会议"}
    assert "党小组会议内部情况" not in client.get("/my/").content.decode()
    assert "党小组会议内部情况" not in client.get("/search/", search).content.decode()
    published = disclosure_publish(disclosure=draft, actor=personas.office)
    assert "党小组会议内部情况" in client.get("/my/").content.decode()
    assert "党小组会议内部情况" in client.get("/search/", search).content.decode()
    disclosure_retract(disclosure=published, actor=personas.approver, reason="数据有误")
    assert "党小组会议内部情况" not in client.get("/my/").content.decode()
    assert "党小组会议内部情况" not in client.get("/search/", search).content.decode()


def test_each_reader_has_their_own_cached_page(world, personas):
    world.disclosure(title="支部委员会内部通报", status="internal", item=world.election)
    assert "支部委员会内部通报" in personas.client(personas.member).get("/my/").content.decode()
    outsider = personas.client(personas.outsider).get("/my/").content.decode()
    assert "支部委员会内部通报" not in outsider
    assert personas.member.display_name not in outsider


def test_a_membership_removed_by_any_code_hides_internal_items_at_once(world, personas):
    minutes = world.disclosure(title="支部党员大会内部纪要", status="internal", item=world.election)
    search_document_refresh(disclosure=minutes)
    client = personas.client(personas.member)
    search = {"q": "党员大会"}
    assert "支部党员大会内部纪要" in client.get("/search/", search).content.decode()
    before = content_versions()
    Membership.objects.filter(user=personas.member).delete()  # not through a service
    assert content_versions()[1] != before[1]
    assert "支部党员大会内部纪要" not in client.get("/search/", search).content.decode()
    assert "支部党员大会内部纪要" not in client.get("/my/").content.decode()


def test_a_new_role_shows_work_in_progress_at_once(world, personas):
    draft = world.disclosure(title="党费收缴情况说明（草稿）", status="draft")
    search_document_refresh(disclosure=draft)
    client = personas.client(personas.member)
    search = {"q": "党费收缴情况说明"}
    assert "草稿" not in client.get("/search/", search).content.decode()
    role_assign(
        user=personas.member,
        organization=personas.unit,
        role=Role.DRAFTER,
        department=world.department,
        actor=personas.unit_admin,
    )
    assert "党费收缴情况说明（草稿）" in client.get("/search/", search).content.decode()


def test_staff_pages_are_never_stored(world, personas):
    client = personas.client(personas.office)
    for _ in range(2):
        client.get("/my/")
        client.get("/search/", {"q": "党费"})
    assert _cached_pages() == 0
    draft = world.disclosure(title="党费收缴情况说明（草稿）", status="draft")
    search_document_refresh(disclosure=draft)  # by hand: the version does not change
    assert "党费收缴情况说明（草稿）" in client.get("/search/", {"q": "党费"}).content.decode()


def test_a_request_with_messages_is_rendered_not_served(world, personas):
    client = personas.client(personas.member)
    client.get("/my/")
    client.post("/my/feeds/", {"action": "create"})  # leaves a success message for the next page
    page = client.get("/my/").content.decode()
    assert "已生成新的订阅地址" in page
    assert "已生成新的订阅地址" not in client.get("/my/").content.decode()
