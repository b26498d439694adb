import pytest

from catalog.models import Scope
from disclosures.models import Disclosure

Status = Disclosure.Status


@pytest.fixture
def mixed(world, personas):
    """One disclosure in each state that must or must not reach the public."""
    return {
        "public": world.disclosure(title="社会公开的党费公示"),
        "internal": world.disclosure(
            title="党内公开的换届情况", status=Status.INTERNAL, item=world.election
        ),
        "withheld": world.disclosure(title="暂缓公开的事项", status=Status.WITHHELD),
        "draft": world.disclosure(title="起草中的事项", status=Status.DRAFT),
        "retracted": world.disclosure(title="已撤回的事项", status=Status.RETRACTED),
        "range": world.disclosure(
            title="一定范围的事项", status=Status.INTERNAL, scope=Scope.INTERNAL_RANGE
        ),
        "other_internal": world.disclosure(
            title="财政局党内事项", status=Status.INTERNAL, unit=personas.other_unit
        ),
    }


def _pages(world):
    code = world.unit.code
    return [
        "/",
        f"/units/{code}/",
        f"/units/{code}/categories/{world.organizing.pk}/",
        f"/units/{code}/items/{world.dues.number}/",
        f"/units/{code}/items/{world.election.number}/",
    ]


NEVER_PUBLIC = [
    "党内公开的换届情况",
    "暂缓公开的事项",
    "起草中的事项",
    "已撤回的事项",
    "一定范围的事项",
    "财政局党内事项",
]


def test_it_never_shows_the_public_anything_internal_withheld_or_draft(world, mixed, client):
    for url in _pages(world):
        body = client.get(url).content.decode()
        for title in NEVER_PUBLIC:
            assert title not in body, (url, title)
    assert "社会公开的党费公示" in client.get("/").content.decode()


def test_it_shows_a_member_the_internal_disclosures_of_their_unit(world, mixed, personas):
    client = personas.client(personas.member)
    body = client.get(f"/units/{world.unit.code}/").content.decode()
    assert "党内公开的换届情况" in body and "社会公开的党费公示" in body
    assert "财政局党内事项" not in body
    assert "一定范围的事项" not in body  # not in the named range
    assert "暂缓公开的事项" not in body and "起草中的事项" not in body


def test_it_shows_staff_only_published_disclosures_on_the_portal(world, mixed, personas):
    body = personas.client(personas.office).get(f"/units/{world.unit.code}/").content.decode()
    assert "党内公开的换届情况" in body
    assert "起草中的事项" not in body and "暂缓公开的事项" not in body


def test_it_hides_internal_disclosures_from_an_outsider(world, mixed, personas):
    client = personas.client(personas.outsider)
    for url in _pages(world):
        body = client.get(url).content.decode()
        assert "党内公开的换届情况" not in body, url
    assert "财政局党内事项" in client.get(f"/units/{personas.other_unit.code}/").content.decode()


def test_it_marks_internal_and_public_disclosures_for_members(world, mixed, personas):
    body = personas.client(personas.member).get(f"/units/{world.unit.code}/").content.decode()
    assert '<span class="badge internal">党内</span>' in body
    assert '<span class="badge public">社会公开</span>' in body


def test_my_units_lists_the_members_units(world, mixed, personas):
    response = personas.client(personas.member).get("/my/")
    body = response.content.decode()
    assert response.status_code == 200
    assert world.unit.name in body
    assert "党内公开的换届情况" in body and "财政局党内事项" not in body
    outsider = personas.client(personas.outsider).get("/my/").content.decode()
    assert "财政局党内事项" in outsider and "党内公开的换届情况" not in outsider


def test_my_units_requires_login(world, client, personas):
    response = client.get("/my/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert personas.client(personas.member).post("/my/").status_code == 405


def test_it_keeps_archived_internal_disclosures_from_the_public(world, client, personas):
    world.disclosure(title="归档的党内事项", status=Status.ARCHIVED)
    year = world.unit.disclosures.get().published_at.year
    url = f"/units/{world.unit.code}/archive/{year}/"
    assert "归档的党内事项" not in client.get(url).content.decode()
    assert "归档的党内事项" in personas.client(personas.member).get(url).content.decode()
    assert client.get(f"/units/{world.unit.code}/archive/").content.decode().count("条") == 0
