"""Attachments: zip bombs and readers over their bounds keep the file but record "未能提取文字";
active content (HTML, SVG, XML, scripts) is refused whatever the file is called."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from catalog.models import Scope
from disclosures import services
from disclosures.models import Attachment, Disclosure
from disclosures.tests.factory import MINIMAL_PDF, make
from dwgk.refusals import BadInput
from dwgk.tests.bombs import bomb_docx, many_members

pytestmark = pytest.mark.django_db
S = Disclosure.Status


def _upload(name, data):
    return SimpleUploadedFile(name, data)


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _add(seeded, name, data):
    d = make(seeded, attach=False)
    return services.attachment_add(disclosure=d, actor=seeded.drafter, upload=_upload(name, data))


def test_a_docx_bomb_is_kept_without_its_text(seeded):
    data = bomb_docx(25 * 1024 * 1024)  # unpacks to 25 MB of paragraphs, ratio far over 100
    assert len(data) < 500_000
    attachment = _add(seeded, "清单.docx", data)
    assert attachment.text == "" and attachment.text_failed
    assert attachment.size == len(data) and attachment.file.size == len(data)


def test_a_docx_over_the_unpacked_size_limit_is_kept_without_its_text(seeded):
    with override_settings(DWGK_ZIP_MAX_BYTES=50_000):
        attachment = _add(seeded, "清单.docx", bomb_docx(60_000))
    assert attachment.text_failed and attachment.text == ""


@override_settings(DWGK_ZIP_MAX_MEMBERS=20)
def test_a_docx_with_too_many_members_is_kept_without_its_text(seeded):
    attachment = _add(seeded, "清单.docx", many_members(30))
    assert attachment.text_failed


def test_an_ordinary_docx_still_gives_its_text(seeded):
    attachment = _add(seeded, "清单.docx", _docx("领导班子民主生活会整改措施清单"))
    assert "整改措施清单" in attachment.text and not attachment.text_failed


@override_settings(DWGK_EXTRACT_MAX_MEMORY_MB=24)
def test_a_reader_over_its_memory_bound_leaves_the_file_without_text(seeded):
    attachment = _add(seeded, "清单.docx", _docx("领导班子民主生活会整改措施清单"))
    assert attachment.text_failed and attachment.text == ""
    assert Attachment.objects.filter(pk=attachment.pk).exists()


@override_settings(DWGK_EXTRACT_TIMEOUT_SECONDS=0)
def test_a_reader_over_its_time_bound_leaves_the_file_without_text(seeded):
    attachment = _add(seeded, "报告.pdf", MINIMAL_PDF)
    assert attachment.text_failed and attachment.text == ""


def test_staff_see_that_no_text_was_extracted_and_readers_do_not(seeded):
    d = make(seeded, attach=False, scope=Scope.PUBLIC)
    services.attachment_add(
        disclosure=d, actor=seeded.drafter, upload=_upload("清单.docx", bomb_docx(3_000_000))
    )
    page = seeded.client(seeded.drafter).get(d.get_absolute_url())
    assert "未能提取文字" in page.content.decode()
    published = make(seeded, S.PUBLIC, Scope.PUBLIC)
    Attachment.objects.filter(disclosure=published).update(text_failed=True)
    public = seeded.client(seeded.public).get(published.get_absolute_url()).content.decode()
    assert "附件.pdf" in public and "未能提取文字" not in public


ACTIVE = {
    "html-as-txt": ("说明.txt", b"<!DOCTYPE html><html><body>x</body></html>"),
    "html-after-bom": ("说明.txt", b"\xef\xbb\xbf \n<html><script>alert(1)</script>"),
    "html-as-pdf": ("报告.pdf", b"<html><script>alert(1)</script></html>"),
    "svg-as-png": ("图.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    "svg-named-svg": ("图.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>'),
    "xml-with-script": (
        "数据.txt",
        b'<?xml version="1.0"?><a:script xmlns:a="http://www.w3.org/1999/xhtml">'
        b"alert(1)</a:script>",
    ),
    "script-in-text": ("通知.txt", "关于召开会议的通知\n<script>alert(1)</script>".encode()),
    "script-in-gb18030": ("通知.txt", "会议通知\n<ScRiPt>alert(1)</script>".encode("gb18030")),
    "html-in-utf16": ("说明.txt", "<html><script>alert(1)</script>".encode("utf-16")),
    "javascript-link": ("说明.txt", "点此查看 javascript:alert(1)".encode()),
}


@pytest.mark.parametrize(("name", "data"), list(ACTIVE.values()), ids=list(ACTIVE))
def test_it_refuses_active_content_whatever_the_name(seeded, name, data):
    d = make(seeded, attach=False)
    with pytest.raises(BadInput, match="活动内容"):
        services.attachment_add(disclosure=d, actor=seeded.drafter, upload=_upload(name, data))
    assert not Attachment.objects.filter(disclosure=d).exists()


def test_the_upload_page_says_why_active_content_is_refused(seeded):
    d = make(seeded, attach=False)
    page = seeded.client(seeded.drafter).post(
        f"/disclosures/{d.pk}/attachments/", {"file": _upload("说明.txt", ACTIVE["html-as-txt"][1])}
    )
    assert page.status_code == 400 and "活动内容" in page.content.decode()
    assert not Attachment.objects.filter(disclosure=d).exists()


def test_plain_text_with_angle_brackets_is_still_accepted(seeded):
    attachment = _add(seeded, "纪要.txt", "会议纪要：得票数 a<b 且 c>d，<2024>年度。".encode())
    assert "会议纪要" in attachment.text and not attachment.text_failed
