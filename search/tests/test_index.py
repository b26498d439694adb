"""The index follows the disclosure: updates, attachments, retraction, archiving, rebuilds."""

import datetime

from django.core.management import call_command

from catalog.models import Scope
from disclosures.models import Attachment, Disclosure, DisclosureUpdate
from disclosures.services import disclosure_retract
from search.models import SearchDocument
from search.selectors import search_disclosures
from search.services import search_document_refresh, search_documents_rebuild
from search.tests.helpers import WHEN, disclosure

S = Disclosure.Status


def found(user, query):
    return [hit.disclosure.title for hit in search_disclosures(user, query).results]


def _update(target, *, status, body):
    return DisclosureUpdate.objects.create(
        disclosure=target,
        title="进展情况",
        body=body,
        status=status,
        created_at=WHEN,
        published_at=WHEN if status == DisclosureUpdate.Status.PUBLISHED else None,
    )


def _attachment(target, *, text, evidence=False, update=None):
    return Attachment.objects.create(
        disclosure=target,
        update=update,
        file="attachments/x.pdf",
        original_name="附件.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
        text=text,
        is_evidence=evidence,
        uploaded_at=WHEN,
    )


def test_it_finds_the_text_of_published_updates_only(personas):
    target = disclosure(personas.unit, "换届工作", "筹备中。")
    _update(target, status=DisclosureUpdate.Status.PUBLISHED, body="选举产生新一届委员会")
    _update(target, status=DisclosureUpdate.Status.DRAFT, body="候选人考察材料草稿")
    search_document_refresh(disclosure=target)
    assert found(personas.public, "新一届") == ["换届工作"]
    assert found(personas.public, "候选人") == []
    hit = search_disclosures(personas.public, "新一届").results[0]
    assert "<mark>新一届</mark>" in hit.snippet_html


def test_it_finds_attachment_text_but_not_evidence(personas):
    target = disclosure(personas.unit, "年度考核", "见附件。")
    _attachment(target, text="考核等次：优秀。考核细则附后。")
    _attachment(target, text="会议记录：到会人数三十人", evidence=True)
    draft_update = _update(target, status=DisclosureUpdate.Status.DRAFT, body="未发布")
    _attachment(target, text="未发布更新的附件内容", update=draft_update)
    search_document_refresh(disclosure=target)
    assert found(personas.public, "优秀") == ["年度考核"]
    assert found(personas.public, "到会人数") == []
    assert found(personas.public, "未发布更新") == []


def test_a_refresh_replaces_the_old_text(personas):
    target = disclosure(personas.unit, "党费收缴", "旧的内容")
    Disclosure.objects.filter(pk=target.pk).update(body="新的内容")
    search_document_refresh(disclosure=target)
    assert found(personas.public, "旧的") == []
    assert found(personas.public, "新的") == ["党费收缴"]
    assert SearchDocument.objects.filter(disclosure=target).count() == 1


def test_publication_and_retraction_change_what_the_public_finds(personas):
    target = disclosure(
        personas.unit, "党费收缴情况", "党费", status=S.APPROVED, scope=Scope.PUBLIC
    )
    assert found(personas.public, "党费") == []
    Disclosure.objects.filter(pk=target.pk).update(
        status=S.PUBLIC, public_at=WHEN, published_at=WHEN
    )
    search_document_refresh(disclosure=target)
    assert found(personas.public, "党费") == ["党费收缴情况"]
    target.refresh_from_db()
    disclosure_retract(disclosure=target, actor=personas.approver, reason="数据有误")
    assert found(personas.public, "党费") == []
    assert found(personas.approver, "党费") == ["党费收缴情况"]


def test_an_archived_disclosure_stays_findable_as_archived(personas):
    target = disclosure(personas.unit, "2019年党费收缴情况", "党费")
    Disclosure.objects.filter(pk=target.pk).update(
        status=S.ARCHIVED, archived_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    )
    search_document_refresh(disclosure=target)
    results = search_disclosures(personas.public, "党费", state="archived")
    assert [hit.disclosure.title for hit in results.results] == ["2019年党费收缴情况"]
    assert results.results[0].disclosure.is_archived


def test_the_rebuild_indexes_everything_and_can_run_again(personas):
    disclosure(personas.unit, "党费收缴情况", "党费", index=False)
    disclosure(personas.unit, "换届选举结果", "换届", index=False)
    assert found(personas.public, "党费") == []
    assert search_documents_rebuild() == 2
    call_command("search_reindex")
    assert found(personas.public, "党费") == ["党费收缴情况"]
    assert found(personas.public, "换届") == ["换届选举结果"]
    assert SearchDocument.objects.count() == 2
