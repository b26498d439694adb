from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections


class Command(FlushCommand):
    """Django's flush, able to empty the append-only audit table (test databases and demo resets only).

    Afterwards it puts back the reference data that migrations install (the official calendar and
    the forms of disclosure), so that a flushed database is a freshly migrated one: the test runner
    flushes after every transactional test, and later tests rely on that data.
    """

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
            super().handle(**options)
        finally:
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute("RESET dwgk.audit_maintenance")
                else:
                    cursor.execute("DELETE FROM audit_maintenance")
        restore_reference_data()


def restore_reference_data() -> None:
    from catalog.services import disclosure_forms_ensure
    from workdays.models import CalendarYear, SpecialDay
    from workdays.seed import seed_calendar

    seed_calendar(CalendarYear, SpecialDay)
    disclosure_forms_ensure()
    # The page cache table is not a model's and survives the flush: start a version no page has.
    from pagecache.cache import public_content_changed

    public_content_changed()
    # So are the rate-limit counters (dwgk.ratelimit): a flushed database has counted nobody.
    from django.core.cache import caches

    caches["ratelimit"].clear()
