import xml.etree.ElementTree as ET

from disclosures.models import Disclosure

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
Status = Disclosure.Status


def _locations(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return [loc.text for loc in ET.fromstring(response.content).iterfind(".//s:loc", NS)]


def test_the_sitemap_lists_public_pages_only(world, client, personas):
    public = world.disclosure(title="公开")
    hidden = [
        world.disclosure(status=Status.INTERNAL),
        world.disclosure(status=Status.WITHHELD),
        world.disclosure(status=Status.DRAFT),
    ]
    sections = _locations(client, "/sitemap.xml")
    assert "http://testserver/sitemap-disclosures.xml" in sections
    urls = [url for section in sections for url in _locations(client, section)]
    assert "http://testserver/" in urls
    assert f"http://testserver/units/{world.unit.code}/" in urls
    assert f"http://testserver/catalog/{world.unit.code}/" in urls
    # The other unit's catalog exists only if the catalog demo loaded it; it has none here.
    assert f"http://testserver/catalog/{personas.other_unit.code}/" not in urls
    assert f"http://testserver/disclosures/{public.pk}/" in urls
    for disclosure in hidden:
        assert f"http://testserver/disclosures/{disclosure.pk}/" not in urls
    assert not any("/my/" in url or "/feeds/private/" in url for url in urls)


def test_unknown_sitemap_sections_are_404(world, client):
    assert client.get("/sitemap-secrets.xml").status_code == 404


def test_robots_txt_allows_the_public_pages_and_names_the_sitemap(world, client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Allow: /" in lines
    for path in ["/admin/", "/accounts/", "/my/", "/feeds/private/"]:
        assert f"Disallow: {path}" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
