import pytest


def test_the_large_text_link_sets_a_cookie_and_returns(world, client):
    response = client.get("/display/", {"large_text": "1", "next": "/units/"})
    assert response.status_code == 302
    assert response["Location"] == "/units/"
    assert response.cookies["dwgk_large_text"].value == "1"
    body = client.get("/units/").content.decode()
    assert '<html lang="zh-Hans" class="large-text">' in body
    assert "标准字号" in body


def test_the_high_contrast_mode_turns_on_and_off(world, client):
    client.get("/display/", {"high_contrast": "1", "next": "/"})
    assert "high-contrast" in client.get("/").content.decode()
    response = client.get("/display/", {"high_contrast": "0", "next": "/"})
    assert response.cookies["dwgk_high_contrast"].value == ""
    assert "high-contrast" not in client.get("/").content.decode()


def test_the_header_links_flip_the_mode_and_come_back_here(world, client):
    body = client.get("/units/").content.decode()
    assert 'href="/display/?large_text=1&amp;next=%2Funits%2F"' in body
    assert 'href="/display/?high_contrast=1&amp;next=%2Funits%2F"' in body


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""]
)
def test_it_refuses_to_redirect_elsewhere(world, client, target):
    response = client.get("/display/", {"large_text": "1", "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.parametrize("query", [{}, {"large_text": "2"}, {"high_contrast": "yes"}])
def test_it_rejects_bad_values(world, client, query):
    assert client.get("/display/", query).status_code == 400


def test_it_refuses_post(world, client):
    assert client.post("/display/", {"large_text": "1"}).status_code == 405


def test_the_language_switcher_still_works(world, client):
    body = client.get("/units/").content.decode()
    assert 'href="/language/?language=en&amp;next=%2Funits%2F"' in body
    response = client.get("/language/", {"language": "en", "next": "/units/"})
    assert response.status_code == 302 and response["Location"] == "/units/"
    assert '<html lang="en"' in client.get("/units/").content.decode()
