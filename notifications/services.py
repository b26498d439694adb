"""In-app notices and the reminders of `dwgk remind`.

A reminder goes out once: before anything is written or sent, the run inserts a
`ReminderDelivery` row under a unique key (recipient, kind, key) inside the transaction that also
writes the notices; the mail is queued with `transaction.on_commit`. A second run, or a second
server at the same moment, fails to insert the same key (it waits for the first transaction and
then hits the unique constraint) and so sends nothing. Keys: `obligation:<id>:<due date>` for one
obligation's due-soon or overdue reminder (a moved due date is a new reminder), `unit:<id>:<day>`
and `upper:<id>:<day>` for the daily lists of the office and the upper level's office.
"""

import datetime
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import event_record
from notifications.events import NoticeEvents
from notifications.models import Notice, ReminderDelivery
from obligations.models import Obligation
from obligations.selectors import due_soon_cutoff
from organizations.models import OFFICE_ROLES, Organization, Role, RoleAssignment, User

Kind = Notice.Kind


def _absolute(path: str) -> str:
    return settings.DWGK_BASE_URL.rstrip("/") + path


@transaction.atomic
def notice_mark_read(*, notice: Notice, actor) -> Notice:
    if notice.recipient_id != getattr(actor, "pk", None):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("只能处理自己的通知"))
    if notice.read_at is None:
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=timezone.now())
        notice.refresh_from_db(fields=["read_at"])
        event_record(target=notice, action=NoticeEvents.READ.action, actor=actor, unit=notice.unit)
    return notice


@transaction.atomic
def notices_mark_all_read(*, actor) -> int:
    count = Notice.objects.filter(recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if count:
        event_record(
            target=actor,
            action=NoticeEvents.ALL_READ.action,
            actor=actor,
            changes={"unread": (count, 0)},
        )
    return count


def notices_for(user) -> QuerySet[Notice]:
    return Notice.objects.filter(recipient=user)


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count()


# -- reminders --------------------------------------------------------------------------------


@dataclass
class Entry:
    """One reminder for one recipient: what it is, its unique key, and its notice."""

    kind: str
    key: str
    title: str
    line: str
    url: str
    unit: Organization | None = None
    obligation: Obligation | None = None


@dataclass
class RemindResult:
    notices: int = 0
    mails: int = 0
    skipped: int = 0
    recipients: set = field(default_factory=set)


def _obligation_line(obligation: Obligation, kind: str) -> str:
    state = _("已逾期") if kind == Kind.OVERDUE else _("即将到期")
    departments = _("、").join(d.name for d in obligation.departments.all())
    values = {
        "title": obligation.title,
        "departments": departments,
        "due": obligation.due_date,
        "state": state,
    }
    if obligation.provisional:
        return _("%(title)s（%(departments)s）截止 【暂定】%(due)s · %(state)s") % values
    return _("%(title)s（%(departments)s）截止 %(due)s · %(state)s") % values


def _claim(recipient: User, entry: Entry, today: datetime.date) -> bool:
    try:
        with transaction.atomic():
            ReminderDelivery.objects.create(
                recipient=recipient,
                kind=entry.kind,
                key=entry.key,
                obligation=entry.obligation,
                unit=entry.unit,
                on_date=today,
                sent_at=timezone.now(),
            )
    except IntegrityError:
        return False
    return True


def _deliver_once(recipient: User, entries: list[Entry], today, subject: str) -> tuple[int, int]:
    with transaction.atomic():
        claimed = [entry for entry in entries if _claim(recipient, entry, today)]
        if not claimed:
            return 0, 0
        now = timezone.now()
        for entry in claimed:
            notice = Notice.objects.create(
                recipient=recipient,
                unit=entry.unit,
                kind=entry.kind,
                title=entry.title,
                body=entry.line,
                url=entry.url,
                created_at=now,
            )
        event_record(
            target=notice,
            action=NoticeEvents.REMINDED.action,
            unit=claimed[0].unit,
            changes={"reminders": (None, [entry.key for entry in claimed])},
            comment=subject,
        )
        if recipient.email:
            body = "\n".join(
                [
                    _("%(name)s，您好：") % {"name": recipient.display_name},
                    "",
                    *[f"· {entry.line}\n  {_absolute(entry.url)}" for entry in claimed],
                    "",
                    _("查看全部通知：%(url)s") % {"url": _absolute(reverse("notifications:list"))},
                ]
            )
            address = recipient.email
            transaction.on_commit(
                lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
            )
            return len(claimed), 1
        return len(claimed), 0


def _deliver(recipient: User, entries: list[Entry], today, subject: str, result: RemindResult):
    # SQLite answers "database is locked" instead of waiting when another server holds the
    # write lock; the claim rows make trying again harmless.
    for attempt in range(8):
        try:
            notices, mails = _deliver_once(recipient, entries, today, subject)
            break
        except OperationalError:
            if attempt == 7:
                raise
            time.sleep(0.05 * (attempt + 1))
    result.notices += notices
    result.mails += mails
    result.skipped += len(entries) - notices
    if notices:
        result.recipients.add(recipient.pk)


def _drafters_by_department(department_ids) -> dict[int, list[User]]:
    out: dict[int, list[User]] = {}
    rows = RoleAssignment.objects.filter(
        role=Role.DRAFTER, department_id__in=department_ids, user__is_active=True
    ).select_related("user")
    for row in rows:
        out.setdefault(row.department_id, []).append(row.user)
    return out


def _office_of(unit_ids) -> dict[int, list[User]]:
    out: dict[int, dict[int, User]] = {}
    rows = RoleAssignment.objects.filter(
        role__in=OFFICE_ROLES, organization_id__in=unit_ids, user__is_active=True
    ).select_related("user")
    for row in rows:
        out.setdefault(row.organization_id, {})[row.user_id] = row.user
    return {unit_id: list(users.values()) for unit_id, users in out.items()}


def reminders_send(*, today: datetime.date, within: int | None = None) -> RemindResult:
    """Send the due-soon and overdue reminders of `today`; safe to run any number of times."""
    result = RemindResult()
    cutoff = due_soon_cutoff(today, within)
    open_rows = list(
        Obligation.objects.filter(status=Obligation.Status.OPEN, due_date__lte=cutoff)
        .select_related("unit")
        .prefetch_related("departments")
        .order_by("due_date", "pk")
    )

    # 1. Each responsible department's drafters: their obligations due soon or overdue.
    department_ids = {d.pk for o in open_rows for d in o.departments.all()}
    drafters = _drafters_by_department(department_ids)
    per_user: dict[int, tuple[User, dict[str, Entry]]] = {}
    for obligation in open_rows:
        kind = Kind.OVERDUE if obligation.due_date < today else Kind.DUE_SOON
        entry = Entry(
            kind=kind,
            key=f"obligation:{obligation.pk}:{obligation.due_date.isoformat()}",
            title=(_("已逾期：%(title)s") if kind == Kind.OVERDUE else _("即将到期：%(title)s"))
            % {"title": obligation.title},
            line=_obligation_line(obligation, kind),
            url=reverse("obligations:detail", args=[obligation.pk]),
            unit=obligation.unit,
            obligation=obligation,
        )
        for department in obligation.departments.all():
            for user in drafters.get(department.pk, []):
                per_user.setdefault(user.pk, (user, {}))[1][entry.key + kind] = entry
    for user, entries in per_user.values():
        items = list(entries.values())
        soon = sum(1 for e in items if e.kind == Kind.DUE_SOON)
        late = len(items) - soon
        subject = _("【党务公开提醒】%(soon)s项即将到期，%(late)s项已逾期") % {
            "soon": soon,
            "late": late,
        }
        _deliver(user, items, today, subject, result)

    # 2. The unit's office: the unit-wide overdue list, once a day.
    overdue_by_unit: dict[int, list[Obligation]] = {}
    for obligation in open_rows:
        if obligation.due_date < today:
            overdue_by_unit.setdefault(obligation.unit_id, []).append(obligation)
    offices = _office_of(overdue_by_unit)
    for unit_id, rows in overdue_by_unit.items():
        unit = rows[0].unit
        title = _("%(unit)s：%(count)s项公开义务已逾期") % {"unit": unit.name, "count": len(rows)}
        lines = "\n".join(_obligation_line(o, Kind.OVERDUE) for o in rows)
        entry = Entry(
            kind=Kind.OFFICE_OVERDUE,
            key=f"unit:{unit_id}:{today.isoformat()}",
            title=title,
            line=f"{title}\n{lines}",
            url=reverse("obligations:overdue", args=[unit.code]),
            unit=unit,
        )
        for user in offices.get(unit_id, []):
            _deliver(user, [entry], today, _("【党务公开提醒】") + title, result)

    # 3. The upper level's office: overdue counts per unit below it, once a day.
    if overdue_by_unit:
        overdue_units = {
            rows[0].unit.pk: (rows[0].unit, len(rows)) for rows in overdue_by_unit.values()
        }
        uppers = RoleAssignment.objects.filter(
            role=Role.UPPER_OFFICE, user__is_active=True
        ).select_related("user", "organization")
        for assignment in uppers:
            upper = assignment.organization
            counts = [
                (unit, count)
                for unit, count in overdue_units.values()
                if unit.path.startswith(upper.path) and unit.pk != upper.pk
            ]
            if not counts:
                continue
            counts.sort(key=lambda pair: pair[0].path)
            title = _("下级单位逾期公开义务：%(total)s项") % {"total": sum(c for _u, c in counts)}
            lines = "\n".join(
                _("%(unit)s：逾期%(count)s项") % {"unit": unit.name, "count": count}
                for unit, count in counts
            )
            entry = Entry(
                kind=Kind.UPPER_COUNTS,
                key=f"upper:{upper.pk}:{today.isoformat()}",
                title=title,
                line=f"{title}\n{lines}",
                url=reverse("obligations:overview"),
                unit=upper,
            )
            _deliver(assignment.user, [entry], today, _("【党务公开提醒】") + title, result)
    return result
