from django.core.management.base import BaseCommand

from catalog.prepared import prepare_exports


class Command(BaseCommand):
    help = (
        "预先生成施行中公开目录的 xlsx、docx、PDF 文件 / Build the catalog files ahead of downloads"
    )

    def handle(self, *args, **options):
        built = prepare_exports()
        if options["verbosity"]:
            self.stdout.write(f"已生成 {built} 个文件 / {built} files built")
