"""The back office: read-only lists scoped to the user's units and, again, to the disclosures the
user may see. Workflow changes are actions that call the services (the product's pages and the
scheduler release and archive disclosures; a work plan may be approved here)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from disclosures import services
from disclosures.models import Disclosure, WorkPlan
from disclosures.selectors import disclosures_visible_to, work_plans_visible_to
from organizations.admin import UnitScopedAdmin


class ReadOnlyMixin:
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _apply(modeladmin, request, queryset, call, done):
    count = 0
    for obj in queryset:
        try:
            call(obj)
            count += 1
        except (PermissionDenied, ValidationError) as error:
            modeladmin.message_user(request, f"{obj}: {error}", messages.ERROR)
    if count:
        modeladmin.message_user(request, f"{done}: {count}", messages.SUCCESS)


@admin.register(Disclosure)
class DisclosureAdmin(ReadOnlyMixin, UnitScopedAdmin):
    list_display = ["title", "unit", "item", "department", "scope", "status", "published_at"]
    list_filter = ["status", "scope"]
    search_fields = ["title"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(pk__in=disclosures_visible_to(request.user).values("pk"))
        )

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)


@admin.register(WorkPlan)
class WorkPlanAdmin(ReadOnlyMixin, UnitScopedAdmin):
    list_display = ["title", "unit", "scope", "status", "submitted_at", "decided_at"]
    list_filter = ["status"]
    actions = ["approve"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(pk__in=work_plans_visible_to(request.user).values("pk"))
        )

    @admin.action(description=_("同意（上级）"))
    def approve(self, request, queryset):
        _apply(
            self,
            request,
            queryset,
            lambda p: services.work_plan_approve(work_plan=p, actor=request.user),
            _("已同意"),
        )
