"""Signed-in requests read the session and the user in one plain statement (organizations.sessions,
organizations.backends); what Django's own backends refuse, they refuse too."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from organizations.models import Session

pytestmark = pytest.mark.django_db


def _signed_in(personas, user) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": user.username, "password": "dwgk-demo"})
    assert response.status_code == 302
    return client


def test_a_signed_in_member_is_recognised_on_the_next_page(personas):
    client = _signed_in(personas, personas.member)
    page = client.get("/my/")
    assert page.status_code == 200
    assert personas.member.display_name in page.content.decode()


def test_an_expired_session_is_signed_out(personas):
    client = _signed_in(personas, personas.member)
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get("/my/").status_code == 302


def test_a_deleted_session_is_signed_out_on_every_server(personas):
    client = _signed_in(personas, personas.member)
    Session.objects.all().delete()  # e.g. logged out elsewhere, or cleared by an administrator
    assert client.get("/my/").status_code == 302


# Each check is made on a page just signed in to and on one already stored in the page cache.
START = pytest.mark.parametrize("cached", [False, True], ids=["signed in", "page stored"])


@START
def test_a_deactivated_user_is_signed_out(personas, cached):
    client = (_cached if cached else _signed_in)(personas, personas.member)
    type(personas.member).objects.filter(pk=personas.member.pk).update(is_active=False)
    assert client.get("/my/").status_code == 302


@START
def test_a_changed_password_signs_out_other_sessions(personas, cached):
    client = (_cached if cached else _signed_in)(personas, personas.member)
    personas.member.set_password("another-long-password-2026")
    personas.member.save(update_fields=["password"])
    assert client.get("/my/").status_code == 302


def test_a_forged_session_cookie_is_nobody(personas):
    client = Client()
    client.cookies["sessionid"] = "x" * 32
    assert client.get("/my/").status_code == 302
    client.cookies["sessionid"] = "short"
    assert client.get("/my/").status_code == 302


def test_the_session_row_names_its_user_and_goes_on_logout(personas):
    client = _signed_in(personas, personas.member)
    assert list(Session.objects.values_list("user", flat=True)) == [personas.member.pk]
    client.post("/accounts/logout/")
    assert not Session.objects.exists()


def test_a_deleted_user_has_no_sessions_left(personas):
    client = _signed_in(personas, personas.outsider)
    personas.outsider.delete()
    assert not Session.objects.exists()
    assert client.get("/my/").status_code == 302


def test_a_cached_member_page_is_one_statement(personas):
    client = _signed_in(personas, personas.member)
    client.get("/my/")  # stored in the page cache
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/my/")
    assert page.status_code == 200
    assert personas.member.display_name in page.content.decode()
    # The session, its user and the stored page, together.
    assert len(queries) == 1, [query["sql"] for query in queries]


def _cached(personas, user) -> Client:
    client = _signed_in(personas, user)
    for _ in range(2):  # rendered and stored, then served from the cache
        assert user.display_name in client.get("/my/").content.decode()
    return client


@pytest.mark.parametrize("path", ["/my/", "/search/?q=%E5%85%9A%E8%B4%B9"])
def test_a_stored_page_is_not_served_once_the_session_expires(personas, path):
    client = _signed_in(personas, personas.member)
    client.get(path)
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    page = client.get(path)
    assert personas.member.display_name not in page.content.decode()


def test_a_stored_page_is_not_served_after_logout_and_another_login(personas):
    client = _cached(personas, personas.member)
    client.post("/accounts/logout/")
    assert client.get("/my/").status_code == 302
    client.post(
        "/accounts/login/", {"username": personas.outsider.username, "password": "dwgk-demo"}
    )
    page = client.get("/my/").content.decode()
    assert personas.outsider.display_name in page
    assert personas.member.display_name not in page


def test_each_request_gets_its_own_user(personas):
    member, other = _signed_in(personas, personas.member), _signed_in(personas, personas.outsider)
    assert personas.member.display_name in member.get("/my/").content.decode()
    assert personas.outsider.display_name in other.get("/my/").content.decode()
    assert personas.member.display_name in member.get("/my/").content.decode()
