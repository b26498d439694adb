"""An obligation is met when the disclosure is published and evidence covers the other forms."""

import datetime

import pytest
from django.utils import timezone

from disclosures import services
from disclosures.models import Disclosure
from disclosures.tests.factory import make

pytestmark = pytest.mark.django_db
S = Disclosure.Status
obligation_services = pytest.importorskip("obligations.services")


def _obligation(seeded, number=20):
    from disclosures.tests.factory import item
    from obligations.models import Obligation

    it = item(seeded, number)
    today = timezone.localdate()
    obligation = Obligation.objects.create(
        unit=seeded.unit,
        item=it,
        item_lineage=it.lineage,
        title=it.content,
        round_key=f"{today}-决定",
        trigger=Obligation.Trigger.DECISION,
        trigger_date=today,
        workdays=1,
        due_date=today + datetime.timedelta(days=3),
        created_at=timezone.now(),
    )
    obligation.departments.set(it.departments.all())
    return obligation


def test_it_marks_the_obligation_met_once_evidence_covers_every_form(seeded):
    from catalog.models import DisclosureForm

    obligation = _obligation(seeded)
    d = make(seeded, S.INTERNAL)
    assert d.obligation_id == obligation.pk
    obligation.refresh_from_db()
    assert not obligation.is_met  # 会议 and 文件 still lack evidence
    today = timezone.localdate()
    services.evidence_record(
        disclosure=d, actor=seeded.drafter, form=DisclosureForm.objects.get(code="meeting"),
        date=today, meeting_name="2026年度领导班子民主生活会情况通报会", attendance=23,
    )  # fmt: skip
    obligation.refresh_from_db()
    assert not obligation.is_met
    services.evidence_record(
        disclosure=d, actor=seeded.drafter, form=DisclosureForm.objects.get(code="document"),
        date=today, document_number="岳统党组[2026]3号", distribution="机关各科室、中心、队",
    )  # fmt: skip
    obligation.refresh_from_db()
    assert obligation.status == obligation.Status.MET_ON_TIME
    assert obligation.met_on == timezone.localdate(d.published_at)


def test_the_page_says_what_still_stands_between_publication_and_a_met_obligation(seeded):
    from catalog.models import DisclosureForm

    obligation = _obligation(seeded)
    d = make(seeded, S.APPROVED)
    office = seeded.client(seeded.office)
    html = office.get(f"/disclosures/{d.pk}/").content.decode()
    assert "发布后公开义务才能完成" in html and "会议" in html.split("missing-forms")[1][:80]
    d = services.disclosure_publish(disclosure=d, actor=seeded.office)
    html = office.get(f"/disclosures/{d.pk}/").content.decode()
    missing = html.split('class="missing-forms">')[1].split("</span>")[0]
    assert "已发布，公开义务尚未完成" in html and "会议" in missing and "文件" in missing
    condition = office.get(f"/obligations/{obligation.pk}/").content.decode()
    assert "完成条件" in condition and "会议" in condition.split('class="missing-forms">')[1]
    today = timezone.localdate()
    services.evidence_record(
        disclosure=d, actor=seeded.drafter, form=DisclosureForm.objects.get(code="meeting"),
        date=today, meeting_name="情况通报会", attendance=23,
    )  # fmt: skip
    html = office.get(f"/disclosures/{d.pk}/").content.decode()
    missing = html.split('class="missing-forms">')[1].split("</span>")[0]
    assert "会议" not in missing and "文件" in missing
    services.evidence_record(
        disclosure=d, actor=seeded.drafter, form=DisclosureForm.objects.get(code="document"),
        date=today, document_number="岳统党组[2026]3号", distribution="机关各科室",
    )  # fmt: skip
    html = office.get(f"/disclosures/{d.pk}/").content.decode()
    assert "obligation-missing" not in html
    assert "完成条件" not in office.get(f"/obligations/{obligation.pk}/").content.decode()
