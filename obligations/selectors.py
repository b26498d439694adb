"""Who may see which obligation, and the derived statuses (due soon, overdue) computed, not stored.

One scoping function, `obligations_visible_to(user)`, used by pages, feeds, reminders and admin:
the responsible departments' drafters; the unit's office, approvers, leading group and
supervisors; the office of any upper level above the unit. Nobody else (they get 404)."""

import datetime

from django.conf import settings
from django.db.models import Case, CharField, Count, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from obligations.models import Obligation
from organizations.models import UNIT_WIDE_ROLES, Organization, Role
from organizations.permissions import drafter_department_ids, roles_held, upper_office_paths

Status = Obligation.Status


# Shown statuses: the stored ones plus the two derived from today's date.
DUE_SOON = "due_soon"
OVERDUE = "overdue"
DISPLAY_LABELS = {
    Status.OPEN.value: _("待公开"),
    DUE_SOON: _("即将到期"),
    OVERDUE: _("已逾期"),
    Status.PAUSED.value: _("已暂停"),
    Status.MET_ON_TIME.value: _("按时公开"),
    Status.MET_LATE.value: _("逾期公开"),
    Status.WITHHELD.value: _("暂缓公开并备案"),
}


def _unit_ids_below(paths: list[str]) -> QuerySet:
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return Organization.objects.filter(condition).values("pk")


def unit_wide_unit_ids(user) -> set[int]:
    """Units whose obligations the user sees as a whole (not only a department's)."""
    return {org_id for org_id, role, _d, _p in roles_held(user) if role in UNIT_WIDE_ROLES}


def obligation_visibility(user, *, supervising: bool = True) -> Q:
    """`supervising=False` leaves out what the user sees only as a supervisor."""
    if getattr(user, "is_superuser", False):
        return Q()
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    condition = Q(pk__in=[])
    roles = UNIT_WIDE_ROLES if supervising else UNIT_WIDE_ROLES - {Role.SUPERVISOR}
    unit_ids = {org_id for org_id, role, _d, _p in roles_held(user) if role in roles}
    if unit_ids:
        condition |= Q(unit_id__in=unit_ids)
    department_ids = drafter_department_ids(user)
    if department_ids:
        condition |= Q(
            pk__in=Obligation.departments.through.objects.filter(
                department_id__in=department_ids
            ).values("obligation_id")
        )
    paths = upper_office_paths(user)
    if paths:
        condition |= Q(unit_id__in=_unit_ids_below(paths))
    return condition


def obligations_visible_to(user) -> QuerySet[Obligation]:
    return Obligation.objects.filter(obligation_visibility(user))


def withholding_reason_visible(user, obligation: Obligation) -> bool:
    """A withholding as 涉及党和国家秘密 keeps its reason from the unit's supervisors, as the
    withheld disclosure itself is kept from them; everyone else who sees the obligation reads it."""
    if not obligation.withheld_secret:
        return True
    return Obligation.objects.filter(
        obligation_visibility(user, supervising=False), pk=obligation.pk
    ).exists()


def obligation_for(user, pk) -> Obligation:
    """The obligation if this user may see it, else Http404."""
    return get_object_or_404(
        obligations_visible_to(user).select_related("unit", "item", "rule"), pk=pk
    )


def can_see_unit_wide(user, unit: Organization) -> bool:
    """The office's and upper level's views of a whole unit (overdue list)."""
    if getattr(user, "is_superuser", False):
        return True
    if unit.pk in unit_wide_unit_ids(user):
        return True
    return any(unit.path.startswith(p) and unit.path != p for p in upper_office_paths(user))


def units_overseen_by(user) -> QuerySet[Organization]:
    """The units an upper-level office oversees (all units for a superuser)."""
    units = Organization.objects.filter(tier=Organization.Tier.UNIT)
    if getattr(user, "is_superuser", False):
        return units
    paths = upper_office_paths(user)
    if not paths:
        return units.none()
    return units.filter(pk__in=_unit_ids_below(paths))


# -- derived status ---------------------------------------------------------------------------


def remind_within() -> int:
    return settings.DWGK_REMIND_WITHIN_WORKDAYS


def due_soon_cutoff(today: datetime.date, within: int | None = None) -> datetime.date:
    """The last due date that counts as "due soon": the N-th working day after today."""
    from workdays.calendar import add_workdays

    within = remind_within() if within is None else within
    if within < 1:
        return today
    return add_workdays(today, within).due


def obligation_display_status(
    obligation: Obligation, today: datetime.date, within: int | None = None
) -> str:
    if obligation.status != Status.OPEN:
        return obligation.status
    if obligation.due_date < today:
        return OVERDUE
    if obligation.due_date <= due_soon_cutoff(today, within):
        return DUE_SOON
    return Status.OPEN.value


def display_label(code: str) -> str:
    return DISPLAY_LABELS.get(code, code)


def obligations_due_soon(
    qs: QuerySet[Obligation], today: datetime.date, within: int | None = None
) -> QuerySet[Obligation]:
    return qs.filter(
        status=Status.OPEN, due_date__gte=today, due_date__lte=due_soon_cutoff(today, within)
    )


def obligations_overdue(qs: QuerySet[Obligation], today: datetime.date) -> QuerySet[Obligation]:
    return qs.filter(status=Status.OPEN, due_date__lt=today)


def obligations_with_display_status(
    qs: QuerySet[Obligation], today: datetime.date, within: int | None = None
) -> QuerySet[Obligation]:
    """Annotate `display_status` so that pages can filter and sort by it in the database."""
    cutoff = due_soon_cutoff(today, within)
    return qs.annotate(
        display_status=Case(
            When(status=Status.OPEN, due_date__lt=today, then=Value(OVERDUE)),
            When(status=Status.OPEN, due_date__lte=cutoff, then=Value(DUE_SOON)),
            default="status",
            output_field=CharField(),
        )
    )


def unit_counts(units: QuerySet[Organization], today: datetime.date) -> list[dict]:
    """Per unit: open, due soon, overdue, met on time, met late, on-time rate (of those met)."""
    cutoff = due_soon_cutoff(today)
    rows = (
        Obligation.objects.filter(unit__in=units)
        .values("unit_id")
        .annotate(
            open=Count("pk", filter=Q(status__in=[Status.OPEN, Status.PAUSED])),
            due_soon=Count(
                "pk", filter=Q(status=Status.OPEN, due_date__gte=today, due_date__lte=cutoff)
            ),
            overdue=Count("pk", filter=Q(status=Status.OPEN, due_date__lt=today)),
            met_on_time=Count("pk", filter=Q(status=Status.MET_ON_TIME)),
            met_late=Count("pk", filter=Q(status=Status.MET_LATE)),
            withheld=Count("pk", filter=Q(status=Status.WITHHELD)),
        )
    )
    by_unit = {row["unit_id"]: row for row in rows}
    out = []
    for unit in units.order_by("path"):
        row = by_unit.get(
            unit.pk,
            {
                "open": 0,
                "due_soon": 0,
                "overdue": 0,
                "met_on_time": 0,
                "met_late": 0,
                "withheld": 0,
            },
        )
        met = row["met_on_time"] + row["met_late"]
        rate = round(100 * row["met_on_time"] / met, 1) if met else None
        out.append(
            {"unit": unit, **{k: v for k, v in row.items() if k != "unit_id"}, "on_time_rate": rate}
        )
    return out
