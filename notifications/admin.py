from django.contrib import admin

from notifications.models import Notice, ReminderDelivery
from organizations.admin import UnitScopedAdmin


@admin.register(Notice)
class NoticeAdmin(UnitScopedAdmin):
    list_display = ["title", "recipient", "kind", "created_at", "read_at"]
    list_filter = ["kind"]
    readonly_fields = [f.name for f in Notice._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(ReminderDelivery)
class ReminderDeliveryAdmin(UnitScopedAdmin):
    list_display = ["recipient", "kind", "key", "on_date", "sent_at"]
    list_filter = ["kind", "on_date"]
    readonly_fields = [f.name for f in ReminderDelivery._meta.fields]

    def has_add_permission(self, request):
        return False
