"""The back office's audit trail (操作记录).

It lives in the project package, not in `audit`, because who may read an event depends on the
object it is about: a disclosure, a work plan, an archive record, an obligation — apps above
`audit`. A unit administrator sees only events about objects they may read in the product, and
disclosure events with the same redaction as the history pages (`disclosures.history`);
superusers see everything."""

import dataclasses

from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from archive.selectors import archive_records_visible_to
from audit import display
from audit.events import actions_labelled, event_label
from audit.models import Event
from audit.services import events_about
from disclosures.history import (
    HISTORY_TYPES,
    AuditRowReader,
    HistoryRow,
    disclosure_event_condition,
    disclosure_full_event_condition,
)
from disclosures.selectors import work_plans_visible_to
from obligations.selectors import obligations_visible_to
from organizations.admin import UnitScopedAdmin

# Objects whose events follow the object's own scoping; every other event (people, departments,
# roles, catalog, calendar, settings) follows the administered units.
SCOPED_TYPES = (*HISTORY_TYPES, "disclosures.workplan", "archive.archiverecord")
OBLIGATION_TYPE = "obligations.obligation"


def audit_trail_condition(user) -> Q:
    """Events this user may find in the back office, as a filter on Event."""
    if getattr(user, "is_superuser", False):
        return Q()
    return (
        disclosure_event_condition(user)
        | events_about(work_plans_visible_to(user))
        | events_about(archive_records_visible_to(user))
        | events_about(obligations_visible_to(user))
        | ~Q(target_type__in=(*SCOPED_TYPES, OBLIGATION_TYPE))
    )


def audit_trail_full_condition(user) -> Q:
    """Events whose comments, fields and actors this user reads in full: the only ones the
    search box looks into, so that a search never finds what a row does not show."""
    if getattr(user, "is_superuser", False):
        return Q()
    return disclosure_full_event_condition(user) | ~Q(target_type__in=HISTORY_TYPES)


def _plain_row(event: Event) -> HistoryRow:
    """Any event but a disclosure's: read in words by `audit.display` (labels, states, verbose
    names, local times)."""
    return HistoryRow(
        at=event.at,
        action=event.action,
        sentence=event_label(event.action),
        full=True,
        actor=event.actor.display_name if event.actor_id else str(_("系统")),
        states=display.states_text(event),
        changes=display.changes_text(event),
        comment=event.comment,
    )


def _disclosure_row(row: HistoryRow | None) -> HistoryRow | None:
    """A disclosure's row as its history reads it, with the label of any app's event (an event
    another app wrote about a disclosure) and local times in its values. A public row keeps its
    public sentence."""
    if row is None or not row.full:
        return row
    return dataclasses.replace(
        row,
        sentence=event_label(row.action),
        changes=[
            (label, display.time_text(old), display.time_text(new))
            for label, old, new in row.changes
        ],
    )


def _when(row: HistoryRow) -> str:
    # Readers of the public history learn the day, not the minute a staff member acted.
    return display.when(row.at) if row.full else timezone.localtime(row.at).strftime("%Y-%m-%d")


class ActionFilter(admin.SimpleListFilter):
    """The actions of the events this user may find, by label."""

    title = _("操作")
    parameter_name = "action__exact"

    def lookups(self, request, model_admin):
        found = (
            model_admin.get_queryset(request).order_by().values_list("action", flat=True).distinct()
        )
        labels = {action: event_label(action) for action in found}
        counts: dict[str, int] = {}
        for label in labels.values():
            counts[label] = counts.get(label, 0) + 1
        choices = [
            (action, display.action_choice(action, shared=counts[label] > 1))
            for action, label in labels.items()
        ]
        return sorted(choices, key=lambda choice: (choice[1], choice[0]))

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(action=self.value())
        return queryset


class TargetFilter(admin.SimpleListFilter):
    """The kinds of object of the events this user may find, by their names."""

    title = _("对象类型")
    parameter_name = "target_type__exact"

    def lookups(self, request, model_admin):
        found = (
            model_admin.get_queryset(request)
            .order_by()
            .values_list("target_type", flat=True)
            .distinct()
        )
        choices = [
            (target, display.target_kind(Event(target_type=target, target_id="")))
            for target in found
        ]
        return sorted(choices, key=lambda choice: (choice[1], choice[0]))

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(target_type=self.value())
        return queryset


def _column(label, read):
    read.short_description = label
    return read


@admin.register(Event)
class EventAdmin(UnitScopedAdmin):
    """Read-only: the audit trail can be searched here but never changed."""

    list_filter = [ActionFilter, TargetFilter]
    ordering = ["-at", "-id"]
    search_fields = ["action", "comment", "actor__username", "actor__full_name"]
    date_hierarchy = "at"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(audit_trail_condition(request.user))
            .select_related("actor")
        )

    def get_search_results(self, request, queryset, search_term):
        if request.user.is_superuser or not search_term:
            return self._search(request, queryset, search_term)
        found, may_have_duplicates = self._search(
            request, queryset.filter(audit_trail_full_condition(request.user)), search_term
        )
        return found, may_have_duplicates

    def _search(self, request, queryset, search_term):
        """The admin's search, which also finds an action by its label (登录失败), within the
        same events it searches."""
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        labelled = actions_labelled(search_term)
        if labelled:
            found = found | queryset.filter(action__in=labelled)
        return found, may_have_duplicates

    def _columns(self, request):
        reader = AuditRowReader(request.user)
        rows: dict[int, HistoryRow | None] = {}
        targets: dict[tuple[str, str], str] = {}

        def row(event: Event) -> HistoryRow:
            if event.pk not in rows:
                rows[event.pk] = (
                    _disclosure_row(reader.row(event))
                    if event.target_type in HISTORY_TYPES
                    else _plain_row(event)
                )
            # The queryset admits only events with a row for this user; an empty row is a guard.
            return rows[event.pk] or HistoryRow(at=event.at, action="", sentence="—")

        def target(event):
            key = (event.target_type, event.target_id)
            if key not in targets:
                targets[key] = display.target_text(event)
            return targets[key]

        def changes(event):
            return "；".join(
                f"{label}：{old or '—'} → {new or '—'}" for label, old, new in row(event).changes
            )

        return [
            _column(_("时间"), lambda e: _when(row(e))),
            _column(_("操作人"), lambda e: row(e).actor or "—"),
            _column(_("操作"), lambda e: row(e).sentence),
            _column(_("对象"), target),
            _column(_("状态"), lambda e: row(e).states),
            _column(_("变更内容"), changes),
            _column(_("说明"), lambda e: row(e).comment),
        ]

    def get_list_display(self, request):
        return self._columns(request)

    def get_list_display_links(self, request, list_display):
        return list_display[:1]

    def get_fields(self, request, obj=None):
        return self._columns(request)

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
