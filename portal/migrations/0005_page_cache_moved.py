"""The page cache's tables now belong to the pagecache app (its migration 0001): state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0004_cached_page"),
        ("pagecache", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="CachedPage"),
                migrations.DeleteModel(name="PublicContentVersion"),
            ],
            database_operations=[],
        ),
    ]
