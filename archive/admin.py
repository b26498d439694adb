from django.contrib import admin

from archive.models import ArchiveRecord
from archive.selectors import archive_records_visible_to
from disclosures.admin import ReadOnlyMixin
from organizations.admin import UnitScopedAdmin


@admin.register(ArchiveRecord)
class ArchiveRecordAdmin(ReadOnlyMixin, UnitScopedAdmin):
    list_display = ["number", "disclosure", "category_name", "retention_term", "archived_at"]
    list_filter = ["year", "retention_term"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(pk__in=archive_records_visible_to(request.user).values("pk"))
        )
