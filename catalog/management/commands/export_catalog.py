import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalog.exporting import FORMATS, export_catalog
from catalog.management.commands._units import unit_from_argument
from catalog.selectors import catalog_in_force, today


class Command(BaseCommand):
    help = (
        "按附件表格样式导出某日施行的公开目录（xlsx、docx、pdf） / "
        "Export the catalog in force on a date in the annex's layout"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--unit", required=True, help="单位代码或全称 / the unit's code or full name"
        )
        parser.add_argument("--format", required=True, choices=FORMATS)
        parser.add_argument("--output", required=True, help="输出文件 / output file")
        parser.add_argument(
            "--on", metavar="YYYY-MM-DD", help="施行日期，默认今天 / the date, default today"
        )

    def handle(self, *args, **options):
        unit = unit_from_argument(options["unit"])
        on = today()
        if options["on"]:
            try:
                on = datetime.date.fromisoformat(options["on"])
            except ValueError as error:
                raise CommandError(
                    f"日期格式应为YYYY-MM-DD / Bad date “{options['on']}”"
                ) from error
        version = catalog_in_force(unit, on)
        if version is None:
            raise CommandError(
                f"{unit.name}在{on.isoformat()}没有施行的公开目录 / "
                f"{unit.name} had no catalog in force on {on.isoformat()}"
            )
        data = export_catalog(version, options["format"])
        Path(options["output"]).write_bytes(data)
        self.stdout.write(
            self.style.SUCCESS(
                f"已导出 {version}（{version.items.count()}个事项）到 {options['output']} / "
                f"exported version {version.number} to {options['output']}"
            )
        )
