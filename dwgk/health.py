"""/healthz and /readyz for load balancers and process supervisors (django-health-check).

/healthz says the process answers and touches nothing. /readyz says a server may take requests:
the database answers, every migration on disk is applied, the scheduler (on any server) finished a
job within twice its interval, and the files directory takes a file. Neither reads the session,
the signed-in user or the page cache (pagecache.cache wraps portal views only).
"""

import dataclasses
import datetime

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from health_check.base import HealthCheck
from health_check.checks import Database, Storage
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

from dwgk.jobs import scheduler_last_run


@dataclasses.dataclass
class MigrationsApplied(HealthCheck):
    """Every migration on disk is recorded as applied (one query)."""

    async def run(self):
        await sync_to_async(self._check)()

    def _check(self):
        applied = set(MigrationRecorder(connection).applied_migrations())
        missing = _migrations_on_disk() - applied
        if missing:
            names = ", ".join(sorted(f"{app}.{name}" for app, name in missing)[:5])
            raise ServiceUnavailable(f"{len(missing)} migration(s) not applied: {names}")


@dataclasses.dataclass
class SchedulerRecent(HealthCheck):
    """The scheduler finished a job within twice its interval (dwgk.jobs)."""

    async def run(self):
        await sync_to_async(self._check)()

    def _check(self):
        last = scheduler_last_run()
        window = datetime.timedelta(seconds=2 * settings.DWGK_SCHEDULER_INTERVAL_SECONDS)
        if last is None:
            raise ServiceUnavailable("the scheduler has never run")
        if last < timezone.now() - window:
            raise ServiceUnavailable(f"the scheduler last ran at {last.isoformat()}")


_disk_migrations: set[tuple[str, str]] | None = None


def _migrations_on_disk() -> set[tuple[str, str]]:
    """The migrations shipped with this release, read from disk once per process."""
    global _disk_migrations
    if _disk_migrations is None:
        _disk_migrations = set(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)
    return _disk_migrations


@require_safe
@never_cache
def healthz(request):
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


readyz = HealthCheckView.as_view(
    checks=(Database, Storage, MigrationsApplied, SchedulerRecent),
)

# Nothing here depends on who asks, so the sign-in gate (organizations.signin) need not read the
# session of a probe that happens to send a cookie.
healthz.gates_session = readyz.gates_session = True
