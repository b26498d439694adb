"""The content of a member's "my units" page is cached under the public content version and who
the member is; the page around it (name, logout form with its CSRF token) is rendered each time."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from disclosures.services import disclosure_publish, disclosure_retract

pytestmark = pytest.mark.django_db


def _cached_members() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM dwgk_page_cache")
        return cursor.fetchone()[0]


def test_it_serves_a_members_list_from_the_cache_with_a_fresh_logout_form(world, personas):
    world.disclosure(title="支部换届选举内部通知", status="internal", item=world.election)
    client = personas.client(personas.member)
    first = client.get("/my/").content.decode()
    assert "支部换届选举内部通知" in first and "csrfmiddlewaretoken" in first
    assert _cached_members() == 1
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/my/").content.decode()
    assert "支部换届选举内部通知" in again and "csrfmiddlewaretoken" in again
    assert not any("disclosures_disclosure" in q["sql"] for q in queries.captured_queries)


def test_an_internal_publication_and_a_retraction_reach_the_cached_list_at_once(world, personas):
    client = personas.client(personas.member)
    draft = world.disclosure(title="党小组会议内部情况", status="approved", item=world.election)
    assert "党小组会议内部情况" not in client.get("/my/").content.decode()
    published = disclosure_publish(disclosure=draft, actor=personas.office)
    assert "党小组会议内部情况" in client.get("/my/").content.decode()
    disclosure_retract(disclosure=published, actor=personas.approver, reason="数据有误")
    assert "党小组会议内部情况" not in client.get("/my/").content.decode()


def test_each_reader_has_their_own_cached_list(world, personas):
    world.disclosure(title="支部委员会内部通报", status="internal", item=world.election)
    assert "支部委员会内部通报" in personas.client(personas.member).get("/my/").content.decode()
    outsider = personas.client(personas.outsider).get("/my/").content.decode()
    assert "支部委员会内部通报" not in outsider
