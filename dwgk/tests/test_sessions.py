"""Signed-in requests read the session and the user with plain statements (dwgk.sessions,
organizations.backends); what Django's own backends refuse, they refuse too."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

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


def test_a_deactivated_user_is_signed_out(personas):
    client = _signed_in(personas, personas.member)
    type(personas.member).objects.filter(pk=personas.member.pk).update(is_active=False)
    assert client.get("/my/").status_code == 302


def test_a_changed_password_signs_out_other_sessions(personas):
    client = _signed_in(personas, personas.member)
    personas.member.set_password("another-long-password-2026")
    personas.member.save(update_fields=["password"])
    assert client.get("/my/").status_code == 302


def test_a_forged_session_cookie_is_nobody(personas):
    client = Client()
    client.cookies["sessionid"] = "x" * 32
    assert client.get("/my/").status_code == 302
    client.cookies["sessionid"] = "short"
    assert client.get("/my/").status_code == 302
