"""The run command serves without Django's debug pages: DEBUG is off unless a developer opts in,
and 400/403/404/500 answer with pages in the site's layout, in Chinese or the reader's English."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, override_settings
from django.urls import path

import dwgk.urls
from dwgk.tests.test_i18n import english_client


def _boom(request):
    raise RuntimeError("SECRET-TRACEBACK-MARKER")


def _refuse(request):
    raise PermissionDenied


urlpatterns = [path("boom/", _boom), path("refuse/", _refuse), *dwgk.urls.urlpatterns]
handler400 = dwgk.urls.handler400
handler403 = dwgk.urls.handler403
handler404 = dwgk.urls.handler404
handler500 = dwgk.urls.handler500

DEBUG_PAGE_SIGNS = ["Traceback", "URLconf", "urlpatterns", "DEBUG = True", "Request Method"]


def _settings_debug(tmp_path, **env) -> str:
    """DEBUG as the settings compute it for a process started with this environment only."""
    clean = {k: v for k, v in os.environ.items() if k not in {"DWGK_ENV", "DEBUG"}}
    clean.update(env, DWGK_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="dwgk.settings")
    code = "from django.conf import settings; print(settings.DEBUG)"
    result = subprocess.run(
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_it_serves_without_debug_pages_by_default(tmp_path):
    assert _settings_debug(tmp_path) == "False"
    assert _settings_debug(tmp_path, DWGK_ENV="local") == "False"
    assert _settings_debug(tmp_path, DWGK_ENV="test") == "False"


def test_it_shows_debug_pages_only_to_a_developer_who_opts_in(tmp_path):
    assert _settings_debug(tmp_path, DWGK_ENV="development") == "True"
    assert _settings_debug(tmp_path, DEBUG="1") == "True"


def _assert_site_error(response, status, *words):
    assert response.status_code == status
    page = response.content.decode()
    for sign in DEBUG_PAGE_SIGNS:
        assert sign not in page
    assert '<header class="site-header">' in page
    assert 'href="/"' in page
    for word in words:
        assert word in page
    return page


@pytest.mark.django_db
def test_it_answers_an_unknown_page_with_a_chinese_404():
    page = _assert_site_error(Client().get("/no-such-page/"), 404, "页面不存在", "返回首页")
    assert "no-such-page" not in page.split("<main")[1]


@pytest.mark.django_db
def test_it_answers_an_unknown_page_in_english_when_chosen():
    _assert_site_error(english_client().get("/no-such-page/"), 404, "Page not found", "Home")


@pytest.mark.django_db
def test_it_answers_a_bad_host_with_a_chinese_400():
    _assert_site_error(Client().get("/", HTTP_HOST="evil.example"), 400, "请求无效")


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_it_answers_a_refusal_with_a_chinese_403():
    _assert_site_error(Client().get("/refuse/"), 403, "无权访问")


@pytest.mark.django_db
def test_it_answers_a_stale_form_with_a_chinese_403():
    client = Client(enforce_csrf_checks=True)
    _assert_site_error(client.post("/accounts/login/", {"username": "x"}), 403, "页面已过期")


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_it_answers_a_crash_with_a_chinese_500_without_the_traceback():
    client = Client(raise_request_exception=False)
    page = _assert_site_error(client.get("/boom/"), 500, "系统出错")
    assert "SECRET-TRACEBACK-MARKER" not in page
