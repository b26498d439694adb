import pytest

from disclosures.models import Disclosure

Status = Disclosure.Status


@pytest.fixture
def urls(world):
    code = world.unit.code
    return [
        "/",
        "/units/",
        f"/units/{code}/",
        f"/units/{code}/categories/{world.organizing.pk}/",
        f"/units/{code}/items/{world.dues.number}/",
        f"/units/{code}/archive/",
        f"/units/{code}/archive/2025/",
    ]


def test_it_serves_every_public_page(world, client, urls):
    world.disclosure(title="党费收缴情况公示")
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "党务公开网" in response.content.decode()


def test_it_refuses_post_on_read_only_pages(world, client, urls):
    for url in urls + ["/robots.txt", "/feeds/rss.xml", "/sitemap.xml"]:
        assert client.post(url).status_code == 405, url


def test_it_answers_404_for_unknown_unit_category_item_and_year(world, client, personas):
    code = world.unit.code
    other_version_category = world.organizing.pk + 1000
    assert client.get("/units/nope/").status_code == 404
    assert client.get(f"/units/{code}/categories/{other_version_category}/").status_code == 404
    assert client.get(f"/units/{code}/items/999/").status_code == 404
    assert client.get(f"/units/{code}/archive/1800/").status_code == 404
    assert client.get("/units/nope/archive/").status_code == 404


def test_it_rejects_a_category_of_another_unit(world, client, personas):
    other = personas.other_unit.code
    assert client.get(f"/units/{other}/categories/{world.organizing.pk}/").status_code == 404


def test_it_answers_404_for_items_when_the_unit_has_no_catalog(world, client, personas):
    assert client.get(f"/units/{personas.other_unit.code}/items/1/").status_code == 404


def test_it_lists_the_disclosures_of_a_category_and_item(world, client):
    world.disclosure(title="党费公示甲", item=world.dues)
    world.disclosure(title="年度计划乙", item=world.plans)
    code = world.unit.code
    category = client.get(f"/units/{code}/categories/{world.organizing.pk}/").content.decode()
    assert "党费公示甲" in category and "年度计划乙" not in category
    item = client.get(f"/units/{code}/items/{world.plans.number}/").content.decode()
    assert "年度计划乙" in item and "党费公示甲" not in item


def test_it_links_each_row_to_the_disclosure_page(world, client):
    disclosure = world.disclosure(title="党费公示")
    body = client.get(f"/units/{world.unit.code}/").content.decode()
    assert f'href="/disclosures/{disclosure.pk}/"' in body


def test_it_paginates_with_stable_urls(world, client):
    for n in range(25):
        world.disclosure(title=f"公示第{n}号")
    url = f"/units/{world.unit.code}/"
    first = client.get(url)
    assert "共 25 条" in first.content.decode()
    assert "?page=2" in first.content.decode()
    second = client.get(url + "?page=2")
    assert second.status_code == 200
    assert second.content.decode().count('class="doc-title"') == 5
    assert client.get(url + "?page=3").status_code == 404
    assert client.get(url + "?page=0").status_code == 400
    assert client.get(url + "?page=abc").status_code == 400
    assert client.get(url + "?page=-1").status_code == 400


def test_it_shows_the_archive_by_year_and_category(world, client):
    import datetime

    from django.utils import timezone

    when = timezone.make_aware(datetime.datetime(2024, 6, 1, 10))
    world.disclosure(title="归档的党费公示", status=Status.ARCHIVED, public_at=when, when=when)
    world.disclosure(title="现行公示")
    code = world.unit.code
    index = client.get(f"/units/{code}/archive/").content.decode()
    assert "2024年" in index and f"/units/{code}/archive/2024/" in index
    year = client.get(f"/units/{code}/archive/2024/").content.decode()
    assert "归档的党费公示" in year and "现行公示" not in year
    assert "归档的党费公示" not in client.get(f"/units/{code}/").content.decode()
    by_category = client.get(f"/units/{code}/archive/2024/?category={world.decisions.pk}")
    assert "归档的党费公示" not in by_category.content.decode()
    assert client.get(f"/units/{code}/archive/2024/?category=x").status_code == 400
    assert client.get(f"/units/{code}/archive/2024/?category=99999").status_code == 404
    assert client.get(f"/units/{code}/archive/2023/").status_code == 200


def test_home_shows_units_with_their_catalog_in_force(world, client, personas):
    body = client.get("/").content.decode()
    assert f'href="/catalog/{world.unit.code}/"' in body
    assert world.version.title in body
    assert personas.other_unit.name in body


def test_home_shows_due_soon_items_of_public_facing_scope_only(world, client):
    import datetime

    from django.utils import timezone

    from obligations.models import Obligation

    today = timezone.localdate()

    def duty(item, title, days):
        return Obligation.objects.create(
            unit=world.unit,
            item=item,
            item_lineage=item.lineage,
            title=title,
            round_key=f"r{days}",
            trigger=Obligation.Trigger.ROUND_COMPLETED,
            trigger_date=today,
            workdays=3,
            due_date=today + datetime.timedelta(days=days),
            created_at=timezone.now(),
        )

    duty(world.dues, "内部备注不应出现", 3)
    duty(world.election, "换届义务", 3)
    duty(world.plans, "远期义务", 60)
    body = client.get("/").content.decode()
    assert world.dues.content in body
    assert "内部备注不应出现" not in body  # the duty's own title is never shown
    assert world.election.content not in body  # internal item
    assert world.plans.content not in body  # not due soon


def test_the_search_forms_go_to_the_search_page(world, client):
    body = client.get("/").content.decode()
    assert 'action="/search/"' in body and 'name="q"' in body


def test_the_page_is_marked_as_simplified_chinese(world, client):
    body = client.get("/").content.decode()
    assert '<html lang="zh-Hans"' in body
    assert 'class="skip-link" href="#main"' in body


def test_it_answers_head_requests_for_crawlers_and_feed_readers(world, client):
    for url in ["/", "/robots.txt", "/sitemap.xml", "/feeds/rss.xml"]:
        assert client.head(url).status_code == 200, url
