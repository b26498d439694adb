"""The JSON API. Every read that depends on who asks goes through the same scoping functions as
the pages (`disclosures_visible_to`), so the API never shows more than the site does."""

import datetime
import threading
from typing import Annotated

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Path, Query, Status
from ninja.errors import HttpError, Throttled, ValidationError
from ninja.security import django_auth  # noqa: F401  (documented: session cookie auth)
from ninja.throttling import BaseThrottle
from pydantic import WithJsonSchema

from api.schemas import (
    CatalogOut,
    DisclosureDetailOut,
    DisclosurePage,
    DueDateOut,
    ErrorOut,
    UnitOut,
)
from catalog.selectors import catalog_categories_with_items, catalog_in_force
from disclosures.models import Disclosure
from disclosures.selectors import disclosures_visible_to
from dwgk.ratelimit import retry_after
from organizations.models import Organization
from portal.pagination import MAX_PAGE
from workdays.calendar import (
    MAX_WORKDAYS,
    MAX_YEAR,
    MIN_YEAR,
    CalendarRangeError,
)


class RateLimit(BaseThrottle):
    """The API's share of dwgk.ratelimit: every operation counts in the group "api"."""

    def __init__(self):
        self._local = threading.local()  # one instance serves every thread of the process

    def allow_request(self, request) -> bool:
        self._local.wait = retry_after(request, "api")
        return self._local.wait is None

    def wait(self) -> float | None:
        return self._local.wait


class DocumentedApi(NinjaAPI):
    """Ninja's schema, with the Retry-After header of every 429 answer."""

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                answer = operation.get("responses", {}).get(429)
                if answer is not None:
                    answer["headers"] = {
                        "Retry-After": {
                            "description": "再次请求前应等待的秒数 / Seconds to wait",
                            "required": True,
                            "schema": {"type": "integer", "minimum": 1},
                        }
                    }
        return schema


api = DocumentedApi(
    title="dwgk 党务公开管理平台 API",
    version="1",
    description=(
        "只读接口：单位、施行中的公开目录、当前用户有权查看的公开事项、工作日计算。"
        "登录用户通过会话 Cookie 认证；匿名访问只能看到社会公开的内容。\n\n"
        "Read-only API: units, catalogs in force, the disclosures the caller may see, working-day "
        "arithmetic. Signed-in users authenticate with the session cookie; anonymous callers see "
        "only what is public."
    ),
    urls_namespace="api",
    throttle=[RateLimit()],
)

MAX_PER_PAGE = 100
# Unit codes are slugs (Organization.code).
CODE = {"max_length": 50, "pattern": r"^[-a-zA-Z0-9_]+$"}
FIRST_DAY, LAST_DAY = datetime.date(MIN_YEAR, 1, 1), datetime.date(MAX_YEAR, 12, 31)
# JSON Schema has no bounds for dates: a pattern states the calculator's years (2004–2099).
CalendarDay = Annotated[
    datetime.date,
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^(200[4-9]|20[1-9][0-9])-"}),
]
START_DAY = Query(..., ge=FIRST_DAY, le=LAST_DAY)


def _answers(ok, *errors: int) -> dict:
    """The responses of an operation: `ok` for 200, the error schema for each other status."""
    return {200: ok, **{status: ErrorOut for status in errors}}


@api.exception_handler(ValidationError)
def bad_input(request, exc: ValidationError):
    """Bad parameters get 400 with a message in Chinese and English naming each one."""
    problems = "; ".join(
        f"{'.'.join(str(part) for part in error.get('loc', [])[1:]) or 'input'}: {error.get('msg', '')}"
        for error in exc.errors
    )
    return api.create_response(
        request, {"detail": f"参数错误 / Bad input: {problems}", "errors": exc.errors}, status=400
    )


@api.exception_handler(Http404)
def not_found(request, exc: Http404):
    return api.create_response(request, {"detail": "未找到 / Not found"}, status=404)


@api.exception_handler(Throttled)
def too_many_requests(request, exc: Throttled):
    """429 in Chinese and English; ninja adds the Retry-After header."""
    detail = (
        f"请求过于频繁，请在 {exc.wait} 秒后再试 / Too many requests: try again in {exc.wait} s"
    )
    return api.create_response(request, {"detail": detail}, status=429)


def _unit_or_404(code: str) -> Organization:
    return get_object_or_404(Organization, code=code)


@api.get(
    "/units",
    response=_answers(list[UnitOut], 429),
    tags=["organizations"],
    summary="单位列表 / Units",
)
def list_units(request):
    rows = Organization.objects.filter(
        tier__in=[Organization.Tier.UPPER, Organization.Tier.UNIT]
    ).select_related("parent")
    return [
        UnitOut(
            code=o.code,
            name=o.name,
            short_name=o.short_name,
            kind=o.kind,
            tier=o.tier,
            parent=o.parent.code if o.parent else None,
        )
        for o in rows
    ]


@api.get(
    "/units/{code}/catalog",
    response=_answers(CatalogOut, 400, 404, 429),
    tags=["catalog"],
    summary="施行中的公开目录 / The catalog in force",
)
def unit_catalog(request, code: str = Path(..., **CODE), on: datetime.date | None = None):
    unit = _unit_or_404(code)
    version = catalog_in_force(unit, on)
    if version is None:
        return Status(
            404, {"detail": "该日期没有施行中的公开目录 / No catalog in force on that date"}
        )
    items = []
    for category in catalog_categories_with_items(version):
        for item in category.items.all():
            items.append(
                {
                    "number": item.number,
                    "category": category.name,
                    "content": item.content,
                    "forms": [f.name for f in item.forms.all()],
                    "time_limit": item.time_limit,
                    "time_limit_label": item.get_time_limit_display(),
                    "important": item.important,
                    "scope": item.scope,
                    "scope_label": item.get_scope_display(),
                    "audience": item.audience,
                    "departments": [d.name for d in item.departments.all()],
                    "retention_days": item.retention_days,
                }
            )
    return {
        "unit": unit.name,
        "title": version.title,
        "version": version.number,
        "status": version.status,
        "effective_from": version.effective_from,
        "filed_on": version.filed_on,
        "filing_reference": version.filing_reference,
        "items": items,
    }


def _disclosure_out(disclosure: Disclosure) -> dict:
    item = disclosure.item
    return {
        "id": disclosure.pk,
        "title": disclosure.title,
        "unit": disclosure.unit.name,
        "item_number": item.number if item else None,
        "category": item.category.name if item else None,
        "scope": disclosure.scope,
        "status": disclosure.status,
        "published_at": disclosure.published_at,
        "public_at": disclosure.public_at,
        "archived": disclosure.is_archived,
        "url": disclosure.get_absolute_url(),
    }


@api.get(
    "/disclosures",
    response=_answers(DisclosurePage, 400, 404, 429),
    tags=["disclosures"],
    summary="公开事项 / Disclosures",
)
def list_disclosures(
    request,
    unit: str | None = Query(None, **CODE),
    page: int = Query(1, ge=1, le=MAX_PAGE),
    per_page: int = Query(20, ge=1, le=MAX_PER_PAGE),
):
    queryset = (
        disclosures_visible_to(request.user)
        .filter(published_at__isnull=False)
        .select_related("unit", "item__category")
        .order_by("-published_at", "-id")
    )
    if unit:
        queryset = queryset.filter(unit=_unit_or_404(unit))
    paginator = Paginator(queryset, per_page)
    if page > max(paginator.num_pages, 1):
        raise HttpError(404, "页码超出范围 / Page out of range")
    return {
        "total": paginator.count,
        "page": page,
        "per_page": per_page,
        "results": [_disclosure_out(d) for d in paginator.page(page).object_list],
    }


@api.get(
    "/disclosures/{pk}",
    response=_answers(DisclosureDetailOut, 400, 404, 429),
    tags=["disclosures"],
    summary="公开事项详情 / One disclosure",
)
def disclosure_detail(request, pk: int = Path(..., ge=1, le=2**63 - 1)):
    disclosure = get_object_or_404(
        disclosures_visible_to(request.user)
        .select_related("unit", "item__category")
        .prefetch_related("forms"),
        pk=pk,
    )
    return {
        **_disclosure_out(disclosure),
        "body": disclosure.body,
        "forms": [f.name for f in disclosure.forms.all()],
    }


@api.get(
    "/workdays/add",
    response=_answers(DueDateOut, 400, 404, 429),
    tags=["workdays"],
    summary="N 个工作日后的到期日 / The N-th working day after a date",
    description=(
        f"起算日在 {MIN_YEAR}—{MAX_YEAR} 年内，N 为 1 至 {MAX_WORKDAYS}（与网页计算器相同）；"
        f"到期日超出 {MAX_YEAR} 年（日历中没有这一天）时答 404。\n\n"
        f"The start lies in {MIN_YEAR}–{MAX_YEAR} and N from 1 to {MAX_WORKDAYS}, as on the "
        f"calculator page; a due date beyond {MAX_YEAR}, a day the calendar does not hold, is "
        "answered with 404."
    ),
)
def workdays_add(
    request,
    date: CalendarDay = START_DAY,
    n: int = Query(..., ge=1, le=MAX_WORKDAYS),
):
    from workdays.calendar import add_workdays

    try:
        due = add_workdays(date, n)
    except CalendarRangeError as error:
        return Status(404, {"detail": str(error)})
    except ValueError as error:
        return Status(400, {"detail": str(error)})
    return {**due.as_dict(), "explanation": due.explain()}
