"""The whole cycle in a real browser, as the new users of the demo would try it."""

import datetime

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from disclosures.models import Disclosure
from disclosures.tests.factory import MINIMAL_PDF, item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
S = Disclosure.Status


def _logout(page):
    page.goto("/disclosures/")
    if page.locator("form[action='/accounts/logout/'] button").count():
        page.click("form[action='/accounts/logout/'] button")
        page.wait_for_load_state()


def test_draft_review_approve_publish_release_archive_verify(seeded, page, login, tmp_path):
    from obligations.services import obligation_record_decision

    item20 = item(seeded, 20)
    obligation = obligation_record_decision(
        item=item20,
        decided_on=timezone.localdate(),
        actor=seeded.office,
        title="召开领导班子民主生活会",
    )

    # 人事科 drafts the disclosure for catalog item 20 and attaches the report.
    login("chenjing")
    page.goto(f"/disclosures/new/?item={item20.pk}")
    page.fill("#id_title", "2026年度领导班子民主生活会及整改措施落实情况")
    page.fill("#id_body", "## 会议情况\n\n班子成员开展批评和自我批评，制定整改措施 12 项。")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    d = Disclosure.objects.get(title="2026年度领导班子民主生活会及整改措施落实情况")
    report = tmp_path / "整改清单.pdf"
    report.write_bytes(MINIMAL_PDF)
    page.set_input_files("#id_file", str(report))
    page.click("form[action$='/attachments/'] button")
    page.wait_for_load_state()
    page.click("#btn-submit")
    page.wait_for_load_state()

    # The office reviews with the secrecy checklist.
    login("wumi")
    page.goto("/disclosures/work/office/")
    page.click(f"a[href='/disclosures/{d.pk}/']")
    for box in page.locator(".review-form input[type=checkbox]").all():
        box.check()
    page.click("#btn-review")
    page.wait_for_load_state()

    # The approver approves with the default internal period.
    login("jiaoduohui")
    page.goto("/disclosures/work/approver/")
    page.click(f"a[href='/disclosures/{d.pk}/']")
    page.click("#btn-approve")
    page.wait_for_load_state()
    # Approval asks once more, saying from when the public will read it.
    assert "起向社会公开" in page.content()
    page.click("#btn-confirm")
    page.wait_for_load_state()

    # The office publishes inside the party, keeping it 30 days, and records the evidence.
    login("wumi")
    page.goto(f"/disclosures/{d.pk}/")
    keep_until = timezone.localdate() + datetime.timedelta(days=30)
    page.fill("#id_retention", keep_until.isoformat())
    page.click("#btn-publish")
    page.wait_for_load_state()
    assert "保留公开至" in page.content()
    page.click("#btn-confirm")
    page.wait_for_load_state()
    d.refresh_from_db()
    assert d.status == S.INTERNAL
    today = timezone.localdate().isoformat()
    page.select_option("#id_ev_form", label="会议")
    page.fill("#id_ev_date", today)
    page.fill("#id_ev_meeting", "局党组民主生活会情况通报会")
    page.fill("#id_ev_attendance", "38")
    page.click("#btn-evidence")
    page.wait_for_load_state()
    page.select_option("#id_ev_form", label="文件")
    page.fill("#id_ev_date", today)
    page.fill("#id_ev_number", "岳统党组[2026]3号")
    page.fill("#id_ev_distribution", "机关各科室、中心、队")
    page.click("#btn-evidence")
    page.wait_for_load_state()
    assert "岳统党组〔2026〕3号" in page.content()

    # A member reads it inside the party; the public does not see it.
    login("zhangwei")
    response = page.goto(f"/disclosures/{d.pk}/")
    assert response.status == 200 and "整改措施 12 项" in page.content()
    _logout(page)
    assert page.goto(f"/disclosures/{d.pk}/").status == 404
    assert d.title not in page.goto("/disclosures/").text()

    # After the internal period the release job opens it to the public.
    d.refresh_from_db()
    with time_machine.travel(d.public_from + datetime.timedelta(minutes=5), tick=True):
        call_command("release_scheduled", verbosity=0)
        response = page.goto(f"/disclosures/{d.pk}/")
        assert response.status == 200 and "社会公开" in page.content()

    # When the retention ends the job archives it; the public still reads it, marked archived.
    with time_machine.travel(
        timezone.make_aware(datetime.datetime.combine(keep_until, datetime.time(9)))
        + datetime.timedelta(days=1),
        tick=True,
    ):
        call_command("archive_expired", verbosity=0)
        d.refresh_from_db()
        assert d.status == S.ARCHIVED
        page.goto(f"/disclosures/{d.pk}/")
        assert "已归档" in page.content()
        call_command("verify_archive", verbosity=0)

        # The obligation was met on time, and the history shows every step.
        obligation.refresh_from_db()
        assert obligation.status == obligation.Status.MET_ON_TIME
        login("wumi")
        page.goto(f"/disclosures/{d.pk}/")
        assert "按时公开" in page.content()
        page.goto(f"/disclosures/{d.pk}/history/")
        actions = page.locator("tr.event").evaluate_all("rows => rows.map(r => r.dataset.action)")
        for step in [
            "disclosure.create",
            "attachment.add",
            "disclosure.submit",
            "disclosure.review",
            "disclosure.approve",
            "disclosure.publish",
            "evidence.record",
            "disclosure.release",
            "disclosure.retention_end",
            "disclosure.archive",
        ]:
            assert step in actions, step

    # A file changed on disk is reported.
    with open(d.attachments.get().file.path, "ab") as handle:
        handle.write(b"%tampered")
    with pytest.raises(CommandError):
        call_command("verify_archive", verbosity=0)
