"""Keeping the search index current. The disclosure services call `search_document_refresh` inside
their own transaction at every publish, update, retract, release and archive, so the index and the
disclosure change together or not at all."""

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Prefetch
from django.utils import timezone

from disclosures.models import Attachment, Disclosure, DisclosureUpdate
from search.models import SearchDocument
from search.text import index_text, plain

REBUILD_BATCH = 500


def _readable_parts(disclosure: Disclosure) -> list[str]:
    """Published updates and the attachments readers get (never evidence such as meeting minutes,
    never files of an update that is not published)."""
    published = {}
    for update in disclosure.updates.all():
        if update.status == DisclosureUpdate.Status.PUBLISHED:
            published[update.pk] = update
    parts = [f"{u.title}\n{plain(u.body)}" for u in published.values()]
    for attachment in disclosure.attachments.all():
        if attachment.is_evidence or not attachment.text:
            continue
        if attachment.update_id is not None and attachment.update_id not in published:
            continue
        parts.append(attachment.text)
    return parts


def index_rows_write(rows: Iterable[tuple[int, str, str]]) -> None:
    """Write (disclosure id, title tokens, body tokens) into the database's full-text index.
    The SearchDocument rows must exist (PostgreSQL keeps the vector on them)."""
    rows = list(rows)
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.executemany("DELETE FROM search_fts WHERE rowid = %s", [(r[0],) for r in rows])
            cursor.executemany(
                "INSERT INTO search_fts (rowid, title, body) VALUES (%s, %s, %s)", rows
            )
        elif connection.vendor == "postgresql":
            cursor.executemany(
                "UPDATE search_searchdocument SET vector = "
                "setweight(to_tsvector('simple', %s), 'A') || "
                "setweight(to_tsvector('simple', %s), 'B') WHERE disclosure_id = %s",
                [(title, body, pk) for pk, title, body in rows],
            )
        else:  # pragma: no cover - the project supports these two
            raise NotImplementedError(f"search is not available on {connection.vendor}")


def _documents_write(disclosures: list[Disclosure]) -> None:
    now = timezone.now()
    documents, rows = [], []
    for disclosure in disclosures:
        parts = _readable_parts(disclosure)
        documents.append(
            SearchDocument(disclosure_id=disclosure.pk, text="\n".join(parts), refreshed_at=now)
        )
        body = "\n".join([plain(disclosure.body), *parts])
        rows.append((disclosure.pk, index_text(disclosure.title), index_text(body)))
    SearchDocument.objects.filter(pk__in=[d.pk for d in disclosures]).delete()
    SearchDocument.objects.bulk_create(documents)
    index_rows_write(rows)


def _with_parts(queryset):
    return queryset.prefetch_related(
        Prefetch(
            "updates",
            queryset=DisclosureUpdate.objects.only(
                "id", "disclosure_id", "title", "body", "status"
            ),
        ),
        Prefetch(
            "attachments",
            queryset=Attachment.objects.only(
                "id", "disclosure_id", "update_id", "text", "is_evidence"
            ),
        ),
    )


@transaction.atomic
def search_document_refresh(*, disclosure: Disclosure) -> None:
    """Re-index one disclosure: its title, body, published updates and readable attachments.
    Whether someone may see it is decided at query time, so every state is indexed."""
    fresh = _with_parts(Disclosure.objects.filter(pk=disclosure.pk)).only("id", "title", "body")
    _documents_write(list(fresh))


def search_documents_rebuild(*, batch_size: int = REBUILD_BATCH, progress=None) -> int:
    """Re-index every disclosure, one transaction per batch; returns how many were indexed."""
    with transaction.atomic():
        SearchDocument.objects.exclude(disclosure__in=Disclosure.objects.all()).delete()
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(
                    "DELETE FROM search_fts WHERE rowid NOT IN (SELECT id FROM disclosures_disclosure)"
                )
    count, last = 0, 0
    base = _with_parts(Disclosure.objects.only("id", "title", "body")).order_by("pk")
    while True:
        batch = list(base.filter(pk__gt=last)[:batch_size])
        if not batch:
            return count
        with transaction.atomic():
            _documents_write(batch)
        count += len(batch)
        last = batch[-1].pk
        if progress:
            progress(len(batch))
