"""The page cache's two tables move here from the portal app: state only, the tables (and the
triggers of portal 0003 on them) stay as they are."""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("portal", "0004_cached_page"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PublicContentVersion",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("version", models.BigIntegerField(default=0, verbose_name="版本")),
                        (
                            "access_version",
                            models.BigIntegerField(default=0, verbose_name="权限版本"),
                        ),
                    ],
                    options={
                        "verbose_name": "公开内容版本",
                        "verbose_name_plural": "公开内容版本",
                        "db_table": "portal_publiccontentversion",
                    },
                ),
                migrations.CreateModel(
                    name="CachedPage",
                    fields=[
                        (
                            "key",
                            models.CharField(
                                max_length=120,
                                primary_key=True,
                                serialize=False,
                                verbose_name="键",
                            ),
                        ),
                        ("content_type", models.CharField(max_length=100, verbose_name="内容类型")),
                        ("content", models.BinaryField(verbose_name="内容")),
                        ("expires_at", models.DateTimeField(db_index=True, verbose_name="过期时间")),
                    ],
                    options={
                        "verbose_name": "页面缓存",
                        "verbose_name_plural": "页面缓存",
                        "db_table": "portal_cachedpage",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
