"""The table of the "ratelimit" cache (settings.CACHES): the rate-limit counters every server shares."""

from django.conf import settings
from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # Without names the command creates the table of every database cache in settings.CACHES
    # (a name given here would be taken as the table's name, not the cache's).
    call_command("createcachetable", database=schema_editor.connection.alias)


def drop_cache_table(apps, schema_editor):
    table = settings.CACHES["ratelimit"]["LOCATION"]
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(table)}")


class Migration(migrations.Migration):
    dependencies = [("dwgk", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
