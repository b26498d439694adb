import os
import shutil
import signal
import subprocess
import sys
import tempfile

from django.core.management.base import BaseCommand, CommandError

# Seconds each child has to stop after SIGTERM before it is killed: gunicorn's graceful timeout
# is 5 s; a scheduler job in progress finishes first.
STOP_TIMEOUT = 30


class _Stop(Exception):
    pass


def _stop(signum, frame):
    raise _Stop


class Command(BaseCommand):
    help = "在 http://127.0.0.1:8000 提供服务并在后台运行定时任务 / Serve with gunicorn and run the scheduler"

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("DWGK_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("DWGK_WORKERS", "2")))
        parser.add_argument("--no-scheduler", action="store_true")

    def handle(self, *args, bind, workers, no_scheduler, **options):
        """gunicorn and the scheduler as children; SIGTERM or Ctrl-C stops both, and this
        command returns only once neither is left."""
        bin_dir = os.path.dirname(sys.executable)
        # gunicorn's workers add up their /metrics in here (dwgk.metrics); a fresh one each start.
        env = dict(os.environ)
        metrics_dir = None
        if not env.get("PROMETHEUS_MULTIPROC_DIR"):
            metrics_dir = tempfile.mkdtemp(prefix="dwgk-metrics-")
            env["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir
        children = []
        previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            if not no_scheduler:
                children.append(subprocess.Popen([os.path.join(bin_dir, "dwgk"), "scheduler"]))
                self.stdout.write("后台定时任务已启动 / Background scheduler started")
            gunicorn = subprocess.Popen(
                [
                    os.path.join(bin_dir, "gunicorn"),
                    "dwgk.wsgi:application",
                    "--preload",
                    "--bind",
                    bind,
                    "--workers",
                    str(workers),
                    "--access-logfile",
                    "-",
                    "--graceful-timeout",
                    "5",
                ],
                env=env,
            )
            children.append(gunicorn)
            self.stdout.write(f"访问 / Open http://{bind}/")
            code = gunicorn.wait()
            if code:
                raise CommandError(f"gunicorn 已退出（{code}）/ gunicorn exited with {code}")
        except _Stop:
            pass
        finally:
            # No signal may interrupt the stopping itself; a second Ctrl-C waits like the first.
            for sig in previous:
                signal.signal(sig, signal.SIG_IGN)
            _stop_all(children)
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            if metrics_dir:
                shutil.rmtree(metrics_dir, ignore_errors=True)


def _stop_all(children: list[subprocess.Popen]) -> None:
    for child in children:
        if child.poll() is None:
            child.terminate()
    for child in children:
        try:
            child.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
