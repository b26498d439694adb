import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from openpyxl import Workbook

from audit.models import Event
from catalog.models import CatalogVersion, Item, Scope, TimeLimit
from catalog.services import catalog_import
from catalog.tests.helpers import load_seed_catalog

pytestmark = pytest.mark.django_db

SEED = "catalog/data/yueyang_statistics_2011.csv"
HEADER = "类别,序号,公开内容,公开形式,公开时限,公开范围,责任处室\n"


def _csv(body: str, header: str = HEADER) -> bytes:
    return (header + body).encode("utf-8")


def _import(personas, data: bytes, filename="catalog.csv", **kwargs):
    return catalog_import(
        unit=personas.unit, data=data, filename=filename, actor=personas.office, **kwargs
    )


def _errors(personas, data: bytes, filename="catalog.csv") -> list[str]:
    versions, events = CatalogVersion.objects.count(), Event.objects.count()
    with pytest.raises(ValidationError) as caught:
        _import(personas, data, filename)
    assert CatalogVersion.objects.count() == versions, "nothing is written on error"
    assert Event.objects.count() == events
    return caught.value.messages


def _xlsx(rows, merges=()) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for merge in merges:
        sheet.merge_cells(merge)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def test_it_imports_the_seed_csv_as_a_new_draft(personas):
    version = catalog_import(unit=personas.unit, file_path=SEED, actor=personas.office)
    assert version.status == CatalogVersion.Status.DRAFT
    assert version.items.count() == 35
    assert list(version.categories.values_list("name", flat=True))[:2] == [
        "党组织决议、决定及执行情况",
        "党的思想建设情况",
    ]
    # Blank category cells inherit the category above.
    assert version.items.get(number=7).category.name == "党组织决议、决定及执行情况"
    assert version.items.get(number=35).category.name == "其他应当公开的情况"
    item = version.items.get(number=33)
    assert {d.name for d in item.departments.all()} == {"机关支部", "监察室"}
    assert {f.name for f in item.forms.all()} == {"会议", "文件"}
    assert item.scope == Scope.INTERNAL_THEN_PUBLIC and item.time_limit == TimeLimit.IMMEDIATE
    assert Event.objects.filter(action="catalog.imported", target_id=str(version.pk)).exists()


def test_it_reads_utf8_with_bom_and_gb18030(personas):
    text = HEADER + "党的组织管理情况,1,党费收缴、管理和使用情况,会议、内网,定期,党内,机关支部\n"
    version = _import(personas, b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert version.items.get().content == "党费收缴、管理和使用情况"
    version = _import(personas, text.encode("gb18030"), replace_draft=True)
    item = version.items.get()
    assert item.content == "党费收缴、管理和使用情况"
    assert item.category.name == "党的组织管理情况"


def test_it_reads_xlsx_with_merged_category_cells_and_printed_headers(personas):
    rows = [
        ["岳阳市统计局党组党务公开目录"],
        ["类别", "序号", "公开内容", "公开\n形式", "公开\n时限", "公开\n范围", "责任处室"],
        [
            "党组织决议、\n决定及执行情况",
            1,
            "贯彻执行中央、省、\n市委方针政策情况",
            "会议\n文件\n内网",
            "及时",
            "党内",
            "办 公 室",
        ],
        [None, 2, "机关支部决议、\n决定及执行情况", "会议\n文件\n内网", "及时", "党内", "机关支部"],
        [None, 3, "重要决策部署", "会议\n文件", "定期", "先党内后党外", "办 公 室\n人 事 科"],
        ["党的思想\n建设情况", 4, "党组中心组学习计划", "会议", "定期", "党内", "机关支部"],
    ]
    data = _xlsx(rows, merges=["A1:G1", "A3:A5"])
    version = _import(personas, data, "目录.xlsx")
    assert version.items.count() == 4
    assert version.items.get(number=3).category.name == "党组织决议、决定及执行情况"
    assert version.items.get(number=1).content == "贯彻执行中央、省、市委方针政策情况"
    assert {d.name for d in version.items.get(number=3).departments.all()} == {"办公室", "人事科"}
    assert version.items.get(number=4).category.name == "党的思想建设情况"


@pytest.mark.parametrize(
    "forms", ["会议、文件", "会议，文件", '"会议,文件"', "会议/文件", '"会议\n文件"']
)
def test_it_accepts_every_separator(personas, forms):
    version = _import(personas, _csv(f"类别,1,内容,{forms},长期,党内,办公室\n"))
    assert {f.name for f in version.items.get().forms.all()} == {"会议", "文件"}


def test_it_understands_aliases_and_optional_columns(personas):
    header = (
        "类别,序号,公开内容,公开形式,公开时限,公开范围,责任处室,范围说明,重要,保留天数,备注,周期\n"
    )
    body = (
        "类别,1,甲,网页、简报,随时,向社会公开,办公室,,是,30,说明,每季度\n"
        "类别,2,乙,报刊/广播/电视,申请,党内一定范围,人事科,机关支部委员,,,,\n"
        "类别,3,丙,内部通报,依申请,社会,机关工会,,否,长期,,\n"
    )
    version = _import(personas, _csv(body, header))
    first, second, third = version.items.order_by("number")
    assert {f.code for f in first.forms.all()} == {"website", "bulletin"}
    assert first.time_limit == TimeLimit.IMMEDIATE and first.scope == Scope.PUBLIC
    assert first.important and first.retention_days == 30 and first.notes == "说明"
    assert first.cadence == "quarterly"
    assert {f.code for f in second.forms.all()} == {"newspaper", "radio", "tv"}
    assert second.time_limit == TimeLimit.ON_APPLICATION
    assert second.scope == Scope.INTERNAL_RANGE and second.audience == "机关支部委员"
    assert third.retention_days is None and not third.important


def test_it_names_row_and_column_of_an_unknown_form(personas):
    body = "类别,1,甲,会议,长期,党内,办公室\n类别,2,乙,会议,长期,党内,办公室\n类别,3,丙,会议,长期,党内,办公室\n类别,4,丁,微博,长期,党内,办公室\n"
    assert _errors(personas, _csv(body)) == ["第5行「公开形式」：未知的公开形式“微博”"]
    with translation.override("en"):
        english = _errors(personas, _csv(body))
    assert english == ["Row 5, column “公开形式”: Unknown form of disclosure “微博”"], english


def test_it_collects_every_error_before_writing(personas):
    body = (
        "类别,1,甲,会议,永久,党内,办公室\n"
        ",1,乙,会议,长期,全世界,办公室\n"
        ",x,丙,会议,长期,党内,宣传科\n"
        ",4,,会议,长期,党内,办公室\n"
        ",5,戊,会议,长期,党内一定范围,办公室\n"
    )
    messages = _errors(personas, _csv(body))
    expected = [
        ("第2行「公开时限」", "永久"),
        ("第3行「序号」", "重复"),
        ("第3行「公开范围」", "全世界"),
        ("第4行「序号」", "正整数"),
        ("第4行「责任处室」", "宣传科"),
        ("第5行「公开内容」", "为空"),
        ("第6行「公开范围」", "范围说明"),
    ]
    for where, word in expected:
        assert any(where in m and word in m for m in messages), (where, messages)
    assert not any(" / row " in m for m in messages)  # one language per message
    assert len(messages) == len(expected)


def test_it_rejects_a_department_of_another_unit(personas):
    # 人事科 exists only in 中共岳阳市统计局党组, not in the other unit.
    with pytest.raises(ValidationError, match="人事科"):
        catalog_import(
            unit=personas.other_unit,
            data=_csv("类别,1,甲,会议,长期,党内,人事科\n"),
            filename="x.csv",
        )
    assert not CatalogVersion.objects.filter(unit=personas.other_unit).exists()


def test_it_rejects_missing_columns(personas):
    messages = _errors(personas, "类别,序号,公开内容,公开形式\n类别,1,甲,会议\n".encode())
    assert "缺少必需的列" in messages[0] and "公开时限" in messages[0] and "责任处室" in messages[0]
    messages = _errors(personas, "名称,说明\n甲,乙\n".encode())
    assert "缺少必需的列" in messages[0]


def test_it_rejects_files_that_are_not_spreadsheets(personas):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)
    assert "不是表格" in _errors(personas, png, "catalog.csv")[0]
    noise = bytes((i * 37 + 11) % 256 for i in range(3000))
    assert "xlsx" in _errors(personas, noise, "catalog.xlsx")[0]
    assert _errors(personas, noise, "catalog.csv")
    broken_zip = b"PK\x03\x04" + bytes(100)
    assert "xlsx" in _errors(personas, broken_zip, "catalog.xlsx")[0]


def test_it_rejects_empty_and_oversized_files(personas, settings):
    assert "空" in _errors(personas, b"")[0]
    assert "空" in _errors(personas, b"  \n")[0]
    settings.DWGK_IMPORT_MAX_BYTES = 100
    assert "过大" in _errors(personas, _csv("类别,1,甲,会议,长期,党内,办公室\n" * 10))[0]


def test_it_rejects_a_header_without_items(personas):
    assert "没有目录事项" in _errors(personas, _csv(""))[0]


def test_it_refuses_a_second_draft_unless_replacing(personas):
    first = _import(personas, _csv("类别,1,甲,会议,长期,党内,办公室\n"))
    with pytest.raises(ValidationError, match="--replace-draft"):
        _import(personas, _csv("类别,1,乙,会议,长期,党内,办公室\n"))
    replaced = _import(
        personas,
        _csv("类别,1,乙,会议,长期,党内,办公室\n类别,2,丙,会议,长期,党内,办公室\n"),
        replace_draft=True,
    )
    assert replaced.pk == first.pk
    assert list(replaced.items.values_list("content", flat=True)) == ["乙", "丙"]
    assert Item.objects.filter(version=first).count() == 2


def test_a_reimport_keeps_the_lineage_of_unchanged_items(personas):
    world = load_seed_catalog()
    old = world.unit.catalog_versions.get(number=1).items.get(number=17)
    version = catalog_import(unit=world.unit, file_path=SEED, actor=personas.office)
    assert version.number == 2
    assert version.items.get(number=17).lineage == old.lineage
