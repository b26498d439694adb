"""The body as office staff write it: line breaks and 一、二、 kept, Word tables pasted, a preview."""

import pytest

from disclosures.models import Disclosure
from disclosures.rendering import render_markdown
from disclosures.tests.factory import item, make

pytestmark = pytest.mark.django_db
S = Disclosure.Status

NUMBERED = "一、会议基本情况\n二、查摆的主要问题\n三、整改措施"
PASTED = "姓名\t职务\t分工\n焦铎辉\t组长\t全面负责\n胡列宇\t副组长\t具体负责"


def test_numbered_lines_stay_on_their_own_lines():
    html = render_markdown(NUMBERED)
    assert "一、会议基本情况<br" in html and "二、查摆的主要问题<br" in html


def test_a_table_pasted_from_word_becomes_a_table():
    html = render_markdown("前言\n" + PASTED + "\n结语")
    assert "<table>" in html and "<th>姓名</th>" in html and "<td>胡列宇</td>" in html
    assert "前言" in html and "结语" in html


def test_a_pasted_cell_cannot_inject_markup():
    html = render_markdown("a\tb\n<script>x</script>\t[y](javascript:alert(1))")
    assert "<script" not in html and "javascript:" not in html


def test_the_editor_previews_without_saving_and_keeps_what_was_typed(seeded):
    d = make(seeded, S.DRAFT)
    client = seeded.client(seeded.drafter)
    response = client.post(
        f"/disclosures/{d.pk}/edit/",
        {"title": "新标题", "body": NUMBERED, "revision": d.revision, "preview": "1"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="preview"' in html and "二、查摆的主要问题<br" in html
    assert 'value="新标题"' in html and "三、整改措施</textarea>" in html
    assert "Markdown" not in html
    d.refresh_from_db()
    assert d.title != "新标题"


def test_a_new_draft_can_be_previewed_before_it_exists(seeded):
    client = seeded.client(seeded.drafter)
    before = Disclosure.objects.count()
    response = client.post(
        "/disclosures/new/",
        {"item": item(seeded, 20).pk, "title": "草稿", "body": PASTED, "preview": "1"},
    )
    assert response.status_code == 200 and "<th>姓名</th>" in response.content.decode()
    assert Disclosure.objects.count() == before
