"""Search of disclosures for one reader.

One SQL statement returns the page: the disclosures that match the full-text query AND
`disclosure_visibility(user)` AND the filters, ranked, with the total count (a window function)
and the stored text for snippets. Nothing is fetched and then filtered, so what a reader may not
see is never in a result, a snippet or a count. Snippets are made only for the rows of the page.
"""

import datetime
from typing import NamedTuple

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from catalog.models import DisclosureForm
from disclosures.models import Disclosure
from disclosures.selectors import disclosure_visibility
from search.text import Query, QueryError, parse_query, snippet_html

__all__ = ["QueryError", "SearchHit", "SearchResults", "search_disclosures"]

MAX_PER_PAGE = 50
# Title matches weigh ten times body matches (SQLite bm25 column weights; PostgreSQL A vs B).
# (search_fts.rank is bm25(10.0, 1.0), configured in the migration; lower is better.)
SQLITE_RANK = "-search_fts.rank"
POSTGRES_WEIGHTS = "'{0.1, 0.1, 0.1, 1.0}'"


class SearchHit(NamedTuple):
    disclosure: Disclosure
    snippet_html: str
    rank: float


class SearchResults(NamedTuple):
    total: int
    page: int
    per_page: int
    results: list[SearchHit]

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _filtered(user, *, unit, category, year, form, state) -> QuerySet[Disclosure]:
    condition = disclosure_visibility(user)
    if unit is not None:
        condition &= Q(unit_id=getattr(unit, "pk", unit))
    if category:
        condition &= Q(item__category__name=getattr(category, "name", category))
    if year:
        tz = timezone.get_current_timezone()
        start = datetime.datetime(int(year), 1, 1, tzinfo=tz)
        end = datetime.datetime(int(year) + 1, 1, 1, tzinfo=tz)
        condition &= Q(published_at__gte=start, published_at__lt=end)
    if form:
        code = getattr(form, "code", form)
        through = Disclosure.forms.through.objects.filter(disclosureform__code=code)
        condition &= Q(pk__in=through.values("disclosure_id"))
    if state == "archived":
        condition &= Q(status=Disclosure.Status.ARCHIVED)
    elif state == "current":
        condition &= ~Q(status=Disclosure.Status.ARCHIVED)
    elif state:
        raise QueryError("状态只能是当前或已归档 / State must be current or archived")
    return Disclosure.objects.filter(condition)


def _matching(queryset: QuerySet[Disclosure], query: Query) -> QuerySet[Disclosure]:
    """The full-text match joined into the queryset's own SQL (extra() because the index is not a
    model field: an FTS5 table on SQLite, a tsvector column on PostgreSQL)."""
    join = "search_searchdocument.disclosure_id = disclosures_disclosure.id"
    if connection.vendor == "sqlite":
        return queryset.extra(
            tables=["search_fts", "search_searchdocument"],
            where=["search_fts MATCH %s", "search_fts.rowid = disclosures_disclosure.id", join],
            params=[query.fts5()],
        )
    return queryset.extra(
        tables=["search_searchdocument"],
        where=[join, "search_searchdocument.vector @@ to_tsquery('simple', %s)"],
        params=[query.tsquery()],
    )


def _ranked(queryset: QuerySet[Disclosure], query: Query) -> QuerySet[Disclosure]:
    select = {"search_total": "COUNT(*) OVER ()", "search_text": "search_searchdocument.text"}
    select_params: list = []
    if connection.vendor == "sqlite":
        select["search_rank"] = SQLITE_RANK
    else:
        select["search_rank"] = (
            f"ts_rank_cd({POSTGRES_WEIGHTS}, search_searchdocument.vector, to_tsquery('simple', %s))"
        )
        select_params.append(query.tsquery())
    return (
        queryset.extra(select=select, select_params=select_params)
        .select_related("unit", "item__category")
        .order_by("-search_rank", "-published_at", "-id")
    )


def search_disclosures(
    user,
    query: str | Query,
    *,
    unit=None,
    category=None,
    year: int | None = None,
    form=None,
    state: str | None = None,
    page: int = 1,
    per_page: int = 20,
) -> SearchResults:
    """Disclosures this user may read that match the query, best first. Raises QueryError
    (bilingual message) for a query that cannot be run."""
    parsed = query if isinstance(query, Query) else parse_query(query)
    page = max(1, int(page))
    per_page = max(1, min(MAX_PER_PAGE, int(per_page)))
    matching = _matching(
        _filtered(user, unit=unit, category=category, year=year, form=form, state=state), parsed
    )
    offset = (page - 1) * per_page
    rows = list(_ranked(matching, parsed)[offset : offset + per_page])
    if rows:
        total = rows[0].search_total
    else:
        total = matching.count() if page > 1 else 0
    hits = [
        SearchHit(
            row,
            snippet_html(f"{row.body}\n{row.search_text}", parsed),
            float(row.search_rank or 0),
        )
        for row in rows
    ]
    return SearchResults(total=total, page=page, per_page=per_page, results=hits)


def search_form_choices() -> dict:
    """Options of the search form's filters (forms from the table; categories by name)."""
    from django.core.cache import cache

    def load():
        from catalog.models import Category

        return {
            "forms": list(DisclosureForm.objects.values_list("code", "name")),
            "categories": sorted(set(Category.objects.values_list("name", flat=True).distinct())),
        }

    return cache.get_or_set("search:form-choices", load, 300)
