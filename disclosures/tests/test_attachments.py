"""Files are checked by content, limited in size, stored outside the web roots, hashed."""

import hashlib
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from disclosures import services
from disclosures.models import Disclosure
from disclosures.tests.factory import MINIMAL_PDF, make
from dwgk.refusals import BadInput

pytestmark = pytest.mark.django_db
S = Disclosure.Status
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452") + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def _docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("领导班子民主生活会整改措施清单")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _upload(name, data):
    return SimpleUploadedFile(name, data)


def test_it_stores_a_pdf_with_its_hash_under_media_root(seeded, settings):
    d = make(seeded, attach=False)
    a = services.attachment_add(
        disclosure=d, actor=seeded.drafter, upload=_upload("报告.pdf", MINIMAL_PDF)
    )
    assert a.sha256 == hashlib.sha256(MINIMAL_PDF).hexdigest()
    assert a.content_type == "application/pdf" and a.size == len(MINIMAL_PDF)
    path = a.file.path
    assert path.startswith(str(settings.MEDIA_ROOT))
    assert not path.startswith(str(settings.STATIC_ROOT))
    assert "报告" not in path  # the stored name is ours, not the uploader's


def test_it_extracts_text_from_a_docx(seeded):
    d = make(seeded, attach=False)
    a = services.attachment_add(
        disclosure=d, actor=seeded.drafter, upload=_upload("清单.docx", _docx())
    )
    assert "整改措施清单" in a.text


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("报告.pdf", PNG),  # a PNG called .pdf
        ("报告.pdf", EXE),  # a program called .pdf
        ("图片.png", EXE),
        ("表格.docx", b"PK\x03\x04not really a zip"),
        ("表格.xlsx", None),  # a docx called .xlsx
        ("说明.txt", EXE),
        ("程序.exe", EXE),  # not an allowed type at all
        ("无扩展名", MINIMAL_PDF),
    ],
)
def test_it_rejects_a_file_whose_content_is_not_its_type(seeded, name, data):
    d = make(seeded, attach=False)
    with pytest.raises(BadInput):
        services.attachment_add(
            disclosure=d, actor=seeded.drafter, upload=_upload(name, data or _docx())
        )
    assert d.attachments.count() == 0


def test_it_accepts_png_ofd_and_text(seeded):
    d = make(seeded, attach=False)
    services.attachment_add(disclosure=d, actor=seeded.drafter, upload=_upload("照片.png", PNG))
    ofd = io.BytesIO()
    with zipfile.ZipFile(ofd, "w") as z:
        z.writestr("OFD.xml", "<ofd:OFD/>")
    services.attachment_add(
        disclosure=d, actor=seeded.drafter, upload=_upload("文件.ofd", ofd.getvalue())
    )
    services.attachment_add(
        disclosure=d, actor=seeded.drafter, upload=_upload("说明.txt", "说明文字".encode())
    )
    assert d.attachments.count() == 3


def test_it_enforces_the_size_limit(seeded, settings):
    settings.DWGK_ATTACHMENT_MAX_BYTES = 100
    d = make(seeded, attach=False)
    with pytest.raises(BadInput, match="MB"):
        services.attachment_add(
            disclosure=d, actor=seeded.drafter, upload=_upload("大.pdf", MINIMAL_PDF + b"0" * 200)
        )


def test_an_evidence_file_is_served_only_to_those_who_work_on_it(seeded):
    from django.utils import timezone

    from catalog.models import DisclosureForm

    d = make(seeded, S.PUBLIC)
    evidence = services.evidence_record(
        disclosure=d, actor=seeded.drafter, form=DisclosureForm.objects.get(code="meeting"),
        date=timezone.localdate(), meeting_name="民主生活会通报会", attendance=20,
        minutes=_upload("会议记录.pdf", MINIMAL_PDF),
    )  # fmt: skip
    url = f"/disclosures/attachments/{evidence.minutes_id}/"
    assert seeded.client(seeded.office).get(url).status_code == 200
    assert seeded.client(seeded.member).get(url).status_code == 404
    assert seeded.client(seeded.public).get(url).status_code == 404
    public_file = d.attachments.get(is_evidence=False)
    response = seeded.client(seeded.public).get(f"/disclosures/attachments/{public_file.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == MINIMAL_PDF
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_media_url_is_not_routed(seeded):
    d = make(seeded, S.PUBLIC)
    a = d.attachments.first()
    assert seeded.client(seeded.public).get(f"/unrouted-media/{a.file.name}").status_code == 404
