"""The interface in English: the language switcher, rendered pages, a complete catalog.

Chinese is the source language (the msgids); English comes from dwgk/locale/en. Visitors pick
it with the switcher in base.html: links to /language/ that set Django's language cookie and come
back (no form, so public pages carry no CSRF token and can be shared from the page cache).
"""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

import catalog.demo
import organizations.demo

EN_PO = Path(settings.BASE_DIR) / "dwgk" / "locale" / "en" / "LC_MESSAGES" / "django.po"
EN_MO = EN_PO.with_suffix(".mo")


def english_client() -> Client:
    """A client that switched to English through the real switcher, as a visitor does."""
    client = Client()
    home = client.get("/")
    assert home.status_code == 200
    link = re.search(r'href="(/language/\?language=en[^"]*)"', home.content.decode()).group(1)
    response = client.get(link.replace("&amp;", "&"))
    assert response.status_code == 302
    assert response["Location"] == "/"
    return client


def text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def world(db):
    w = organizations.demo.load()
    catalog.demo.load(w)
    return w


# --- Chinese is the default -------------------------------------------------------------------


@pytest.mark.django_db
def test_it_serves_chinese_by_default():
    page = text(Client().get("/"))
    assert '<html lang="zh-Hans"' in page
    assert "党务公开网" in page
    assert "跳到正文" in page
    assert "Skip to main content" not in page


@pytest.mark.django_db
def test_it_keeps_chinese_for_a_browser_asking_for_chinese():
    page = text(Client(headers={"accept-language": "zh-CN,zh;q=0.9"}).get("/"))
    assert "党务公开网" in page
    assert "Party Affairs Openness Portal" not in page


# --- English through the switcher -------------------------------------------------------------


@pytest.mark.django_db
def test_it_switches_the_home_page_to_english():
    page = text(english_client().get("/"))
    assert '<html lang="en"' in page
    assert "Party Affairs Openness Portal" in page
    assert "Skip to main content" in page
    assert "Latest information disclosed to the public" in page
    assert "Party affairs disclosure catalogs of the units" in page
    assert "Log in" in page
    assert "跳到正文" not in page
    assert "最新社会公开信息" not in page


@pytest.mark.django_db
def test_it_shows_the_catalog_page_in_english(world):
    page = text(english_client().get(f"/catalog/{world.unit.code}/"))
    assert "Catalog in force:" in page
    assert "All versions" in page
    assert "Party affairs openness leading group and office" in page
    assert "历次版本" not in page
    assert "现行目录：" not in page


@pytest.mark.django_db
def test_it_shows_the_login_page_in_english():
    page = text(english_client().get("/accounts/login/"))
    assert "Username" in page
    assert "Password" in page
    assert "用户名" not in page


@pytest.mark.django_db
def test_it_switches_back_to_chinese():
    client = english_client()
    client.get("/language/", {"language": "zh-hans", "next": "/"})
    page = text(client.get("/"))
    assert "跳到正文" in page
    assert "Skip to main content" not in page


@pytest.mark.django_db
def test_it_rejects_switching_to_an_unknown_language():
    client = english_client()
    response = client.get("/language/", {"language": "xx", "next": "/"})
    assert response.status_code == 400
    assert "Skip to main content" in text(client.get("/"))


@pytest.mark.django_db
def test_it_does_not_switch_back_to_another_site():
    response = Client().get("/language/", {"language": "en", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_it_rejects_posting_to_the_switcher():
    assert Client().post("/language/", {"language": "en"}).status_code == 405


# --- The catalog is complete -----------------------------------------------------------------


def parse_po(path: Path) -> list[dict]:
    """A minimal .po reader: entries with msgid, msgid_plural, msgstr(s) and flags.

    Enough for the files makemessages writes (no obsolete "#~" entries, UTF-8)."""
    entries: list[dict] = []
    entry: dict = {}
    field = None

    def finish():
        nonlocal entry, field
        if "msgid" in entry:
            entries.append(entry)
        entry, field = {}, None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
        elif line.startswith("#,"):
            if "msgid" in entry:
                finish()
            entry.setdefault("flags", set()).update(f.strip() for f in line[2:].split(","))
        elif line.startswith("#"):
            if "msgid" in entry and field is not None and not line.startswith("#~"):
                finish()
        elif line.startswith('"'):
            entry[field] += ast.literal_eval(line)
        else:
            keyword, _, value = line.partition(" ")
            if keyword == "msgid" and "msgid" in entry:
                finish()
            field = keyword
            entry[field] = ast.literal_eval(value)
    finish()
    return entries


def msgstrs(entry: dict) -> list[str]:
    return [value for key, value in entry.items() if key.startswith("msgstr")]


def test_the_parser_reads_multiline_and_plural_entries(tmp_path):
    po = tmp_path / "t.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#: a.py:1\n#, python-format\nmsgid ""\n"长"\n"句"\nmsgstr "A long "\n"sentence"\n\n'
        'msgid "共 %(n)s 项"\nmsgid_plural "共 %(n)s 项"\nmsgstr[0] "%(n)s item"\n'
        'msgstr[1] ""\n',
        encoding="utf-8",
    )
    header, long, plural = parse_po(po)
    assert header["msgstr"] == "Language: en\n"
    assert long["msgid"] == "长句" and long["msgstr"] == "A long sentence"
    assert long["flags"] == {"python-format"}
    assert msgstrs(plural) == ["%(n)s item", ""]


def test_every_english_message_is_translated():
    entries = parse_po(EN_PO)
    messages = [e for e in entries if e["msgid"]]
    assert len(messages) > 800
    untranslated = [e["msgid"] for e in messages if not all(msgstrs(e))]
    assert untranslated == []


def test_no_english_message_is_fuzzy():
    fuzzy = [e["msgid"] for e in parse_po(EN_PO) if "fuzzy" in e.get("flags", ())]
    assert fuzzy == []


def test_english_keeps_every_placeholder():
    placeholder = re.compile(r"%\(\w+\)[sd]|%[sd]")
    broken = []
    for entry in parse_po(EN_PO):
        if not entry["msgid"]:
            continue
        wanted = sorted(set(placeholder.findall(entry["msgid"])))
        for value in msgstrs(entry):
            if sorted(set(placeholder.findall(value))) != wanted:
                broken.append(entry["msgid"])
    assert broken == []


def test_the_compiled_catalog_matches_the_source():
    """The .mo is committed (fresh machines may lack gettext): it must hold what the .po says."""
    assert EN_MO.exists(), "run: dwgk compilemessages --ignore=.venv"
    with EN_MO.open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    stale = []
    for entry in parse_po(EN_PO):
        if not entry["msgid"]:
            continue
        if "msgid_plural" in entry:
            got = [compiled.ngettext(entry["msgid"], entry["msgid_plural"], n) for n in (1, 2)]
            want = [entry["msgstr[0]"], entry["msgstr[1]"]]
        else:
            got, want = compiled.gettext(entry["msgid"]), entry["msgstr"]
        if got != want:
            stale.append(entry["msgid"])
    assert stale == [], "run: dwgk compilemessages --ignore=.venv"


@pytest.mark.django_db
def test_an_english_browser_still_gets_chinese_until_english_is_chosen(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "zh-hans"
    assert "首页" in response.content.decode()
