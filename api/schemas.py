import datetime

from ninja import Schema


class ErrorOut(Schema):
    detail: str


class UnitOut(Schema):
    code: str
    name: str
    short_name: str
    kind: str
    tier: str
    parent: str | None


class ItemOut(Schema):
    number: int
    category: str
    content: str
    forms: list[str]
    time_limit: str
    time_limit_label: str
    important: bool
    scope: str
    scope_label: str
    audience: str
    departments: list[str]
    retention_days: int | None


class CatalogOut(Schema):
    unit: str
    title: str
    version: int
    status: str
    effective_from: datetime.date
    filed_on: datetime.date | None
    filing_reference: str
    items: list[ItemOut]


class DisclosureOut(Schema):
    id: int
    title: str
    unit: str
    item_number: int | None
    category: str | None
    scope: str
    status: str
    published_at: datetime.datetime | None
    public_at: datetime.datetime | None
    archived: bool
    url: str


class DisclosureDetailOut(DisclosureOut):
    body: str
    forms: list[str]


class DisclosurePage(Schema):
    total: int
    page: int
    per_page: int
    results: list[DisclosureOut]


class SkippedDay(Schema):
    date: datetime.date
    reason: str


class AdjustedDay(Schema):
    date: datetime.date
    name: str


class DueDateOut(Schema):
    start: datetime.date
    n: int
    due: datetime.date
    provisional: bool
    skipped: list[SkippedDay]
    adjusted_workdays: list[AdjustedDay]
    calendar_version: dict[str, int]
    explanation: list[str]
