"""Progress updates: a draft or returned update is edited with optimistic locking, takes files,
and its page shows them to those who may see the update."""

import pytest
from django.test import Client

from audit.models import Event
from disclosures import services
from disclosures.models import Attachment, Disclosure, DisclosureUpdate
from disclosures.tests.factory import ALL_CHECKS, make, pdf_upload
from dwgk.refusals import BadInput

pytestmark = pytest.mark.django_db
S = Disclosure.Status
U = DisclosureUpdate.Status


def _update(seeded, state=U.DRAFT, scope="public"):
    d = make(seeded, S.PUBLIC if scope == "public" else S.INTERNAL, scope)
    u = services.update_create(
        disclosure=d, actor=seeded.drafter, title="进展（一）", body="已完成第一阶段"
    )
    if state == U.DRAFT:
        return d, u
    u = services.update_submit(update=u, actor=seeded.drafter)
    if state == U.RETURNED:
        return d, services.update_return(update=u, actor=seeded.office, comment="请补充数据")
    u = services.update_review(update=u, actor=seeded.office, checklist=ALL_CHECKS)
    return d, services.update_approve_and_publish(update=u, actor=seeded.approver)


def test_a_returned_update_is_edited_and_the_event_keeps_old_and_new(seeded):
    _d, u = _update(seeded, U.RETURNED)
    client = seeded.client(seeded.drafter)
    page = client.get(f"/disclosures/updates/{u.pk}/edit/")
    assert page.status_code == 200 and "进展（一）" in page.content.decode()
    response = client.post(
        f"/disclosures/updates/{u.pk}/edit/",
        {"title": "进展（一）修订", "body": "已完成第一阶段，数据已补充", "revision": u.revision},
    )
    assert response.status_code == 302
    u.refresh_from_db()
    assert u.title == "进展（一）修订" and u.status == U.RETURNED
    event = Event.objects.filter(action="update.edit", target_id=str(u.pk)).get()
    assert event.changes["title"] == {"old": "进展（一）", "new": "进展（一）修订"}
    assert event.actor == seeded.drafter
    # The returned update can then be submitted again.
    assert services.update_submit(update=u, actor=seeded.drafter).status == U.SUBMITTED


def test_update_edit_service_is_keyword_only_and_refuses_a_submitted_update(seeded):
    _d, u = _update(seeded)
    with pytest.raises(TypeError):
        services.update_edit(u, seeded.drafter, "x", "y", 1)  # noqa
    u = services.update_submit(update=u, actor=seeded.drafter)
    with pytest.raises(BadInput):
        services.update_edit(
            update=u, actor=seeded.drafter, title="改", body="改", revision=u.revision
        )


def test_it_rejects_an_edit_made_on_a_stale_revision_showing_both_versions(seeded):
    _d, u = _update(seeded)
    stale = u.revision
    services.update_edit(
        update=u, actor=seeded.office, title="他人修改",
        body="他人的内容", revision=stale,
    )  # fmt: skip
    response = seeded.client(seeded.drafter).post(
        f"/disclosures/updates/{u.pk}/edit/",
        {"title": "我的修改", "body": "我的内容", "revision": stale},
    )
    assert response.status_code == 409
    text = response.content.decode()
    assert "他人的内容" in text and "我的内容" in text and "保存冲突" in text
    u.refresh_from_db()
    assert u.title == "他人修改"


def test_update_edit_answers_405_404_403_and_400(seeded):
    _d, u = _update(seeded, scope="internal")
    url = f"/disclosures/updates/{u.pk}/edit/"
    drafter = seeded.client(seeded.drafter)
    assert drafter.put(url).status_code == 405
    assert seeded.client(seeded.outsider).get(url).status_code == 404
    assert seeded.client(seeded.member).get(url).status_code == 404  # an unpublished update
    assert seeded.client(seeded.supervisor).get(url).status_code == 403
    assert seeded.client(seeded.drafter_other).get(url).status_code == 404  # not a worker
    assert seeded.client(seeded.approver).get(url).status_code == 403
    assert Client().get(url).status_code == 302  # to the login page
    blank = drafter.post(url, {"title": "", "body": "x", "revision": u.revision})
    assert blank.status_code == 400
    assert "请填写标题" in blank.content.decode()
    assert drafter.post(url, {"title": "x", "body": "x"}).status_code == 400  # no revision
    assert drafter.post(url, {"title": "x", "body": "x", "revision": "二"}).status_code == 400
    u = services.update_submit(update=u, actor=seeded.drafter)
    assert drafter.get(url).status_code == 403
    assert drafter.post(url, {"title": "x", "body": "x", "revision": u.revision}).status_code == 400


def test_update_pages_need_the_csrf_token(seeded):
    _d, u = _update(seeded)
    client = Client(enforce_csrf_checks=True)
    client.force_login(seeded.drafter)
    edit = client.post(
        f"/disclosures/updates/{u.pk}/edit/", {"title": "x", "body": "y", "revision": u.revision}
    )
    assert edit.status_code == 403
    upload = client.post(f"/disclosures/updates/{u.pk}/attachments/", {"file": pdf_upload()})
    assert upload.status_code == 403
    assert not Attachment.objects.filter(update=u).exists()


def test_a_file_is_added_to_a_draft_update_and_readers_get_it_once_published(seeded):
    d, u = _update(seeded)
    drafter = seeded.client(seeded.drafter)
    response = drafter.post(
        f"/disclosures/updates/{u.pk}/attachments/", {"file": pdf_upload("进展材料.pdf")}
    )
    assert response.status_code == 302 and response.url == f"/disclosures/updates/{u.pk}/"
    attachment = Attachment.objects.get(update=u)
    assert attachment.disclosure == d and attachment.original_name == "进展材料.pdf"
    page = drafter.get(f"/disclosures/updates/{u.pk}/")
    assert page.status_code == 200 and "进展材料.pdf" in page.content.decode()
    assert "进展材料.pdf" in drafter.get(d.get_absolute_url()).content.decode()
    # Unpublished: readers get neither the update nor its file.
    public = Client()
    assert public.get(f"/disclosures/updates/{u.pk}/").status_code == 404
    assert public.get(f"/disclosures/attachments/{attachment.pk}/").status_code == 404
    assert "进展材料.pdf" not in public.get(d.get_absolute_url()).content.decode()
    u = services.update_submit(update=u, actor=seeded.drafter)
    u = services.update_review(update=u, actor=seeded.office, checklist=ALL_CHECKS)
    services.update_approve_and_publish(update=u, actor=seeded.approver)
    page = public.get(f"/disclosures/updates/{u.pk}/")
    assert page.status_code == 200 and "进展材料.pdf" in page.content.decode()
    assert "SHA-256" not in page.content.decode()
    assert public.get(f"/disclosures/attachments/{attachment.pk}/").status_code == 200
    assert "进展材料.pdf" in public.get(d.get_absolute_url()).content.decode()


def test_update_attachments_answer_405_404_403_and_400(seeded):
    _d, u = _update(seeded, scope="internal")
    url = f"/disclosures/updates/{u.pk}/attachments/"
    drafter = seeded.client(seeded.drafter)
    assert drafter.get(url).status_code == 405
    assert seeded.client(seeded.outsider).post(url, {"file": pdf_upload()}).status_code == 404
    assert seeded.client(seeded.member).post(url, {"file": pdf_upload()}).status_code == 404
    assert seeded.client(seeded.approver).post(url, {"file": pdf_upload()}).status_code == 403
    missing = drafter.post(url)
    assert missing.status_code == 400 and "请选择文件" in missing.content.decode()
    bad = drafter.post(url, {"file": pdf_upload("x.pdf", b"MZ\x90\x00 not a pdf")})
    assert bad.status_code == 400
    services.update_submit(update=u, actor=seeded.drafter)
    late = drafter.post(url, {"file": pdf_upload()})
    assert late.status_code == 400 and "该进展已提交" in late.content.decode()
    assert not Attachment.objects.filter(update=u).exists()


def test_update_page_answers_404_to_who_may_not_see_it(seeded):
    _d, u = _update(seeded, U.PUBLISHED, scope="internal")
    url = f"/disclosures/updates/{u.pk}/"
    assert seeded.client(seeded.member).get(url).status_code == 200
    assert seeded.client(seeded.outsider).get(url).status_code == 404
    assert Client().get(url).status_code == 404
    assert seeded.client(seeded.member).post(url).status_code == 405
    assert Client().get("/disclosures/updates/999999/").status_code == 404
    # Published: no longer editable, no edit link.
    page = seeded.client(seeded.drafter).get(url).content.decode()
    assert f"/disclosures/updates/{u.pk}/edit/" not in page
    assert seeded.client(seeded.member).get(f"{url}edit/").status_code == 403


def test_the_detail_page_links_to_the_update_and_its_edit_page(seeded):
    d, u = _update(seeded, U.RETURNED)
    page = seeded.client(seeded.drafter).get(d.get_absolute_url()).content.decode()
    assert f"/disclosures/updates/{u.pk}/edit/" in page
    assert f"/disclosures/updates/{u.pk}/" in page
    office_page = seeded.client(seeded.office).get(d.get_absolute_url()).content.decode()
    assert f"/disclosures/updates/{u.pk}/" in office_page
    returned = seeded.client(seeded.drafter).get(f"/disclosures/updates/{u.pk}/").content
    assert "请补充数据" in returned.decode()
