"""What an uploaded attachment is, judged by its content, and its text for full-text search.

`detect_type` refuses active content (HTML, SVG, XML, scripts) whatever the file is called, then
checks that the content matches an allowed extension. `extract_text` measures zip containers
first and reads PDF and docx in a child process bounded in memory and time, so a hostile file
costs one short-lived process, never the web worker.
"""

import io
import logging
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import filetype
from django.conf import settings
from django.utils.translation import gettext as _

from dwgk.files import UnsafeArchive, check_zip, decode_text

logger = logging.getLogger("dwgk.disclosures")

# What may be uploaded, recognised by content: extension → content type.
ALLOWED_TYPES = {
    "pdf": "application/pdf",
    "ofd": "application/ofd",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "txt": "text/plain",
}
ZIP_TYPES = {ALLOWED_TYPES[ext] for ext in ("docx", "xlsx", "ofd")}
EXTRACTED_TYPES = {ALLOWED_TYPES["pdf"]: "pdf", ALLOWED_TYPES["docx"]: "docx"}
OLE2_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
MAX_TEXT = 200_000
WORKER = Path(__file__).with_name("extract_worker.py")

# A document a browser or an XML reader would interpret: it starts with a tag, "<!" or "<?".
MARKUP_START = re.compile(r"<[!?a-zA-Z]")
SPACE = "\ufeff \t\r\n\f"
# Active markup inside what is otherwise plain text.
ACTIVE_MARKUP = re.compile(
    r"<\s*(script|svg|html|iframe|frame|object|embed|!doctype\s+html|\?xml)\b|javascript\s*:",
    re.IGNORECASE,
)


class FileRefused(ValueError):
    """An upload the site does not accept, with the reason shown to the person who uploaded it."""


def _zip_names(data: bytes) -> set[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return set()


def is_active_content(data: bytes) -> bool:
    """True for HTML, SVG and XML documents and for text that carries scripts, in UTF-8, GB18030
    or UTF-16 (with its byte order mark)."""
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", "ignore")
        return bool(MARKUP_START.match(text.lstrip(SPACE)) or ACTIVE_MARKUP.search(text))
    if MARKUP_START.match(head.decode("utf-8", "ignore").lstrip(SPACE)):
        return True
    if filetype.guess(head) is not None or data.startswith((OLE2_MAGIC, b"PK\x03\x04")):
        return False  # a binary format, never rendered as markup
    text = decode_text(data) if b"\x00" not in data else None
    return text is not None and bool(ACTIVE_MARKUP.search(text))


def detect_type(data: bytes, name: str) -> str:
    """The content type if the file is not active content, its content matches its extension and
    the extension is allowed; raises FileRefused otherwise."""
    if is_active_content(data):
        raise FileRefused(_("文件含有网页、SVG、XML或脚本等活动内容，不能上传"))
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED_TYPES:
        raise FileRefused(
            _("不支持的文件类型：%(ext)s；允许 %(allowed)s")
            % {"ext": extension or "?", "allowed": "、".join(sorted(ALLOWED_TYPES))}
        )
    guess = filetype.guess(data[:8192])
    ok = False
    if extension == "pdf":
        ok = guess is not None and guess.extension == "pdf"
    elif extension in ("jpg", "jpeg"):
        ok = guess is not None and guess.extension == "jpg"
    elif extension == "png":
        ok = guess is not None and guess.extension == "png"
    elif extension in ("doc", "xls"):
        ok = data.startswith(OLE2_MAGIC)
    elif extension == "docx":
        ok = "word/document.xml" in _zip_names(data)
    elif extension == "xlsx":
        ok = "xl/workbook.xml" in _zip_names(data)
    elif extension == "ofd":
        ok = "OFD.xml" in _zip_names(data)
    elif extension == "txt":
        ok = guess is None and b"\x00" not in data and decode_text(data) is not None
    if not ok:
        raise FileRefused(_("文件内容与扩展名“%(ext)s”不符") % {"ext": extension})
    return ALLOWED_TYPES[extension]


def extract_text(data: bytes, content_type: str) -> str | None:
    """Text for full-text search: "" where the type has none, None where it could not be
    extracted (a damaged file, a zip over the limits, a reader over its memory or time)."""
    if content_type == ALLOWED_TYPES["txt"]:
        return (decode_text(data) or "")[:MAX_TEXT]
    if content_type in ZIP_TYPES:
        try:
            check_zip(data)
        except UnsafeArchive as error:
            logger.warning("attachment text not extracted: %s", error)
            return None
    kind = EXTRACTED_TYPES.get(content_type)
    if kind is None:
        return ""
    timeout = settings.DWGK_EXTRACT_TIMEOUT_SECONDS
    command = [sys.executable, "-I", str(WORKER), kind]
    command += [str(settings.DWGK_EXTRACT_MAX_MEMORY_MB), str(timeout)]
    with tempfile.TemporaryFile() as errors:  # a file: a noisy reader cannot fill memory
        try:
            result = subprocess.run(
                command, input=data, stdout=subprocess.PIPE, stderr=errors, timeout=timeout
            )
        except subprocess.TimeoutExpired:
            logger.warning("attachment text not extracted: %s reader ran over %ss", kind, timeout)
            return None
        if result.returncode != 0:
            errors.seek(max(0, errors.seek(0, io.SEEK_END) - 300))
            logger.warning(
                "attachment text not extracted: %s reader ended with %s: %s",
                kind,
                result.returncode,
                errors.read().decode("utf-8", "replace"),
            )
            return None
    return result.stdout.decode("utf-8", "replace")[:MAX_TEXT]
