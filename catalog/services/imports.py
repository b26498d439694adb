"""A draft version from a spreadsheet laid out as the seed's annex."""

from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import event_record
from catalog import rules
from catalog.events import CatalogEvents
from catalog.models import CatalogVersion
from catalog.services.drafts import catalog_draft_clear, category_add, item_add
from catalog.services.versions import catalog_version_create
from dwgk.refusals import BadInput
from organizations.models import Organization


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

    The whole file is checked first; on any problem a BadInput lists every one of them
    (row and column named) and nothing is written. An existing draft is refused unless
    replace_draft, in which case its contents are replaced.
    """
    from catalog.importing import parse_catalog
    from catalog.selectors import catalog_draft, catalog_in_force

    rules.require(rules.may_create_draft, actor, unit)
    if file_path is not None:
        path = Path(file_path)
        filename = filename or path.name
        try:
            data = path.read_bytes()
        except OSError as error:
            raise BadInput(_("无法读取文件：%(error)s") % {"error": error}) from error
    if data is None:
        raise BadInput(_("没有提供文件"))
    if unit.tier != Organization.Tier.UNIT:
        raise BadInput(_("只有单位编制公开目录"))
    parsed = parse_catalog(data, filename, unit)

    draft = catalog_draft(unit)
    if draft is not None and not replace_draft:
        raise BadInput(
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
        action=CatalogEvents.IMPORTED.action,
        actor=actor,
        unit=unit,
        changes={"items": (None, len(parsed.items)), "categories": (None, len(categories))},
        comment=filename,
    )
    return version
