"""Disclosures made directly with the ORM (the disclosure services are being written elsewhere),
indexed with search_document_refresh as those services will do."""

import datetime
import itertools

from django.utils import timezone

from catalog.models import CatalogVersion, Category, DisclosureForm, Item, Scope, TimeLimit
from disclosures.models import Disclosure
from search.services import search_document_refresh

_numbers = itertools.count(1)
WHEN = datetime.datetime(2024, 3, 5, 10, 0, tzinfo=datetime.UTC)


def catalog_item(unit, *, category="党的组织管理情况", content="党费收缴、管理和使用情况") -> Item:
    version = CatalogVersion.objects.filter(unit=unit).first()
    if version is None:
        version = CatalogVersion.objects.create(
            unit=unit,
            number=1,
            title="党务公开目录",
            status=CatalogVersion.Status.APPROVED,
            created_at=WHEN,
            approved_at=WHEN,
            effective_from=datetime.date(2011, 5, 19),
        )
    group, _ = Category.objects.get_or_create(version=version, name=category)
    return Item.objects.create(
        version=version,
        category=group,
        number=next(_numbers),
        content=content,
        time_limit=TimeLimit.PERIODIC,
        scope=Scope.INTERNAL,
    )


def disclosure(
    unit,
    title,
    body="",
    *,
    status=Disclosure.Status.PUBLIC,
    scope=Scope.PUBLIC,
    item=None,
    published_at=WHEN,
    public=None,
    forms=(),
    index=True,
    **fields,
) -> Disclosure:
    """A disclosure of `unit`; public ones get public_at unless public=False."""
    if public is None:
        public = status == Disclosure.Status.PUBLIC
    readable = status in Disclosure.READABLE
    item = item or catalog_item(unit)
    department = unit.departments.first()
    if department is None:
        department = unit.departments.create(name="办公室")
    if status == Disclosure.Status.WITHHELD:
        fields.setdefault("withholding", Disclosure.Withholding.NOT_YET)
    created = Disclosure.objects.create(
        unit=unit,
        item=item,
        department=department,
        title=title,
        body=body,
        scope=scope,
        status=status,
        created_at=published_at or WHEN,
        updated_at=published_at or WHEN,
        published_at=published_at if readable else None,
        public_at=published_at if public else None,
        **fields,
    )
    if forms:
        created.forms.set(DisclosureForm.objects.filter(code__in=forms))
    if index:
        search_document_refresh(disclosure=created)
    return created


def now():
    return timezone.now()
