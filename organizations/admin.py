from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from organizations import services
from organizations.models import Department, Membership, Organization, RoleAssignment, User
from organizations.permissions import units_administered_by

admin.site.site_header = _("党务公开管理平台 · 后台管理")
admin.site.site_title = _("党务公开管理平台")
admin.site.index_title = _("后台管理")


class UnitScopedAdmin(admin.ModelAdmin):
    """Back office scoped to the organizations a user administers.

    `unit_path` is the lookup from the model to its Organization ("unit", "version__unit", ...).
    Objects outside the user's subtree are not in the queryset, so the admin answers 404 for them.
    Permission comes from the user's administrator or upper-office roles, not from Django's model
    permissions, so that rights follow the organization tree.
    """

    unit_path = "unit"

    def scoped_units(self, request):
        return units_administered_by(request.user)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.unit_path}__in": self.scoped_units(request)})

    def _allowed(self, request) -> bool:
        return (
            request.user.is_active and request.user.is_staff and self.scoped_units(request).exists()
        )

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # An object outside the user's units is not theirs to know about: 404, not a hint.
        raise Http404

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        model = db_field.related_model
        if not request.user.is_superuser:
            units = self.scoped_units(request)
            if model is Organization:
                kwargs["queryset"] = units
            elif model is Department:
                kwargs["queryset"] = Department.objects.filter(unit__in=units)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.related_model is Department and not request.user.is_superuser:
            kwargs["queryset"] = Department.objects.filter(unit__in=self.scoped_units(request))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Organization)
class OrganizationAdmin(UnitScopedAdmin):
    unit_path = "pk"
    list_display = ["name", "short_name", "kind", "tier", "parent", "code"]
    list_filter = ["tier", "kind"]
    search_fields = ["name", "short_name", "code"]
    readonly_fields = ["path"]

    def get_readonly_fields(self, request, obj=None):
        # A unit's administrator edits the unit, not where it sits: the level above is outside
        # the units they administer, so it could not even be offered as a choice.
        if request.user.is_superuser or obj is None:
            return self.readonly_fields
        return [*self.readonly_fields, "parent"]

    def get_queryset(self, request):
        queryset = admin.ModelAdmin.get_queryset(self, request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk__in=self.scoped_units(request))

    def save_model(self, request, obj, form, change):
        if change:
            services.organization_change(
                organization=obj, actor=request.user, changed=form.changed_data
            )
            return
        created = services.organization_create(
            code=obj.code,
            name=obj.name,
            short_name=obj.short_name,
            kind=obj.kind,
            tier=obj.tier,
            parent=obj.parent,
            actor=request.user,
            sort_order=obj.sort_order,
        )
        obj.pk, obj.path = created.pk, created.path


@admin.register(Department)
class DepartmentAdmin(UnitScopedAdmin):
    list_display = ["name", "unit", "is_office_seat", "sort_order"]
    list_filter = ["unit"]
    search_fields = ["name"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organization"]
    fk_name = "user"


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    fk_name = "user"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "full_name", "email", "is_staff", "is_active"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets[:1],
        (_("个人信息"), {"fields": ["full_name", "email", "phone"]}),
        *DjangoUserAdmin.fieldsets[2:],
    ]
    inlines = [MembershipInline, RoleInline]
    actions = ["unlock_login"]

    @admin.action(description=_("解除登录锁定"))
    def unlock_login(self, request, queryset):
        unlocked = 0
        for user in queryset:
            try:
                services.account_unlock(user=user, actor=request.user)
            except PermissionDenied as refused:
                self.message_user(request, f"{user}: {refused}", messages.ERROR)
            else:
                unlocked += 1
        if unlocked:
            self.message_user(
                request,
                _("已解除 %(count)d 人的登录锁定。") % {"count": unlocked},
                messages.SUCCESS,
            )

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        units = units_administered_by(request.user)
        return queryset.filter(
            Q(memberships__organization__in=units) | Q(roles__organization__in=units)
        ).distinct()

    def _allowed(self, request) -> bool:
        return request.user.is_superuser or (
            request.user.is_staff and units_administered_by(request.user).exists()
        )

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404

    def get_inline_instances(self, request, obj=None):
        # Inlines write memberships and roles directly; only a superuser may, others use the services' pages.
        return super().get_inline_instances(request, obj) if request.user.is_superuser else []


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(UnitScopedAdmin):
    unit_path = "organization"
    list_display = ["user", "role", "organization", "department", "note"]
    list_filter = ["role", "organization"]
    search_fields = ["user__username", "user__full_name"]
    autocomplete_fields = ["user"]

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        created = services.role_assign(
            user=obj.user,
            organization=obj.organization,
            role=obj.role,
            department=obj.department,
            note=obj.note,
            sort_order=obj.sort_order,
            actor=request.user,
        )
        obj.pk = created.pk

    def delete_model(self, request, obj):
        services.role_revoke(assignment=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for assignment in queryset:
            services.role_revoke(assignment=assignment, actor=request.user)


@admin.register(Membership)
class MembershipAdmin(UnitScopedAdmin):
    unit_path = "organization"
    list_display = ["user", "organization", "department", "is_party_member"]
    list_filter = ["organization", "is_party_member"]
    autocomplete_fields = ["user"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        created = services.membership_add(
            user=obj.user,
            organization=obj.organization,
            department=obj.department,
            is_party_member=obj.is_party_member,
            actor=request.user,
        )
        obj.pk = created.pk
