"""The catalog files as an office suite shows them: converted with LibreOffice (as WPS and Excel
users open them), nothing is cut off, the columns keep their widths, and the pages are no more
than the PDF export's."""

import io
import shutil
import subprocess

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm
from pypdf import PdfReader

from catalog.exporting import export_catalog
from catalog.selectors import catalog_in_force
from catalog.tests.helpers import load_seed_catalog

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def soffice():
    path = shutil.which("soffice")
    if path is None:
        pytest.fail("LibreOffice is needed (Debian's libreoffice-calc-nogui, -writer-nogui)")
    return path


@pytest.fixture
def files(personas, tmp_path):
    version = catalog_in_force(load_seed_catalog().unit)
    written = {}
    for fmt in ("xlsx", "docx", "pdf"):
        path = tmp_path / f"catalog.{fmt}"
        path.write_bytes(export_catalog(version, fmt))
        written[fmt] = path
    return written


def _convert(soffice, source, target_format, tmp_path):
    out = tmp_path / f"out-{target_format}-{source.suffix[1:]}"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            target_format,
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return out / f"{source.stem}.{target_format.split(':')[0]}"


def _pages(path) -> int:
    return len(PdfReader(io.BytesIO(path.read_bytes())).pages)


def test_the_spreadsheet_rows_hold_every_line(soffice, files, tmp_path):
    again = openpyxl.load_workbook(_convert(soffice, files["xlsx"], "xlsx", tmp_path)).active
    checked = 0
    for row in range(4, again.max_row + 1):
        cells = [again.cell(row, column).value or "" for column in (4, 6, 7)]
        lines = max(str(value).count("\n") + 1 for value in cells)
        height = again.row_dimensions[row].height
        # 11 pt CJK text takes about 16 pt a line (Noto CJK, the fallback for 仿宋, sets lines
        # 1.45 em apart); a lower row cuts the third line of 会议/文件/内网 off.
        assert height is not None and height >= 16 * lines, (row, lines, height)
        checked += 1
    assert checked == 35
    pdf = _convert(soffice, files["xlsx"], "pdf", tmp_path)
    assert _pages(pdf) <= _pages(files["pdf"])


def test_the_document_keeps_its_column_widths(soffice, files, tmp_path):
    again = docx.Document(_convert(soffice, files["docx"], "docx", tmp_path))
    grid = again.tables[0]._tbl.tblGrid.findall(qn("w:gridCol"))
    widths = [int(column.get(qn("w:w"))) * 635 for column in grid]  # twips → EMU
    assert abs(widths[2] - Cm(5.6)) < Cm(0.2)  # 公开内容 keeps the widest column
    assert widths[2] == max(widths)
    pdf = _convert(soffice, files["docx"], "pdf", tmp_path)
    assert _pages(pdf) <= _pages(files["pdf"])
