"""Anonymous expensive requests (search, the working-day calculator, the API) are limited per
client address, with the counters in the database cache every server shares."""

import datetime

import pytest
import time_machine
from django.core.cache import CacheHandler
from django.db import connection
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext as _

import dwgk.ratelimit
from dwgk.env import ConfigurationError, env_rate
from dwgk.tests.test_i18n import english_client
from search.tests.helpers import disclosure

# Half past the minute: every window of "N/m" has 30 seconds left.
NOW = datetime.datetime(2026, 11, 2, 10, 0, 30, tzinfo=datetime.UTC)
CALCULATOR = "/workdays/?start=2026-09-30&n=5"
API = "/api/workdays/add?date=2026-09-30&n=5"


@pytest.fixture(autouse=True)
def small_limits(settings):
    settings.DWGK_RATE_LIMITS = {"search": "3/m", "workdays": "3/m", "api": "3/m"}
    settings.DWGK_RATE_LIMIT_SIGNED_IN = "5/m"
    settings.DWGK_TRUSTED_PROXIES = ["127.0.0.1", "::1"]
    with time_machine.travel(NOW, tick=False):
        yield


def _statuses(client, url, times, **extra) -> list[int]:
    return [client.get(url, **extra).status_code for _time in range(times)]


def test_it_answers_429_with_retry_after_once_the_calculator_limit_is_spent(db):
    client = Client()
    assert _statuses(client, CALCULATOR, 3) == [200, 200, 200]
    response = client.get(CALCULATOR)
    assert response.status_code == 429
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "请求过于频繁" in page and "30 秒后再试" in page
    assert '<html lang="zh-Hans"' in page


def test_it_answers_an_english_reader_in_english(db):
    client = english_client()
    _statuses(client, CALCULATOR, 3)
    response = client.get(CALCULATOR)
    assert response.status_code == 429 and response["Content-Language"] == "en"
    with translation.override("en"):
        title = _("请求过于频繁")
    assert title in response.content.decode()


def test_it_counts_another_address_apart(db):
    client = Client()
    assert _statuses(client, CALCULATOR, 4) == [200, 200, 200, 429]
    assert client.get(CALCULATOR, REMOTE_ADDR="203.0.113.9").status_code == 200
    assert client.get(CALCULATOR).status_code == 429


def test_it_counts_clients_behind_a_trusted_proxy_by_their_forwarded_address(db):
    client = Client()
    first = {"HTTP_X_FORWARDED_FOR": "198.51.100.1"}
    assert _statuses(client, CALCULATOR, 4, **first) == [200, 200, 200, 429]
    assert client.get(CALCULATOR, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 200


def test_it_ignores_a_forwarded_address_sent_past_the_proxies(db):
    # A client that is not a trusted proxy cannot escape its limit by inventing addresses.
    client = Client(REMOTE_ADDR="203.0.113.9")
    statuses = [
        client.get(CALCULATOR, HTTP_X_FORWARDED_FOR=f"198.51.100.{i}").status_code for i in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


def test_it_counts_an_ipv6_client_by_its_64_network(db):
    client = Client()
    for suffix in ("1", "2", "3"):
        assert client.get(CALCULATOR, REMOTE_ADDR=f"2001:db8:1:2::{suffix}").status_code == 200
    assert client.get(CALCULATOR, REMOTE_ADDR="2001:db8:1:2::ffff").status_code == 429
    assert client.get(CALCULATOR, REMOTE_ADDR="2001:db8:1:3::1").status_code == 200


def test_it_does_not_hold_signed_in_staff_to_the_anonymous_limit(personas):
    assert _statuses(Client(), CALCULATOR, 4)[-1] == 429
    office = personas.client(personas.office)
    assert _statuses(office, CALCULATOR, 5) == [200] * 5
    # Signed-in users have a limit of their own, per account.
    assert office.get(CALCULATOR).status_code == 429
    assert personas.client(personas.approver).get(CALCULATOR).status_code == 200


def test_it_holds_across_servers_sharing_the_database_cache(db, monkeypatch):
    assert _statuses(Client(), CALCULATOR, 2) == [200, 200]
    # A second server: its own cache connections, its own client, the same database.
    monkeypatch.setattr(dwgk.ratelimit, "caches", CacheHandler())
    other = Client()
    assert _statuses(other, CALCULATOR, 2) == [200, 429]
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM dwgk_ratelimit")
        assert cursor.fetchone()[0] >= 1


def test_it_limits_the_api_with_a_bilingual_429(db):
    client = Client()
    assert _statuses(client, API, 3) == [200, 200, 200]
    response = client.get("/api/units")
    assert response.status_code == 429
    assert response["Retry-After"] == "30"
    assert response.json()["detail"].startswith("请求过于频繁")
    assert "Too many requests" in response.json()["detail"]
    assert client.get(API, REMOTE_ADDR="203.0.113.9").status_code == 200


def test_it_limits_searches_but_not_pages_served_from_the_shared_cache(personas):
    disclosure(personas.unit, "2024年党费收缴情况", "本季度收缴党费。", forms=("website",))
    client = Client()
    # The same search again is served from the page cache: no search runs, nothing is counted.
    assert _statuses(client, "/search/?q=党费", 5) == [200] * 5
    assert _statuses(client, "/search/?q=收缴", 1) == [200]
    assert _statuses(client, "/search/?q=季度", 1) == [200]
    assert client.get("/search/?q=情况").status_code == 429
    assert client.get("/search/?q=党费").status_code == 200


def test_a_limit_turned_off_never_refuses(db, settings):
    settings.DWGK_RATE_LIMITS = {**settings.DWGK_RATE_LIMITS, "workdays": ""}
    assert _statuses(Client(), CALCULATOR, 6) == [200] * 6


def test_a_malformed_rate_setting_fails_loudly(monkeypatch):
    monkeypatch.setenv("DWGK_RATE_LIMIT_SEARCH", "30 per minute")
    with pytest.raises(ConfigurationError, match="DWGK_RATE_LIMIT_SEARCH"):
        env_rate("DWGK_RATE_LIMIT_SEARCH", "30/m")
    monkeypatch.setenv("DWGK_RATE_LIMIT_SEARCH", "off")
    assert env_rate("DWGK_RATE_LIMIT_SEARCH", "30/m") == ""


@pytest.mark.django_db(transaction=True)
def test_the_migration_creates_the_shared_counters_table_by_its_configured_name():
    import importlib

    from django.apps import apps
    from django.conf import settings

    migration = importlib.import_module("dwgk.migrations.0002_ratelimit_cache")
    table = settings.CACHES["ratelimit"]["LOCATION"]
    with connection.schema_editor() as editor:
        migration.drop_cache_table(apps, editor)
    assert table not in connection.introspection.table_names()
    with connection.schema_editor() as editor:
        migration.create_cache_table(apps, editor)
    assert table in connection.introspection.table_names()
