from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections


class Command(FlushCommand):
    """Django's flush, able to empty the append-only audit table (test databases and demo resets only)."""

    def handle(self, **options):
        if settings.PRODUCTION:
            raise CommandError("flush is refused when DWGK_ENV=production (生产环境禁止清空数据库)")
        connection = connections[options["database"]]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET dwgk.audit_maintenance = 'on'")
            else:
                cursor.execute("INSERT INTO audit_maintenance (flag) VALUES (1)")
        try:
            return super().handle(**options)
        finally:
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute("RESET dwgk.audit_maintenance")
                else:
                    cursor.execute("DELETE FROM audit_maintenance")
