from django.contrib import admin

from notifications.models import Notice, ReminderDelivery
from organizations.admin import UnitScopedAdmin


@admin.register(Notice)
class NoticeAdmin(UnitScopedAdmin):
    list_display = ["title", "recipient", "kind", "created_at", "read_at"]
    list_filter = ["kind"]
    readonly_fields = [f.name for f in Notice._meta.fields]

    def get_queryset(self, request):
        # A notice is one person's mail: it names drafts, returns and withholdings that only its
        # recipient may read. Administrators see their own; superusers all.
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(recipient=request.user)

    def has_add_permission(self, request):
        return False


@admin.register(ReminderDelivery)
class ReminderDeliveryAdmin(UnitScopedAdmin):
    list_display = ["recipient", "kind", "key", "on_date", "sent_at"]
    list_filter = ["kind", "on_date"]
    readonly_fields = [f.name for f in ReminderDelivery._meta.fields]

    def has_add_permission(self, request):
        return False
