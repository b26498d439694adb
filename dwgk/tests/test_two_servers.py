"""Two application servers on one PostgreSQL database behind Debian's nginx (round robin), as
deploy/ sets them up: what one server does, the other shows at once.

Runs only on PostgreSQL (DATABASE_URL) with /usr/sbin/nginx (.ci/run installs both). The servers
get a database of their own on the same PostgreSQL server and one files directory.
"""

import http.client
import json
import os
import secrets
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path
from urllib.parse import urlencode

import dj_database_url
import psycopg
import pytest

from dwgk.tests.test_serve import DWGK, free_port, wait_until_answering

NGINX = "/usr/sbin/nginx"
REPO = Path(__file__).resolve().parents[2]
CLIENT = "127.0.0.5"  # the client's own address: nginx sees it, the servers only through nginx

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="needs DATABASE_URL on PostgreSQL",
    ),
    pytest.mark.skipif(not Path(NGINX).exists(), reason="needs Debian's nginx"),
]

SETUP = """
import datetime, json
from django.utils import timezone
from catalog import demo as catalog_demo
from disclosures.models import Disclosure
from disclosures.tests.factory import item, make
from dwgk.testing import build_personas
from obligations.services import obligation_record_decision
from organizations import demo as organizations_demo
S = Disclosure.Status
p = build_personas()
catalog_demo.load(organizations_demo.load())
today = timezone.localdate()
public = make(p, S.PUBLIC, "public", title="双机撤回核对事项")
draft = make(p, S.DRAFT, attach=False, title="双机附件核对事项")
due = make(p, S.INTERNAL, title="双机到期转社会公开事项")
Disclosure.objects.filter(pk=due.pk).update(public_from=timezone.now() - datetime.timedelta(minutes=1))
expired = make(p, S.PUBLIC, "public", title="双机到期归档事项")
Disclosure.objects.filter(pk=expired.pk).update(retention_until=today - datetime.timedelta(days=1))
obligation_record_decision(
    item=item(p, 20), decided_on=today - datetime.timedelta(days=40), actor=p.office, title="逾期决定"
)
print(json.dumps({"public": public.pk, "draft": draft.pk, "due": due.pk, "expired": expired.pk}))
"""

NGINX_CONF = """
worker_processes 1;
pid {prefix}/nginx.pid;
daemon off;
error_log {prefix}/error.log;
events {{ worker_connections 128; }}
http {{
    access_log {prefix}/access.log;
    client_body_temp_path {prefix}/tmp/body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;
    upstream dwgk {{
        server 127.0.0.1:{one};
        server 127.0.0.1:{two};
    }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 55m;
        add_header X-Upstream $upstream_addr always;
        location = /metrics {{ return 404; }}
        location / {{
            include {repo}/deploy/nginx/dwgk-proxy.conf;
            proxy_pass http://dwgk;
        }}
    }}
}}
"""


class Browser:
    """A client of nginx from CLIENT's address, keeping its cookies."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method, path, *, form=None, upload=None, headers=None):
        headers = dict(headers or {})
        body = None
        if form is not None or upload is not None:
            fields = {**(form or {}), "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            if upload is None:
                body = urlencode(fields).encode()
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            else:
                body, headers["Content-Type"] = _multipart(fields, upload)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=60, source_address=(CLIENT, 0)
        )
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value in ('""', "") or "Max-Age=0" in header:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return response.status, response.headers, content

    def get(self, path):
        return self.request("GET", path)

    def sign_in(self, username):
        from organizations.demo import DEMO_PASSWORD

        self.get("/accounts/login/")
        status, _, _ = self.request(
            "POST", "/accounts/login/", form={"username": username, "password": DEMO_PASSWORD}
        )
        assert status == 302, f"{username} could not sign in"


def _multipart(fields: dict, upload: tuple[str, bytes]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    name, data = upload
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: text/plain\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _admin(statement: str) -> None:
    params = dj_database_url.parse(os.environ["DATABASE_URL"])
    with psycopg.connect(
        dbname="postgres",
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        user=params["USER"],
        password=params["PASSWORD"],
        autocommit=True,
    ) as admin:
        admin.execute(statement)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """Two servers and nginx; yields (nginx port, server ports, env, ids, query function)."""
    base = Path(tempfile.mkdtemp(prefix="dwgk-two-"))
    base.chmod(0o755)  # nginx's workers (nobody, when the test runs as root) reach their temp dirs
    database = f"dwgk_two_{uuid.uuid4().hex[:8]}"
    params = dj_database_url.parse(os.environ["DATABASE_URL"])
    url = (
        f"postgres://{params['USER']}:{params['PASSWORD']}@{params['HOST'] or 'localhost'}"
        f":{params['PORT'] or 5432}/{database}"
    )
    env = {
        **os.environ,
        "DWGK_ENV": "local",
        "DATABASE_URL": url,
        "SECRET_KEY": secrets.token_urlsafe(50),  # the same on both servers, as deploy/ says
        "DWGK_VAR_DIR": str(base / "var"),
        "DWGK_MEDIA_ROOT": str(base / "files"),  # one directory, as an NFS mount would be
        "DWGK_TRUSTED_PROXIES": "127.0.0.1",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    processes: list[subprocess.Popen] = []

    def query(sql, *args):
        with psycopg.connect(url) as connection:
            return connection.execute(sql, args).fetchall()

    _admin(f'CREATE DATABASE "{database}"')
    try:
        for command in (["migrate", "-v0"], ["createcachetable"], ["shell", "-c", SETUP]):
            result = subprocess.run(
                [DWGK, *command], env=env, capture_output=True, text=True, timeout=300
            )
            assert result.returncode == 0, result.stderr[-3000:]
        ids = json.loads(result.stdout.strip().splitlines()[-1])
        ports = [free_port(), free_port()]
        for port in ports:
            log = open(base / f"server-{port}.log", "wb")  # noqa: SIM115 (closed with the process)
            processes.append(
                subprocess.Popen(
                    [
                        DWGK,
                        "serve",
                        "--no-scheduler",
                        "--workers",
                        "1",
                        "--bind",
                        f"127.0.0.1:{port}",
                    ],
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        nginx_port = free_port()
        prefix = base / "nginx"
        for directory in ("tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi"):
            (prefix / directory).mkdir(parents=True)
            (prefix / directory).chmod(0o777)
        (prefix / "nginx.conf").write_text(
            NGINX_CONF.format(prefix=prefix, one=ports[0], two=ports[1], port=nginx_port, repo=REPO)
        )
        processes.append(
            subprocess.Popen(
                [
                    NGINX,
                    "-p",
                    str(prefix),
                    "-c",
                    str(prefix / "nginx.conf"),
                    "-e",
                    str(prefix / "error.log"),
                ],
                stdout=subprocess.DEVNULL,
                stderr=open(prefix / "stderr.log", "wb"),  # noqa: SIM115
            )
        )
        for port in ports:
            wait_until_answering(f"http://127.0.0.1:{port}/healthz", processes[0])
        wait_until_answering(f"http://127.0.0.1:{nginx_port}/healthz", processes[-1])
        yield nginx_port, ports, env, ids, query
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                process.kill()
        _admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        logs = tmp_path_factory.mktemp("two-servers-logs")  # kept by pytest when a test fails
        for log in [*base.glob("*.log"), *base.glob("nginx/*.log")]:
            shutil.copy(log, logs / log.name)
        shutil.rmtree(base, ignore_errors=True)


def _upstream(headers) -> str:
    return headers["X-Upstream"].rsplit(":", 1)[1]


def _both(browser, path, ports):
    """GET path twice through nginx: one answer from each server (round robin)."""
    answers = [browser.get(path) for _ in range(2)]
    assert {_upstream(headers) for _, headers, _ in answers} == {str(p) for p in ports}
    return answers


def test_a_sign_in_through_one_server_is_valid_on_the_other(cluster):
    nginx_port, ports, _env, _ids, query = cluster
    browser = Browser(nginx_port)
    browser.sign_in("wumi")
    for status, _headers, content in _both(browser, "/organizations/me/", ports):
        assert status == 200 and "伍密" in content.decode()


def test_the_audit_trail_has_the_clients_address_not_the_proxys_or_a_forged_one(cluster):
    nginx_port, _ports, _env, _ids, query = cluster
    browser = Browser(nginx_port)
    browser.get("/accounts/login/")
    from organizations.demo import DEMO_PASSWORD

    status, _, _ = browser.request(
        "POST",
        "/accounts/login/",
        form={"username": "zhangwei", "password": DEMO_PASSWORD},
        headers={"X-Forwarded-For": "203.0.113.9"},
    )
    assert status == 302
    [(comment,)] = query(
        "SELECT e.comment FROM audit_event e JOIN organizations_user u ON e.target_id = "
        "CAST(u.id AS TEXT) WHERE e.action = 'user.signed_in' AND u.username = 'zhangwei' "
        "ORDER BY e.id DESC LIMIT 1"
    )
    assert comment.split()[0] == CLIENT


def test_a_retraction_through_one_server_disappears_at_once_from_the_other(cluster):
    nginx_port, ports, _env, ids, _query = cluster
    title = "双机撤回核对事项"
    visitor = Browser(nginx_port)
    page, feed = f"/disclosures/{ids['public']}/", "/feeds/rss.xml"
    search = "/search/?" + urlencode({"q": "双机撤回核对"})
    for path in (page, search, feed):
        for status, _, content in _both(visitor, path, ports):
            assert status == 200 and title in content.decode(), path

    office = Browser(nginx_port)
    office.sign_in("wumi")
    status, headers, _ = office.request(
        "POST", f"{page}retract/", form={"confirm": "yes", "reason": "内容有误，撤回更正"}
    )
    assert status == 302
    acted = _upstream(headers)

    for path in (page, search, feed):
        answers = _both(visitor, path, ports)
        other = [a for a in answers if _upstream(a[1]) != acted]
        assert other
        for _status, _, content in answers:
            assert title not in content.decode(), path


def test_an_attachment_uploaded_through_one_server_downloads_through_the_other(cluster):
    nginx_port, ports, _env, ids, query = cluster
    drafter = Browser(nginx_port)
    drafter.sign_in("chenjing")
    data = "两台服务器共用的文件目录\n".encode()
    status, headers, _ = drafter.request(
        "POST", f"/disclosures/{ids['draft']}/attachments/", form={}, upload=("共用.txt", data)
    )
    assert status == 302
    [(attachment,)] = query(
        "SELECT id FROM disclosures_attachment WHERE disclosure_id = %s", ids["draft"]
    )
    for status, _, content in _both(drafter, f"/disclosures/attachments/{attachment}/", ports):
        assert status == 200 and content == data


def test_two_schedulers_release_archive_and_remind_exactly_once(cluster):
    _nginx_port, _ports, env, ids, query = cluster
    schedulers = [
        subprocess.Popen(
            [DWGK, "scheduler", "--once"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _server in range(2)
    ]
    for scheduler in schedulers:
        _, errors = scheduler.communicate(timeout=300)
        assert scheduler.returncode == 0, errors[-3000:]

    def events(action, pk):
        return query(
            "SELECT count(*) FROM audit_event WHERE action = %s AND target_type = "
            "'disclosures.disclosure' AND target_id = %s",
            action,
            str(pk),
        )[0][0]

    assert events("disclosure.release", ids["due"]) == 1
    assert query("SELECT status FROM disclosures_disclosure WHERE id = %s", ids["due"]) == [
        ("public",)
    ]
    assert events("disclosure.archive", ids["expired"]) == 1
    assert query(
        "SELECT count(*) FROM archive_archiverecord WHERE disclosure_id = %s", ids["expired"]
    ) == [(1,)]
    [(deliveries,)] = query("SELECT count(*) FROM notifications_reminderdelivery")
    [(notices,)] = query("SELECT count(*) FROM notifications_notice")
    assert deliveries > 0 and notices == deliveries
    [(runs,)] = query("SELECT min(runs) FROM dwgk_scheduledjob")
    assert runs == 2
