"""An imported xlsx is measured before openpyxl reads it: a decompression bomb is refused."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import override_settings

from catalog.models import CatalogVersion
from catalog.services import catalog_import
from dwgk.tests.bombs import bomb_xlsx, many_members

pytestmark = pytest.mark.django_db


def _refusal(personas, data: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        catalog_import(unit=personas.unit, data=data, filename="目录.xlsx", actor=personas.office)
    assert not CatalogVersion.objects.exists()
    return " ".join(caught.value.messages)


def test_it_refuses_an_xlsx_that_unpacks_beyond_the_import_limit(personas, tmp_path):
    data = bomb_xlsx(11 * 1024 * 1024)
    assert len(data) < 200_000
    assert "解压后过大" in _refusal(personas, data)
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(data)
    with pytest.raises(CommandError, match="解压后过大"):
        call_command("import_catalog", str(path), unit="yytjj")


def test_it_refuses_an_xlsx_compressed_beyond_the_ratio(personas):
    assert "压缩比异常" in _refusal(personas, bomb_xlsx(2 * 1024 * 1024))


@override_settings(DWGK_ZIP_MAX_MEMBERS=50)
def test_it_refuses_an_xlsx_with_too_many_members(personas):
    assert "文件过多" in _refusal(personas, many_members(60, "xl/workbook.xml"))
