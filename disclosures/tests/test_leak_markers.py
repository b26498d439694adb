"""Unique markers planted in every field of disclosures at every stage, looked for everywhere a
reader can reach: pages, histories, obligations, work screens, search, feeds, the API, exports,
the back office and its audit trail (lists, searches, every event by id) and mail.

A marker may only reach a reader who may read the field it was planted in. Those who work on the
disclosures read them (checked too, so that a marker that was never planted cannot pass)."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from audit.models import Event
from catalog.models import DisclosureForm, Scope
from disclosures import services
from disclosures.models import Disclosure, DisclosureUpdate
from disclosures.tests.factory import ALL_CHECKS, MINIMAL_PDF, item
from obligations.models import Obligation

pytestmark = pytest.mark.django_db
S = Disclosure.Status
W = Disclosure.Withholding

# Markers are plain ASCII words so that no page, tokenizer or escaping changes them.
DRAFT_TITLE = "LEAKfirstdrafttitle"
DRAFT_BODY = "LEAKfirstdraftbody"
RETURN_COMMENT = "LEAKreturncomment"
UPDATE_TITLE = "LEAKunpublishedupdatetitle"
UPDATE_BODY = "LEAKunpublishedupdatebody"
UPDATE_FILE = "LEAKupdatefile"
EVIDENCE_FILE = "LEAKminutesfile"
MEETING = "LEAKmeetingname"
SECRET_TITLE = "LEAKsecrettitle"
SECRET_REASON = "LEAKsecretreason"
NOT_YET_REASON = "LEAKnotyetreason"
CANNOT_REASON = "LEAKcannotreason"
SUBMITTED_TITLE = "LEAKsubmittedtitle"
DRAFT_ONLY_TITLE = "LEAKdraftonlytitle"

SECRET = {SECRET_TITLE, SECRET_REASON}
ALL = {
    DRAFT_TITLE,
    DRAFT_BODY,
    RETURN_COMMENT,
    UPDATE_TITLE,
    UPDATE_BODY,
    UPDATE_FILE,
    EVIDENCE_FILE,
    MEETING,
    NOT_YET_REASON,
    CANNOT_REASON,
    SUBMITTED_TITLE,
    DRAFT_ONLY_TITLE,
} | SECRET


def _pdf(name):
    return SimpleUploadedFile(name, MINIMAL_PDF, content_type="application/pdf")


def _obligation(p, number):
    it = item(p, number)
    today = timezone.localdate()
    obligation = Obligation.objects.create(
        unit=p.unit,
        item=it,
        item_lineage=it.lineage,
        title=it.content,
        round_key=f"{today}-{number}",
        trigger=Obligation.Trigger.DECISION,
        trigger_date=today,
        workdays=5,
        due_date=today + datetime.timedelta(days=10),
        created_at=timezone.now(),
    )
    obligation.departments.set(it.departments.all())
    return obligation


def _withheld(p, number, title, kind, reason):
    obligation = _obligation(p, number)
    d = services.disclosure_create(
        unit=p.unit,
        actor=p.office,
        item=item(p, number),
        title=title,
        body="正文",
        obligation=obligation,
    )
    d = services.disclosure_submit(disclosure=d, actor=p.office)
    return services.disclosure_withhold(disclosure=d, actor=p.office, kind=kind, reason=reason)


@pytest.fixture
def planted(seeded, settings):
    """One published disclosure carrying every marker of its working life, and withheld,
    submitted and draft disclosures carrying theirs; planted as the users would."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    p = seeded
    _obligation(p, 20)
    d = services.disclosure_create(
        unit=p.unit, actor=p.drafter, item=item(p, 20), title=DRAFT_TITLE, body=DRAFT_BODY
    )
    services.attachment_add(disclosure=d, actor=p.drafter, upload=_pdf("公开附件.pdf"))
    d = services.disclosure_edit(
        disclosure=d,
        actor=p.drafter,
        revision=Disclosure.objects.get(pk=d.pk).revision,
        title="领导班子民主生活会情况通报",
        body="会议于近日召开，现将有关情况通报如下。",
    )
    d = services.disclosure_submit(disclosure=d, actor=p.drafter)
    d = services.disclosure_return(disclosure=d, actor=p.office, comment=RETURN_COMMENT)
    d = services.disclosure_submit(disclosure=d, actor=p.drafter)
    d = services.disclosure_review(disclosure=d, actor=p.office, checklist=ALL_CHECKS)
    d = services.disclosure_approve(disclosure=d, actor=p.approver)
    d = services.disclosure_scope_change(disclosure=d, actor=p.approver, scope=Scope.PUBLIC)
    d = services.disclosure_publish(disclosure=d, actor=p.office)
    services.evidence_record(
        disclosure=d,
        actor=p.drafter,
        form=DisclosureForm.objects.get(code="meeting"),
        date=timezone.localdate(),
        meeting_name=MEETING,
        attendance=20,
        minutes=_pdf(f"{EVIDENCE_FILE}.pdf"),
    )
    update = services.update_create(
        disclosure=d, actor=p.drafter, title=UPDATE_TITLE, body=UPDATE_BODY
    )
    services.attachment_add(
        disclosure=d, actor=p.drafter, upload=_pdf(f"{UPDATE_FILE}.pdf"), update=update
    )
    secret = _withheld(p, 21, SECRET_TITLE, W.SECRET, SECRET_REASON)
    not_yet = _withheld(p, 22, "暂缓的事项", W.NOT_YET, NOT_YET_REASON)
    cannot = _withheld(p, 23, "不能公开的事项", W.CANNOT, CANNOT_REASON)
    submitted = services.disclosure_create(
        unit=p.unit, actor=p.office, item=item(p, 24), title=SUBMITTED_TITLE, body="正文"
    )
    submitted = services.disclosure_submit(disclosure=submitted, actor=p.office)
    draft = services.disclosure_create(
        unit=p.unit, actor=p.office, item=item(p, 25), title=DRAFT_ONLY_TITLE, body="正文"
    )
    return p, [
        Disclosure.objects.get(pk=x.pk) for x in (d, secret, not_yet, cannot, submitted, draft)
    ]


def _text(response) -> str:
    if response.get("Content-Type", "").startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    ):
        sheet = load_workbook(io.BytesIO(response.content)).active
        return "\n".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c)
    headers = " ".join(f"{k}: {v}" for k, v in response.items())
    if response.streaming:
        return headers  # a file's bytes are the file; its name travels in the headers
    return headers + response.content.decode("utf-8", "replace")


def _urls(p, disclosures):
    published = disclosures[0]
    code = p.unit.code
    urls = [
        "/",
        "/disclosures/",
        "/disclosures/export.xlsx",
        "/feeds/rss.xml",
        "/feeds/atom.xml",
        f"/feeds/units/{code}/rss.xml",
        f"/units/{code}/",
        "/api/disclosures",
        "/organizations/me/",
        "/notifications/",
        "/obligations/",
        "/obligations/overview/",
        "/archive/",
        "/disclosures/work/drafter/",
        "/disclosures/work/office/",
        "/disclosures/work/approver/",
        "/disclosures/work/upper/",
        "/admin/",
        "/admin/audit/event/",
        "/admin/disclosures/disclosure/",
        "/admin/obligations/obligation/",
        "/admin/obligations/extensionrequest/",
        "/admin/notifications/notice/",
    ]
    for d in disclosures:
        urls += [
            f"/disclosures/{d.pk}/",
            f"/disclosures/{d.pk}/history/",
            f"/api/disclosures/{d.pk}",
        ]
        urls += [f"/disclosures/attachments/{a.pk}/" for a in d.attachments.all()]
        if d.obligation_id:
            urls += [
                f"/obligations/{d.obligation_id}/",
                f"/admin/obligations/obligation/{d.obligation_id}/change/",
            ]
    for update in DisclosureUpdate.objects.filter(disclosure=published):
        urls.append(f"/disclosures/updates/{update.pk}/")
    urls += [
        f"/admin/audit/event/{pk}/change/" for pk in Event.objects.values_list("pk", flat=True)
    ]
    return urls


def _found(p, user, disclosures) -> dict[str, list[str]]:
    """Every marker this user can find, with where."""
    client = p.client(user)
    seen: dict[str, list[str]] = {}

    def look(where, text):
        for marker in ALL:
            if marker in text:
                seen.setdefault(marker, []).append(where)

    for url in _urls(p, disclosures):
        response = client.get(url)
        assert response.status_code < 500, url
        look(url, _text(response))
    for marker in sorted(ALL):
        # A search box echoes what was typed; what counts is what it found.
        response = client.get("/search/", {"q": marker})
        hits = re.findall(r'href="/disclosures/(\d+)/"', response.content.decode())
        if any(int(pk) in {d.pk for d in disclosures} for pk in hits):
            look(f"/search/?q={marker}", marker)
        response = client.get("/admin/audit/event/", {"q": marker})
        if response.status_code == 200 and response.context["cl"].result_count:
            look(f"/admin/audit/event/?q={marker}", marker)
    email = getattr(user, "email", "")
    for message in mail.outbox:
        if email and email in message.recipients():
            look(f"mail {message.subject}", message.subject + message.body)
    return seen


@pytest.mark.parametrize("reader", ["public", "member", "outsider", "unit_admin", "other_admin"])
def test_no_marker_reaches_a_reader_outside_the_work(planted, reader):
    p, disclosures = planted
    assert _found(p, getattr(p, reader), disclosures) == {}


def test_a_supervisor_reads_the_work_but_not_what_a_secret_withholding_hides(planted):
    p, disclosures = planted
    found = _found(p, p.supervisor, disclosures)
    assert set(found) & SECRET == set(), {m: found[m] for m in set(found) & SECRET}
    # She watches the unit's work: the return and the other withholdings are hers to read.
    assert {RETURN_COMMENT, NOT_YET_REASON, CANNOT_REASON, DRAFT_TITLE} <= set(found)


@pytest.mark.parametrize("worker", ["office", "upper"])
def test_those_who_work_on_the_disclosures_read_every_marker(planted, worker):
    p, disclosures = planted
    found = _found(p, getattr(p, worker), disclosures)
    assert set(found) >= ALL - {UPDATE_BODY}, sorted(ALL - set(found))
