"""What an uploaded attachment is, judged by its content, and its text for full-text search.

`detect_type` refuses active content (HTML, SVG, XML, scripts) whatever the file is called, then
checks that the content matches an allowed extension. `extract_text` measures zip containers
first and reads PDF and docx in a child process bounded in memory and time, so a hostile file
costs one short-lived process, never the web worker.
"""

import io
import logging
import os
import re
import select
import signal
import time
import zipfile

import filetype
from django.conf import settings
from django.utils.translation import gettext as _

from disclosures import extract_worker
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

# A document a browser or an XML reader would interpret: it starts with a tag, "<!" or "<?".
MARKUP_START = re.compile(r"<[!?a-zA-Z]")
SPACE = "\ufeff \t\r\n\f"
# Active markup inside what is otherwise plain text.
ACTIVE_MARKUP = re.compile(
    r"<\s*(script|svg|html|iframe|frame|object|embed|!doctype\s+html|\?xml)\b|javascript\s*:",
    re.IGNORECASE,
)


class FileRefused(ValueError):
    """An upload the site does not accept; the message is bilingual: "中文 / English"."""


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
    text = _read_in_child(kind, data)
    return None if text is None else text.decode("utf-8", "replace")[:MAX_TEXT]


def _address_space_bytes() -> int:
    """This process's virtual size: the child's memory bound is counted on top of it."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _read_in_child(kind: str, data: bytes) -> bytes | None:
    """Read the file in a forked child that bounds its own memory and CPU time; the parent waits
    at most DWGK_EXTRACT_TIMEOUT_SECONDS. Forking shares the readers already loaded, so an upload
    costs milliseconds, not the start of a new interpreter. None when the child did not finish."""
    timeout = settings.DWGK_EXTRACT_TIMEOUT_SECONDS
    extract_worker.preload(kind)
    memory = _address_space_bytes() + settings.DWGK_EXTRACT_MAX_MEMORY_MB * 1024 * 1024
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the caller, whatever happens
        code = 1
        try:
            os.close(read_end)
            extract_worker.limit_bytes(memory, max(timeout, 1))
            text = extract_worker.read_text(kind, data)
            with os.fdopen(write_end, "wb") as out:
                out.write(text.encode("utf-8", "replace"))
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    chunks, size = [], 0
    deadline = time.monotonic() + timeout
    finished = False
    with os.fdopen(read_end, "rb", buffering=0) as pipe:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([pipe], [], [], remaining)[0]:
                break
            chunk = pipe.read(65536)
            if not chunk:
                finished = True
                break
            size += len(chunk)
            if size <= MAX_TEXT * 4:
                chunks.append(chunk)
    if not finished:
        os.kill(pid, signal.SIGKILL)
        logger.warning("attachment text not extracted: %s reader ran over %ss", kind, timeout)
    _pid, status = os.waitpid(pid, 0)
    if not finished or not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
        if finished:
            logger.warning("attachment text not extracted: %s reader stopped (%s)", kind, status)
        return None
    return b"".join(chunks)
