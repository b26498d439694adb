import secrets

from django.conf import settings
from django.core.management import call_command
from django.db import migrations, models


def create_row_and_cache_table(apps, schema_editor):
    apps.get_model("portal", "PublicContentVersion").objects.using(
        schema_editor.connection.alias
    ).get_or_create(pk=1, defaults={"version": secrets.randbits(62)})
    # The shared page cache (settings.CACHES["pages"], a DatabaseCache) lives in this database.
    table = settings.CACHES.get("pages", {}).get("LOCATION")
    if table:
        call_command(
            "createcachetable", table, database=schema_editor.connection.alias, verbosity=0
        )


def drop_cache_table(apps, schema_editor):
    table = settings.CACHES.get("pages", {}).get("LOCATION")
    if table:
        schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(table)}")


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="PublicContentVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("version", models.BigIntegerField(default=0, verbose_name="版本")),
            ],
            options={"verbose_name": "公开内容版本", "verbose_name_plural": "公开内容版本"},
        ),
        migrations.RunPython(create_row_and_cache_table, drop_cache_table),
    ]
