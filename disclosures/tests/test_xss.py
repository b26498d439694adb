"""Payloads in titles, bodies and comments are shown escaped or sanitized, never executed."""

import pytest

from disclosures import services
from disclosures.models import Disclosure
from disclosures.rendering import render_markdown
from disclosures.tests.factory import make

pytestmark = pytest.mark.django_db
S = Disclosure.Status
PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_markdown_drops_scripts_handlers_and_javascript_links():
    html = render_markdown(
        "# 标题\n\n<script>alert(1)</script>\n\n[点我](javascript:alert(1)) "
        '<a href="https://example.org" onclick="x()">链接</a> <img src=x onerror=alert(1)>'
    )
    assert "<script" not in html
    assert "onerror" not in html and "onclick" not in html
    assert "javascript:" not in html
    assert 'href="https://example.org"' in html


def test_a_title_body_and_comment_payload_is_shown_escaped(seeded):
    d = make(seeded, S.SUBMITTED, title=f"民主生活会{PAYLOAD}", body=f"正文{PAYLOAD}")
    d = services.disclosure_return(disclosure=d, actor=seeded.office, comment=f"意见{PAYLOAD}")
    client = seeded.client(seeded.drafter)
    for url in (f"/disclosures/{d.pk}/", f"/disclosures/{d.pk}/history/", "/disclosures/"):
        page = client.get(url).content.decode()
        assert "<script>alert" not in page, url
        assert "<img src=x onerror" not in page, url
    detail = client.get(f"/disclosures/{d.pk}/").content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in detail  # title and comment


def test_readers_never_see_why_it_was_once_withheld(seeded):
    from disclosures.tests.factory import ALL_CHECKS

    d = make(seeded, S.WITHHELD)
    d = services.disclosure_resume(disclosure=d, actor=seeded.office, comment="考察结束，恢复办理")
    d = services.disclosure_submit(disclosure=d, actor=seeded.drafter)
    d = services.disclosure_review(disclosure=d, actor=seeded.office, checklist=ALL_CHECKS)
    d = services.disclosure_approve(disclosure=d, actor=seeded.approver)
    d = services.disclosure_publish(disclosure=d, actor=seeded.office)
    member = seeded.client(seeded.member).get(f"/disclosures/{d.pk}/history/").content.decode()
    assert "涉及正在进行的干部考察" not in member and "disclosure.publish" in member
    office = seeded.client(seeded.office).get(f"/disclosures/{d.pk}/history/").content.decode()
    assert "涉及正在进行的干部考察" in office
