import io

import docx
import openpyxl
import pytest
from pypdf import PdfReader

from catalog.exporting import export_catalog
from catalog.selectors import catalog_in_force
from catalog.services import catalog_import
from catalog.tests.helpers import load_seed_catalog

pytestmark = pytest.mark.django_db

TITLE = "岳阳市统计局党组党务公开目录"
HEADERS = ["类别", "序号", "公开内容", "公开形式", "公开时限", "公开范围", "责任处室"]


@pytest.fixture
def version(personas):
    return catalog_in_force(load_seed_catalog().unit)


def test_xlsx_has_the_annex_layout(version):
    sheet = openpyxl.load_workbook(io.BytesIO(export_catalog(version, "xlsx"))).active
    assert sheet["A1"].value == TITLE
    assert "第1版" in sheet["A2"].value and "2011年5月19日" in sheet["A2"].value
    assert [sheet.cell(3, c).value for c in range(1, 8)] == HEADERS
    numbers = [sheet.cell(r, 2).value for r in range(4, sheet.max_row + 1)]
    assert numbers == list(range(1, 36))
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A1:G1", "A4:A10", "A11:A14", "A15:A21", "A37:A38"} <= merged
    assert sheet["A4"].value == "党组织决议、决定及执行情况"
    assert sheet["D4"].value == "会议\n文件\n内网"
    assert sheet["G6"].value == "办公室\n人事科"
    assert sheet["D4"].alignment.wrap_text
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.page_setup.orientation == "portrait"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$3:$3"
    assert sheet["C4"].border.left.style == "thin"


def test_docx_has_a_merged_a4_table(version):
    document = docx.Document(io.BytesIO(export_catalog(version, "docx")))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == TITLE and "第1版" in texts[1]
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    table = document.tables[0]
    assert len(table.rows) == 36
    assert [c.text for c in table.rows[0].cells] == HEADERS
    assert table.cell(1, 0)._tc is table.cell(7, 0)._tc
    assert table.cell(1, 0).text == "党组织决议、决定及执行情况"
    assert table.cell(8, 0).text == "党的思想建设情况"
    assert table.cell(1, 3).text == "会议\n文件\n内网"
    assert table.cell(3, 6).text == "办公室\n人事科"
    fonts = table.cell(1, 2).paragraphs[0].runs[0]._element.rPr.rFonts
    assert (
        fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
        == "仿宋"
    )


def test_pdf_text_is_extractable(version):
    reader = PdfReader(io.BytesIO(export_catalog(version, "pdf")))
    text = "".join(page.extract_text() for page in reader.pages)
    assert TITLE in text
    assert "党费收缴" in text
    assert "党内各类先进评比情况" in text
    box = reader.pages[0].mediabox
    assert round(float(box.width) / 72 * 25.4) == 210


def test_an_exported_xlsx_imports_back(version, personas):
    data = export_catalog(version, "xlsx")
    draft = catalog_import(unit=version.unit, data=data, filename="export.xlsx")
    assert draft.items.count() == 35 and draft.categories.count() == 8
    assert draft.items.get(number=6).category.name == "党组织决议、决定及执行情况"


def test_the_english_workbook_keeps_a_sheet_name_excel_accepts(version):
    from django.utils import translation

    with translation.override("en"):
        sheet = openpyxl.load_workbook(io.BytesIO(export_catalog(version, "xlsx"))).active
    assert 0 < len(sheet.title) <= 31
