from django.core.management.base import BaseCommand

from disclosures.services import release_due


class Command(BaseCommand):
    help = "党内公开期满的先党内后党外事项转为社会公开（可重复运行）/ Release due disclosures to the public"

    def handle(self, *args, **options):
        count = release_due()
        if options["verbosity"]:
            self.stdout.write(f"转为社会公开 / released: {count}")
