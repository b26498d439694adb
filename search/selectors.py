"""Search of disclosures for one reader.

Every statement that touches disclosures joins the full-text match with
`disclosure_visibility(user)` and the filters, so what a reader may not see is never in a result,
a snippet or a count (nothing is fetched and then filtered). A few statements, whatever the size
of the data:

1. the window: ids of the newest RANK_WINDOW + 1 matches this reader may see, newest first (on
   SQLite the FTS5 table yields matches in rowid order, so the scan stops once the window is full;
   on PostgreSQL the GIN index is asked one id bucket at a time, see `_postgresql_window`).
   Its length is the count, capped: the page says "1000+" beyond COUNT_CAP (counting every match of
   a common word among a million disclosures costs more than the rest of the page). Further matches
   are reachable by narrowing the query or the filters;
2. the ranking of that window, by two questions asked for the window's rows only (on SQLite of
   the index for the window's id range, on PostgreSQL of the rows the window statement fetched,
   in that statement): which of them match in the title, and which hold jieba's word for the
   query's words (not only the characters). Title matches come first, then whole-word matches, then the rest; newest
   first within each. Not bm25 or ts_rank: their document statistics make the index visit every
   match of the query in the whole collection (tens of milliseconds for 民主评议 among a million
   disclosures), and on SQLite and PostgreSQL they would order the same texts differently;
3. the page's rows with unit, category and the stored text for snippets (made for these rows only).
"""

import datetime
from itertools import pairwise
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import DisclosureForm
from disclosures.models import Disclosure
from disclosures.selectors import disclosure_visibility
from portal.selectors import LIST_ROW_FIELDS
from search.text import Query, QueryError, parse_query, snippet_html

__all__ = ["QueryError", "SearchHit", "SearchResults", "search_disclosures"]

MAX_PER_PAGE = 50
# Matches counted before the page says "more than"; also the most matches a reader can page through.
COUNT_CAP = 1000
# The newest matches (by id) that are ranked; the same as the cap, so every listed page is ranked.
RANK_WINDOW = COUNT_CAP
# PostgreSQL: the id bucket the GIN index holds beside the vector (migration search 0002; the
# expression must be the same text, or the index is not used for it).
ID_BUCKET = 20000
ID_BUCKET_SQL = f"(search_searchdocument.disclosure_id / {ID_BUCKET})"
# PostgreSQL: a row's vector matches the to_tsquery expression given as the parameter.
VECTOR_MATCHES_SQL = "search_searchdocument.vector @@ to_tsquery('simple', %s)"
# What a match in the title and a match of jieba's whole word add to a result's rank.
TITLE_RANK = 2.0
WORD_RANK = 1.0
# What a result row shows (the portal's list row) and its snippet is made from.
HIT_FIELDS = (*LIST_ROW_FIELDS, "body", "search_document__text")


class SearchHit(NamedTuple):
    disclosure: Disclosure
    snippet_html: str
    rank: float


class SearchResults(NamedTuple):
    total: int  # capped at COUNT_CAP; `more` says whether there are further matches
    page: int
    per_page: int
    results: list[SearchHit]
    more: bool = False

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
        raise QueryError(_("状态只能是当前或已归档"))
    return Disclosure.objects.filter(condition)


def _matching(queryset: QuerySet[Disclosure], query: Query) -> QuerySet[Disclosure]:
    """The full-text match joined into the queryset's own SQL (extra() because the index is not a
    model field: an FTS5 table on SQLite, a tsvector column on PostgreSQL)."""
    if connection.vendor == "sqlite":
        return queryset.extra(
            tables=["search_fts"],
            where=["search_fts MATCH %s", "search_fts.rowid = disclosures_disclosure.id"],
            params=[query.fts5()],
        )
    return queryset.extra(
        tables=["search_searchdocument"],
        where=[
            "search_searchdocument.disclosure_id = disclosures_disclosure.id",
            VECTOR_MATCHES_SQL,
        ],
        params=[query.tsquery()],
    )


def _sqlite_window(matching: QuerySet[Disclosure], query: Query) -> list[tuple[int, float]]:
    """(id, rank) of the newest RANK_WINDOW + 1 matches, newest first. FTS5 yields matches in rowid
    order, so the scan stops once the window is full; the ranking asks the index two questions
    about the window's id range only."""
    window = list(
        matching.extra(order_by=["-search_fts.rowid"]).values_list("pk", flat=True)[
            : RANK_WINDOW + 1
        ]
    )
    if not window:
        return []
    lowest, highest = min(window), max(window)
    in_title = _sqlite_matching_ids(query.fts5(title_only=True), lowest, highest)
    words = query.fts5_words()
    whole_words = _sqlite_matching_ids(words, lowest, highest) if words else set()
    return [(pk, _rank(pk in in_title, pk in whole_words)) for pk in window]


def _sqlite_matching_ids(expression: str, lowest: int, highest: int) -> set[int]:
    """Ids between lowest and highest whose index entry matches the expression (the index alone:
    every id asked about is already one the reader may see)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM search_fts WHERE search_fts MATCH %s AND rowid BETWEEN %s AND %s",
            [expression, lowest, highest],
        )
        return {row[0] for row in cursor.fetchall()}


def _postgresql_window(
    matching: QuerySet[Disclosure], query: Query, *, by_bucket: bool
) -> list[tuple[int, float]]:
    """(id, rank) of the newest RANK_WINDOW + 1 matches, newest first, in one statement.

    A GIN index cannot return matches in id order. So, by bucket: the index also holds each row's
    id bucket (migration search 0002), and the statement asks it for the matches of one bucket at
    a time, newest bucket first (a LATERAL join over the bucket numbers), until the window is
    full; a common word is found in the newest bucket or two, a rare one costs a quick empty index
    lookup per bucket. The title and whole-word questions of the ranking are asked of the rows
    just fetched. Without buckets (a search within one unit) the planner picks its own way, usually
    the unit's few disclosures."""
    words = query.tsquery_words()
    flagged = matching.extra(
        select={
            "in_title": VECTOR_MATCHES_SQL,
            "whole_word": VECTOR_MATCHES_SQL if words else "false",
        },
        select_params=[query.tsquery(title_only=True), *([words] if words else [])],
    )
    if by_bucket:
        flagged = flagged.extra(where=[f"{ID_BUCKET_SQL} = buckets.k"])
    newest = flagged.order_by("-pk").values_list("pk", "in_title", "whole_word")
    sql, params = newest[: RANK_WINDOW + 1].query.sql_with_params()
    if by_bucket:
        sql = (
            f"SELECT window_rows.* FROM generate_series((SELECT max(id) FROM "
            f"{Disclosure._meta.db_table}) / {ID_BUCKET}, 0, -1) AS buckets(k) "
            f"CROSS JOIN LATERAL ({sql}) AS window_rows LIMIT {RANK_WINDOW + 1}"
        )
    with transaction.atomic(), connection.cursor() as cursor:
        # Planned and run for one request: compiling it (JIT, tens of milliseconds) or starting
        # parallel workers for each bucket costs more than it saves.
        cursor.execute(
            "SELECT set_config('jit', 'off', true), "
            "set_config('max_parallel_workers_per_gather', '0', true)"
        )
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if by_bucket and any(newer[0] <= older[0] for newer, older in pairwise(rows)):
        # Only a plan that does not take the buckets in order could get here; the window
        # would not be the newest matches, so ask without buckets.
        return _postgresql_window(matching, query, by_bucket=False)
    return [(pk, _rank(in_title, whole_word)) for pk, in_title, whole_word in rows]


def _rank(in_title: bool, whole_word: bool) -> float:
    return TITLE_RANK * in_title + WORD_RANK * whole_word


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
    if connection.vendor == "sqlite":
        window = _sqlite_window(matching, parsed)
    else:
        window = _postgresql_window(matching, parsed, by_bucket=unit is None)
    total, more = min(len(window), COUNT_CAP), len(window) > COUNT_CAP
    offset = (page - 1) * per_page
    hits: list[SearchHit] = []
    if offset < total:
        best_first = sorted(window[:RANK_WINDOW], key=lambda row: (row[1], row[0]), reverse=True)
        ranked = best_first[offset : offset + per_page]
        rows = (
            Disclosure.objects.filter(pk__in=[pk for pk, _rank in ranked])
            .select_related("unit", "item__category", "search_document")
            .only(*HIT_FIELDS)
            .in_bulk()
        )
        for pk, rank in ranked:
            row = rows[pk]
            document = getattr(row, "search_document", None)
            text = f"{row.body}\n{document.text}" if document else row.body
            hits.append(SearchHit(row, snippet_html(text, parsed), rank))
    return SearchResults(total=total, page=page, per_page=per_page, results=hits, more=more)


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
