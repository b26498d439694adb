import datetime

import feedparser
import pytest
from django.utils import timezone

from audit.models import Event
from disclosures.models import Disclosure
from portal.models import FeedToken
from portal.services import feed_token_create

Status = Disclosure.Status


@pytest.fixture
def mixed(world, personas):
    when = timezone.now() - datetime.timedelta(days=2)
    return {
        "public": world.disclosure(title="党费收缴情况公示", when=when),
        "plans": world.disclosure(title="年度工作计划公开", item=world.plans),
        "internal": world.disclosure(title="党内换届情况", status=Status.INTERNAL),
        "withheld": world.disclosure(title="暂缓公开事项", status=Status.WITHHELD),
        "draft": world.disclosure(title="草稿事项", status=Status.DRAFT),
        "other": world.disclosure(title="财政局公开事项", unit=personas.other_unit),
    }


def _parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (url, feed.get("bozo_exception"))
    return response, feed


PUBLIC_FEEDS = ["/feeds/rss.xml", "/feeds/atom.xml"]


@pytest.mark.parametrize("url", PUBLIC_FEEDS)
def test_the_public_feeds_carry_only_public_disclosures(url, mixed, client):
    response, feed = _parse(client, url)
    titles = [entry.title for entry in feed.entries]
    assert set(titles) == {"党费收缴情况公示", "年度工作计划公开", "财政局公开事项"}
    entry = next(e for e in feed.entries if e.title == "党费收缴情况公示")
    assert entry.link == f"http://testserver/disclosures/{mixed['public'].pk}/"
    published = datetime.datetime(*entry.published_parsed[:6], tzinfo=datetime.UTC)
    assert abs(published - mixed["public"].public_at) < datetime.timedelta(seconds=1)
    assert feed.feed.title == "党务公开网"
    assert feed.version == ("rss20" if url.endswith("rss.xml") else "atom10")


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_the_unit_and_category_feeds_narrow_the_list(kind, mixed, world, client):
    _r, feed = _parse(client, f"/feeds/units/{world.unit.code}/{kind}.xml")
    assert {e.title for e in feed.entries} == {"党费收缴情况公示", "年度工作计划公开"}
    assert world.unit.name in feed.feed.title
    _r, feed = _parse(
        client, f"/feeds/units/{world.unit.code}/categories/{world.decisions.pk}/{kind}.xml"
    )
    assert [e.title for e in feed.entries] == ["年度工作计划公开"]


def test_unknown_units_and_categories_have_no_feed(world, client, personas):
    assert client.get("/feeds/units/nope/rss.xml").status_code == 404
    url = f"/feeds/units/{personas.other_unit.code}/categories/{world.decisions.pk}/atom.xml"
    assert client.get(url).status_code == 404


def test_a_private_feed_shows_what_its_member_may_read(mixed, world, personas, client):
    token = feed_token_create(user=personas.member, actor=personas.member)
    response, feed = _parse(client, f"/feeds/private/{token.token}/atom.xml")
    titles = {e.title for e in feed.entries}
    assert {"党内换届情况", "党费收缴情况公示"} <= titles
    assert not titles & {"暂缓公开事项", "草稿事项"}
    assert "private" in response["Cache-Control"]
    outsider = feed_token_create(user=personas.outsider, actor=personas.outsider)
    _r, feed = _parse(client, f"/feeds/private/{outsider.token}/atom.xml")
    assert "党内换届情况" not in {e.title for e in feed.entries}


def test_a_revoked_or_unknown_token_answers_404(mixed, personas, client):
    owner = personas.client(personas.member)
    owner.post("/my/feeds/", {"action": "create"})
    token = FeedToken.objects.get(user=personas.member)
    url = f"/feeds/private/{token.token}/atom.xml"
    assert client.get(url).status_code == 200
    owner.post("/my/feeds/", {"action": "revoke", "token_id": token.pk})
    assert client.get(url).status_code == 404
    assert client.get("/feeds/private/not-a-token/atom.xml").status_code == 404
    actions = list(
        Event.objects.filter(target_type="portal.feedtoken").values_list("action", flat=True)
    )
    assert sorted(actions) == ["feed_token.create", "feed_token.revoke"]


def test_the_feed_token_page_lists_creates_and_revokes(personas, world):
    client = personas.client(personas.member)
    assert "还没有私人订阅地址" in client.get("/my/feeds/").content.decode()
    response = client.post("/my/feeds/", {"action": "create"}, follow=True)
    token = FeedToken.objects.get(user=personas.member)
    assert token.token in response.content.decode()
    assert len(token.token) >= 40


def test_a_member_cannot_revoke_someone_elses_token(personas, world):
    token = feed_token_create(user=personas.outsider, actor=personas.outsider)
    client = personas.client(personas.member)
    response = client.post("/my/feeds/", {"action": "revoke", "token_id": token.pk})
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.is_active


def test_the_feed_token_page_rejects_bad_input_and_anonymous(personas, world, client):
    assert client.get("/my/feeds/").status_code == 302
    assert client.post("/my/feeds/", {"action": "create"}).status_code == 302
    assert not FeedToken.objects.exists()
    member = personas.client(personas.member)
    assert member.post("/my/feeds/", {"action": "explode"}).status_code == 400
    assert member.post("/my/feeds/", {"action": "revoke", "token_id": "x"}).status_code == 400
    assert member.put("/my/feeds/").status_code == 405


def test_the_feed_token_page_requires_csrf(personas, world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.member)
    assert client.post("/my/feeds/", {"action": "create"}).status_code == 403
    assert not FeedToken.objects.exists()


def test_a_member_may_keep_only_a_few_active_tokens(personas, world):
    client = personas.client(personas.member)
    for _ in range(6):
        client.post("/my/feeds/", {"action": "create"})
    assert FeedToken.objects.filter(user=personas.member, revoked_at=None).count() == 5
    body = client.get("/my/feeds/").content.decode()
    assert "已达上限" in body


def test_revoking_twice_records_one_event(personas, world):
    from portal.services import feed_token_revoke

    token = feed_token_create(user=personas.member, actor=personas.member)
    feed_token_revoke(token=token, actor=personas.member)
    feed_token_revoke(token=token, actor=personas.member)
    assert Event.objects.filter(action="feed_token.revoke").count() == 1
