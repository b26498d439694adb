from django.core.management.base import BaseCommand

from search.services import search_documents_rebuild


class Command(BaseCommand):
    help = "重建全文检索索引（可重复运行）/ Rebuild the full-text search index; safe to run again"

    def handle(self, *args, **options):
        count = search_documents_rebuild()
        self.stdout.write(
            self.style.SUCCESS(f"已索引 {count} 条公开事项 / Indexed {count} disclosures")
        )
