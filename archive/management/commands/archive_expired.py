from django.core.management.base import BaseCommand

from archive.services import archive_expired


class Command(BaseCommand):
    help = "保留公开期满的事项归档（可重复运行）/ Archive disclosures whose retention has ended"

    def handle(self, *args, **options):
        count = archive_expired()
        if options["verbosity"]:
            self.stdout.write(f"已归档 / archived: {count}")
