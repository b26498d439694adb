"""No dead ends: no link in a person's own menus answers 403 (or fails)."""

import re

import pytest

from catalog import demo as catalog_demo
from organizations import demo as organizations_demo

pytestmark = pytest.mark.django_db

MENUS = ["/organizations/me/", "/obligations/"]
SKIP = ("/accounts/logout", "/i18n/", "/static/", "/admin/", "/language/")


@pytest.fixture
def seeded(personas):
    catalog_demo.load(organizations_demo.load())
    return personas


@pytest.mark.parametrize(
    "name", ["member", "supervisor", "drafter", "drafter_other", "office", "approver", "upper"]
)
def test_no_link_of_a_persons_own_menus_answers_403(seeded, name):
    client = seeded.client(getattr(seeded, name))
    links = set()
    for menu in MENUS:
        response = client.get(menu)
        if response.status_code != 200:
            continue
        links |= set(re.findall(r'href="(/[^"#?]*)"', response.content.decode()))
    assert links
    for link in sorted(links):
        if link.startswith(SKIP):
            continue
        status = client.get(link).status_code
        assert status in (200, 302), (name, link, status)
