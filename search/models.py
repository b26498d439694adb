"""The search index: one SearchDocument per disclosure, plus the database's own full-text index.

The permission filter is not copied here. A search is a query on ``Disclosure`` joined to the index,
filtered by ``disclosures.selectors.disclosure_visibility(user)`` in the same SQL statement, so the
index can hold every disclosure in every state and still never show anything to the wrong reader.

The token columns live outside the model because they differ by database (see
``search/migrations/0001_initial.py``):

- SQLite: the FTS5 table ``search_fts(title, body)`` whose rowid is the disclosure id. It keeps its
  own copy of the token text, because SQLite 3.40 (Debian 12) cannot delete a row from a
  contentless FTS5 table without being given the old tokens again.
- PostgreSQL: the column ``search_searchdocument.vector`` (tsvector; title weighted A, body B) with
  a GIN index.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    disclosure = models.OneToOneField(
        "disclosures.Disclosure",
        verbose_name=_("公开事项"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_document",
    )
    # Published updates' text and the readable attachments' extracted text, for snippets
    # (the body itself is read from the disclosure, not copied).
    text = models.TextField(_("更新及附件文本"), blank=True)
    refreshed_at = models.DateTimeField(_("索引时间"))

    class Meta:
        verbose_name = _("检索索引")
        verbose_name_plural = _("检索索引")

    def __str__(self):
        return str(self.disclosure_id)
