"""One language per page: every message is written once in Chinese and translated in the English
catalog; no message carries its own English after a slash."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
SKIP = {".venv", ".git", "var", "node_modules", ".pytest_cache", ".hypothesis", "__pycache__"}


def _entries(po: str):
    """(msgid, msgstr, fuzzy) of each entry of a .po file, multi-line strings joined."""
    for block in po.split("\n\n"):
        lines = block.strip().splitlines()
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        fields, current = {}, None
        for line in lines:
            match = re.match(r'^(msgid|msgstr|msgid_plural|msgstr\[0\])\s+"(.*)"$', line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if fields.get("msgid"):
            yield fields["msgid"], fields.get("msgstr", fields.get("msgstr[0]", "")), fuzzy


def _bilingual(text: str) -> bool:
    left, sep, right = text.rpartition(" / ")
    return (
        bool(sep)
        and bool(CJK.search(left))
        and not CJK.search(right)
        and bool(re.search(r"[A-Za-z]{2}", right))
    )


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The English catalog as makemessages makes it from today's code, in a copy of the tree."""
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext (Debian's gettext) is needed: the test command installs it")
    copy = tmp_path_factory.mktemp("tree") / "dwgk"
    shutil.copytree(ROOT, copy, ignore=lambda _d, names: [n for n in names if n in SKIP])
    for command in (["makemessages", "-l", "en", "--no-obsolete", "--no-location"],):
        subprocess.run(
            [sys.executable, "manage.py", *command, "--ignore=var/*"],
            cwd=copy,
            check=True,
            capture_output=True,
            env={"DWGK_ENV": "test", "PATH": "/usr/bin:/bin"},
        )
    return (copy / "dwgk" / "locale" / "en" / "LC_MESSAGES" / "django.po").read_text("utf-8")


def test_every_message_has_its_english_translation(extracted):
    missing = [msgid for msgid, msgstr, fuzzy in _entries(extracted) if not msgstr or fuzzy]
    assert missing == [], f"{len(missing)} untranslated, e.g. {missing[:10]}"


def test_no_message_carries_its_own_english(extracted):
    pairs = [msgid for msgid, _msgstr, _fuzzy in _entries(extracted) if _bilingual(msgid)]
    assert pairs == [], f"{len(pairs)} bilingual messages, e.g. {pairs[:10]}"
