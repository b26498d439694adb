"""The record of the scheduler's job runs (`ScheduledJob`), shared by every server.

Not an audit event: a run every few minutes on every server is operations, not a change anyone
made; the jobs' own changes (releases, archiving, reminders) write their events themselves.
"""

from django.db.models import F
from django.utils import timezone

from dwgk.models import ScheduledJob


def job_run_record(*, name: str, ok: bool) -> None:
    """Count one finished run of `name` (one statement; several servers may count at once)."""
    now = timezone.now()
    changes = {"runs": F("runs") + 1, "last_run_at": now}
    if not ok:
        changes.update(failures=F("failures") + 1, last_failed_at=now)
    if not ScheduledJob.objects.filter(name=name).update(**changes):
        ScheduledJob.objects.get_or_create(name=name)
        ScheduledJob.objects.filter(name=name).update(**changes)


def scheduler_last_run():
    """When any job last finished a run, or None."""
    return (
        ScheduledJob.objects.order_by("-last_run_at").values_list("last_run_at", flat=True).first()
    )
