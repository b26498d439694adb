"""The access version: database triggers count every change of who may read what.

Members' cached pages are keyed by it (portal.cache), so a membership or role that is added,
changed or removed by any code — a service, the back office, a shell — takes effect on the next
request on every server. Triggers rather than calls in the services, because a missed call would
leave someone reading what they may no longer read.
"""

from django.db import migrations, models

TABLES = (
    "organizations_organization",
    "organizations_department",
    "organizations_membership",
    "organizations_roleassignment",
)
BUMP = "UPDATE portal_publiccontentversion SET access_version = access_version + 1 WHERE id = 1"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"""CREATE OR REPLACE FUNCTION portal_access_changed() RETURNS trigger AS $$
                BEGIN {BUMP}; RETURN NULL; END; $$ LANGUAGE plpgsql"""
        )
        for table in TABLES:
            schema_editor.execute(
                f"""CREATE TRIGGER {table}_access_changed
                    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
                    FOR EACH STATEMENT EXECUTE FUNCTION portal_access_changed()"""
            )
        return
    for table in TABLES:
        for operation in ("INSERT", "UPDATE", "DELETE"):
            schema_editor.execute(
                f"""CREATE TRIGGER {table}_access_{operation.lower()} AFTER {operation} ON {table}
                    BEGIN {BUMP}; END"""
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_access_changed ON {table}")
        schema_editor.execute("DROP FUNCTION IF EXISTS portal_access_changed()")
        return
    for table in TABLES:
        for operation in ("insert", "update", "delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_access_{operation}")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_public_content_version"),
        ("organizations", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="publiccontentversion",
            name="access_version",
            field=models.BigIntegerField(default=0, verbose_name="权限版本"),
        ),
        migrations.RunPython(create, drop),
    ]
