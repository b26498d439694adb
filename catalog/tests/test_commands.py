import datetime

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from catalog.models import CatalogVersion
from catalog.tests.helpers import load_seed_catalog

pytestmark = pytest.mark.django_db

SEED = "catalog/data/yueyang_statistics_2011.csv"


def test_import_catalog_by_full_name_prints_a_summary(personas, capsys):
    call_command("import_catalog", SEED, unit="中共岳阳市统计局党组")
    out = capsys.readouterr().out
    assert "8个类别" in out and "35个事项" in out
    assert CatalogVersion.objects.get(unit=personas.unit).status == "draft"


def test_import_catalog_refuses_a_second_draft_unless_replace_draft(personas):
    call_command("import_catalog", SEED, unit="yytjj")
    with pytest.raises(CommandError, match="replace-draft"):
        call_command("import_catalog", SEED, unit="yytjj")
    call_command("import_catalog", SEED, unit="yytjj", replace_draft=True)
    assert CatalogVersion.objects.filter(unit=personas.unit).count() == 1


def test_import_catalog_can_approve_at_once(personas):
    call_command(
        "import_catalog",
        SEED,
        unit="yytjj",
        approve_as="jiaoduohui",
        effective_from="2011-05-19",
        approval_reference="岳统党组〔2011〕4号",
    )
    version = CatalogVersion.objects.get(unit=personas.unit)
    assert version.status == "approved"
    assert version.effective_from == datetime.date(2011, 5, 19)
    assert version.approved_by == personas.approver


def test_import_catalog_refuses_approval_by_a_non_approver_and_writes_nothing(personas):
    with pytest.raises(CommandError, match="党组审批人"):
        call_command(
            "import_catalog", SEED, unit="yytjj", approve_as="wumi", effective_from="2011-05-19"
        )
    assert not CatalogVersion.objects.exists()


def test_import_catalog_reports_every_error(personas, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "类别,序号,公开内容,公开形式,公开时限,公开范围,责任处室\n类别,1,甲,微博,长期,党内,办公室\n类别,2,乙,会议,永久,党内,办公室\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as caught:
        call_command("import_catalog", str(bad), unit="yytjj")
    message = str(caught.value)
    assert "第2行「公开形式」" in message and "第3行「公开时限」" in message
    assert not CatalogVersion.objects.exists()


def test_import_catalog_rejects_unknown_units_and_missing_files(personas, tmp_path):
    with pytest.raises(CommandError, match="找不到单位"):
        call_command("import_catalog", SEED, unit="nowhere")
    with pytest.raises(CommandError, match="无法读取"):
        call_command("import_catalog", str(tmp_path / "none.csv"), unit="yytjj")
    with pytest.raises(CommandError, match="effective-from"):
        call_command("import_catalog", SEED, unit="yytjj", approve_as="jiaoduohui")


def test_export_catalog_writes_the_catalog_in_force(personas, tmp_path):
    load_seed_catalog()
    output = tmp_path / "catalog.xlsx"
    call_command(
        "export_catalog",
        unit="中共岳阳市统计局党组",
        format="xlsx",
        output=str(output),
        on="2012-01-01",
    )
    sheet = openpyxl.load_workbook(output).active
    assert sheet["A1"].value == "岳阳市统计局党组党务公开目录"


def test_export_catalog_says_when_no_catalog_was_in_force(personas, tmp_path):
    load_seed_catalog()
    with pytest.raises(CommandError, match="没有施行的公开目录"):
        call_command(
            "export_catalog",
            unit="yytjj",
            format="pdf",
            output=str(tmp_path / "x.pdf"),
            on="2010-01-01",
        )
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command(
            "export_catalog",
            unit="yytjj",
            format="pdf",
            output=str(tmp_path / "x.pdf"),
            on="2010-13-01",
        )
