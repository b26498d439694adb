"""Back office for the calendar. The calendar is global (one for the whole country), so it is not
scoped to units: superusers and the upper level's office keep it. Every save goes through
`workdays.services.calendar_year_edit`, which bumps the version and records the change."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import Http404

from organizations.permissions import upper_office_paths
from workdays import services
from workdays.importing import DayRow, Parsed, check
from workdays.models import CalendarYear, SpecialDay


def may_edit_calendar(user) -> bool:
    return bool(
        user.is_active and user.is_staff and (user.is_superuser or upper_office_paths(user))
    )


class SpecialDayFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        year = self.instance.year
        rows = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("date") or not data.get("kind"):
                continue
            if year and data["date"].year != year:
                raise ValidationError(
                    f"{data['date']} 不属于{year}年 / {data['date']} is not in {year}"
                )
            rows.append(DayRow(date=data["date"], kind=data["kind"], name=data.get("name", "")))
        parsed = Parsed(rows=rows)
        check(parsed)
        if parsed.errors:
            raise ValidationError(parsed.errors)


class SpecialDayInline(admin.TabularInline):
    model = SpecialDay
    formset = SpecialDayFormSet
    fields = ["date", "kind", "name"]
    extra = 1
    ordering = ["date"]


class CalendarYearForm(forms.ModelForm):
    source_url = forms.URLField(
        label=CalendarYear._meta.get_field("source_url").verbose_name,
        max_length=300,
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = CalendarYear
        fields = ["year", *services.YEAR_FIELDS]


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    form = CalendarYearForm
    list_display = ["year", "official", "version", "source_title", "source_date", "updated_at"]
    list_filter = ["official"]
    readonly_fields = ["version", "updated_at"]
    inlines = [SpecialDayInline]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "year"] if obj else self.readonly_fields

    def has_module_permission(self, request):
        return may_edit_calendar(request.user)

    def has_view_permission(self, request, obj=None):
        return may_edit_calendar(request.user)

    def has_change_permission(self, request, obj=None):
        return may_edit_calendar(request.user)

    def has_add_permission(self, request):
        return may_edit_calendar(request.user)

    def has_delete_permission(self, request, obj=None):
        # Deleting a year would move deadlines without a trace; correct its days instead.
        return False

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404

    def save_model(self, request, obj, form, change):
        """Nothing here: `save_related` saves the year and its days in one service call, so an
        edit in this page is one change, one version and one event."""

    def save_related(self, request, form, formsets, change):
        obj = form.instance
        fields = {name: form.cleaned_data[name] for name in services.YEAR_FIELDS}
        if change:
            fields = {name: value for name, value in fields.items() if name in form.changed_data}
        set_days, remove = [], []
        for formset in formsets:
            instances = formset.save(commit=False)
            remove += [day.date for day in formset.deleted_objects]
            for day, changed_fields in formset.changed_objects:
                if "date" in changed_fields:
                    remove.append(SpecialDay.objects.get(pk=day.pk).date)
            set_days += [DayRow(date=day.date, kind=day.kind, name=day.name) for day in instances]
        services.calendar_year_edit(
            year=obj.year,
            fields=fields,
            set_days=set_days,
            remove_dates=tuple(remove),
            actor=request.user,
            comment="后台修改 / edited in the back office",
        )
        saved = CalendarYear.objects.get(year=obj.year)
        obj.pk, obj.version, obj.updated_at = saved.pk, saved.version, saved.updated_at
