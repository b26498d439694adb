"""After signing in a person lands on 我的工作, or on the page they came from."""

import pytest
from django.test import Client

from organizations.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def _sign_in(personas, path):
    return Client().post(path, {"username": personas.office.username, "password": DEMO_PASSWORD})


def test_it_lands_on_my_work_after_signing_in(personas):
    response = _sign_in(personas, "/accounts/login/")
    assert response.status_code == 302
    assert response["Location"] == "/organizations/me/"


def test_it_lands_on_the_page_the_reader_came_from(personas):
    response = _sign_in(personas, "/accounts/login/?next=/obligations/")
    assert response.status_code == 302
    assert response["Location"] == "/obligations/"


def test_it_refuses_to_land_on_another_site(personas):
    response = _sign_in(personas, "/accounts/login/?next=https://evil.example/")
    assert response.status_code == 302
    assert response["Location"] == "/organizations/me/"
