"""No spreadsheet the catalog writes carries a formula; an imported formula is named as one."""

import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from openpyxl import Workbook

from catalog.exporting import export_catalog
from catalog.models import Category, Item
from catalog.selectors import catalog_in_force
from catalog.services import catalog_import
from catalog.tests.helpers import load_seed_catalog

pytestmark = pytest.mark.django_db

DANGEROUS = ['=HYPERLINK("http://x.example/","y")', "+1", "-2", "@SUM(A1)", "\tx", "\rx"]
HEADER = ["类别", "序号", "公开内容", "公开形式", "公开时限", "公开范围", "责任处室"]


def cells_of(data: bytes):
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_text_without_formulas(data: bytes, texts):
    cells = cells_of(data)
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    values = {c.value for c in cells}
    for text in texts:
        assert "'" + text in values, text


@pytest.fixture
def poisoned(personas):
    """The catalog in force with item contents and a category name that look like formulas."""
    version = catalog_in_force(load_seed_catalog().unit)
    for item, text in zip(version.items.order_by("number"), DANGEROUS, strict=False):
        Item.objects.filter(pk=item.pk).update(content=text)
    Category.objects.filter(pk=version.items.get(number=1).category_id).update(name="=1+1")
    return version


def test_the_catalog_xlsx_keeps_formula_like_text_as_text(poisoned):
    assert_text_without_formulas(export_catalog(poisoned, "xlsx"), [*DANGEROUS, "=1+1"])


def test_the_anonymous_download_carries_no_formula(poisoned, client):
    response = client.get("/catalog/yytjj/download.xlsx")
    assert response.status_code == 200
    assert_text_without_formulas(response.content, DANGEROUS)


def test_the_export_command_carries_no_formula(poisoned, tmp_path):
    output = tmp_path / "catalog.xlsx"
    call_command("export_catalog", unit="yytjj", format="xlsx", output=str(output))
    assert_text_without_formulas(output.read_bytes(), DANGEROUS)


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _import_errors(personas, data: bytes, filename: str) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        catalog_import(unit=personas.unit, data=data, filename=filename, actor=personas.office)
    return caught.value.messages


def test_an_imported_formula_is_reported_with_its_row_and_column(personas):
    load_seed_catalog()
    good = ["党的组织管理情况", 1, "党费收缴、管理和使用情况", "会议", "定期", "党内", "机关支部"]
    formula = ["党的组织管理情况", 2, '=HYPERLINK("http://x.example/","y")', "会议", "定期"]
    data = _xlsx([HEADER, good, [*formula, "党内", "机关支部"]])
    assert openpyxl.load_workbook(io.BytesIO(data)).active["C3"].data_type == "f"
    messages = _import_errors(personas, data, "catalog.xlsx")
    assert any("第3行第C列是公式，请改为文字" in m for m in messages), messages
    assert not any("公开内容为空" in m for m in messages)


def test_an_import_lists_the_first_50_errors_and_gives_the_total(personas):
    load_seed_catalog()
    lines = [",".join(HEADER)]
    lines += [f"党的组织管理情况,{n},事项{n},飞鸽传书,定期,党内,机关支部" for n in range(1, 61)]
    messages = _import_errors(personas, "\n".join(lines).encode(), "catalog.csv")
    assert len(messages) == 51
    assert all("飞鸽传书" in m for m in messages[:50])
    assert "……另有10处错误（共60处）" in messages[50]
