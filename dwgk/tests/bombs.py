"""Small hostile zip containers for tests: a docx or xlsx that unpacks to far more than it weighs."""

import io
import zipfile

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
)


def zip_bytes(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def bomb_docx(unpacked_bytes: int) -> bytes:
    """A docx whose document.xml is `unpacked_bytes` of one repeated paragraph."""
    head = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    paragraph = b"<w:p><w:r><w:t>" + "党务公开".encode() * 64 + b"</w:t></w:r></w:p>"
    body = paragraph * (unpacked_bytes // len(paragraph) + 1)
    return zip_bytes(
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "word/document.xml": head + body + b"</w:body></w:document>",
        }
    )


def bomb_xlsx(unpacked_bytes: int) -> bytes:
    """An xlsx whose first sheet is `unpacked_bytes` of one repeated row."""
    row = b'<row><c t="inlineStr"><is><t>' + "党费".encode() * 32 + b"</t></is></c></row>"
    rows = row * (unpacked_bytes // len(row) + 1)
    return zip_bytes(
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": b"<worksheet><sheetData>"
            + rows
            + b"</sheetData></worksheet>",
        }
    )


def many_members(count: int, name_prefix: str = "word/document.xml") -> bytes:
    """A zip with `count` tiny members, the first named `name_prefix`."""
    members = {"[Content_Types].xml": CONTENT_TYPES, name_prefix: b"<w:document/>"}
    members.update({f"extra/{i}.xml": b"<x/>" for i in range(count)})
    return zip_bytes(members)
