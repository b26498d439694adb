from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from catalog import services
from catalog.models import CatalogVersion, Category, DisclosureForm, Item
from catalog.selectors import catalog_in_force
from organizations.admin import UnitScopedAdmin

VERSION_FIELDS = [
    "unit",
    "number",
    "title",
    "status",
    "based_on",
    "created_at",
    "created_by",
    "approved_at",
    "approved_by",
    "approval_reference",
    "effective_from",
    "filed_on",
    "filing_reference",
    "acknowledged_at",
    "acknowledged_by",
]


def _refusal(error: Exception) -> str:
    """The sentence of a service's refusal: BadInput (and other ValidationErrors) or NotAllowed."""
    if isinstance(error, ValidationError):
        return "；".join(error.messages)
    return str(error)


def _run(modeladmin, request, queryset, service, **kwargs):
    # An action runs on many versions at once: each refusal is reported for its version rather
    # than one NotAllowed turning the whole batch into the 403 page.
    for version in queryset:
        try:
            service(version=version, actor=request.user, **kwargs)
        except (ValidationError, PermissionDenied) as error:
            modeladmin.message_user(request, _refusal(error), messages.ERROR)
        else:
            modeladmin.message_user(request, _("已完成：%s") % version, messages.SUCCESS)


@admin.register(CatalogVersion)
class CatalogVersionAdmin(UnitScopedAdmin):
    """Versions change only through the services: every field is read-only here, and the
    workflow steps are actions (or the catalog's manage page, which asks for dates)."""

    unit_path = "unit"
    list_display = ["title", "unit", "number", "status", "effective_from", "filed_on"]
    list_filter = ["status", "unit"]
    actions = ["approve_or_file", "acknowledge", "new_draft"]

    def get_fields(self, request, obj=None):
        return ["unit", "title"] if obj is None else [*VERSION_FIELDS, "manage_link"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else [*VERSION_FIELDS, "manage_link"]

    @admin.display(description=_("审批与备案"))
    def manage_link(self, obj):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("catalog:manage", args=[obj.unit.code]),
            _("批准（党组审批）、报上级备案"),
            reverse("catalog:version", args=[obj.unit.code, obj.number]),
            _("查看目录"),
        )

    def save_model(self, request, obj, form, change):
        if change:
            return  # nothing here is edited in place
        version = services.catalog_version_create(
            unit=obj.unit,
            actor=request.user,
            title=obj.title or None,
            copy_from=catalog_in_force(obj.unit),
        )
        obj.pk = version.pk

    def save_related(self, request, form, formsets, change):
        pass

    @admin.action(description=_("批准（党组审批）/ 报上级备案"))
    def approve_or_file(self, request, queryset):
        # Approval and filing need dates and references: the manage page asks for them.
        version = queryset.first()
        return redirect("catalog:manage", code=version.unit.code)

    @admin.action(description=_("上级确认备案"))
    def acknowledge(self, request, queryset):
        _run(self, request, queryset, services.catalog_version_acknowledge)

    @admin.action(description=_("创建新草稿（修订目录）"))
    def new_draft(self, request, queryset):
        for unit in {version.unit for version in queryset}:
            try:
                version = services.catalog_version_create(
                    unit=unit, actor=request.user, copy_from=catalog_in_force(unit)
                )
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, _refusal(error), messages.ERROR)
            else:
                self.message_user(request, _("已创建：%s") % version, messages.SUCCESS)


def _draft_only(obj) -> bool:
    return obj is None or obj.version.is_editable


@admin.register(Category)
class CategoryAdmin(UnitScopedAdmin):
    unit_path = "version__unit"
    list_display = ["name", "version", "sort_order"]
    list_filter = ["version__unit", "version__status"]
    fields = ["version", "name", "sort_order"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("version__unit")

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "version":
            kwargs["queryset"] = CatalogVersion.objects.filter(
                status=CatalogVersion.Status.DRAFT, unit__in=self._units(request)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _units(self, request):
        from organizations.models import Organization

        if request.user.is_superuser:
            return Organization.objects.all()
        return self.scoped_units(request)

    def save_model(self, request, obj, form, change):
        category = services.category_add(
            version=obj.version,
            name=obj.name,
            actor=request.user,
            sort_order=obj.sort_order or None,
        )
        obj.pk = category.pk


ITEM_FORM_FIELDS = [
    "version",
    "category",
    "number",
    "content",
    "forms",
    "time_limit",
    "important",
    "cadence",
    "scope",
    "audience",
    "departments",
    "retention_days",
    "notes",
]


@admin.register(Item)
class ItemAdmin(UnitScopedAdmin):
    """Items are edited only while their version is a draft, and always through the services."""

    unit_path = "version__unit"
    list_display = ["number", "content", "category", "time_limit", "scope", "version"]
    list_filter = ["version__unit", "version__status", "time_limit", "scope"]
    search_fields = ["content"]
    fields = ITEM_FORM_FIELDS
    filter_horizontal = ["forms", "departments"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("version__unit", "category")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if not obj.version.is_editable:
            return ITEM_FORM_FIELDS
        return ["version"]

    def has_change_permission(self, request, obj=None):
        return _draft_only(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return obj is not None and obj.version.is_editable and self._allowed(request)

    def _units(self, request):
        from organizations.models import Organization

        if request.user.is_superuser:
            return Organization.objects.all()
        return self.scoped_units(request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        drafts = CatalogVersion.objects.filter(
            status=CatalogVersion.Status.DRAFT, unit__in=self._units(request)
        )
        if db_field.name == "version":
            kwargs["queryset"] = drafts
        elif db_field.name == "category":
            kwargs["queryset"] = Category.objects.filter(version__in=drafts).select_related(
                "version"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.related_model is DisclosureForm:
            kwargs["queryset"] = DisclosureForm.objects.all()
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        data = dict(form.cleaned_data)
        forms_ = list(data.pop("forms", []))
        departments = list(data.pop("departments", []))
        data.pop("version", None)
        category = data.pop("category")
        if change:
            item = Item.objects.select_related("version").get(pk=obj.pk)
            services.item_update(
                item=item,
                actor=request.user,
                forms=forms_,
                departments=departments,
                category=category,
                **data,
            )
        else:
            item = services.item_add(
                version=obj.version,
                category=category,
                forms=forms_,
                departments=departments,
                actor=request.user,
                **data,
            )
            obj.pk = item.pk

    def save_related(self, request, form, formsets, change):
        pass  # the services set forms and departments

    def delete_model(self, request, obj):
        services.item_remove(item=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for item in queryset.select_related("version"):
            services.item_remove(item=item, actor=request.user)


@admin.register(DisclosureForm)
class DisclosureFormAdmin(admin.ModelAdmin):
    """The list of forms is shared by every unit: Django's own permissions (superusers) decide."""

    list_display = ["name", "code", "evidence", "aliases", "sort_order"]
