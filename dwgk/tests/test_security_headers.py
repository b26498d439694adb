"""Headers: a strict Content-Security-Policy on every page (and nothing inline for it to block),
HTTPS with HSTS in production behind the proxy, and `check --deploy` clean with the production
settings."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings

pytestmark = pytest.mark.django_db

BASE_DIR = Path(django_settings.BASE_DIR)
# Rendered into a PDF by WeasyPrint, never served as a page.
NOT_SERVED = {"catalog/templates/catalog/export_pdf.html"}
INLINE = [
    ("a style attribute", re.compile(r"\sstyle\s*=", re.I)),
    ("a <style> element", re.compile(r"<style[\s>]", re.I)),
    (
        "an inline script",
        re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)", re.I),
    ),
    ("an event handler attribute", re.compile(r"\son[a-z]+\s*=", re.I)),
    ("a javascript: address", re.compile(r"javascript:", re.I)),
]


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/search/?q=x", "/no-such-page/"])
def test_every_page_carries_a_strict_content_security_policy(client, path):
    policy = _policy(client.get(path))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert not any("unsafe" in value for values in policy.values() for value in values)


def test_the_back_office_carries_it_too(personas):
    response = personas.client(personas.superuser).get("/admin/")
    assert response.status_code == 200
    assert _policy(response)["script-src"] == ["'self'"]


def test_no_served_template_has_inline_script_or_style():
    found = []
    for template in sorted(BASE_DIR.glob("*/templates/**/*.html")):
        relative = template.relative_to(BASE_DIR).as_posix()
        if relative.startswith(".venv/") or relative in NOT_SERVED:
            continue
        text = template.read_text()
        found += [f"{relative}: {what}" for what, pattern in INLINE if pattern.search(text)]
    assert not found, "\n".join(found)


def test_the_scan_finds_inline_content():
    samples = [
        '<div style="color:red">',
        "<style>p{}</style>",
        "<script>alert(1)</script>",
        '<a onclick="x()">',
        '<a href="javascript:x()">',
    ]
    for sample in samples:
        assert any(pattern.search(sample) for _what, pattern in INLINE), sample
    harmless = '<script src="/static/x.js"></script><script type="application/json">{}</script>'
    assert not any(pattern.search(harmless) for _what, pattern in INLINE)


def _production_env(tmp_path, **extra) -> dict:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DWGK_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "dwgk.example.org",
        "DWGK_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'dwgk.sqlite3'}",
    }
    return {**env, **extra}


def test_check_deploy_with_the_production_settings_is_clean(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


SHOW = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({name: getattr(s, name, None) for name in [
    "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_PROXY_SSL_HEADER", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
    "DWGK_REQUIRE_2FA", "DWGK_STAFF_IDLE_MINUTES", "AXES_FAILURE_LIMIT",
]}))
"""


def _settings_of(env: dict) -> subprocess.CompletedProcess:
    env = {**env, "DJANGO_SETTINGS_MODULE": "dwgk.settings"}
    return subprocess.run(
        [sys.executable, "-c", SHOW], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )


def test_production_redirects_to_https_with_hsts_behind_the_proxy(tmp_path):
    shown = json.loads(_settings_of(_production_env(tmp_path)).stdout)
    assert shown["SECURE_SSL_REDIRECT"] is True
    assert shown["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert shown["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert shown["SESSION_COOKIE_SECURE"] is True and shown["CSRF_COOKIE_SECURE"] is True
    assert shown["DWGK_REQUIRE_2FA"] is True
    assert shown["DWGK_STAFF_IDLE_MINUTES"] == 30


def test_the_proxy_header_and_limits_are_configurable(tmp_path):
    env = _production_env(
        tmp_path,
        DWGK_PROXY_SSL_HEADER="X-Forwarded-Ssl: on",
        DWGK_REQUIRE_2FA="false",
        DWGK_STAFF_IDLE_MINUTES="10",
        DWGK_LOGIN_FAILURE_LIMIT="8",
    )
    shown = json.loads(_settings_of(env).stdout)
    assert shown["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_SSL", "on"]
    assert shown["DWGK_REQUIRE_2FA"] is False
    assert shown["DWGK_STAFF_IDLE_MINUTES"] == 10 and shown["AXES_FAILURE_LIMIT"] == 8


def test_it_refuses_a_malformed_proxy_header(tmp_path):
    result = _settings_of(_production_env(tmp_path, DWGK_PROXY_SSL_HEADER="X-Forwarded-Proto"))
    assert result.returncode != 0
    assert "DWGK_PROXY_SSL_HEADER" in result.stderr


def test_the_run_command_keeps_plain_http_and_password_only_sign_in(tmp_path):
    env = _production_env(tmp_path, DWGK_ENV="local")
    shown = json.loads(_settings_of(env).stdout)
    assert shown["SECURE_SSL_REDIRECT"] is False
    assert shown["SECURE_HSTS_SECONDS"] == 0
    assert shown["SECURE_PROXY_SSL_HEADER"] is None
    assert shown["DWGK_REQUIRE_2FA"] is False  # the README's demo logins keep working


def test_http_is_redirected_and_https_carries_hsts(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31536000
    plain = client.get("/accounts/login/")
    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/accounts/login/"
    secure = client.get("/accounts/login/", HTTP_X_FORWARDED_PROTO="https")
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")
