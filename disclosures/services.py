"""Every change to a disclosure, its updates, attachments, evidence and work plans.

Each service is atomic, locks the row it changes, checks `TRANSITIONS`, claims the change with a
conditional UPDATE (so two people acting at once produce one transition and one event), writes an
audit event and refreshes the search document inside the same transaction.
"""

import datetime
import hashlib
import importlib
import logging
import re
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import event_record
from catalog.models import CatalogVersion, DisclosureForm, Item, Scope, TimeLimit, scope_rank
from disclosures.files import FileRefused, detect_type, extract_text
from disclosures.models import Attachment, Disclosure, DisclosureUpdate, Evidence, WorkPlan
from disclosures.selectors import can_draft, evidence_still_missing
from organizations.models import APPROVER_ROLES, OFFICE_ROLES, Organization, RoleAssignment
from organizations.permissions import (
    drafter_department_ids,
    is_approver,
    is_office,
    is_upper_office_for,
)

Status = Disclosure.Status
logger = logging.getLogger("dwgk.disclosures")

# The secrecy review (保密审查) the office confirms before a draft goes to the approver.
SECRECY_CHECKLIST = [
    ("no_secrets", "不涉及党和国家秘密"),
    ("no_privacy", "不涉及个人隐私和商业秘密"),
    ("accurate", "内容真实准确，表述规范"),
    ("scope_ok", "公开范围、形式适当"),
]


class DisclosureError(Exception):
    """A request the workflow refuses. The message is bilingual: "中文 / English"."""


class InvalidTransition(DisclosureError):
    pass


class DisclosureConflict(DisclosureError):
    """An edit made on a stale revision: carries the stored version and the one the user sent."""

    def __init__(self, current: Disclosure | DisclosureUpdate, attempted: dict):
        self.current = current
        self.attempted = attempted
        super().__init__(
            _("保存冲突：他人已修改此稿（当前第%(rev)s版），请对照后重新提交")
            % {"rev": current.revision}
        )


# --- helpers -------------------------------------------------------------------------------------


def _refresh_search(disclosure: Disclosure) -> None:
    """Let the search app re-index the disclosure, when that app offers it."""
    importlib.import_module("portal.cache").public_content_changed()  # cached public pages
    try:
        search_services = importlib.import_module("search.services")
    except ModuleNotFoundError as error:
        if error.name not in ("search.services", "search"):
            raise
        return
    refresh = getattr(search_services, "search_document_refresh", None)
    if refresh is not None:
        refresh(disclosure=disclosure)


def _obligation_service(name: str):
    try:
        module = importlib.import_module("obligations.services")
    except ModuleNotFoundError as error:
        if error.name != "obligations.services":
            raise
        return None
    return getattr(module, name, None)


def _notify(users, subject: str, body: str) -> None:
    """Mail the people concerned once the transaction has committed."""
    recipients = sorted({u.email for u in users if getattr(u, "email", "")})
    if not recipients:
        return
    transaction.on_commit(
        lambda: send_mail(
            subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True
        )
    )


def _role_holders(unit: Organization, roles):
    return [
        a.user
        for a in RoleAssignment.objects.filter(organization=unit, role__in=roles).select_related(
            "user"
        )
    ]


def _deny(message: str):
    raise PermissionDenied(message)


def _require(condition: bool, message: str | None = None) -> None:
    if not condition:
        _deny(message or _("无权进行此操作"))


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def add_workdays(start: datetime.date, days: int) -> datetime.date:
    """The working-day calendar's answer when it is installed; weekdays only otherwise."""
    try:
        calendar = importlib.import_module("workdays.calendar")
    except ModuleNotFoundError as error:
        if error.name != "workdays.calendar":
            raise
        calendar = None
    if calendar is not None and hasattr(calendar, "add_workdays"):
        try:
            result = calendar.add_workdays(start, int(days))
            return getattr(result, "due", result)
        except ValueError:
            logger.warning("working-day calendar cannot count from %s; weekdays only", start)
    day = start
    while days > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def _lock(disclosure: Disclosure) -> Disclosure:
    return Disclosure.objects.select_for_update().get(pk=disclosure.pk)


def _transition(
    disclosure: Disclosure,
    to: str,
    *,
    actor,
    action: str,
    allowed_from=None,
    values: dict | None = None,
    comment: str = "",
    check=None,
) -> Disclosure:
    """Move a locked disclosure to `to`, claimed by a conditional UPDATE, and record the event."""
    locked = _lock(disclosure)
    if check is not None:
        check(locked)
    if to not in Disclosure.TRANSITIONS[locked.status] or (
        allowed_from is not None and locked.status not in allowed_from
    ):
        raise InvalidTransition(
            _("当前状态“%(state)s”下不能进行此操作") % {"state": locked.get_status_display()}
        )
    values = dict(values or {})
    now = timezone.now()
    changed = Disclosure.objects.filter(
        pk=locked.pk, status=locked.status, revision=locked.revision
    ).update(status=to, updated_at=now, revision=F("revision") + 1, **values)
    if changed != 1:
        raise InvalidTransition(_("此事项刚被他人处理，请刷新"))
    changes = {
        field: (getattr(locked, field), value)
        for field, value in values.items()
        if getattr(locked, field) != value
    }
    event_record(
        target=locked,
        action=action,
        actor=actor,
        unit=locked.unit,
        from_state=locked.status,
        to_state=to,
        changes=changes,
        comment=comment,
    )
    locked.refresh_from_db()
    return locked


def _check_not_archived(disclosure: Disclosure) -> None:
    if disclosure.status == Status.ARCHIVED:
        raise DisclosureError(_("已归档的事项只读"))


# --- drafting ------------------------------------------------------------------------------------


def _default_obligation(unit, item):
    from obligations.models import Obligation

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
        raise DisclosureError(_("请填写标题"))
    if (item is None) == (work_plan is None):
        raise DisclosureError(_("请选择目录事项或目录外工作方案"))
    drafter_departments = drafter_department_ids(actor, unit)
    office = is_office(actor, unit)
    if item is not None:
        if item.version.unit_id != unit.pk or item.version.status == CatalogVersion.Status.DRAFT:
            raise DisclosureError(_("该事项不在本单位已审批的目录中"))
        item_departments = set(item.departments.values_list("pk", flat=True))
        if department is None:
            mine = sorted(item_departments & drafter_departments)
            department_id = mine[0] if mine else None
            if department_id is None and office:
                department_id = sorted(item_departments)[0] if item_departments else None
        else:
            department_id = department.pk
        _require(
            department_id in item_departments
            and (department_id in drafter_departments or office),
            _("只有该事项责任处室的起草人或党务公开办公室可以起草"),
        )  # fmt: skip
        scope = item.scope
        form_list = list(forms) if forms is not None else list(item.forms.all())
        if obligation is None:
            obligation = _default_obligation(unit, item)
    else:
        if work_plan.unit_id != unit.pk or work_plan.status != WorkPlan.Status.APPROVED:
            raise DisclosureError(
                _("目录外事项须经上级同意工作方案后方可公开")
            )  # fmt: skip
        _require(office or bool(drafter_departments))
        if department is not None:
            department_id = department.pk
        elif drafter_departments:
            department_id = sorted(drafter_departments)[0]
        else:
            seat = unit.departments.filter(is_office_seat=True).first() or unit.departments.first()
            department_id = seat.pk
        _require(department_id in drafter_departments or office)
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
        action="disclosure.create",
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
    locked = _lock(disclosure)
    _require(can_draft(actor, locked))
    _check_not_archived(locked)
    title = (title or "").strip()
    if int(revision) != locked.revision:
        raise DisclosureConflict(locked, {"title": title, "body": body, "revision": revision})
    if locked.status not in (Status.DRAFT, Status.RETURNED):
        raise InvalidTransition(_("只有草稿或退回修改的稿件可以编辑"))
    if not title:
        raise DisclosureError(_("请填写标题"))
    values = {"title": title, "body": body or ""}
    changes = {f: (getattr(locked, f), v) for f, v in values.items() if getattr(locked, f) != v}
    if forms is not None:
        old = sorted(f.name for f in locked.forms.all())
        new = sorted(f.name for f in forms)
        if old != new:
            changes["forms"] = (old, new)
            locked.forms.set(forms)
    if locked.scope == Scope.INTERNAL_RANGE:
        if audience_departments is not None:
            locked.audience_departments.set(audience_departments)
        if audience_users is not None:
            locked.audience_users.set(audience_users)
    claimed = Disclosure.objects.filter(pk=locked.pk, revision=locked.revision).update(
        revision=F("revision") + 1, updated_at=timezone.now(), **values
    )
    if claimed != 1:  # pragma: no cover — the row lock makes this unreachable
        raise DisclosureConflict(locked, {"title": title, "body": body, "revision": revision})
    event_record(
        target=locked,
        action="disclosure.edit",
        actor=actor,
        unit=locked.unit,
        from_state=locked.status,
        to_state=locked.status,
        changes=changes,
    )
    locked.refresh_from_db()
    return locked


@transaction.atomic
def disclosure_submit(*, disclosure: Disclosure, actor, comment: str = "") -> Disclosure:
    _require(can_draft(actor, disclosure))

    def check(locked):
        if not locked.title.strip() or not locked.body.strip() and not locked.attachments.exists():
            raise DisclosureError(_("请先填写正文或上传附件"))

    result = _transition(
        disclosure,
        Status.SUBMITTED,
        actor=actor,
        action="disclosure.submit",
        comment=comment,
        check=check,
    )
    _notify(
        _role_holders(result.unit, OFFICE_ROLES),
        _("待审核：%(t)s") % {"t": result.title},
        _("有一项公开稿件待保密审查。"),
    )
    return result


@transaction.atomic
def disclosure_review(*, disclosure: Disclosure, actor, checklist, comment: str = "") -> Disclosure:
    """The office's review with the secrecy checklist: every box confirmed, or it goes back."""
    _require(is_office(actor, disclosure.unit))
    confirmed = set(checklist or ())
    missing = [label for key, label in SECRECY_CHECKLIST if key not in confirmed]
    if missing:
        raise DisclosureError(_("保密审查须逐项确认：%(m)s") % {"m": "、".join(missing)})
    review = {
        "by": actor.display_name,
        "at": timezone.now().isoformat(),
        "confirmed": [key for key, _label in SECRECY_CHECKLIST],
        "comment": comment,
    }
    result = _transition(
        disclosure,
        Status.REVIEWED,
        actor=actor,
        action="disclosure.review",
        allowed_from={Status.SUBMITTED},
        values={"secrecy_review": review},
        comment=comment,
    )
    _notify(
        _role_holders(result.unit, APPROVER_ROLES),
        _("待审批：%(t)s") % {"t": result.title},
        _("有一项公开稿件已通过保密审查，待党组审批。"),
    )
    return result


@transaction.atomic
def disclosure_return(*, disclosure: Disclosure, actor, comment: str) -> Disclosure:
    """Back to the drafter with comments: the office from review, the approver from approval."""
    if not (comment or "").strip():
        raise DisclosureError(_("退回须写明意见"))
    locked_status = Disclosure.objects.values_list("status", flat=True).get(pk=disclosure.pk)
    if locked_status == Status.REVIEWED:
        _require(is_approver(actor, disclosure.unit) or is_office(actor, disclosure.unit))
    else:
        _require(is_office(actor, disclosure.unit))
    result = _transition(
        disclosure,
        Status.RETURNED,
        actor=actor,
        action="disclosure.return",
        allowed_from={Status.SUBMITTED, Status.REVIEWED},
        comment=comment.strip(),
    )
    if result.created_by:
        _notify([result.created_by], _("退回修改：%(t)s") % {"t": result.title}, comment)
    return result


@transaction.atomic
def disclosure_approve(
    *,
    disclosure: Disclosure,
    actor,
    internal_period_workdays: int | None = None,
    public_from: datetime.date | None = None,
    comment: str = "",
) -> Disclosure:
    """The party group's approval. For 先党内后党外 the approver sets the internal period, in
    working days from publication (default DWGK_INTERNAL_PERIOD_WORKDAYS), or a public date."""
    _require(
        is_approver(actor, disclosure.unit),
        _("只有党组审批人可以审批"),
    )
    values = {"approved_at": timezone.now(), "approved_by": actor}
    if disclosure.scope == Scope.INTERNAL_THEN_PUBLIC:
        if public_from is not None:
            if public_from <= timezone.localdate():
                raise DisclosureError(_("转社会公开日期须晚于今天"))
            values["internal_period_workdays"] = None
            values["public_from"] = _local_midnight(public_from)
        else:
            days = internal_period_workdays
            if days is None:
                days = settings.DWGK_INTERNAL_PERIOD_WORKDAYS
            days = int(days)
            if days < 1 or days > 250:
                raise DisclosureError(_("党内公开期应为1至250个工作日"))
            values["internal_period_workdays"] = days
            values["public_from"] = _local_midnight(add_workdays(timezone.localdate(), days))
    result = _transition(
        disclosure,
        Status.APPROVED,
        actor=actor,
        action="disclosure.approve",
        allowed_from={Status.REVIEWED},
        values=values,
        comment=comment,
    )
    _notify(
        _role_holders(result.unit, OFFICE_ROLES),
        _("已审批待发布：%(t)s") % {"t": result.title},
        _("党组已审批，请发布。"),
    )
    return result


@transaction.atomic
def disclosure_publish(
    *,
    disclosure: Disclosure,
    actor,
    at: datetime.datetime | None = None,
    retention_until: datetime.date | None = None,
) -> Disclosure:
    """The office publishes: inside the party, or to society at once for 社会. The retention
    period comes from the item unless the office sets the date (保留公开的时间). Checks the
    obligation afterwards."""
    _require(is_office(actor, disclosure.unit))
    at = at or timezone.now()
    day = timezone.localdate(at)
    public = disclosure.scope == Scope.PUBLIC
    values = {"published_at": at, "public_at": at if public else None}
    item = disclosure.item
    if retention_until is not None:
        if retention_until <= day:
            raise DisclosureError(_("保留公开日期须晚于发布日期"))
        values["retention_until"] = retention_until
    elif item is not None and item.retention_days:
        values["retention_until"] = day + datetime.timedelta(days=item.retention_days)
    if disclosure.scope == Scope.INTERNAL_THEN_PUBLIC:
        current = Disclosure.objects.get(pk=disclosure.pk)
        if current.internal_period_workdays:
            values["public_from"] = _local_midnight(
                add_workdays(day, current.internal_period_workdays)
            )
        elif current.public_from is None:
            days = settings.DWGK_INTERNAL_PERIOD_WORKDAYS
            values["public_from"] = _local_midnight(add_workdays(day, days))
    result = _transition(
        disclosure,
        Status.PUBLIC if public else Status.INTERNAL,
        actor=actor,
        action="disclosure.publish",
        allowed_from={Status.APPROVED},
        values=values,
    )
    _obligation_check(result, actor)
    _refresh_search(result)
    return result


def obligation_is_satisfied(disclosure: Disclosure) -> bool:
    """Published in the system's own forms, with evidence for every other form."""
    return disclosure.published_at is not None and not evidence_still_missing(disclosure)


def _obligation_check(disclosure: Disclosure, actor) -> None:
    from obligations.models import Obligation

    obligation = disclosure.obligation
    if obligation is None:
        return
    obligation = Obligation.objects.get(pk=obligation.pk)
    if obligation.status != Obligation.Status.OPEN or disclosure.status not in (
        Status.INTERNAL,
        Status.PUBLIC,
    ):
        return
    if not obligation_is_satisfied(disclosure):
        return
    mark_met = _obligation_service("obligation_mark_met")
    if mark_met is None:
        return
    try:
        mark_met(
            obligation=obligation,
            met_on=timezone.localdate(disclosure.published_at),
            actor=actor,
            note=_("已通过“%(t)s”公开") % {"t": disclosure.title},
            disclosure=disclosure,
        )
    except (ValidationError, PermissionDenied) as error:
        # The publication stands; the obligation stays open for the office to settle by hand.
        logger.warning("obligation %s not marked met: %s", obligation.pk, error)


@transaction.atomic
def disclosure_release(
    *, disclosure: Disclosure, actor=None, now: datetime.datetime | None = None
) -> Disclosure | None:
    """先党内后党外: internal → public once `public_from` has come. Claimed with a conditional
    UPDATE so that two servers running the job release it once; returns None if nothing was due."""
    now = now or timezone.now()
    claimed = Disclosure.objects.filter(
        pk=disclosure.pk, status=Status.INTERNAL, public_from__lte=now
    ).update(status=Status.PUBLIC, public_at=now, updated_at=now, revision=F("revision") + 1)
    if claimed != 1:
        return None
    released = Disclosure.objects.get(pk=disclosure.pk)
    event_record(
        target=released,
        action="disclosure.release",
        actor=actor,
        unit=released.unit,
        from_state=Status.INTERNAL,
        to_state=Status.PUBLIC,
        changes={"public_at": (None, now)},
        comment=_("党内公开期满，转为社会公开"),
    )
    _refresh_search(released)
    return released


def release_due(now: datetime.datetime | None = None) -> int:
    """The job: release every disclosure whose internal period is over. Idempotent."""
    now = now or timezone.now()
    count = 0
    due = Disclosure.objects.filter(status=Status.INTERNAL, public_from__lte=now)
    for pk in due.values_list("pk", flat=True):
        if disclosure_release(disclosure=Disclosure(pk=pk), now=now) is not None:
            count += 1
    return count


@transaction.atomic
def disclosure_end_retention(
    *, disclosure: Disclosure, actor=None, today: datetime.date | None = None
) -> Disclosure | None:
    """Retention over (保留公开的时间届满): claimed with a conditional UPDATE; None if not due."""
    today = today or timezone.localdate()
    now = timezone.now()
    claimed = Disclosure.objects.filter(
        pk=disclosure.pk, status__in=[Status.INTERNAL, Status.PUBLIC], retention_until__lt=today
    )
    before = claimed.values_list("status", flat=True).first()
    if before is None:
        return None
    if (
        claimed.filter(status=before).update(
            status=Status.RETENTION_ENDED, updated_at=now, revision=F("revision") + 1
        )
        != 1
    ):
        return None
    ended = Disclosure.objects.get(pk=disclosure.pk)
    event_record(
        target=ended,
        action="disclosure.retention_end",
        actor=actor,
        unit=ended.unit,
        from_state=before,
        to_state=Status.RETENTION_ENDED,
        comment=_("保留公开期满（%(d)s）") % {"d": ended.retention_until},
    )
    _refresh_search(ended)
    return ended


# --- side paths ----------------------------------------------------------------------------------


@transaction.atomic
def disclosure_withhold(*, disclosure: Disclosure, actor, kind: str, reason: str) -> Disclosure:
    """涉及党和国家秘密 / 暂不宜公开 / 不能公开, with a reason. Long-term items are then filed
    with the upper level (disclosure_file_with_upper)."""
    _require(is_office(actor, disclosure.unit) or is_approver(actor, disclosure.unit))
    if kind not in Disclosure.Withholding.values:
        raise DisclosureError(_("请选择暂缓类别"))
    if not (reason or "").strip():
        raise DisclosureError(_("请写明暂缓理由"))
    result = _transition(
        disclosure,
        Status.WITHHELD,
        actor=actor,
        action="disclosure.withhold",
        values={"withholding": kind, "withheld_reason": reason.strip()},
        comment=reason.strip(),
    )
    obligation = result.obligation
    withhold = _obligation_service("obligation_withhold")
    if obligation is not None and withhold is not None:
        from obligations.models import Obligation

        obligation = Obligation.objects.get(pk=obligation.pk)
        if Obligation.Status.WITHHELD in Obligation.TRANSITIONS.get(obligation.status, set()):
            withhold(
                obligation=obligation,
                actor=actor,
                reason=reason.strip(),
                secret=kind == Disclosure.Withholding.SECRET,
            )
    _refresh_search(result)
    return result


def filing_required(disclosure: Disclosure) -> bool:
    """暂时不宜公开或不能公开的长期公开事项，报上一级党组织备案。"""
    return (
        disclosure.status == Status.WITHHELD
        and disclosure.item is not None
        and disclosure.item.time_limit == TimeLimit.LONG_TERM
    )


@transaction.atomic
def disclosure_file_with_upper(*, disclosure: Disclosure, actor, comment: str = "") -> Disclosure:
    _require(is_office(actor, disclosure.unit))
    locked = _lock(disclosure)
    if locked.status != Status.WITHHELD or locked.filed_with_upper_at is not None:
        raise InvalidTransition(_("只有未备案的暂缓公开事项可以报备"))
    now = timezone.now()
    Disclosure.objects.filter(pk=locked.pk, filed_with_upper_at__isnull=True).update(
        filed_with_upper_at=now, updated_at=now, revision=F("revision") + 1
    )
    event_record(
        target=locked,
        action="disclosure.file_with_upper",
        actor=actor,
        unit=locked.unit,
        from_state=locked.status,
        to_state=locked.status,
        changes={"filed_with_upper_at": (None, now)},
        comment=comment,
    )
    upper = locked.unit.parent
    if upper is not None:
        from organizations.models import Role

        _notify(
            _role_holders(upper, [Role.UPPER_OFFICE]),
            _("暂缓公开事项备案：%(u)s") % {"u": locked.unit},
            _("下级单位报来一项暂缓公开事项备案，请确认。"),
        )
    locked.refresh_from_db()
    return locked


@transaction.atomic
def disclosure_acknowledge_filing(
    *, disclosure: Disclosure, actor, comment: str = ""
) -> Disclosure:
    _require(
        is_upper_office_for(actor, disclosure.unit),
        _("只有上级党务公开办公室可以确认备案"),
    )
    locked = _lock(disclosure)
    if (
        locked.status != Status.WITHHELD
        or locked.filed_with_upper_at is None
        or locked.filing_acknowledged_at is not None
    ):
        raise InvalidTransition(_("没有待确认的备案"))
    now = timezone.now()
    Disclosure.objects.filter(pk=locked.pk, filing_acknowledged_at__isnull=True).update(
        filing_acknowledged_at=now, updated_at=now, revision=F("revision") + 1
    )
    event_record(
        target=locked,
        action="disclosure.acknowledge_filing",
        actor=actor,
        unit=locked.unit,
        from_state=locked.status,
        to_state=locked.status,
        changes={"filing_acknowledged_at": (None, now)},
        comment=comment,
    )
    locked.refresh_from_db()
    return locked


@transaction.atomic
def disclosure_resume(*, disclosure: Disclosure, actor, comment: str) -> Disclosure:
    """A withheld disclosure may be opened after all: back to draft (the record keeps why)."""
    _require(is_office(actor, disclosure.unit) or is_approver(actor, disclosure.unit))
    if not (comment or "").strip():
        raise DisclosureError(_("请写明恢复办理的理由"))
    return _transition(
        disclosure,
        Status.DRAFT,
        actor=actor,
        action="disclosure.resume",
        allowed_from={Status.WITHHELD},
        values={
            "withholding": "",
            "withheld_reason": "",
            "filed_with_upper_at": None,
            "filing_acknowledged_at": None,
        },
        comment=comment.strip(),
    )


@transaction.atomic
def disclosure_retract(*, disclosure: Disclosure, actor, reason: str) -> Disclosure:
    """Taken back after publication: gone from readers in every channel, kept on the record."""
    _require(is_office(actor, disclosure.unit) or is_approver(actor, disclosure.unit))
    if not (reason or "").strip():
        raise DisclosureError(_("请写明撤回理由"))
    result = _transition(
        disclosure,
        Status.RETRACTED,
        actor=actor,
        action="disclosure.retract",
        allowed_from={Status.INTERNAL, Status.PUBLIC},
        values={"retracted_reason": reason.strip()},
        comment=reason.strip(),
    )
    _refresh_search(result)
    return result


@transaction.atomic
def disclosure_scope_change(
    *,
    disclosure: Disclosure,
    actor,
    scope: str,
    audience_departments=(),
    audience_users=(),
    comment: str = "",
) -> Disclosure:
    """The office may narrow the scope; widening it needs an approver."""
    if scope not in Scope.values:
        raise DisclosureError(_("公开范围无效"))
    locked = _lock(disclosure)
    if locked.status not in (*Disclosure.WORKING, Status.INTERNAL):
        raise InvalidTransition(_("当前状态下不能调整公开范围"))
    widening = scope_rank(scope) > scope_rank(locked.scope)
    if widening:
        _require(
            is_approver(actor, locked.unit),
            _("扩大公开范围须经党组审批人同意"),
        )
    else:
        _require(is_office(actor, locked.unit) or is_approver(actor, locked.unit))
    if scope == Scope.INTERNAL_RANGE and not (audience_departments or audience_users):
        raise DisclosureError(_("党内一定范围须写明范围"))
    values = {"scope": scope}
    if locked.status == Status.INTERNAL:
        if scope in (Scope.INTERNAL, Scope.INTERNAL_RANGE):
            values["public_from"] = None
        elif locked.public_from is None or scope == Scope.PUBLIC:
            values["public_from"] = timezone.now()  # the release job opens it on its next run
    now = timezone.now()
    Disclosure.objects.filter(pk=locked.pk, revision=locked.revision).update(
        updated_at=now, revision=F("revision") + 1, **values
    )
    changes = {f: (getattr(locked, f), v) for f, v in values.items() if getattr(locked, f) != v}
    if scope == Scope.INTERNAL_RANGE:
        locked.audience_departments.set(audience_departments)
        locked.audience_users.set(audience_users)
        changes["audience"] = ([], [str(x) for x in [*audience_departments, *audience_users]])
    event_record(
        target=locked,
        action="disclosure.scope_change",
        actor=actor,
        unit=locked.unit,
        from_state=locked.status,
        to_state=locked.status,
        changes=changes,
        comment=comment,
    )
    locked.refresh_from_db()
    _refresh_search(locked)
    return locked


# --- updates (随时公开) ---------------------------------------------------------------------------


def _lock_update(update: DisclosureUpdate) -> DisclosureUpdate:
    return (
        DisclosureUpdate.objects.select_for_update().select_related("disclosure").get(pk=update.pk)
    )


def _update_transition(update, to, *, actor, action, allowed_from=None, values=None, comment=""):
    locked = _lock_update(update)
    _check_not_archived(locked.disclosure)
    if to not in DisclosureUpdate.TRANSITIONS[locked.status] or (
        allowed_from is not None and locked.status not in allowed_from
    ):
        raise InvalidTransition(
            _("当前状态“%(state)s”下不能进行此操作") % {"state": locked.get_status_display()}
        )
    values = dict(values or {})
    claimed = DisclosureUpdate.objects.filter(
        pk=locked.pk, status=locked.status, revision=locked.revision
    ).update(status=to, revision=F("revision") + 1, **values)
    if claimed != 1:
        raise InvalidTransition(_("此事项刚被他人处理，请刷新"))
    event_record(
        target=locked,
        action=action,
        actor=actor,
        unit=locked.disclosure.unit,
        from_state=locked.status,
        to_state=to,
        changes={f: (getattr(locked, f), v) for f, v in values.items()},
        comment=comment,
    )
    locked.refresh_from_db()
    return locked


@transaction.atomic
def update_create(*, disclosure: Disclosure, actor, title: str, body: str) -> DisclosureUpdate:
    _require(can_draft(actor, disclosure))
    locked = _lock(disclosure)
    if locked.status not in (Status.INTERNAL, Status.PUBLIC):
        raise InvalidTransition(_("只有已发布的事项可以发布进展"))
    if not (title or "").strip() or not (body or "").strip():
        raise DisclosureError(_("请填写标题和进展情况"))
    update = DisclosureUpdate.objects.create(
        disclosure=locked,
        title=title.strip(),
        body=body,
        created_at=timezone.now(),
        created_by=actor,
    )
    event_record(
        target=update,
        action="update.create",
        actor=actor,
        unit=locked.unit,
        to_state=DisclosureUpdate.Status.DRAFT,
        changes={"title": ("", update.title)},
    )
    return update


@transaction.atomic
def update_edit(
    *, update: DisclosureUpdate, actor, revision: int, title: str, body: str
) -> DisclosureUpdate:
    """Save an edit of a draft or returned update made on `revision`. A stale revision raises
    DisclosureConflict with both versions, and nothing is written."""
    _require(can_draft(actor, update.disclosure))
    locked = _lock_update(update)
    _check_not_archived(locked.disclosure)
    if int(revision) != locked.revision:
        raise DisclosureConflict(locked, {"title": title, "body": body, "revision": revision})
    if locked.status not in (DisclosureUpdate.Status.DRAFT, DisclosureUpdate.Status.RETURNED):
        raise InvalidTransition(_("该进展已提交"))
    values = {"title": (title or "").strip(), "body": body or ""}
    if not values["title"] or not values["body"].strip():
        raise DisclosureError(_("请填写标题和进展情况"))
    if len(values["title"]) > 200:
        raise DisclosureError(_("标题不能超过200字"))
    changes = {f: (getattr(locked, f), v) for f, v in values.items() if getattr(locked, f) != v}
    DisclosureUpdate.objects.filter(pk=locked.pk, revision=locked.revision).update(
        revision=F("revision") + 1, **values
    )
    event_record(
        target=locked,
        action="update.edit",
        actor=actor,
        unit=locked.disclosure.unit,
        from_state=locked.status,
        to_state=locked.status,
        changes=changes,
    )
    locked.refresh_from_db()
    return locked


@transaction.atomic
def update_submit(*, update: DisclosureUpdate, actor) -> DisclosureUpdate:
    _require(can_draft(actor, update.disclosure))
    return _update_transition(
        update, DisclosureUpdate.Status.SUBMITTED, actor=actor, action="update.submit"
    )


@transaction.atomic
def update_review(
    *, update: DisclosureUpdate, actor, checklist, comment: str = ""
) -> DisclosureUpdate:
    _require(is_office(actor, update.disclosure.unit))
    confirmed = set(checklist or ())
    if any(key not in confirmed for key, _label in SECRECY_CHECKLIST):
        raise DisclosureError(_("保密审查须逐项确认"))
    return _update_transition(
        update,
        DisclosureUpdate.Status.REVIEWED,
        actor=actor,
        action="update.review",
        allowed_from={DisclosureUpdate.Status.SUBMITTED},
        comment=comment,
    )


@transaction.atomic
def update_return(*, update: DisclosureUpdate, actor, comment: str) -> DisclosureUpdate:
    unit = update.disclosure.unit
    _require(is_office(actor, unit) or is_approver(actor, unit))
    if not (comment or "").strip():
        raise DisclosureError(_("退回须写明意见"))
    return _update_transition(
        update,
        DisclosureUpdate.Status.RETURNED,
        actor=actor,
        action="update.return",
        comment=comment.strip(),
    )


@transaction.atomic
def update_approve_and_publish(
    *, update: DisclosureUpdate, actor, comment: str = ""
) -> DisclosureUpdate:
    _require(is_approver(actor, update.disclosure.unit))
    disclosure = Disclosure.objects.get(pk=update.disclosure_id)
    if disclosure.status not in (Status.INTERNAL, Status.PUBLIC):
        raise InvalidTransition(_("该事项已不在公开状态"))
    result = _update_transition(
        update,
        DisclosureUpdate.Status.PUBLISHED,
        actor=actor,
        action="update.publish",
        allowed_from={DisclosureUpdate.Status.REVIEWED},
        values={"published_at": timezone.now(), "approved_by": actor},
        comment=comment,
    )
    Disclosure.objects.filter(pk=disclosure.pk).update(updated_at=timezone.now())
    _refresh_search(disclosure)
    return result


# --- work plans (目录外事项) ------------------------------------------------------------------------


def _plan_transition(plan, to, *, actor, action, values=None, comment=""):
    locked = WorkPlan.objects.select_for_update().get(pk=plan.pk)
    if to not in WorkPlan.TRANSITIONS[locked.status]:
        raise InvalidTransition(
            _("当前状态“%(state)s”下不能进行此操作") % {"state": locked.get_status_display()}
        )
    values = dict(values or {})
    if WorkPlan.objects.filter(pk=locked.pk, status=locked.status).update(status=to, **values) != 1:
        raise InvalidTransition(_("刚被他人处理，请刷新"))
    event_record(
        target=locked,
        action=action,
        actor=actor,
        unit=locked.unit,
        from_state=locked.status,
        to_state=to,
        changes={f: (getattr(locked, f), v) for f, v in values.items()},
        comment=comment,
    )
    locked.refresh_from_db()
    return locked


@transaction.atomic
def work_plan_create(*, unit: Organization, actor, title: str, body: str, scope: str) -> WorkPlan:
    _require(is_office(actor, unit))
    if not (title or "").strip() or not (body or "").strip():
        raise DisclosureError(_("请填写事项名称和工作方案"))
    if scope not in Scope.values:
        raise DisclosureError(_("公开范围无效"))
    plan = WorkPlan.objects.create(
        unit=unit,
        title=title.strip(),
        body=body,
        scope=scope,
        created_at=timezone.now(),
        created_by=actor,
    )
    event_record(
        target=plan,
        action="work_plan.create",
        actor=actor,
        unit=unit,
        to_state=WorkPlan.Status.DRAFT,
        changes={"title": ("", plan.title), "scope": ("", scope)},
    )
    return plan


@transaction.atomic
def work_plan_submit(*, work_plan: WorkPlan, actor) -> WorkPlan:
    _require(is_office(actor, work_plan.unit))
    return _plan_transition(
        work_plan,
        WorkPlan.Status.SUBMITTED,
        actor=actor,
        action="work_plan.submit",
        values={"submitted_at": timezone.now()},
    )


@transaction.atomic
def work_plan_approve(*, work_plan: WorkPlan, actor, comment: str = "") -> WorkPlan:
    _require(
        is_upper_office_for(actor, work_plan.unit),
        _("目录外事项工作方案由上级审核"),
    )
    return _plan_transition(
        work_plan,
        WorkPlan.Status.APPROVED,
        actor=actor,
        action="work_plan.approve",
        values={"decided_at": timezone.now(), "decided_by": actor, "decision_comment": comment},
        comment=comment,
    )


@transaction.atomic
def work_plan_reject(*, work_plan: WorkPlan, actor, comment: str) -> WorkPlan:
    _require(is_upper_office_for(actor, work_plan.unit))
    if not (comment or "").strip():
        raise DisclosureError(_("请写明不同意的理由"))
    return _plan_transition(
        work_plan,
        WorkPlan.Status.REJECTED,
        actor=actor,
        action="work_plan.reject",
        values={"decided_at": timezone.now(), "decided_by": actor, "decision_comment": comment},
        comment=comment,
    )


@transaction.atomic
def work_plan_revise(*, work_plan: WorkPlan, actor, body: str) -> WorkPlan:
    _require(is_office(actor, work_plan.unit))
    if not (body or "").strip():
        raise DisclosureError(_("请填写工作方案"))
    return _plan_transition(
        work_plan,
        WorkPlan.Status.DRAFT,
        actor=actor,
        action="work_plan.revise",
        values={"body": body},
    )


# --- attachments ---------------------------------------------------------------------------------


def _read_upload(upload) -> bytes:
    limit = settings.DWGK_ATTACHMENT_MAX_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise DisclosureError(_too_large(limit))
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise DisclosureError(_too_large(limit))
    if not data:
        raise DisclosureError(_("文件为空"))
    return data


def _too_large(limit: int) -> str:
    return _("文件超过 %(mb)s MB 的上限") % {"mb": round(limit / 1024 / 1024, 1)}


@transaction.atomic
def attachment_add(
    *,
    disclosure: Disclosure,
    actor,
    upload,
    name: str | None = None,
    update: DisclosureUpdate | None = None,
    is_evidence: bool = False,
) -> Attachment:
    """Check a file by content and size, store it under MEDIA_ROOT with its SHA-256 and text."""
    _require(can_draft(actor, disclosure))
    locked = _lock(disclosure)
    _check_not_archived(locked)
    if is_evidence:
        pass
    elif update is not None:
        update = DisclosureUpdate.objects.select_for_update().get(pk=update.pk)
        if update.disclosure_id != locked.pk or update.status not in (
            DisclosureUpdate.Status.DRAFT,
            DisclosureUpdate.Status.RETURNED,
        ):
            raise InvalidTransition(_("该进展已提交"))
    elif locked.status not in (Status.DRAFT, Status.RETURNED):
        raise InvalidTransition(_("只有草稿可以添加附件"))
    name = (name or getattr(upload, "name", "") or "").rsplit("/", 1)[-1].strip()[:200]
    if not name:
        raise DisclosureError(_("缺少文件名"))
    data = _read_upload(upload)
    try:
        content_type = detect_type(data, name)
    except FileRefused as error:
        raise DisclosureError(str(error)) from None
    text = extract_text(data, content_type)
    extension = name.rsplit(".", 1)[-1].lower()
    now = timezone.now()
    stored = default_storage.save(
        f"attachments/{now:%Y/%m}/{uuid.uuid4().hex}.{extension}", ContentFile(data)
    )
    attachment = Attachment.objects.create(
        disclosure=locked,
        update=update,
        file=stored,
        original_name=name,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        text=text or "",
        text_failed=text is None,
        is_evidence=is_evidence,
        uploaded_at=now,
        uploaded_by=actor,
    )
    event_record(
        target=locked,
        action="attachment.add",
        actor=actor,
        unit=locked.unit,
        from_state=locked.status,
        to_state=locked.status,
        changes={"attachment": ("", f"{name} ({attachment.sha256[:12]}…)")},
        comment=_("进展“%(title)s”的附件") % {"title": update.title} if update else "",
    )
    if locked.status in Disclosure.READABLE and not is_evidence and update is None:
        _refresh_search(locked)
    return attachment


# --- evidence ------------------------------------------------------------------------------------

_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "(": "〔", ")": "〕", "（": "〔", "）": "〕",
                           "【": "〔", "】": "〕", "［": "〔", "］": "〕", "﹝": "〔", "﹞": "〕"})  # fmt: skip
DOCUMENT_NUMBER = re.compile(
    r"^(?P<prefix>[\u4e00-\u9fffA-Za-z]{1,20})〔(?P<year>\d{4})〕(?P<seq>[1-9]\d{0,4})号$"
)


def parse_document_number(text: str) -> dict:
    """发文字号 per GB/T 9704: 代字〔年份〕序号号, year in full, number without leading zeros.
    Other brackets are normalized to 〔〕. Returns prefix, year, sequence and the normalized text."""
    cleaned = re.sub(r"\s+", "", (text or "")).translate(_BRACKETS)
    match = DOCUMENT_NUMBER.match(cleaned)
    if not match:
        raise DisclosureError(
            _("发文字号格式应为“代字〔年份〕序号号”，如 岳统党组〔2011〕4号 / A document number "
              "reads like 岳统党组〔2011〕4号")
        )  # fmt: skip
    year = int(match["year"])
    if year < 1949 or year > timezone.localdate().year + 1:
        raise DisclosureError(_("发文字号年份不合理"))
    return {
        "prefix": match["prefix"],
        "year": year,
        "sequence": int(match["seq"]),
        "number": cleaned,
    }


@transaction.atomic
def evidence_record(
    *,
    disclosure: Disclosure,
    actor,
    form: DisclosureForm,
    date: datetime.date,
    meeting_name: str = "",
    attendance: int | None = None,
    minutes=None,
    document_number: str = "",
    distribution: str = "",
    outlet: str = "",
    address: str = "",
    note: str = "",
) -> Evidence:
    """What shows that a meeting, a document or the press carried the disclosure."""
    _require(can_draft(actor, disclosure))
    locked = _lock(disclosure)
    _check_not_archived(locked)
    if locked.status not in (
        Status.APPROVED,
        Status.INTERNAL,
        Status.PUBLIC,
        Status.RETENTION_ENDED,
    ):
        raise InvalidTransition(_("审批后才能登记公开凭证"))
    kind = form.evidence
    if kind == DisclosureForm.Evidence.ONLINE:
        raise DisclosureError(_("内网、网站由系统发布，无需登记凭证"))
    if date is None or date > timezone.localdate():
        raise DisclosureError(_("请填写不晚于今天的日期"))
    fields = {"note": note or ""}
    if kind == Evidence.Kind.MEETING:
        if not (meeting_name or "").strip():
            raise DisclosureError(_("请填写会议名称"))
        if attendance is None or int(attendance) < 1:
            raise DisclosureError(_("请填写参会人数"))
        fields.update(meeting_name=meeting_name.strip(), attendance=int(attendance))
    elif kind == Evidence.Kind.DOCUMENT:
        number = parse_document_number(document_number)["number"]
        if not (distribution or "").strip():
            raise DisclosureError(_("请填写发送范围"))
        fields.update(document_number=number, distribution=distribution.strip())
    elif kind == Evidence.Kind.PRESS:
        if not (outlet or "").strip():
            raise DisclosureError(_("请填写媒体名称"))
        fields.update(outlet=outlet.strip(), address=(address or "").strip())
    minutes_attachment = None
    if minutes is not None:
        minutes_attachment = attachment_add(
            disclosure=locked, actor=actor, upload=minutes, is_evidence=True
        )
    evidence = Evidence.objects.create(
        disclosure=locked,
        form=form,
        kind=kind,
        date=date,
        minutes=minutes_attachment,
        recorded_at=timezone.now(),
        recorded_by=actor,
        **fields,
    )
    event_record(
        target=locked,
        action="evidence.record",
        actor=actor,
        unit=locked.unit,
        from_state=locked.status,
        to_state=locked.status,
        changes={
            "evidence": (
                "",
                f"{form.name} {date.isoformat()} {fields.get('meeting_name') or fields.get('document_number') or fields.get('outlet') or ''}".strip(),
            )
        },
        comment=note,
    )
    _obligation_check(locked, actor)
    return evidence
