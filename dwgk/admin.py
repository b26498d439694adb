"""The back office's audit trail (操作记录).

It lives in the project package, not in `audit`, because who may read an event depends on the
object it is about: a disclosure, a work plan, an archive record, an obligation — apps above
`audit`. A unit administrator sees only events about objects they may read in the product, and
disclosure events with the same redaction as the history pages (`disclosures.history`);
superusers see everything."""

from django.apps import apps
from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from archive.selectors import archive_records_visible_to
from audit.models import Event
from audit.services import events_about
from disclosures.history import (
    ACTION_LABELS,
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
    return HistoryRow(
        at=event.at,
        action=event.action,
        sentence=str(ACTION_LABELS.get(event.action, event.action)),
        full=True,
        actor=event.actor.display_name if event.actor_id else str(_("系统")),
        states=" → ".join(s for s in (event.from_state, event.to_state) if s),
        changes=[
            (name, str(change.get("old", "")), str(change.get("new", "")))
            for name, change in (event.changes or {}).items()
            if isinstance(change, dict)
        ],
        comment=event.comment,
    )


def _target(event: Event) -> str:
    try:
        name = apps.get_model(event.target_type)._meta.verbose_name
    except (LookupError, ValueError):
        name = event.target_type
    return f"{name} #{event.target_id}"


def _when(row: HistoryRow) -> str:
    # Readers of the public history learn the day, not the minute a staff member acted.
    at = timezone.localtime(row.at)
    return at.strftime("%Y-%m-%d %H:%M:%S") if row.full else at.strftime("%Y-%m-%d")


def _column(label, read):
    read.short_description = label
    return read


@admin.register(Event)
class EventAdmin(UnitScopedAdmin):
    """Read-only: the audit trail can be searched here but never changed."""

    list_filter = ["action", "target_type"]
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
            return super().get_search_results(request, queryset, search_term)
        found, may_have_duplicates = super().get_search_results(
            request, queryset.filter(audit_trail_full_condition(request.user)), search_term
        )
        return found, may_have_duplicates

    def _columns(self, request):
        reader = AuditRowReader(request.user)
        rows: dict[int, HistoryRow | None] = {}

        def row(event: Event) -> HistoryRow:
            if event.pk not in rows:
                rows[event.pk] = (
                    reader.row(event) if event.target_type in HISTORY_TYPES else _plain_row(event)
                )
            # The queryset admits only events with a row for this user; an empty row is a guard.
            return rows[event.pk] or HistoryRow(at=event.at, action="", sentence="—")

        def changes(event):
            return "；".join(
                f"{label}：{old or '—'} → {new or '—'}" for label, old, new in row(event).changes
            )

        return [
            _column(_("时间"), lambda e: _when(row(e))),
            _column(_("操作人"), lambda e: row(e).actor or "—"),
            _column(_("操作"), lambda e: row(e).sentence),
            _column(_("对象"), _target),
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
