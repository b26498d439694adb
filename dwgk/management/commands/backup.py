from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dwgk.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "备份数据库与文件（运行中也一致）/ Back up the database and the files, consistent while running"

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="a new or empty directory")

    def handle(self, *args, output, **options):
        try:
            manifest = backup_create(output=Path(output))
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"已备份到 {output}：数据库与 {len(manifest['files']) - 1} 个文件 / "
            f"backed up to {output}: the database and {len(manifest['files']) - 1} file(s)"
        )
