import os
import subprocess
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "在 http://127.0.0.1:8000 提供服务并在后台运行定时任务 / Serve with gunicorn and run the scheduler"

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("DWGK_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("DWGK_WORKERS", "2")))
        parser.add_argument("--no-scheduler", action="store_true")

    def handle(self, *args, bind, workers, no_scheduler, **options):
        bin_dir = os.path.dirname(sys.executable)
        scheduler = None
        if not no_scheduler:
            scheduler = subprocess.Popen([os.path.join(bin_dir, "dwgk"), "scheduler"])
            self.stdout.write("后台定时任务已启动 / Background scheduler started")
        self.stdout.write(f"访问 / Open http://{bind}/")
        try:
            subprocess.run(
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
                check=False,
            )
        except KeyboardInterrupt:
            pass
        finally:
            if scheduler is not None:
                scheduler.terminate()
                scheduler.wait(timeout=10)
