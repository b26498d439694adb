"""Files and evidence of a disclosure: attachments checked by content and size, and the record of
its other forms of disclosure (会议, 文件, 媒体) with the 发文字号 parsed per GB/T 9704."""

import datetime
import hashlib
import re
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import event_record
from catalog.models import DisclosureForm
from disclosures import effects
from disclosures.files import FileRefused, detect_type, extract_text
from disclosures.models import Attachment, Disclosure, DisclosureUpdate, Evidence
from disclosures.states import DisclosureEvents
from dwgk.refusals import BadInput
from workflow.engine import require, require_right


def _read_upload(upload) -> bytes:
    limit = settings.DWGK_ATTACHMENT_MAX_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise BadInput(_too_large(limit))
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise BadInput(_too_large(limit))
    if not data:
        raise BadInput(_("文件为空"))
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
    locked = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
    if is_evidence:
        require(actor, locked, "record_evidence")
    elif update is not None:
        update = DisclosureUpdate.objects.select_for_update().get(pk=update.pk)
        if update.disclosure_id != locked.pk:
            raise BadInput(_("该进展不属于此事项"))
        require_right(actor, update, "edit")
        if update.status not in (DisclosureUpdate.Status.DRAFT, DisclosureUpdate.Status.RETURNED):
            raise BadInput(_("该进展已提交"))
        require(actor, update, "edit")
    else:
        require(actor, locked, "attach")
    name = (name or getattr(upload, "name", "") or "").rsplit("/", 1)[-1].strip()[:200]
    if not name:
        raise BadInput(_("缺少文件名"))
    data = _read_upload(upload)
    try:
        content_type = detect_type(data, name)
    except FileRefused as error:
        raise BadInput(str(error)) from None
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
        action=DisclosureEvents.ATTACH.action,
        actor=actor,
        unit=locked.unit,
        from_state=locked.status,
        to_state=locked.status,
        changes={"attachment": ("", f"{name} ({attachment.sha256[:12]}…)")},
        comment=_("进展“%(title)s”的附件") % {"title": update.title} if update else "",
    )
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
        raise BadInput(
            _("发文字号格式应为“代字〔年份〕序号号”，如 岳统党组〔2011〕4号 / A document number "
              "reads like 岳统党组〔2011〕4号")
        )  # fmt: skip
    year = int(match["year"])
    if year < 1949 or year > timezone.localdate().year + 1:
        raise BadInput(_("发文字号年份不合理"))
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
    locked = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
    require(actor, locked, "record_evidence")
    kind = form.evidence
    if kind == DisclosureForm.Evidence.ONLINE:
        raise BadInput(_("内网、网站由系统发布，无需登记凭证"))
    if date is None or date > timezone.localdate():
        raise BadInput(_("请填写不晚于今天的日期"))
    fields = {"note": note or ""}
    if kind == Evidence.Kind.MEETING:
        if not (meeting_name or "").strip():
            raise BadInput(_("请填写会议名称"))
        if attendance is None or int(attendance) < 1:
            raise BadInput(_("请填写参会人数"))
        fields.update(meeting_name=meeting_name.strip(), attendance=int(attendance))
    elif kind == Evidence.Kind.DOCUMENT:
        number = parse_document_number(document_number)["number"]
        if not (distribution or "").strip():
            raise BadInput(_("请填写发送范围"))
        fields.update(document_number=number, distribution=distribution.strip())
    elif kind == Evidence.Kind.PRESS:
        if not (outlet or "").strip():
            raise BadInput(_("请填写媒体名称"))
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
        action=DisclosureEvents.EVIDENCE.action,
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
    effects.settle_obligation(locked, actor=actor)
    return evidence
