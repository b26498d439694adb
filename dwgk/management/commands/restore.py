from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dwgk.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "把备份恢复到空数据库和空文件目录 / Restore a backup into an empty database and files directory"

    def add_arguments(self, parser):
        parser.add_argument("directory", help="a directory written by `dwgk backup`")

    def handle(self, *args, directory, **options):
        try:
            manifest = backup_restore(source=Path(directory))
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"已恢复 {manifest['created_at']} 的备份 / restored the backup of {manifest['created_at']}"
        )
