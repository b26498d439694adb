"""The list of disclosures a reader sees, as a spreadsheet (/disclosures/export.xlsx)."""

import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from dwgk.files import cell_text

MAX_ROWS = 5000


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def disclosures_xlsx(disclosures) -> bytes:
    """One row per disclosure (the first MAX_ROWS of the queryset); every text cell stays text."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = _("公开事项")
    header = [
        _("编号"),
        _("单位"),
        _("目录事项"),
        _("标题"),
        _("公开范围"),
        _("状态"),
        _("发布时间"),
        _("社会公开时间"),
    ]
    sheet.append([cell_text(value) for value in header])
    for d in disclosures[:MAX_ROWS]:
        row = [
            d.pk,
            d.unit.name,
            str(d.item) if d.item else _("目录外事项"),
            d.title,
            d.get_scope_display(),
            d.get_status_display(),
            _when(d.published_at),
            _when(d.public_at),
        ]
        sheet.append([cell_text(value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def disclosures_xlsx_response(disclosures, filename: str = "disclosures.xlsx") -> HttpResponse:
    """The spreadsheet as a download."""
    response = HttpResponse(disclosures_xlsx(disclosures), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename={filename}"
    return response
