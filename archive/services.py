"""Archiving a disclosure with a manifest, and checking every manifest later.

The manifest holds the canonical JSON of the whole record (the disclosure, its updates, approvals,
attachments, evidence and events) with its SHA-256, and the SHA-256 of every stored file.
`verify_archive()` recomputes both and reports what no longer matches.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from archive.events import ArchiveEvents
from archive.models import ArchiveRecord
from audit.models import Event
from audit.services import event_record
from catalog.models import TimeLimit
from disclosures.models import Disclosure, DisclosureUpdate
from disclosures.services import disclosure_end_retention
from dwgk.refusals import BadInput
from workflow.engine import perform, require_right

Status = Disclosure.Status
OFF_CATALOG_CATEGORY = 99


def canonical_json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def sha256_of(value) -> str:
    return hashlib.sha256(canonical_json(value)).hexdigest()


def _iso(value):
    return value.isoformat() if value is not None else None


def _user(user):
    return user.username if user is not None else None


def _events(disclosure: Disclosure, until_event_id: int) -> list[dict]:
    update_ids = [str(pk) for pk in disclosure.updates.values_list("pk", flat=True)]
    condition = Q(target_type="disclosures.disclosure", target_id=str(disclosure.pk))
    if update_ids:
        condition |= Q(target_type="disclosures.disclosureupdate", target_id__in=update_ids)
    rows = Event.objects.filter(condition, pk__lte=until_event_id).select_related("actor")
    return [
        {
            "id": e.pk,
            "at": _iso(e.at),
            "actor": _user(e.actor),
            "action": e.action,
            "target": f"{e.target_type}#{e.target_id}",
            "from": e.from_state,
            "to": e.to_state,
            "changes": e.changes,
            "comment": e.comment,
        }
        for e in rows.order_by("pk")
    ]


def disclosure_record(disclosure: Disclosure, until_event_id: int) -> dict:
    """Everything the archive keeps of a disclosure, as plain JSON in a fixed order."""
    d = Disclosure.objects.select_related(
        "unit", "item__category", "work_plan", "department", "approved_by", "created_by"
    ).get(pk=disclosure.pk)
    item = d.item
    return {
        "disclosure": {
            "id": d.pk,
            "unit": d.unit.name,
            "item": {"number": item.number, "content": item.content, "category": item.category.name}
            if item
            else None,
            "work_plan": {
                "id": d.work_plan.pk,
                "title": d.work_plan.title,
                "body": d.work_plan.body,
                "status": d.work_plan.status,
                "decided_at": _iso(d.work_plan.decided_at),
            }
            if d.work_plan
            else None,
            "obligation": d.obligation_id,
            "department": d.department.name,
            "title": d.title,
            "body": d.body,
            "scope": d.scope,
            "status": d.status,
            "forms": sorted(f.name for f in d.forms.all()),
            "audience_departments": sorted(x.name for x in d.audience_departments.all()),
            "audience_users": sorted(x.username for x in d.audience_users.all()),
            "secrecy_review": d.secrecy_review,
            "withholding": d.withholding,
            "withheld_reason": d.withheld_reason,
            "filed_with_upper_at": _iso(d.filed_with_upper_at),
            "filing_acknowledged_at": _iso(d.filing_acknowledged_at),
            "retracted_reason": d.retracted_reason,
            "created_at": _iso(d.created_at),
            "created_by": _user(d.created_by),
            "published_at": _iso(d.published_at),
            "public_from": _iso(d.public_from),
            "public_at": _iso(d.public_at),
            "retention_until": _iso(d.retention_until),
            "archived_at": _iso(d.archived_at),
        },
        "approval": {
            "approved_at": _iso(d.approved_at),
            "approved_by": _user(d.approved_by),
            "internal_period_workdays": d.internal_period_workdays,
        },
        "updates": [
            {
                "id": u.pk,
                "title": u.title,
                "body": u.body,
                "status": u.status,
                "published_at": _iso(u.published_at),
                "approved_by": _user(u.approved_by),
            }
            for u in DisclosureUpdate.objects.filter(disclosure=d)
            .select_related("approved_by")
            .order_by("pk")
        ],
        "attachments": [
            {
                "id": a.pk,
                "name": a.original_name,
                "path": a.file.name,
                "content_type": a.content_type,
                "size": a.size,
                "sha256": a.sha256,
                "is_evidence": a.is_evidence,
                "update": a.update_id,
            }
            for a in d.attachments.order_by("pk")
        ],
        "evidence": [
            {
                "id": e.pk,
                "form": e.form.name,
                "kind": e.kind,
                "date": _iso(e.date),
                "meeting_name": e.meeting_name,
                "attendance": e.attendance,
                "minutes": e.minutes_id,
                "document_number": e.document_number,
                "distribution": e.distribution,
                "outlet": e.outlet,
                "address": e.address,
                "note": e.note,
            }
            for e in d.evidence.select_related("form").order_by("pk")
        ],
        "events": _events(d, until_event_id),
    }


def _file_sha256(path: str) -> str | None:
    if not default_storage.exists(path):
        return None
    digest = hashlib.sha256()
    with default_storage.open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def manifest_build(disclosure: Disclosure, until_event_id: int) -> dict:
    record = disclosure_record(disclosure, until_event_id)
    files = []
    for attachment in record["attachments"]:
        actual = _file_sha256(attachment["path"])
        if actual != attachment["sha256"]:
            raise BadInput(
                _("附件“%(n)s”已缺失或与登记的SHA-256不符，不能归档") % {"n": attachment["name"]}
            )  # fmt: skip
        files.append({"path": attachment["path"], "name": attachment["name"], "sha256": actual})
    return {
        "format": 1,
        "until_event": until_event_id,
        "record": record,
        "record_sha256": sha256_of(record),
        "files": files,
    }


def default_term(disclosure: Disclosure) -> str:
    """长期 items are kept permanently, periodic ones 30 years, the rest 10 years."""
    item = disclosure.item
    if item is not None and item.time_limit == TimeLimit.LONG_TERM:
        return ArchiveRecord.Term.PERMANENT
    if item is not None and item.time_limit == TimeLimit.PERIODIC:
        return ArchiveRecord.Term.THIRTY_YEARS
    return ArchiveRecord.Term.TEN_YEARS


@transaction.atomic
def archive_disclosure(
    *, disclosure: Disclosure, actor, retention_term: str | None = None, comment: str = ""
) -> ArchiveRecord:
    """File a disclosure in the archive: the office decides, or the job (actor None) when the
    retention period has ended. The disclosure is read-only afterwards."""
    require_right(actor, disclosure, "archive")
    if retention_term is not None and retention_term not in ArchiveRecord.Term.values:
        raise BadInput(_("保管期限无效"), field="retention_term")
    now = timezone.now()
    archived = perform(
        disclosure,
        "archive",
        actor=actor,
        values={"archived_at": now},
        comment=comment or (_("保留公开期满，自动归档") if actor is None else ""),
    )
    year = timezone.localdate(now).year
    item = archived.item
    if item is not None:
        category_name = item.category.name
        categories = list(item.version.categories.order_by("sort_order", "id"))
        category_code = next(
            (i for i, c in enumerate(categories, start=1) if c.pk == item.category_id), 1
        )
    else:
        category_code, category_name = OFF_CATALOG_CATEGORY, _("目录外事项")
    last = ArchiveRecord.objects.filter(
        unit=archived.unit, year=year, category_code=category_code
    ).aggregate(m=Max("sequence"))["m"]
    sequence = (last or 0) + 1
    until = Event.objects.aggregate(m=Max("pk"))["m"] or 0
    manifest = manifest_build(archived, until)
    try:
        with transaction.atomic():
            record = ArchiveRecord.objects.create(
                disclosure=archived,
                unit=archived.unit,
                year=year,
                category_code=category_code,
                category_name=category_name,
                sequence=sequence,
                number=f"{year}-{category_code:02d}-{sequence:04d}",
                retention_term=retention_term or default_term(archived),
                archived_at=now,
                archived_by=actor,
                manifest=manifest,
                manifest_sha256=sha256_of(manifest),
            )
    except IntegrityError as error:
        raise BadInput(_("档号冲突，请重试")) from error
    event_record(
        target=record,
        action=ArchiveEvents.CREATE.action,
        actor=actor,
        unit=archived.unit,
        to_state="archived",
        changes={"number": ("", record.number), "manifest_sha256": ("", record.manifest_sha256)},
    )
    return record


def archive_expired(today: datetime.date | None = None) -> int:
    """The job: end the retention of what is due and archive it, and whatever has ended already.
    Each disclosure is claimed by a conditional UPDATE, so running it twice or on two servers
    archives each once."""
    today = today or timezone.localdate()
    count = 0
    due = Disclosure.objects.filter(
        status__in=[Status.INTERNAL, Status.PUBLIC], retention_until__lt=today
    ).values_list("pk", flat=True)
    for pk in list(due):
        disclosure_end_retention(disclosure=Disclosure(pk=pk), today=today)
    for pk in list(
        Disclosure.objects.filter(status=Status.RETENTION_ENDED).values_list("pk", flat=True)
    ):
        try:
            archive_disclosure(disclosure=Disclosure.objects.get(pk=pk), actor=None)
            count += 1
        except BadInput:
            continue  # another server archived it a moment ago
    return count


@dataclass
class Problem:
    number: str
    kind: str  # "manifest", "record", "missing_file", "changed_file"
    detail: str

    def __str__(self):
        return f"{self.number}: {self.kind}: {self.detail}"


def verify_record(record: ArchiveRecord) -> list[Problem]:
    problems = []
    manifest = record.manifest
    if sha256_of(manifest) != record.manifest_sha256:
        problems.append(Problem(record.number, "manifest", "清单已被改动 / manifest altered"))
    recomputed = disclosure_record(record.disclosure, manifest.get("until_event", 0))
    if sha256_of(recomputed) != manifest.get("record_sha256"):
        stored = manifest.get("record", {})
        changed = sorted(
            key
            for key in set(stored) | set(recomputed)
            if sha256_of(stored.get(key)) != sha256_of(recomputed.get(key))
        )
        detail = ", ".join(changed) or "record"
        problems.append(
            Problem(record.number, "record", f"记录已被改动 / record changed: {detail}")
        )
    for entry in manifest.get("files", []):
        actual = _file_sha256(entry["path"])
        if actual is None:
            problems.append(
                Problem(record.number, "missing_file", f"{entry['name']} ({entry['path']})")
            )
        elif actual != entry["sha256"]:
            problems.append(
                Problem(record.number, "changed_file", f"{entry['name']} ({entry['path']})")
            )
    return problems


def verify_archive() -> tuple[int, list[Problem]]:
    """Check every manifest; returns how many records were checked and every problem found."""
    problems = []
    checked = 0
    for record in ArchiveRecord.objects.select_related("disclosure").order_by("pk").iterator():
        checked += 1
        problems.extend(verify_record(record))
    return checked, problems
