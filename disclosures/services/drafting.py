"""Writing a disclosure: the first draft and its edits."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import event_record
from catalog.models import CatalogVersion, Item, Scope
from disclosures.models import Disclosure, WorkPlan
from disclosures.services.common import stale_revision_check
from disclosures.states import DisclosureEvents
from dwgk.refusals import BadInput, NotAllowed
from obligations.models import Obligation
from organizations.models import Organization
from organizations.permissions import drafter_department_ids, is_office
from workflow.engine import perform

Status = Disclosure.Status


def default_obligation(unit, item):
    return (
        Obligation.objects.filter(
            unit=unit, item_lineage=item.lineage, status=Obligation.Status.OPEN
        )
        .exclude(disclosures__status__in=[*Disclosure.WORKING, *Disclosure.READABLE])
        .order_by("due_date", "id")
        .first()
    )


@transaction.atomic
def disclosure_create(
    *,
    unit: Organization,
    actor,
    title: str,
    body: str = "",
    item: Item | None = None,
    work_plan: WorkPlan | None = None,
    department=None,
    obligation=None,
    forms=None,
    audience_departments=(),
    audience_users=(),
) -> Disclosure:
    """A draft by a drafter of one of the item's responsible departments (or the office); an
    off-catalog draft only under a work plan the upper level approved. Scope and forms default
    from the item."""
    title = (title or "").strip()
    if not title:
        raise BadInput(_("请填写标题"), field="title")
    if (item is None) == (work_plan is None):
        raise BadInput(_("请选择目录事项或目录外工作方案"), field="item")
    drafter_departments = drafter_department_ids(actor, unit)
    office = is_office(actor, unit)
    if item is not None:
        if item.version.unit_id != unit.pk or item.version.status == CatalogVersion.Status.DRAFT:
            raise BadInput(_("该事项不在本单位已审批的目录中"), field="item")
        item_departments = set(item.departments.values_list("pk", flat=True))
        if department is None:
            mine = sorted(item_departments & drafter_departments)
            department_id = mine[0] if mine else None
            if department_id is None and office:
                department_id = sorted(item_departments)[0] if item_departments else None
        else:
            department_id = department.pk
        if not (
            department_id in item_departments and (department_id in drafter_departments or office)
        ):
            raise NotAllowed(_("只有该事项责任处室的起草人或党务公开办公室可以起草"))
        scope = item.scope
        form_list = list(forms) if forms is not None else list(item.forms.all())
        if obligation is None:
            obligation = default_obligation(unit, item)
    else:
        if work_plan.unit_id != unit.pk or work_plan.status != WorkPlan.Status.APPROVED:
            raise BadInput(_("目录外事项须经上级同意工作方案后方可公开"), field="work_plan")
        if not (office or drafter_departments):
            raise NotAllowed(_("无权进行此操作"))
        if department is not None:
            department_id = department.pk
        elif drafter_departments:
            department_id = sorted(drafter_departments)[0]
        else:
            seat = unit.departments.filter(is_office_seat=True).first() or unit.departments.first()
            department_id = seat.pk
        if not (department_id in drafter_departments or office):
            raise NotAllowed(_("无权进行此操作"))
        scope = work_plan.scope
        form_list = list(forms) if forms is not None else []
    now = timezone.now()
    disclosure = Disclosure.objects.create(
        unit=unit,
        item=item,
        work_plan=work_plan,
        obligation=obligation,
        department_id=department_id,
        title=title,
        body=body or "",
        scope=scope,
        created_at=now,
        created_by=actor,
        updated_at=now,
    )
    disclosure.forms.set(form_list)
    if scope == Scope.INTERNAL_RANGE:
        disclosure.audience_departments.set(audience_departments)
        disclosure.audience_users.set(audience_users)
    event_record(
        target=disclosure,
        action=DisclosureEvents.CREATE.action,
        actor=actor,
        unit=unit,
        to_state=Status.DRAFT,
        changes={
            "title": ("", title),
            "scope": ("", scope),
            "item": ("", str(item) if item else ""),
            "work_plan": ("", str(work_plan) if work_plan else ""),
            "forms": ([], [f.name for f in form_list]),
        },
    )
    return disclosure


@transaction.atomic
def disclosure_edit(
    *,
    disclosure: Disclosure,
    actor,
    revision: int,
    title: str,
    body: str,
    forms=None,
    audience_departments=None,
    audience_users=None,
) -> Disclosure:
    """Save an edit made on `revision`. A stale revision raises DisclosureConflict with both
    versions, and nothing is written."""
    title = (title or "").strip()
    if not title:
        raise BadInput(_("请填写标题"), field="title")
    current = Disclosure.objects.get(pk=disclosure.pk)
    changes = {}
    if forms is not None:
        old = sorted(f.name for f in current.forms.all())
        new = sorted(f.name for f in forms)
        if old != new:
            changes["forms"] = (old, new)
    result = perform(
        disclosure,
        "edit",
        actor=actor,
        check=stale_revision_check(revision, {"title": title, "body": body, "revision": revision}),
        values={"title": title, "body": body or ""},
        changes=changes,
    )
    if "forms" in changes:
        result.forms.set(forms)
    if result.scope == Scope.INTERNAL_RANGE:
        if audience_departments is not None:
            result.audience_departments.set(audience_departments)
        if audience_users is not None:
            result.audience_users.set(audience_users)
    return result
