"""PostgreSQL: the GIN index on the search vector also holds each row's id bucket
(disclosure id // 20000), so a search can ask for the matches of one bucket at a time, newest
bucket first, and stop once it has enough (see search/selectors.py). A GIN index cannot return
matches in id order; without buckets a common word meant fetching every match in the table or
testing the vector of every row walking ids backwards.

btree_gin lets a GIN index hold the bigint bucket beside the tsvector. It is a trusted extension
(PostgreSQL 13+): the owner of the database may create it without being a superuser.
SQLite is unchanged: FTS5 already yields matches in rowid order.
"""

from django.db import migrations

# The bucket expression of the index; search.selectors.ID_BUCKET_SQL must be the same text, or
# PostgreSQL will not use the index for it.
BUCKETED = [
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    "CREATE INDEX search_document_bucket_vector ON search_searchdocument "
    "USING gin ((disclosure_id / 20000), vector)",
    "DROP INDEX IF EXISTS search_document_vector",
]
UNBUCKETED = [
    "CREATE INDEX search_document_vector ON search_searchdocument USING gin (vector)",
    "DROP INDEX IF EXISTS search_document_bucket_vector",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(_run(BUCKETED), _run(UNBUCKETED))]
