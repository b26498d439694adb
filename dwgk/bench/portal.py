"""`python -m dwgk.bench portal`: the portal pages under load, against a trivial view as the ceiling.

    python -m dwgk.bench portal [--duration 10] [--workers 3] [--connections 3]

Serves the configured database (fill it first with `python -m dwgk.bench data`) with gunicorn on a
loopback port and measures each page with wrk (Debian's package). The ceiling is `ceiling()` below,
a view that renders nothing and touches no table, on the same server in the same run; every page is
reported as a ratio to it. For each page: requests/s, ratio, p50/p95/p99 latency, SQL queries per
request (counted in-process with CaptureQueriesContext) and the peak memory of any worker.

Targets (issue 5): every page ≥ 30% of the ceiling; search p95 < 100 ms; no worker above 200 MB.
The ceiling route exists only when settings.DWGK_BENCH is true, which `wsgi()` sets for gunicorn.
"""

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

from django.http import HttpResponse

CEILING_PATH = "/bench/ceiling/"
LUA = """
done = function(summary, latency, requests)
  for _, p in pairs({50, 95, 99}) do
    io.write(string.format("DWGK_P%d %d\\n", p, latency:percentile(p)))
  end
end
"""


# Searches never asked before in this run ("fresh"): each request takes the next of these queries
# with a counter no other request has, so none is answered from the shared page cache. They show
# what a search costs the database; the 30% target is for the pages as readers repeat them.
FRESH_QUERIES = (
    "党费", "换届", "考核", "党费 收缴", "民主评议", "组织生活会", "换届 选举 2024", "发展党员",
    '"三会一课"', "党费 2023", "考核 结果", "预备党员", "主题党日", "党支部 换届", "廉政", "党建 考核",
)  # fmt: skip
FRESH_SEARCHES = ["/search/?q=" + quote(query) for query in FRESH_QUERIES]
FRESH_LUA = """
local paths = {%(paths)s}
local threads = {}
setup = function(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end
local counter = 0
request = function()
  counter = counter + 1
  local path = paths[(counter %% #paths) + 1]
  return wrk.format(nil, path .. "&fresh=%(run)s-" .. id .. "-" .. counter)
end
"""


def ceiling(request):
    """The ceiling: the whole Django stack (middleware, session, URL resolution) and no query."""
    return HttpResponse("ok", content_type="text/plain")


def wsgi():
    """gunicorn 'dwgk.bench.portal:wsgi()': the project's application with the ceiling route on."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dwgk.settings")
    import django
    from django.conf import settings

    django.setup()
    settings.DWGK_BENCH = True
    from django.core.wsgi import get_wsgi_application

    from search.text import warm_up

    application = get_wsgi_application()
    warm_up()  # as dwgk/wsgi.py does for the product, before gunicorn --preload forks
    return application


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _targets():
    """(label, path, needs member cookie) of every page measured, chosen from the data."""
    from django.contrib.auth.models import AnonymousUser

    from organizations.models import Organization
    from portal.pagination import PER_PAGE
    from portal.selectors import portal_disclosures

    unit = Organization.objects.filter(code="bench-u00000").first()
    if unit is None:
        unit = (
            Organization.objects.filter(tier=Organization.Tier.UNIT)
            .order_by("sort_order", "path")
            .first()
        )
    code = unit.code if unit else "missing"
    # The unit page lists exactly this queryset; its last page is the deep page measured.
    listed = portal_disclosures(AnonymousUser()).filter(unit=unit) if unit else None
    disclosure = listed.first() if listed is not None else None
    deep = max(1, -(-listed.count() // PER_PAGE)) if listed is not None else 1
    return [
        ("ceiling (trivial view)", CEILING_PATH, False, False),
        ("home /", "/", False, False),
        ("unit list", f"/units/{code}/", False, False),
        (f"unit list last page {deep}", f"/units/{code}/?page={deep}", False, False),
        ("disclosure page", f"/disclosures/{disclosure.pk if disclosure else 0}/", False, False),
        ("search 党费", "/search/?q=" + quote("党费"), False, False),
        ("search 党费 收缴 2024", "/search/?q=" + quote("党费 收缴 2024"), False, False),
        ("member: my units", "/my/", True, False),
        ("member: search 党费", "/search/?q=" + quote("党费"), True, False),
        ("search, new query each", FRESH_SEARCHES[0], False, True),
        ("member: new query each", FRESH_SEARCHES[0], True, True),
    ]


def _member_cookie():
    from django.test import Client

    from organizations.models import Role, User

    # A plain party member (no role beyond membership): the reader the member pages are for.
    plain = User.objects.filter(
        memberships__isnull=False, is_superuser=False, is_active=True
    ).exclude(roles__role__in=[role for role in Role.values if role != Role.MEMBER])
    member = (
        plain.filter(username__startswith="bench-m").order_by("username").first()
        or plain.order_by("username").first()
    )
    if member is None:
        return None, None
    client = Client()
    client.force_login(member)
    client.get("/my/")  # the CSRF cookie a browser holds after its first page
    cookies = {name: client.cookies[name].value for name in ("sessionid", "csrftoken")}
    return member, "; ".join(f"{name}={value}" for name, value in cookies.items())


def _in_process(path: str, cookie: str | None, fresh: bool) -> tuple[int, int]:
    """Status and number of SQL queries of one request, served in this process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(headers={"cookie": cookie} if cookie else {})
    # Warm what the server's workers would have warm too (a fresh search: with another address).
    client.get(path + ("&fresh=warm" if fresh else ""))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path + (f"&fresh={time.time_ns()}" if fresh else ""))
    return response.status_code, len(queries)


class PeakMemory(threading.Thread):
    """Polls the resident memory of gunicorn's workers; keeps the largest seen."""

    def __init__(self, master_pid: int):
        super().__init__(daemon=True)
        self.master_pid = master_pid
        self.peak_kb = 0
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.wait(0.25):
            for pid in self._workers():
                try:
                    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                        if line.startswith("VmRSS:"):
                            self.peak_kb = max(self.peak_kb, int(line.split()[1]))
                except (FileNotFoundError, ProcessLookupError):
                    continue

    def _workers(self) -> list[int]:
        try:
            children = Path(f"/proc/{self.master_pid}/task/{self.master_pid}/children").read_text()
        except FileNotFoundError:
            return []
        return [int(pid) for pid in children.split()]


def _wrk(url: str, *, duration: int, connections: int, cookie: str | None, script: str) -> dict:
    command = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "30s",
        "--latency",
        "-s",
        script,
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    completed = subprocess.run(
        [*command, url], capture_output=True, text=True, timeout=duration + 60
    )
    output = completed.stdout
    if "Requests/sec:" not in output:
        print(f"wrk: {completed.stderr.strip() or output.strip()}", file=sys.stderr)
    result = {"rps": 0.0, "errors": 0}
    for line in output.splitlines():
        line = line.strip()
        if line.startswith("Requests/sec:"):
            result["rps"] = float(line.split()[1])
        elif line.startswith("DWGK_P"):
            name, micros = line.split()
            result[name[5:].lower()] = int(micros) / 1000
        elif line.startswith("Non-2xx or 3xx responses:"):
            result["errors"] = int(line.split()[-1])
        elif "Socket errors" in line:
            result["socket"] = line
    return result


def _wait_for(port: int, workers: int, timeout: float = 60) -> None:
    """Until every worker has booted and answered the ceiling."""
    from urllib.request import urlopen

    deadline = time.monotonic() + timeout
    answered = 0
    while time.monotonic() < deadline:
        try:
            with urlopen(f"http://127.0.0.1:{port}{CEILING_PATH}", timeout=5) as response:
                answered += response.status == 200
                if answered >= workers * 3:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start / gunicorn 未能启动")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m dwgk.bench portal")
    parser.add_argument("--duration", type=int, default=10, help="seconds per page")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1)
    parser.add_argument(
        "--connections",
        type=int,
        default=None,
        help="wrk connections (default: one per worker, so latency is the page's own time, "
        "not time spent queueing for a worker; throughput is saturated either way)",
    )
    args = parser.parse_args(argv)
    args.connections = args.connections or args.workers
    if shutil.which("wrk") is None:
        print(
            "需要 wrk（apt-get install wrk）/ wrk is required (apt-get install wrk)",
            file=sys.stderr,
        )
        return 2

    from django.conf import settings
    from django.db import connection

    settings.DWGK_BENCH = True
    from disclosures.models import Disclosure

    rows = Disclosure.objects.count()
    member, cookie = _member_cookie()
    targets = _targets()
    measured_in_process = [
        (
            label,
            path,
            member_only,
            fresh,
            *_in_process(path, cookie if member_only else None, fresh),
        )
        for label, path, member_only, fresh in targets
    ]

    port = _free_port()
    env = {**os.environ, "DEBUG": "false", "DJANGO_SETTINGS_MODULE": "dwgk.settings"}
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    server = subprocess.Popen(
        [
            gunicorn,
            "dwgk.bench.portal:wsgi()",
            "--preload",
            "-w",
            str(args.workers),
            "-b",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "/dev/null",
            "--error-logfile",
            "-",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=str(settings.BASE_DIR),
    )
    memory = PeakMemory(server.pid)
    results = []
    try:
        _wait_for(port, args.workers)
        memory.start()
        run = time.time_ns()
        fresh_paths = ", ".join(f'"{path}"' for path in FRESH_SEARCHES)
        scripts = {}
        for fresh, text in (
            (False, LUA),
            (True, FRESH_LUA % {"paths": fresh_paths, "run": run} + LUA),
        ):
            with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
                script.write(text)
            scripts[fresh] = script.name
        for label, path, member_only, fresh, status, queries in measured_in_process:
            if status != 200:
                results.append((label, path, fresh, status, queries, None))
                continue
            url = f"http://127.0.0.1:{port}{path}"
            options = {
                "connections": args.connections,
                "cookie": cookie if member_only else None,
                "script": scripts[fresh],
            }
            _wrk(url, duration=1, **options)
            result = _wrk(url, duration=args.duration, **options)
            results.append((label, path, fresh, status, queries, result))
        for name in scripts.values():
            os.unlink(name)
    finally:
        memory.stopped.set()
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()

    ceiling_rps = next((r[5]["rps"] for r in results if r[1] == CEILING_PATH and r[5]), 0.0)
    print()
    print(
        f"database {connection.vendor}, {rows} disclosures, gunicorn {args.workers} workers, "
        f"wrk {args.connections} connections × {args.duration} s per page, member {member}"
    )
    # Other work on the machine lowers every row alike; the ratio to the ceiling absorbs most of it.
    print(
        "load average (1, 5, 15 min) at the end: " + ", ".join(f"{x:.2f}" for x in os.getloadavg())
    )
    header = f"{'page':<26} {'status':>6} {'req/s':>8} {'ceiling':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'SQL':>4}  check"
    print(header)
    print("-" * len(header))
    failures = 0
    for label, path, fresh, status, queries, result in results:
        if result is None:
            note = "missing (no such page yet)" if status == 404 else f"HTTP {status} in-process"
            print(
                f"{label:<26} {status:>6} {'—':>8} {'—':>8} {'—':>7} {'—':>7} {'—':>7} {queries:>4}  {note}"
            )
            failures += 1
            continue
        ratio = result["rps"] / ceiling_rps if ceiling_rps else 0
        checks = []
        if path != CEILING_PATH and ratio < 0.30 and not fresh:
            checks.append("below 30% of ceiling")
        if path.startswith("/search/") and result.get("p95", 0) >= 100:
            checks.append("search p95 ≥ 100 ms")
        if result["errors"]:
            checks.append(f"{result['errors']} non-2xx")
        failures += bool(checks)
        print(
            f"{label:<26} {status:>6} {result['rps']:>8.0f} {ratio:>7.0%} {result.get('p50', 0):>7.1f} "
            f"{result.get('p95', 0):>7.1f} {result.get('p99', 0):>7.1f} {queries:>4}  "
            f"{'; '.join(checks) or ('OK (p95 target)' if fresh else 'OK')}"
        )
    peak_mb = memory.peak_kb / 1024
    memory_ok = peak_mb <= 200
    failures += not memory_ok
    print(
        f"peak worker memory: {peak_mb:.0f} MB ({'OK, ≤ 200 MB' if memory_ok else 'ABOVE 200 MB'})"
    )
    print("targets met" if not failures else f"{failures} target(s) missed")
    return 0 if not failures else 1
