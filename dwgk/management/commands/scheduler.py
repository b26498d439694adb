import logging
import signal
import time

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from dwgk.jobs import job_run_record

logger = logging.getLogger("dwgk.scheduler")

# Every job is idempotent and claims its rows with a conditional update, so this loop may run on
# every server at once, and the same commands may also run from cron.
JOBS = ["remind", "release_scheduled", "archive_expired", "prepare_exports"]


class Command(BaseCommand):
    help = "定时运行提醒、到期转为社会公开、到期归档 / Run the background jobs on a schedule"

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=None, help="seconds between runs")
        parser.add_argument("--once", action="store_true", help="run every job once and exit")

    def handle(self, *args, interval=None, once=False, **options):
        interval = interval or settings.DWGK_SCHEDULER_INTERVAL_SECONDS
        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        available = get_commands()
        while not stopping:
            for job in JOBS:
                if job not in available:
                    continue
                ok = False
                try:
                    call_command(job, verbosity=0)
                    ok = True
                except Exception:  # one failing job must not stop the others or the loop
                    logger.exception("job %s failed", job)
                finally:
                    _record(job, ok)
                    close_old_connections()
            if once:
                return
            slept = 0
            while slept < interval and not stopping:
                time.sleep(1)
                slept += 1


def _record(job: str, ok: bool) -> None:
    try:
        job_run_record(name=job, ok=ok)
    except Exception:  # a database that is away now must not stop the loop either
        logger.exception("could not record the run of job %s", job)
