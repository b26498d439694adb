"""The queues of 我的工作: what waits for the drafter, the office, the approver and the upper level.

Each function answers None for a person who holds no such role (the page is then 404), else the
querysets its screen lists, by name."""

from django.db.models import Count, Q

from catalog.models import CatalogVersion
from disclosures.models import Disclosure, DisclosureUpdate, WorkPlan
from disclosures.selectors import disclosures_visible_to, unit_ids_with_roles
from obligations.models import Obligation
from organizations.models import APPROVER_ROLES, OFFICE_ROLES
from organizations.permissions import drafter_department_ids, upper_office_paths

S = Disclosure.Status


def count_by_status(qs) -> dict:
    """{status label: count}, in the workflow's order, for the badges above a queue."""
    counts = dict(qs.order_by().values_list("status").annotate(n=Count("id")))
    return {status.label: counts[status] for status in Disclosure.Status if status in counts}


def drafter_queues(user) -> dict | None:
    """The open obligations of the drafter's departments and their drafts in work or withheld."""
    departments = drafter_department_ids(user)
    if not departments:
        return None
    obligations = (
        Obligation.objects.filter(
            departments__in=departments,
            status__in=[Obligation.Status.OPEN, Obligation.Status.PAUSED],
        )
        .distinct()
        .select_related("item", "unit")
        .order_by("due_date", "id")
    )
    drafts = (
        disclosures_visible_to(user)
        .filter(department_id__in=departments)
        .filter(status__in=Disclosure.WORKING + (S.WITHHELD,))
        .select_related("item", "obligation")
        .order_by("status", "-updated_at")
    )
    return {"obligations": obligations, "drafts": drafts, "counts": count_by_status(drafts)}


def office_queues(user) -> dict | None:
    """The office's review and publication queues, updates to review, the withheld register and
    the work plans not yet approved."""
    units = unit_ids_with_roles(user, OFFICE_ROLES)
    if not units:
        return None
    mine = Disclosure.objects.filter(unit_id__in=units).select_related(
        "item", "obligation", "department", "unit"
    )
    return {
        "review": mine.filter(status=S.SUBMITTED).order_by("obligation__due_date", "updated_at"),
        "publish": mine.filter(status=S.APPROVED).order_by("obligation__due_date", "updated_at"),
        "updates": DisclosureUpdate.objects.filter(
            disclosure__unit_id__in=units, status=DisclosureUpdate.Status.SUBMITTED
        ).select_related("disclosure"),
        "withheld": mine.filter(status=S.WITHHELD).order_by("-updated_at"),
        "plans": WorkPlan.objects.filter(unit_id__in=units).exclude(
            status=WorkPlan.Status.APPROVED
        ),
    }


def approver_queues(user) -> dict | None:
    """The reviewed disclosures and updates waiting for the party group's approval."""
    units = unit_ids_with_roles(user, APPROVER_ROLES)
    if not units:
        return None
    return {
        "queue": Disclosure.objects.filter(unit_id__in=units, status=S.REVIEWED)
        .select_related("item", "obligation", "department")
        .order_by("obligation__due_date", "updated_at"),
        "updates": DisclosureUpdate.objects.filter(
            disclosure__unit_id__in=units, status=DisclosureUpdate.Status.REVIEWED
        ).select_related("disclosure"),
    }


def upper_queues(user) -> dict | None:
    """For the upper level: withheld disclosures filed with it, submitted work plans and filed
    catalogs of the units below."""
    paths = upper_office_paths(user)
    if not paths:
        return None
    below = Q()
    for path in paths:
        below |= Q(unit__path__startswith=path)
    filings = (
        Disclosure.objects.filter(below, status=S.WITHHELD, filed_with_upper_at__isnull=False)
        .select_related("unit", "item")
        .order_by("filing_acknowledged_at", "-filed_with_upper_at")
    )
    return {
        "pending": [f for f in filings if f.filing_acknowledged_at is None],
        "acknowledged": [f for f in filings if f.filing_acknowledged_at is not None],
        "plans": WorkPlan.objects.filter(below, status=WorkPlan.Status.SUBMITTED)
        .select_related("unit")
        .order_by("submitted_at"),
        "catalogs": CatalogVersion.objects.filter(below, status=CatalogVersion.Status.FILED)
        .select_related("unit")
        .order_by("filed_on"),
    }
