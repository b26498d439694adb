from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from obligations import services
from obligations.models import (
    CadenceSetting,
    DeadlineRule,
    ExtensionRequest,
    FeedToken,
    Obligation,
)
from obligations.selectors import obligations_visible_to
from organizations.admin import UnitScopedAdmin


def _call(modeladmin, request, queryset, call, done):
    count = 0
    for obj in queryset:
        try:
            call(obj)
            count += 1
        except (ValidationError, PermissionDenied) as error:
            modeladmin.message_user(request, f"{obj}：{error}", messages.ERROR)
    if count:
        modeladmin.message_user(request, done % {"count": count}, messages.SUCCESS)


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(UnitScopedAdmin):
    list_display = ["unit", "time_limit", "important", "workdays", "effective_from", "reason"]
    list_filter = ["time_limit", "important"]
    # Rules are changed by adding a stricter rule through the service, never by editing a row.
    readonly_fields = [f.name for f in DeadlineRule._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Obligation)
class ObligationAdmin(UnitScopedAdmin):
    list_display = ["title", "unit", "trigger_date", "due_date", "provisional", "status"]
    list_filter = ["status", "provisional", "trigger"]
    search_fields = ["title", "round_key"]
    date_hierarchy = "due_date"
    readonly_fields = [f.name for f in Obligation._meta.fields] + ["departments"]
    actions = ["recompute_due_dates"]

    def get_queryset(self, request):
        # A unit administrator manages people, not the unit's work: obligations (with their
        # withholding reasons) only for those the product shows them to.
        return (
            super()
            .get_queryset(request)
            .filter(pk__in=obligations_visible_to(request.user).values("pk"))
        )

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("按当前工作日历重新计算截止日期"))
    def recompute_due_dates(self, request, queryset):
        years = set()
        for obligation in queryset:
            years.update(range(obligation.trigger_date.year, obligation.due_date.year + 1))
        changed = services.obligations_recompute_for_calendar_change(
            years=years, actor=request.user
        )
        self.message_user(request, _("重新计算后变化的义务：%(n)s项") % {"n": len(changed)})


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(UnitScopedAdmin):
    unit_path = "obligation__unit"
    list_display = ["obligation", "workdays", "status", "requested_by", "requested_at"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in ExtensionRequest._meta.fields]
    actions = ["approve", "reject"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(obligation__in=obligations_visible_to(request.user).values("pk"))
        )

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("批准所选延期申请"))
    def approve(self, request, queryset):
        _call(
            self,
            request,
            queryset,
            lambda r: services.extension_request_decide(
                request=r, actor=request.user, approve=True
            ),
            _("已批准%(count)s项"),
        )

    @admin.action(description=_("不批准所选延期申请"))
    def reject(self, request, queryset):
        _call(
            self,
            request,
            queryset,
            lambda r: services.extension_request_decide(
                request=r, actor=request.user, approve=False
            ),
            _("已处理%(count)s项"),
        )


@admin.register(CadenceSetting)
class CadenceSettingAdmin(UnitScopedAdmin):
    list_display = ["unit", "item_lineage", "cadence", "set_at", "set_by"]
    readonly_fields = [f.name for f in CadenceSetting._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(FeedToken)
class FeedTokenAdmin(UnitScopedAdmin):
    unit_path = "department__unit"
    list_display = ["user", "department", "created_at", "revoked_at"]
    readonly_fields = ["user", "department", "created_at", "revoked_at"]
    exclude = ["token"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("撤销所选订阅地址"))
    def revoke(self, request, queryset):
        _call(
            self,
            request,
            queryset,
            lambda t: services.feed_token_revoke(token=t, actor=request.user),
            _("已撤销%(count)s个"),
        )
