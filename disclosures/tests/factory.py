"""Disclosures in any state and scope, built through the services as a user would."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from catalog.models import Item, Scope
from catalog.selectors import items_in_force
from disclosures import services
from disclosures.models import Disclosure

S = Disclosure.Status
ALL_CHECKS = [key for key, _label in services.SECRECY_CHECKLIST]
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

STATES = [s.value for s in S]
SCOPES = [s.value for s in Scope]


def possible(state: str, scope: str) -> bool:
    if state == S.PUBLIC and scope in (Scope.INTERNAL, Scope.INTERNAL_RANGE):
        return False
    if state == S.INTERNAL and scope == Scope.PUBLIC:
        return False
    return True


def item(personas, number: int = 20) -> Item:
    return items_in_force(personas.unit).get(number=number)


def pdf_upload(name="附件.pdf", data=MINIMAL_PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def make(personas, state: str = S.DRAFT, scope: str = Scope.INTERNAL_THEN_PUBLIC, *,
         title="领导班子民主生活会及整改措施落实情况", body="会议于近日召开。", number=20,
         attach=True, withholding=Disclosure.Withholding.NOT_YET, author=None) -> Disclosure:  # fmt: skip
    p = personas
    author = author or p.drafter
    d = services.disclosure_create(
        unit=p.unit, actor=author, item=item(p, number), title=title, body=body
    )
    if attach:
        services.attachment_add(disclosure=d, actor=author, upload=pdf_upload())
    if scope != d.scope:
        d = services.disclosure_scope_change(
            disclosure=d,
            actor=p.approver,
            scope=scope,
            audience_users=[p.member] if scope == Scope.INTERNAL_RANGE else (),
        )
    if state == S.DRAFT:
        return d
    d = services.disclosure_submit(disclosure=d, actor=author)
    if state == S.SUBMITTED:
        return d
    if state == S.WITHHELD:
        return services.disclosure_withhold(
            disclosure=d, actor=p.office, kind=withholding, reason="涉及正在进行的干部考察"
        )
    if state == S.RETURNED:
        return services.disclosure_return(disclosure=d, actor=p.office, comment="请补充整改措施")
    d = services.disclosure_review(disclosure=d, actor=p.office, checklist=ALL_CHECKS)
    if state == S.REVIEWED:
        return d
    d = services.disclosure_approve(disclosure=d, actor=p.approver, internal_period_workdays=5)
    if state == S.APPROVED:
        return d
    today = timezone.localdate()
    d = services.disclosure_publish(
        disclosure=d, actor=p.office, retention_until=today + datetime.timedelta(days=30)
    )
    if state == S.INTERNAL:
        return d
    if d.status == S.INTERNAL and scope == Scope.INTERNAL_THEN_PUBLIC:
        d = services.disclosure_release(disclosure=d, now=d.public_from)
    if state == S.PUBLIC:
        return d
    if state == S.RETRACTED:
        return services.disclosure_retract(disclosure=d, actor=p.office, reason="内容有误，撤回")
    d = services.disclosure_end_retention(
        disclosure=d, today=d.retention_until + datetime.timedelta(days=1)
    )
    if state == S.RETENTION_ENDED:
        return d
    from archive.services import archive_disclosure

    archive_disclosure(disclosure=d, actor=p.office)
    d.refresh_from_db()
    assert d.status == state
    return d
