"""Every event an app writes has a label, and the back office's audit trail shows labels, never
stored codes (`disclosure.create`, `obligations.extended`) nor "app.model" names."""

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.utils import timezone

from audit.models import Event

URL = "/admin/audit/event/"
GENERIC = "其他操作"

# A stored action written as a string (`action="user.login_failed"`, also in a query), and an
# enumeration member (`SignInEvents.LOGIN_FAILED`, in a service or a step's `event=`).
STORED = re.compile(r"""\baction\s*=\s*["']([a-z_]+\.[a-z_]+)["']""")
MEMBER = re.compile(r"\b([A-Z]\w*Events)\.([A-Z][A-Z0-9_]+)\b")

# Run in a fresh interpreter, so that an enumeration counts only if its app imports it when the
# project starts (a server, `dwgk remind`), not because a test happened to import it.
RESOLVE = """
import json, sys
import django
django.setup()
from audit.events import _enumerations, event_label
asked = json.load(sys.stdin)
found = {}
for action in asked["actions"]:
    found[action] = event_label(action)
enumerations = {}
for enumeration in _enumerations():
    enumerations.setdefault(enumeration.__name__, enumeration)
for name, member in asked["members"]:
    kind = getattr(enumerations.get(name), member, None)
    found[f"{name}.{member}"] = event_label(kind.action) if hasattr(kind, "action") else None
print(json.dumps(found, ensure_ascii=False))
"""


def _app_sources():
    root = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if not path.is_relative_to(root) or ".venv" in path.parts:
            continue
        for source in sorted(path.rglob("*.py")):
            parts = source.relative_to(path).parts
            if "tests" in parts or "migrations" in parts:
                continue
            yield source.relative_to(root), source.read_text(encoding="utf-8")


def _written():
    """Where each stored action and enumeration member is named in the apps' code."""
    actions: dict[str, list[str]] = {}
    members: dict[tuple[str, str], list[str]] = {}
    for path, text in _app_sources():
        for number, line in enumerate(text.splitlines(), 1):
            for action in STORED.findall(line):
                actions.setdefault(action, []).append(f"{path}:{number}")
            for name, member in MEMBER.findall(line):
                members.setdefault((name, member), []).append(f"{path}:{number}")
    return actions, members


def _resolved(actions, members) -> dict[str, str | None]:
    env = {**os.environ}
    env.setdefault("DJANGO_SETTINGS_MODULE", "dwgk.settings")
    asked = json.dumps({"actions": sorted(actions), "members": sorted(members)})
    done = subprocess.run(
        [sys.executable, "-c", RESOLVE],
        input=asked,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_every_event_written_in_the_apps_has_a_label():
    actions, members = _written()
    # The scan finds the apps' events at all (a broken pattern would pass on nothing).
    assert STORED.findall('event_record(action="user.login_failed")') == ["user.login_failed"]
    assert ("SignInEvents", "LOGIN_FAILED") in members
    assert ("WorkdayEvents", "YEAR_IMPORTED") in members
    assert ("NoticeEvents", "REMINDED") in members
    labels = _resolved(actions, members)
    unlabelled = [
        f"{action} ({', '.join(where)})"
        for action, where in sorted(actions.items())
        if labels[action] in (None, GENERIC)
    ]
    unlabelled += [
        f"{name}.{member} ({', '.join(where)})"
        for (name, member), where in sorted(members.items())
        if labels[f"{name}.{member}"] in (None, GENERIC)
    ]
    assert unlabelled == [], (
        "events without an enumeration member (or whose enumeration is not imported when its "
        "app loads): " + "; ".join(unlabelled)
    )


# --- the audit trail ---------------------------------------------------------------------------


@pytest.fixture
def happened(personas, settings, tmp_path):
    """Events of most apps: a disclosure returned and another published, the seed's catalog, the
    demo's people, an obligation recorded and extended, a calendar edit, notices read, a two-step
    enrolment, a failed and a successful sign-in."""
    from catalog import demo as catalog_demo
    from catalog.models import Scope, TimeLimit
    from catalog.selectors import items_in_force
    from disclosures.models import Disclosure
    from disclosures.tests.factory import make
    from notifications.models import Notice
    from notifications.services import notice_mark_read, notices_mark_all_read
    from obligations.services import obligation_extend, obligation_record_decision
    from organizations import demo as organizations_demo
    from organizations.services import totp_device_prepare
    from workdays.services import calendar_year_edit

    settings.MEDIA_ROOT = tmp_path / "files"
    p = personas
    catalog_demo.load(organizations_demo.load())
    make(p, Disclosure.Status.RETURNED, Scope.PUBLIC, title="领导班子建设情况")
    make(p, Disclosure.Status.PUBLIC, Scope.PUBLIC, title="党费收缴情况")
    immediate = items_in_force(p.unit).filter(time_limit=TimeLimit.IMMEDIATE).first()
    decision = obligation_record_decision(
        item=immediate, decided_on=timezone.localdate(), actor=p.office, title="党组会议决定"
    )
    obligation_extend(obligation=decision, actor=p.office, workdays=2, reason="材料待审定")
    calendar_year_edit(year=2031, actor=p.superuser, fields={"note": "测试"})
    now = timezone.now()
    for title in ("一", "二"):
        Notice.objects.create(
            recipient=p.office, unit=p.unit, kind=Notice.Kind.OTHER, title=title, created_at=now
        )
    notice_mark_read(notice=Notice.objects.filter(recipient=p.office).first(), actor=p.office)
    notices_mark_all_read(actor=p.office)
    totp_device_prepare(user=p.office)
    Client().post("/accounts/login/", {"username": p.member.username, "password": "wrong"})
    return p


def _text(page: str) -> str:
    """What a reader sees: the page without its tags (links carry codes in their addresses)."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def _raw_codes(text: str, codes) -> list[str]:
    return sorted(code for code in codes if re.search(rf"(?<![\w.]){re.escape(code)}\b", text))


def _read_trail(client) -> dict[str, str]:
    """The trail's list, the list of each action it offers, and one event's page per action."""
    pages = {URL: client.get(URL)}
    offered = pages[URL].context["cl"].queryset.values_list("action", flat=True).distinct()
    for action in sorted(set(offered)):
        listing = client.get(URL, {"action__exact": action})
        pages[f"{URL}?action__exact={action}"] = listing
        event = listing.context["cl"].queryset.first()
        pages[f"{URL}{event.pk}/change/"] = client.get(f"{URL}{event.pk}/change/")
    pages[f"{URL}?q=登录失败"] = client.get(URL, {"q": "登录失败"})
    pages[f"{URL}?_facets=True"] = client.get(URL, {"_facets": "True"})
    for where, response in pages.items():
        assert response.status_code == 200, where
    return {where: _text(response.content.decode()) for where, response in pages.items()}


def _assert_in_words(pages: dict[str, str]):
    actions = set(Event.objects.values_list("action", flat=True))
    targets = set(Event.objects.values_list("target_type", flat=True))
    for where, text in pages.items():
        assert _raw_codes(text, actions | targets) == [], where
        assert GENERIC not in text, where
        # Times to the minute in the site's zone, never a timestamp or a dict as stored.
        stamp = re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", text)
        assert not stamp, (where, text[stamp.start() - 300 : stamp.end() + 100] if stamp else "")
        assert not re.search(r"\d{2}:\d{2}:\d{2}", text), where
        assert "{'" not in text and "None" not in text, where


def test_the_upper_office_reads_the_audit_trail_in_words(happened):
    client = happened.client(happened.upper)
    pages = _read_trail(client)
    _assert_in_words(pages)
    listing = pages[URL]
    assert "退回修改" in listing and "登录" in listing
    local = timezone.localtime(Event.objects.latest("at").at).strftime("%Y-%m-%d %H:%M")
    assert local in listing
    assert "登录失败" in pages[f"{URL}?q=登录失败"]
    returned = Event.objects.filter(action="disclosure.return").first()
    detail = pages[f"{URL}{returned.pk}/change/"]
    assert "请补充整改措施" in detail and "退回修改" in detail


def test_the_superuser_reads_every_apps_events_in_words(happened):
    client = happened.client(happened.superuser)
    pages = _read_trail(client)
    _assert_in_words(pages)
    offered = {where.split("=", 1)[1] for where in pages if "action__exact=" in where}
    assert {"workdays.year_edited", "notifications.all_read", "user.login_failed"} <= offered
    assert {"two_factor.enrolment_started", "obligations.extended", "catalog.item_added"} <= offered
    extended = Event.objects.get(action="obligations.extended")
    detail = pages[f"{URL}{extended.pk}/change/"]
    assert "延长期限" in detail and "延长工作日数：0 → 2" in detail and "截止日期" in detail
    edited = Event.objects.get(action="workdays.year_edited")
    detail = pages[f"{URL}{edited.pk}/change/"]
    assert "修改年度工作日安排" in detail and "第0版 → 第1版" in detail and "备注" in detail
