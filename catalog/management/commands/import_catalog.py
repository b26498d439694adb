import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from catalog.management.commands._units import unit_from_argument
from catalog.services import catalog_import, catalog_version_approve
from organizations.models import User


class Command(BaseCommand):
    help = (
        "从CSV或xlsx表格导入公开目录，生成新的草稿版本 / "
        "Import a catalog from a CSV or xlsx spreadsheet as a new draft version"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV或xlsx文件 / CSV or xlsx file")
        parser.add_argument(
            "--unit", required=True, help="单位代码或全称 / the unit's code or full name"
        )
        parser.add_argument(
            "--replace-draft",
            action="store_true",
            help="替换已有草稿的内容 / replace the contents of the unit's draft",
        )
        parser.add_argument(
            "--approve-as", metavar="USERNAME", help="以该审批人身份立即审批 / approve at once"
        )
        parser.add_argument(
            "--effective-from", metavar="YYYY-MM-DD", help="施行日期 / effective date"
        )
        parser.add_argument(
            "--approval-reference", default="", help="审批依据 / approval reference"
        )

    def handle(self, *args, **options):
        unit = unit_from_argument(options["unit"])
        approver = effective_from = None
        if options["approve_as"]:
            approver = User.objects.filter(username=options["approve_as"]).first()
            if approver is None:
                raise CommandError(
                    f"找不到用户“{options['approve_as']}” / No user “{options['approve_as']}”"
                )
            if not options["effective_from"]:
                raise CommandError(
                    "审批时须指定 --effective-from / --approve-as needs --effective-from"
                )
        if options["effective_from"]:
            try:
                effective_from = datetime.date.fromisoformat(options["effective_from"])
            except ValueError as error:
                raise CommandError(
                    f"日期格式应为YYYY-MM-DD / Bad date “{options['effective_from']}”"
                ) from error
        try:
            with transaction.atomic():
                version = catalog_import(
                    unit=unit,
                    file_path=options["file"],
                    actor=approver,
                    replace_draft=options["replace_draft"],
                )
                if approver is not None:
                    version = catalog_version_approve(
                        version=version,
                        actor=approver,
                        effective_from=effective_from,
                        approval_reference=options["approval_reference"],
                    )
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from error
        except PermissionDenied as error:  # NotAllowed: e.g. --approve-as someone not an approver
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"已导入 {unit.name} 第{version.number}版（{version.get_status_display()}）："
                f"{version.categories.count()}个类别，{version.items.count()}个事项 / "
                f"imported version {version.number}: {version.categories.count()} categories, "
                f"{version.items.count()} items"
            )
        )
