from django.contrib import admin

from audit.models import Event
from organizations.admin import UnitScopedAdmin


@admin.register(Event)
class EventAdmin(UnitScopedAdmin):
    """Read-only: the audit trail can be searched here but never changed."""

    list_display = ["at", "actor", "action", "target_type", "target_id", "from_state", "to_state"]
    list_filter = ["action", "target_type"]
    search_fields = ["action", "comment", "actor__username", "actor__full_name"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
