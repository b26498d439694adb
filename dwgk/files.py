"""What every app does with files from outside or for outside: spreadsheet cells that never become
formulas, zip containers (docx, xlsx, pptx) measured before anything parses them, text decoded as
UTF-8 or GB18030, and long error lists cut short."""

import io
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _

# A spreadsheet program reads text starting with one of these as a formula (OWASP, CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MAX_LISTED_ERRORS = 50


def cell_text(value):
    """A value for a spreadsheet cell: text that could start a formula gets a leading ' (as OWASP
    recommends), so it stays text; numbers and empty cells are left alone."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class UnsafeArchive(ValueError):
    """A zip container over the limits: the message says which, in Chinese and English."""


def check_zip(data: bytes, *, max_bytes: int | None = None) -> None:
    """Raise UnsafeArchive when a zip container unpacks to more than `max_bytes` (default
    DWGK_ZIP_MAX_BYTES), has more than DWGK_ZIP_MAX_MEMBERS members or a member compressed more
    than DWGK_ZIP_MAX_RATIO times. Reads only the central directory; Python's zipfile never
    unpacks a member beyond the size declared there, so the declared sizes are a bound."""
    max_bytes = settings.DWGK_ZIP_MAX_BYTES if max_bytes is None else max_bytes
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise UnsafeArchive(_("文件不是有效的zip格式")) from error
    if len(members) > settings.DWGK_ZIP_MAX_MEMBERS:
        raise UnsafeArchive(
            _("压缩包内文件过多（%(count)s个，上限%(limit)s个）")
            % {"count": len(members), "limit": settings.DWGK_ZIP_MAX_MEMBERS}
        )
    total = sum(member.file_size for member in members)
    if total > max_bytes:
        raise UnsafeArchive(
            _("文件解压后过大（%(size)s MB，上限%(limit)s MB）")
            % {"size": _megabytes(total), "limit": _megabytes(max_bytes)}
        )
    ratio = settings.DWGK_ZIP_MAX_RATIO
    for member in members:
        # Small members may compress well; only sizes that matter are held to the ratio.
        if member.file_size > 1024 * 1024 and member.file_size > ratio * member.compress_size:
            raise UnsafeArchive(
                _("文件压缩比异常（超过%(ratio)s倍），可能是压缩炸弹") % {"ratio": ratio}
            )


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".removesuffix(".0")


def decode_text(data: bytes) -> str | None:
    """Text in UTF-8 (with or without BOM) or GB18030, or None when it is neither."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def cut_errors(errors: list[str]) -> list[str]:
    """The first MAX_LISTED_ERRORS errors and, if there were more, a line that gives the rest."""
    if len(errors) <= MAX_LISTED_ERRORS:
        return errors
    more = len(errors) - MAX_LISTED_ERRORS
    return [
        *errors[:MAX_LISTED_ERRORS],
        _("……另有%(count)s处错误（共%(total)s处）") % {"count": more, "total": len(errors)},
    ]
