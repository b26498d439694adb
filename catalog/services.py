import datetime
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import event_record, field_changes
from catalog.models import CatalogVersion, Category, DisclosureForm, Item
from organizations.models import Organization, Role, RoleAssignment
from organizations.permissions import is_approver, is_upper_office_for


def catalog_title(unit: Organization) -> str:
    """The annex's title: the unit's name without the leading 中共 (岳阳市统计局党组党务公开目录)."""
    return f"{unit.name.removeprefix('中共')}党务公开目录"


def _require_draft(version: CatalogVersion) -> None:
    if not version.is_editable:
        raise ValidationError(_("已审批的目录版本不能修改，请先创建新的草稿版本"))


def _transition(version: CatalogVersion, to_status: str) -> str:
    from_status = version.status
    if to_status not in CatalogVersion.TRANSITIONS[CatalogVersion.Status(from_status)]:
        raise ValidationError(
            _("目录版本不能从“%(from)s”变为“%(to)s”")
            % {"from": version.get_status_display(), "to": CatalogVersion.Status(to_status).label}
        )
    return from_status


@transaction.atomic
def catalog_version_create(
    *,
    unit: Organization,
    actor=None,
    title: str | None = None,
    copy_from: CatalogVersion | None = None,
) -> CatalogVersion:
    """A new draft version: empty, or a copy of copy_from (the way to change a catalog in force)."""
    if unit.tier != Organization.Tier.UNIT:
        raise ValidationError(_("只有单位编制公开目录"))
    if (
        CatalogVersion.objects.select_for_update()
        .filter(unit=unit, status=CatalogVersion.Status.DRAFT)
        .exists()
    ):
        raise ValidationError(_("该单位已有一个草稿版本"))
    last = CatalogVersion.objects.filter(unit=unit).order_by("-number").first()
    version = CatalogVersion.objects.create(
        unit=unit,
        number=(last.number + 1) if last else 1,
        title=title or (copy_from.title if copy_from else catalog_title(unit)),
        based_on=copy_from,
        created_at=timezone.now(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if copy_from is not None:
        categories = {}
        for category in copy_from.categories.all():
            categories[category.pk] = Category.objects.create(
                version=version, name=category.name, sort_order=category.sort_order
            )
        for item in copy_from.items.prefetch_related("forms", "departments"):
            copy = Item.objects.create(
                version=version,
                category=categories[item.category_id],
                lineage=item.lineage,
                number=item.number,
                content=item.content,
                time_limit=item.time_limit,
                important=item.important,
                cadence=item.cadence,
                scope=item.scope,
                audience=item.audience,
                retention_days=item.retention_days,
                notes=item.notes,
            )
            copy.forms.set(item.forms.all())
            copy.departments.set(item.departments.all())
    event_record(
        target=version,
        action="catalog.version_created",
        actor=actor,
        unit=unit,
        to_state=version.status,
        comment=f"copy of version {copy_from.number}" if copy_from else "",
    )
    return version


@transaction.atomic
def category_add(
    *, version: CatalogVersion, name: str, actor=None, sort_order: int | None = None
) -> Category:
    _require_draft(version)
    if sort_order is None:
        sort_order = version.categories.count() + 1
    category = Category(version=version, name=name.strip(), sort_order=sort_order)
    category.full_clean()
    category.save()
    event_record(
        target=version,
        action="catalog.category_added",
        actor=actor,
        unit=version.unit,
        changes={"category": ("", category.name)},
    )
    return category


ITEM_FIELDS = (
    "number",
    "content",
    "time_limit",
    "important",
    "cadence",
    "scope",
    "audience",
    "retention_days",
    "notes",
)


def _check_item_departments(version: CatalogVersion, departments) -> None:
    if not departments:
        raise ValidationError(_("至少指定一个责任处室"))
    for department in departments:
        if department.unit_id != version.unit_id:
            raise ValidationError(_("责任处室不属于本单位"))


@transaction.atomic
def item_add(
    *,
    version: CatalogVersion,
    category: Category,
    forms,
    departments,
    actor=None,
    lineage: uuid.UUID | None = None,
    **fields,
) -> Item:
    _require_draft(version)
    if category.version_id != version.pk:
        raise ValidationError(_("类别不属于该目录版本"))
    _check_item_departments(version, departments)
    if not forms:
        raise ValidationError(_("至少指定一种公开形式"))
    item = Item(
        version=version, category=category, **{k: v for k, v in fields.items() if k in ITEM_FIELDS}
    )
    if lineage is not None:
        item.lineage = lineage
    item.full_clean()
    item.save()
    item.forms.set(forms)
    item.departments.set(departments)
    event_record(
        target=version,
        action="catalog.item_added",
        actor=actor,
        unit=version.unit,
        changes={"item": ("", str(item))},
    )
    return item


@transaction.atomic
def item_update(
    *,
    item: Item,
    actor=None,
    forms=None,
    departments=None,
    category: Category | None = None,
    **fields,
) -> Item:
    version = item.version
    _require_draft(version)
    values = {k: v for k, v in fields.items() if k in ITEM_FIELDS}
    if category is not None:
        if category.version_id != version.pk:
            raise ValidationError(_("类别不属于该目录版本"))
        values["category"] = category
    changes = field_changes(item, values)
    for key, value in values.items():
        setattr(item, key, value)
    item.full_clean()
    item.save()
    if forms is not None:
        old = sorted(f.name for f in item.forms.all())
        item.forms.set(forms)
        new = sorted(f.name for f in forms)
        if old != new:
            changes["forms"] = (old, new)
    if departments is not None:
        _check_item_departments(version, departments)
        old = sorted(d.name for d in item.departments.all())
        item.departments.set(departments)
        new = sorted(d.name for d in departments)
        if old != new:
            changes["departments"] = (old, new)
    event_record(
        target=version,
        action="catalog.item_changed",
        actor=actor,
        unit=version.unit,
        changes=changes,
        comment=str(item),
    )
    return item


@transaction.atomic
def item_remove(*, item: Item, actor=None) -> None:
    version = item.version
    _require_draft(version)
    event_record(
        target=version,
        action="catalog.item_removed",
        actor=actor,
        unit=version.unit,
        changes={"item": (str(item), "")},
    )
    item.delete()


def _decision_time(day: datetime.date | None) -> datetime.datetime:
    """Now, or noon of a past day on which a decision was taken; never a day still to come."""
    if day is None:
        return timezone.now()
    if day > timezone.localdate():
        raise ValidationError(_("日期不能晚于今天"))
    noon = datetime.datetime.combine(day, datetime.time(12))
    return timezone.make_aware(noon)


@transaction.atomic
def catalog_version_approve(
    *,
    version: CatalogVersion,
    actor,
    effective_from: datetime.date,
    approval_reference: str = "",
    approved_on: datetime.date | None = None,
) -> CatalogVersion:
    """The party group approves a draft; it is frozen and in force from effective_from.
    `approved_on` is the day the party group decided, when that is recorded after the meeting
    (a paper decision of 2011 entered today must not read as approved today)."""
    approved_at = _decision_time(approved_on)
    version = CatalogVersion.objects.select_for_update().get(pk=version.pk)
    if (
        actor is not None
        and not getattr(actor, "is_superuser", False)
        and not is_approver(actor, version.unit)
    ):
        raise ValidationError(_("只有党组审批人可以审批目录"))
    if not version.items.exists():
        raise ValidationError(_("目录没有事项，不能审批"))
    previous = (
        CatalogVersion.objects.filter(unit=version.unit, effective_from__isnull=False)
        .exclude(pk=version.pk)
        .order_by("-effective_from")
        .first()
    )
    if previous and effective_from <= previous.effective_from:
        raise ValidationError(
            _("施行日期必须晚于上一版本的施行日期（%(date)s）")
            % {"date": previous.effective_from.isoformat()}
        )
    from_status = _transition(version, CatalogVersion.Status.APPROVED)
    version.status = CatalogVersion.Status.APPROVED
    version.approved_at = approved_at
    version.approved_by = actor if getattr(actor, "is_authenticated", False) else None
    version.effective_from = effective_from
    version.approval_reference = approval_reference
    version.save()
    event_record(
        target=version,
        action="catalog.approved",
        actor=actor,
        unit=version.unit,
        from_state=from_status,
        to_state=version.status,
        changes={"effective_from": (None, effective_from)},
        comment=approval_reference,
    )
    return version


@transaction.atomic
def catalog_version_file(
    *, version: CatalogVersion, actor, filed_on: datetime.date, filing_reference: str
) -> CatalogVersion:
    """Filing (备案) with the upper level."""
    from catalog.selectors import can_edit_catalog

    version = CatalogVersion.objects.select_for_update().get(pk=version.pk)
    if actor is not None and not can_edit_catalog(actor, version.unit):
        raise ValidationError(_("只有本单位可以报上级备案"))
    if not filing_reference.strip():
        raise ValidationError(_("请填写备案文号"))
    if version.approved_at and filed_on < timezone.localdate(version.approved_at):
        raise ValidationError(_("备案日期不能早于党组审批日期"))
    from_status = _transition(version, CatalogVersion.Status.FILED)
    version.status = CatalogVersion.Status.FILED
    version.filed_on = filed_on
    version.filing_reference = filing_reference.strip()
    version.save()
    event_record(
        target=version,
        action="catalog.filed",
        actor=actor,
        unit=version.unit,
        from_state=from_status,
        to_state=version.status,
        comment=version.filing_reference,
    )
    _tell_upper_office(version)
    return version


def _tell_upper_office(version: CatalogVersion) -> None:
    """The upper level's office is mailed that a catalog waits for its confirmation."""
    upper = version.unit.parent
    if upper is None:
        return
    recipients = sorted(
        {
            a.user.email
            for a in RoleAssignment.objects.filter(
                organization=upper, role=Role.UPPER_OFFICE
            ).select_related("user")
            if a.user.email
        }
    )
    if not recipients:
        return
    link = settings.DWGK_BASE_URL.rstrip("/") + reverse(
        "catalog:version", args=[version.unit.code, version.number]
    )
    subject = _("公开目录备案待确认：%(unit)s（第%(n)s版）") % {
        "unit": version.unit.name,
        "n": version.number,
    }
    body = _(
        "%(unit)s已将党务公开目录（第%(n)s版，备案文号%(ref)s）报上级备案，请确认：%(link)s"
    ) % {
        "unit": version.unit.name,
        "n": version.number,
        "ref": version.filing_reference,
        "link": link,
    }
    transaction.on_commit(
        lambda: send_mail(
            subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True
        )
    )


@transaction.atomic
def catalog_version_acknowledge(
    *, version: CatalogVersion, actor, acknowledged_on: datetime.date | None = None
) -> CatalogVersion:
    """The upper level's office confirms the filing (on `acknowledged_on` when recorded later)."""
    acknowledged_at = _decision_time(acknowledged_on)
    version = CatalogVersion.objects.select_for_update().get(pk=version.pk)
    if version.filed_on and timezone.localdate(acknowledged_at) < version.filed_on:
        raise ValidationError(_("确认日期不能早于备案日期"))
    if (
        actor is not None
        and not getattr(actor, "is_superuser", False)
        and not is_upper_office_for(actor, version.unit)
    ):
        raise ValidationError(_("只有上级党务公开办公室可以确认备案"))
    from_status = _transition(version, CatalogVersion.Status.ACKNOWLEDGED)
    version.status = CatalogVersion.Status.ACKNOWLEDGED
    version.acknowledged_at = acknowledged_at
    version.acknowledged_by = actor if getattr(actor, "is_authenticated", False) else None
    version.save()
    event_record(
        target=version,
        action="catalog.acknowledged",
        actor=actor,
        unit=version.unit,
        from_state=from_status,
        to_state=version.status,
    )
    return version


@transaction.atomic
def catalog_draft_clear(*, version: CatalogVersion, actor=None) -> CatalogVersion:
    """Empty a draft (its categories and items), e.g. before importing a new spreadsheet into it."""
    _require_draft(version)
    count = version.items.count()
    version.items.all().delete()
    version.categories.all().delete()
    event_record(
        target=version,
        action="catalog.draft_cleared",
        actor=actor,
        unit=version.unit,
        changes={"items": (count, 0)},
    )
    return version


@transaction.atomic
def catalog_import(
    *,
    unit: Organization,
    actor=None,
    file_path: str | Path | None = None,
    data: bytes | None = None,
    filename: str = "",
    replace_draft: bool = False,
) -> CatalogVersion:
    """A new draft version from a spreadsheet laid out as the seed's annex (CSV or xlsx).

    The whole file is checked first; on any problem a ValidationError lists every one of them
    (row and column named) and nothing is written. An existing draft is refused unless
    replace_draft, in which case its contents are replaced.
    """
    from catalog.importing import parse_catalog
    from catalog.selectors import catalog_draft, catalog_in_force

    if file_path is not None:
        path = Path(file_path)
        filename = filename or path.name
        try:
            data = path.read_bytes()
        except OSError as error:
            raise ValidationError(_("无法读取文件：%(error)s") % {"error": error}) from error
    if data is None:
        raise ValidationError(_("没有提供文件"))
    if unit.tier != Organization.Tier.UNIT:
        raise ValidationError(_("只有单位编制公开目录"))
    parsed = parse_catalog(data, filename, unit)

    draft = catalog_draft(unit)
    if draft is not None and not replace_draft:
        raise ValidationError(
            _("该单位已有草稿版本（第%(number)s版），如要替换其内容请使用 --replace-draft")
            % {"number": draft.number}
        )
    if draft is not None:
        version = catalog_draft_clear(version=draft, actor=actor)
    else:
        version = catalog_version_create(unit=unit, actor=actor)

    # Items that keep their content keep their lineage, so obligations follow them across versions.
    previous = catalog_in_force(unit) or (
        CatalogVersion.objects.filter(unit=unit)
        .exclude(status=CatalogVersion.Status.DRAFT)
        .order_by("-number")
        .first()
    )
    lineages = {}
    if previous is not None:
        lineages = dict(previous.items.values_list("content", "lineage"))

    categories = {}
    for name in parsed.categories:
        categories[name] = category_add(version=version, name=name, actor=actor)
    for row in parsed.items:
        item_add(
            version=version,
            category=categories[row.category],
            forms=row.forms,
            departments=row.departments,
            actor=actor,
            lineage=lineages.get(row.content),
            number=row.number,
            content=row.content,
            time_limit=row.time_limit,
            scope=row.scope,
            audience=row.audience,
            important=row.important,
            retention_days=row.retention_days,
            notes=row.notes,
            cadence=row.cadence,
        )
    event_record(
        target=version,
        action="catalog.imported",
        actor=actor,
        unit=unit,
        changes={"items": (None, len(parsed.items)), "categories": (None, len(categories))},
        comment=filename,
    )
    return version


# The forms of the seed (section 二(三)), as migration 0003 installs them; kept here too so that
# the demo can restore them after a database flush.
DEFAULT_FORMS = [
    # code, name, evidence, aliases
    ("meeting", "会议", "meeting", "党内会议、有关会议"),
    ("document", "文件", "document", "下发文件"),
    ("intranet", "内网", "online", "局域网"),
    ("website", "网站", "online", "网页、门户网站、岳阳统计信息网"),
    ("newspaper", "报刊", "press", "报纸、杂志、报刊/广播/电视"),
    ("radio", "广播", "press", ""),
    ("tv", "电视", "press", ""),
    ("bulletin", "信息简报", "document", "简报"),
    ("internal_notice", "内部通报", "document", "通报"),
]


@transaction.atomic
def disclosure_forms_ensure(*, actor=None) -> list[DisclosureForm]:
    """Create the seed's forms of disclosure that are missing; existing ones are left as they are."""
    created = []
    for order, (code, name, evidence, aliases) in enumerate(DEFAULT_FORMS, start=1):
        if DisclosureForm.objects.filter(Q(code=code) | Q(name=name)).exists():
            continue
        form = DisclosureForm.objects.create(
            code=code, name=name, evidence=evidence, aliases=aliases, sort_order=order
        )
        event_record(
            target=form, action="catalog.form_added", actor=actor, changes={"name": ("", name)}
        )
        created.append(form)
    return created
