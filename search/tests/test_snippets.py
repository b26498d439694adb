from search.selectors import search_disclosures
from search.tests.helpers import disclosure

XSS = '<script>alert("党费")</script><img src=x onerror=alert(1)>'


def test_it_highlights_matches_in_escaped_snippets(personas):
    disclosure(personas.unit, "党费收缴", f"正文开头。{XSS}按时缴纳党费。")
    hit = search_disclosures(personas.public, "党费").results[0]
    assert "<mark>党费</mark>" in hit.snippet_html
    assert "<script" not in hit.snippet_html and "<img" not in hit.snippet_html
    assert "&lt;script&gt;" in hit.snippet_html


def test_the_page_never_renders_body_html(personas):
    disclosure(personas.unit, "党费收缴", f"{XSS} 党费")
    body = personas.client(personas.public).get("/search/", {"q": "党费"}).content.decode()
    assert "<script>alert" not in body
    assert "onerror=alert(1)>" not in body


def test_it_escapes_a_hostile_query(personas):
    disclosure(personas.unit, "公告", "内容 script 党费")
    response = personas.client(personas.public).get("/search/", {"q": "<script> 党费"})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_it_marks_every_word_and_phrase(personas):
    disclosure(personas.unit, "公告", "换届选举已完成，党费收缴正常，Party 2024 work.")
    hit = search_disclosures(personas.public, '换届 "党费 收缴" party').results[0]
    assert "<mark>换届</mark>" in hit.snippet_html
    assert "<mark>党费收缴</mark>" in hit.snippet_html
    assert "<mark>Party</mark>" in hit.snippet_html


def test_it_shows_the_start_of_the_body_when_only_the_title_matched(personas):
    disclosure(personas.unit, "换届公告", "经研究决定，召开党员大会。")
    hit = search_disclosures(personas.public, "换届").results[0]
    assert hit.snippet_html.startswith("经研究决定")
    assert "<mark>" not in hit.snippet_html
