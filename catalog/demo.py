"""The demo catalogs: the seed's annex for 中共岳阳市统计局党组, approved, filed and acknowledged
as in 2011, and a small catalog for the second unit so that separation between units can be seen."""

import datetime
from pathlib import Path

from catalog.models import CatalogVersion
from catalog.services import (
    catalog_import,
    catalog_version_acknowledge,
    catalog_version_approve,
    catalog_version_file,
    disclosure_forms_ensure,
)

SEED_CSV = Path(__file__).resolve().parent / "data" / "yueyang_statistics_2011.csv"

OTHER_UNIT_CSV = """类别,序号,公开内容,公开形式,公开时限,公开范围,责任处室
党组织决议、决定及执行情况,1,党组重要决策部署及执行情况,会议、文件、内网,及时,党内,办公室
,2,党建年度工作计划、总结,会议、文件,定期,先党内后党外,办公室
,3,财政资金管理制度及执行情况,文件、网站,长期,社会,办公室
党的组织管理情况,4,党费收缴、管理和使用情况,会议、内网,定期,党内,办公室
,5,发展党员情况,文件、内网,定期,先党内后党外,办公室
"""


def load(world) -> None:
    disclosure_forms_ensure()
    unit = world.unit
    if not CatalogVersion.objects.filter(unit=unit).exists():
        leader = world.users["jiaoduohui"]
        version = catalog_import(unit=unit, file_path=SEED_CSV, actor=world.users["wumi"])
        version = catalog_version_approve(
            version=version,
            actor=leader,
            effective_from=datetime.date(2011, 5, 19),
            approval_reference="岳统党组〔2011〕4号",
            approved_on=datetime.date(2011, 5, 19),
        )
        version = catalog_version_file(
            version=version,
            actor=world.users["wumi"],
            filed_on=datetime.date(2011, 5, 25),
            filing_reference="岳统党组〔2011〕4号",
        )
        catalog_version_acknowledge(
            version=version,
            actor=world.users["sz_office"],
            acknowledged_on=datetime.date(2011, 5, 27),
        )

    other = world.other_unit
    if not CatalogVersion.objects.filter(unit=other).exists():
        version = catalog_import(
            unit=other,
            data=OTHER_UNIT_CSV.encode(),
            filename="yyczj.csv",
            actor=world.users["cz_admin"],
        )
        catalog_version_approve(
            version=version,
            actor=None,  # the demo has no approver in the other unit; the system approves
            effective_from=datetime.date(2011, 6, 1),
            approval_reference="市财政局党组会议纪要（演示）",
            approved_on=datetime.date(2011, 5, 30),
        )
