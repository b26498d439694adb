"""Two histories: the public one (date and sentence) and the full 办理记录 for those who work on it."""

import re

import pytest

from catalog.models import Scope
from disclosures import services
from disclosures.models import Disclosure
from disclosures.tests.factory import ALL_CHECKS, make

pytestmark = pytest.mark.django_db
S = Disclosure.Status


def _rows(html: str) -> list[str]:
    return re.findall(r'<tr class="event" data-action="([a-z_.]+)"', html)


def test_a_reader_reads_the_published_steps_as_dated_sentences_without_names(seeded):
    d = make(seeded, S.INTERNAL, Scope.INTERNAL)
    d = services.disclosure_scope_change(disclosure=d, actor=seeded.approver, scope=Scope.PUBLIC)
    d = services.disclosure_retract(
        disclosure=d, actor=seeded.office, reason="内容有误，更正后重发"
    )
    html = seeded.client(seeded.upper).get(f"/disclosures/{d.pk}/history/").content.decode()
    assert "办理记录" in html and "内容有误，更正后重发" in html
    d = make(seeded, S.INTERNAL, Scope.INTERNAL, title="第二份通报")
    d = services.disclosure_scope_change(disclosure=d, actor=seeded.approver, scope=Scope.PUBLIC)
    html = seeded.client(seeded.member).get(f"/disclosures/{d.pk}/history/").content.decode()
    assert _rows(html) == ["disclosure.publish", "disclosure.scope_change"]
    assert "在党内公开" in html and "公开范围扩大为社会公开" in html
    for name in (seeded.drafter, seeded.office, seeded.approver):
        assert name.display_name not in html
    assert "disclosure.publish</td>" not in html  # no raw codes on screen


def test_those_who_work_on_it_read_every_step_in_words(seeded):
    d = make(seeded, S.PUBLIC)
    html = seeded.client(seeded.drafter).get(f"/disclosures/{d.pk}/history/").content.decode()
    assert "disclosure.create" in _rows(html) and "attachment.add" in _rows(html)
    assert "党组审批同意" in html and "已审核待审批 → 已审批待发布" in html
    assert seeded.office.display_name in html


def test_a_supervisor_is_not_told_why_it_was_withheld_as_a_secret(seeded):
    d = make(seeded, S.WITHHELD, withholding=Disclosure.Withholding.SECRET)
    d = services.disclosure_resume(disclosure=d, actor=seeded.office, comment="考察结束")
    d = services.disclosure_submit(disclosure=d, actor=seeded.drafter)
    d = services.disclosure_review(disclosure=d, actor=seeded.office, checklist=ALL_CHECKS)
    d = services.disclosure_approve(disclosure=d, actor=seeded.approver)
    d = services.disclosure_publish(disclosure=d, actor=seeded.office)
    supervisor = seeded.client(seeded.supervisor).get(f"/disclosures/{d.pk}/history/")
    html = supervisor.content.decode()
    assert "disclosure.withhold" in _rows(html) and "disclosure.return" not in html
    assert "涉及正在进行的干部考察" not in html and "涉及党和国家秘密，理由不向监督员显示" in html
    office = seeded.client(seeded.office).get(f"/disclosures/{d.pk}/history/").content.decode()
    assert "涉及正在进行的干部考察" in office


def test_the_history_answers_404_to_who_may_not_read_it_and_405_to_a_post(seeded):
    d = make(seeded, S.SUBMITTED)
    assert seeded.client(seeded.member).get(f"/disclosures/{d.pk}/history/").status_code == 404
    assert seeded.client(seeded.public).get("/disclosures/999999/history/").status_code == 404
    assert seeded.client(seeded.office).post(f"/disclosures/{d.pk}/history/").status_code == 405
