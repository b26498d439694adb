"""Feed summaries are HTML to a feed reader: they carry the body sanitised as the pages show it.

The feeds are read with a plain XML parser, not feedparser, which would sanitise them itself."""

import re
import xml.etree.ElementTree as ET

import pytest

from portal.services import feed_token_create

ATOM = "{http://www.w3.org/2005/Atom}"
BODY = (
    "**公开内容**如下。\n\n"
    '<iframe src="https://evil.example/"></iframe>\n\n'
    "<script>alert('x')</script>\n\n"
    "[点此查看](javascript:alert(1)) "
    '<a href="https://example.org/" onclick="steal()">链接</a> '
    "<img src=x onerror=alert(1)> "
    '<p onmouseover="alert(2)" style="x">段落</p>'
)
UNSAFE = re.compile(r"<\s*(iframe|script|img|object|embed)|javascript:|\son\w+\s*=|style=", re.I)


def _summaries(content: bytes) -> list[str]:
    root = ET.fromstring(content)
    rss = [element.text or "" for element in root.iter("description")]
    atom = [element.text or "" for element in root.iter(f"{ATOM}summary")]
    return rss[1:] + atom  # the first description is the channel's own


@pytest.fixture
def hostile(world):
    return world.disclosure(title="含有脚本的公开事项", body=BODY)


@pytest.mark.parametrize("url", ["/feeds/rss.xml", "/feeds/atom.xml"])
def test_it_sanitises_the_public_feeds_summaries(url, hostile, client):
    response = client.get(url)
    assert response.status_code == 200
    (summary,) = _summaries(response.content)
    assert not UNSAFE.search(summary), summary
    assert "<strong>公开内容</strong>" in summary
    assert 'href="https://example.org/"' in summary and "链接" in summary


def test_it_sanitises_the_private_feed_too(hostile, world, personas):
    token = feed_token_create(user=personas.member, actor=personas.member)
    response = personas.client(personas.public).get(f"/feeds/private/{token.token}/atom.xml")
    assert response.status_code == 200
    (summary,) = _summaries(response.content)
    assert not UNSAFE.search(summary), summary
    assert "<strong>公开内容</strong>" in summary


def test_it_shortens_a_long_body_with_its_tags_closed(world, client):
    world.disclosure(title="很长的公开事项", body="**" + "党费收缴情况。" * 100 + "**")
    (summary,) = _summaries(client.get("/feeds/atom.xml").content)
    text = re.sub(r"<[^>]+>", "", summary)
    assert 150 <= len(text) <= 201
    assert summary.count("<strong>") == summary.count("</strong>") == 1
