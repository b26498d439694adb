"""The catalog as the official table of the seed's annex: xlsx, docx and PDF, A4 portrait.

Every format is built from `catalog_table(version)`, so the three files say the same thing.
"""

import io
import logging
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from catalog.models import CatalogVersion, Scope
from catalog.selectors import catalog_categories_with_items
from dwgk.files import cell_text

HEADERS = ["类别", "序号", "公开内容", "公开形式", "公开时限", "公开范围", "责任处室"]
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
FORMATS = tuple(CONTENT_TYPES)


@dataclass
class Row:
    number: int
    content: str
    forms: list[str]
    time_limit: str
    scope: list[str]
    departments: list[str]


@dataclass
class CategoryBlock:
    name: str
    rows: list[Row]


@dataclass
class CatalogTable:
    title: str
    note: str
    categories: list[CategoryBlock]

    @property
    def item_count(self) -> int:
        return sum(len(c.rows) for c in self.categories)


def _chinese_date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def version_note(version: CatalogVersion) -> str:
    parts = [_("第%(number)s版") % {"number": version.number}]
    if version.effective_from:
        parts.append(_("自%(date)s起施行") % {"date": _chinese_date(version.effective_from)})
    else:
        parts.append(str(version.get_status_display()))
    if version.approval_reference:
        parts.append(version.approval_reference)
    if version.filing_reference:
        parts.append(_("备案：%(ref)s") % {"ref": version.filing_reference})
    return "　".join(parts)


def catalog_table(version: CatalogVersion) -> CatalogTable:
    blocks = []
    for category in catalog_categories_with_items(version):
        rows = []
        for item in category.items.all():
            scope = [str(Scope(item.scope).label)]
            if item.audience:
                scope.append(f"（{item.audience}）")
            rows.append(
                Row(
                    number=item.number,
                    content=item.content,
                    forms=[f.name for f in sorted(item.forms.all(), key=lambda f: f.sort_order)],
                    time_limit=str(item.get_time_limit_display()),
                    scope=scope,
                    departments=[
                        d.name
                        for d in sorted(item.departments.all(), key=lambda d: (d.sort_order, d.pk))
                    ],
                )
            )
        if rows:
            blocks.append(CategoryBlock(category.name, rows))
    return CatalogTable(title=version.title, note=version_note(version), categories=blocks)


def export_xlsx(version: CatalogVersion) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.worksheet.properties import PageSetupProperties

    table = catalog_table(version)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("党务公开目录")[:31]  # Excel opens no workbook with a longer sheet name
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    left = Alignment(horizontal="left", vertical="center", wrap_text=True)
    body_font = Font(name="仿宋", size=11)

    sheet.merge_cells("A1:G1")
    sheet["A1"] = cell_text(table.title)
    sheet["A1"].font = Font(name="黑体", size=16, bold=True)
    sheet["A1"].alignment = center
    sheet.row_dimensions[1].height = 32
    sheet.merge_cells("A2:G2")
    sheet["A2"] = cell_text(table.note)
    sheet["A2"].font = Font(name="仿宋", size=9)
    sheet["A2"].alignment = Alignment(horizontal="center", vertical="center")
    for column, header in enumerate(HEADERS, start=1):
        cell = sheet.cell(3, column, cell_text(header))
        cell.font = Font(name="黑体", size=11, bold=True)
        cell.alignment = center
        cell.border = border

    row = 4
    for block in table.categories:
        first = row
        for item in block.rows:
            values = [
                block.name if row == first else None,
                item.number,
                item.content,
                "\n".join(item.forms),
                item.time_limit,
                "\n".join(item.scope),
                "\n".join(item.departments),
            ]
            for column, value in enumerate(values, start=1):
                cell = sheet.cell(row, column, cell_text(value))
                cell.font = body_font
                cell.alignment = left if column == 3 else center
                cell.border = border
            sheet.row_dimensions[row].height = _xlsx_row_height(item)
            row += 1
        if row - 1 > first:
            sheet.merge_cells(start_row=first, start_column=1, end_row=row - 1, end_column=1)

    for column, width in zip("ABCDEFG", [16, 6, 32, 9, 9, 13, 11], strict=True):
        sheet.column_dimensions[column].width = width
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_PORTRAIT
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_title_rows = "3:3"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.freeze_panes = "A4"

    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


# Characters of 11 pt 仿宋 that fit on one line of the 公开内容 column (width 32), and the height
# of one such line with the leading office suites use (LibreOffice, WPS and Excel alike).
XLSX_CONTENT_CHARS_PER_LINE = 14
XLSX_LINE_POINTS = 17


def _xlsx_row_height(item: Row) -> float:
    """A row high enough for its tallest cell, so that no office suite cuts off a line
    (会议/文件/内网 is three lines)."""
    content_lines = -(-len(item.content) // XLSX_CONTENT_CHARS_PER_LINE)
    lines = max(len(item.forms), len(item.departments), len(item.scope), content_lines, 1)
    return max(28, XLSX_LINE_POINTS * lines + 6)


def _docx_font(run, name: str, size_pt: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = name
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    # Word picks Chinese glyphs from the eastAsia font, not from w:ascii.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _docx_cell(cell, text: str, font: str, size: float, *, bold=False, align_center=True):
    from docx.enum.table import WD_ALIGN_VERTICAL
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if align_center else WD_ALIGN_PARAGRAPH.LEFT
    run = paragraph.add_run(text)  # "\n" becomes a line break
    _docx_font(run, font, size, bold)


def export_docx(version: CatalogVersion) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Mm

    table_data = catalog_table(version)
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.orientation = WD_ORIENT.PORTRAIT
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(20)

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _docx_font(title.add_run(table_data.title), "黑体", 18)
    note = document.add_paragraph()
    note.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _docx_font(note.add_run(table_data.note), "仿宋", 9)

    table = document.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    table.autofit = False
    widths = [Cm(2.8), Cm(1.1), Cm(5.6), Cm(1.7), Cm(1.7), Cm(2.3), Cm(2.0)]
    # LibreOffice and WPS lay a table out by its grid (w:tblGrid), Word by its cells: set both.
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    header = table.rows[0]
    # Repeat the header row on every printed page.
    header_props = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_props.append(repeat)
    for cell, text, width in zip(header.cells, HEADERS, widths, strict=True):
        cell.width = width
        _docx_cell(cell, text, "黑体", 10.5, bold=True)

    for block in table_data.categories:
        first = None
        for item in block.rows:
            cells = table.add_row().cells
            values = [
                block.name if first is None else "",
                str(item.number),
                item.content,
                "\n".join(item.forms),
                item.time_limit,
                "\n".join(item.scope),
                "\n".join(item.departments),
            ]
            for column, (cell, value, width) in enumerate(zip(cells, values, widths, strict=True)):
                cell.width = width
                if value:
                    _docx_cell(cell, value, "仿宋", 10.5, align_center=column != 2)
            if first is None:
                first = cells[0]
            last = cells[0]
        if first is not last:
            first.merge(last)
            # merge() keeps the (empty) paragraphs of every merged cell; drop the blank ones.
            for paragraph in first.paragraphs[1:]:
                if not paragraph.text:
                    paragraph._element.getparent().remove(paragraph._element)

    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def export_pdf(version: CatalogVersion) -> bytes:
    # WeasyPrint reports every layout step (even at import) at INFO level; keep commands quiet.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from weasyprint import HTML

    html = render_to_string("catalog/export_pdf.html", {"table": catalog_table(version)})
    return HTML(string=html).write_pdf()


EXPORTERS = {"xlsx": export_xlsx, "docx": export_docx, "pdf": export_pdf}


def export_catalog(version: CatalogVersion, fmt: str) -> bytes:
    if fmt not in EXPORTERS:
        raise ValueError(f"unknown format {fmt!r}")
    return EXPORTERS[fmt](version)


def export_filename(version: CatalogVersion, fmt: str) -> str:
    return f"{version.title}-第{version.number}版.{fmt}"
