import datetime

import pytest
import time_machine
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dwgk.jobs import job_run_record
from dwgk.models import ScheduledJob
from obligations.services import obligation_record_decision
from obligations.tests.conftest import build_small_catalog

NOW = datetime.datetime(2026, 9, 28, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def scheduler_ran(db, frozen):
    for job in ("remind", "release_scheduled", "archive_expired"):
        job_run_record(name=job, ok=True)


def _signed_in(personas):
    return personas.client(personas.member)


def test_healthz_answers_without_session_database_or_page_cache(personas):
    client = _signed_in(personas)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert len(queries) == 0
    assert not response.cookies


def test_it_refuses_to_post_to_healthz(client, db):
    assert client.post("/healthz").status_code == 405


def test_readyz_is_ready_when_database_migrations_scheduler_and_files_are(
    personas, scheduler_ran, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "files"
    client = _signed_in(personas)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/readyz", {"format": "json"})
    assert response.status_code == 200, response.content
    checks = response.json()
    assert len(checks) == 4 and set(checks.values()) == {"OK"}
    statements = " ".join(q["sql"] for q in queries.captured_queries)
    for table in ("organizations_session", "organizations_user", "portal_cachedpage"):
        assert table not in statements
    assert not response.cookies


def test_readyz_fails_when_the_scheduler_never_ran(db, frozen, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    response = Client().get("/readyz", {"format": "json"})
    assert response.status_code == 500
    assert "never run" in response.json()["SchedulerRecent()"]


def test_readyz_fails_when_the_scheduler_ran_longer_ago_than_twice_its_interval(
    client, scheduler_ran, frozen, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.DWGK_SCHEDULER_INTERVAL_SECONDS = 300
    frozen.shift(datetime.timedelta(seconds=599))
    assert client.get("/readyz", {"format": "json"}).status_code == 200
    frozen.shift(datetime.timedelta(seconds=2))
    response = client.get("/readyz", {"format": "json"})
    assert response.status_code == 500
    assert "last ran" in response.json()["SchedulerRecent()"]


def test_readyz_fails_when_a_migration_is_not_applied(client, scheduler_ran, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    MigrationRecorder(connection).record_unapplied("dwgk", "0001_initial")
    response = client.get("/readyz", {"format": "json"})
    assert response.status_code == 500
    assert "1 migration(s) not applied: dwgk.0001_initial" in response.json()["MigrationsApplied()"]


def test_readyz_fails_when_the_files_directory_takes_no_file(
    client, scheduler_ran, settings, tmp_path
):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    settings.MEDIA_ROOT = blocker / "files"
    response = client.get("/readyz", {"format": "json"})
    assert response.status_code == 500
    assert response.json()["Storage(alias='default')"] != "OK"


def test_it_refuses_metrics_to_other_addresses(client, db):
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.5").status_code == 404


def test_it_refuses_metrics_through_a_proxy(client, db):
    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="127.0.0.1")
    assert response.status_code == 404


def test_metrics_allow_a_configured_network(client, db, settings):
    settings.DWGK_METRICS_ALLOW = ["10.0.0.0/8"]
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 404


def test_metrics_count_requests_by_view_queries_jobs_and_overdue_obligations(
    personas, frozen, client
):
    small = build_small_catalog(personas)
    # decided 2026-09-14, due 2026-09-15: overdue on 2026-09-28
    obligation_record_decision(
        item=small.immediate,
        decided_on=datetime.date(2026, 9, 14),
        actor=personas.office,
        title="决定",
    )
    job_run_record(name="remind", ok=True)
    job_run_record(name="remind", ok=False)
    assert client.get("/").status_code == 200

    response = client.get("/metrics")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert (
        'django_http_requests_total_by_view_transport_method_total{method="GET",transport="http",view="portal:home"}'
        in text
    )
    assert "django_http_requests_latency_seconds_by_view_method_bucket" in text
    assert f'django_db_execute_total{{alias="default",vendor="{connection.vendor}"}}' in text
    assert 'dwgk_job_runs_total{job="remind"} 2.0' in text
    assert 'dwgk_job_failures_total{job="remind"} 1.0' in text
    assert f'dwgk_obligations_overdue{{unit="{personas.unit.name}"}} 1.0' in text
    assert ScheduledJob.objects.get(name="remind").last_failed_at == NOW
