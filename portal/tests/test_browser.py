"""The portals in a real browser (Debian's Chromium): the public and member journeys, axe-core on
every page type, keyboard use, narrow windows (200% zoom), and Chinese text that actually renders."""

import io
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from disclosures.models import Attachment, Disclosure
from organizations.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Status = Disclosure.Status
AXE_PATH = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"


def _index(*disclosures):
    from search.services import search_document_refresh

    for disclosure in disclosures:
        search_document_refresh(disclosure=disclosure)


@pytest.fixture
def site(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    public = world.disclosure(title="2025年度党费收缴、管理和使用情况公示", item=world.dues)
    public.forms.add(world.form)
    content = "党费收缴明细：第一季度、第二季度。".encode()
    attachment = Attachment(
        disclosure=public,
        original_name="党费明细.txt",
        content_type="text/plain",
        size=len(content),
        sha256="0" * 64,
        text=content.decode(),
        uploaded_at=timezone.now(),
    )
    attachment.file.save("dues.txt", ContentFile(content), save=False)
    attachment.save()
    internal = world.disclosure(
        title="机关支部换届选举结果（党内）", status=Status.INTERNAL, item=world.election
    )
    archived_at = timezone.now().replace(year=2024, month=6, day=1)
    archived = world.disclosure(
        title="2024年党建工作计划（已归档）",
        status=Status.ARCHIVED,
        item=world.plans,
        public_at=archived_at,
        when=archived_at,
    )
    _index(public, internal, archived)
    return {"public": public, "internal": internal, "archived": archived, "attachment": attachment}


def _axe(page) -> list[dict]:
    if not AXE_PATH.exists():
        pytest.fail("axe-core is missing: run `npm ci` at the repository root")
    # Evaluated through the DevTools protocol: the pages' Content-Security-Policy refuses inline
    # scripts, which add_script_tag(content=...) would insert.
    page.evaluate(AXE_PATH.read_text())
    return page.evaluate("async () => (await axe.run()).violations")


def _readable(url: str, violations: list[dict]) -> str:
    lines = [f"{url}: {len(violations)} axe violation(s)"]
    for violation in violations:
        lines.append(f"  [{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(
                f"      {node['target']} — {node['failureSummary'].splitlines()[-1].strip()}"
            )
    return "\n".join(lines)


def test_the_public_journey(page, site, world):
    page.goto("/")
    page.get_by_role("link", name=world.unit.name).first.click()
    page.get_by_role("link", name="党的组织管理情况").click()
    assert page.locator("h1").inner_text() == "党的组织管理情况"
    assert "机关支部换届选举结果" not in page.content()
    page.get_by_role("link", name=site["public"].title).click()
    assert page.locator("h1").inner_text() == site["public"].title
    with page.expect_download() as download:
        page.get_by_role("link", name="党费明细.txt").click()
    path = download.value.path()
    assert Path(path).read_text() == "党费收缴明细：第一季度、第二季度。"
    page.fill("#header-q", "党费")
    page.press("#header-q", "Enter")
    page.wait_for_url("**/search/?q=*")
    results = page.locator("main").inner_text()
    assert site["public"].title in results
    page.goto("/search/?q=换届")
    assert "机关支部换届选举结果" not in page.locator("main").inner_text()


def test_the_member_journey(page, login, site, browser, live_server):
    login("zhangwei")
    page.goto("/my/")
    row = page.locator(".doc-list li", has_text="机关支部换届选举结果")
    assert row.locator(".badge.internal").inner_text() == "党内"
    public_row = page.locator(".doc-list li", has_text="党费收缴")
    assert public_row.locator(".badge.public").inner_text() == "社会公开"
    row.get_by_role("link").click()
    assert page.locator("h1").inner_text() == site["internal"].title
    page.fill("#header-q", "换届")
    page.press("#header-q", "Enter")
    page.wait_for_url("**/search/?q=*")
    assert site["internal"].title in page.locator("main").inner_text()

    anonymous = browser.new_context(base_url=live_server.url, locale="zh-CN")
    try:
        other = anonymous.new_page()
        other.goto("/search/?q=换届")
        assert site["internal"].title not in other.locator("main").inner_text()
        assert other.goto(site["internal"].get_absolute_url()).status == 404
    finally:
        anonymous.close()


def _page_types(site, world):
    code = world.unit.code
    year = site["archived"].published_at.year
    public = [
        "/",
        "/units/",
        f"/units/{code}/",
        f"/units/{code}/categories/{world.organizing.pk}/",
        f"/units/{code}/items/{world.dues.number}/",
        site["public"].get_absolute_url(),
        f"/units/{code}/archive/",
        f"/units/{code}/archive/{year}/",
        "/search/",
        "/search/?q=党费",
        "/accounts/login/",
        f"/catalog/{code}/",
    ]
    member = [
        "/",
        f"/units/{code}/",
        site["internal"].get_absolute_url(),
        "/my/",
        "/my/feeds/",
        "/search/?q=换届",
    ]
    return public, member


def _check_pages(page, urls, problems):
    for url in urls:
        response = page.goto(url)
        assert response.status == 200, url
        violations = _axe(page)
        if violations:
            problems.append(_readable(url, violations))


def test_axe_finds_no_violation_on_any_page_type(page, login, site, world):
    public, member = _page_types(site, world)
    problems: list[str] = []
    _check_pages(page, public, problems)
    login("zhangwei")
    _check_pages(page, member, problems)
    page.goto("/my/feeds/")
    page.get_by_role("button", name="生成新的订阅地址").click()
    _check_pages(page, ["/my/feeds/"], problems)
    assert not problems, "\n".join(problems)


def test_axe_finds_no_violation_in_large_text_and_high_contrast_modes(page, site, world):
    page.goto("/")
    page.get_by_role("link", name="大字模式").click()
    page.get_by_role("link", name="高对比度").click()
    assert page.locator("html").get_attribute("class") == "large-text high-contrast"
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "20px"
    problems: list[str] = []
    public, _member = _page_types(site, world)
    _check_pages(page, public[:8], problems)
    assert not problems, "\n".join(problems)


def test_the_portal_fits_a_narrow_window_at_200_percent_zoom(page, login, site, world):
    # 1280 CSS pixels at 200% zoom leave 640 CSS pixels: nothing may scroll sideways.
    page.set_viewport_size({"width": 640, "height": 900})
    public, member = _page_types(site, world)
    wide = []
    for url in public:
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 640:
            wide.append((url, width))
    assert not wide, wide


def test_the_keyboard_reaches_the_skip_link_and_main_with_visible_focus(page, site):
    page.goto("/units/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => { const e = document.activeElement; const s = getComputedStyle(e);"
        " const r = e.getBoundingClientRect();"
        " return {cls: e.className, outline: s.outlineStyle, width: s.outlineWidth, left: r.left} }"
    )
    assert focused["cls"] == "skip-link"
    assert focused["outline"] == "solid" and focused["width"] == "3px"
    assert focused["left"] >= 0  # on screen once focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    tag = page.evaluate("document.activeElement.tagName")
    assert tag == "A"  # the first link of the content, reached without a mouse


def test_the_home_page_renders_chinese_glyphs(page, site, tmp_path):
    """Fails if Chinese text draws as tofu boxes (no CJK font) or not at all."""
    from PIL import Image, ImageChops

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/")
    page.screenshot(path=tmp_path / "home.png", full_page=True)
    heading = page.locator("#latest-heading")
    assert heading.inner_text() == "最新社会公开信息"

    # 1. The font that actually drew the heading is a CJK font and it had every glyph.
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": "#latest-heading"})
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
    families = {font["familyName"]: font["glyphCount"] for font in fonts}
    cjk = {name: count for name, count in families.items() if "CJK" in name or "Han" in name}
    assert cjk and sum(cjk.values()) == len("最新社会公开信息"), json.dumps(families)

    # 2. The glyphs left ink: the heading differs from itself with transparent text, and the
    # inked pixels are many, as strokes of eight characters are (a box outline is far fewer).
    with_text = Image.open(io.BytesIO(heading.screenshot())).convert("L")
    heading.evaluate("e => e.style.color = 'transparent'")
    without = Image.open(io.BytesIO(heading.screenshot())).convert("L")
    diff = ImageChops.difference(with_text, without).point(lambda v: 255 if v > 60 else 0)
    inked = diff.histogram()[255]
    box = diff.getbbox()
    assert box is not None, "the heading drew nothing"
    glyph_height = box[3] - box[1]
    assert glyph_height >= 12, box
    assert inked > 8 * glyph_height * 2, inked  # at least a couple of strokes per character
    Image.open(tmp_path / "home.png").verify()


def test_login_form_signs_in_with_the_keyboard(page, site):
    page.goto("/accounts/login/?next=/my/")
    page.fill("#id_username", "zhangwei")
    page.fill("#id_password", DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path == "/my/")
    assert page.locator("h1").inner_text() == "我的单位"
