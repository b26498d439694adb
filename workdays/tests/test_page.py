import pytest
import time_machine


@pytest.fixture
def client(personas):
    return personas.client(personas.public)


@time_machine.travel("2026-06-01 10:00 +0800", tick=False)
def test_it_shows_this_years_calendar_and_source(client):
    response = client.get("/workdays/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "2026年工作日历" in text
    assert "国务院办公厅关于2026年部分节假日安排的通知" in text
    assert "2026-10-10" in text and "调休上班" in text
    assert "暂定" not in text


def test_it_marks_an_unannounced_year_provisional(client):
    response = client.get("/workdays/", {"year": "2027"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "【暂定】" in text and "2027-02-05" in text


def test_it_computes_a_deadline_with_its_explanation(client):
    response = client.get("/workdays/", {"start": "2026-09-30", "n": "5"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "2026-10-13" in text and "调休上班（国庆节）" in text


@pytest.mark.parametrize(
    "params",
    [
        {"start": "2026-02-30", "n": "5"},
        {"start": "tomorrow", "n": "5"},
        {"start": "2026-09-30", "n": "0"},
        {"start": "2026-09-30", "n": "x"},
        {"start": "2026-09-30", "n": ""},
        {"start": "2099-12-30", "n": "30"},
        {"year": "1999"},
        {"year": "abc"},
    ],
)
def test_it_answers_400_to_bad_input(client, params):
    response = client.get("/workdays/", params)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_it_refuses_post(client):
    assert client.post("/workdays/", {"start": "2026-09-30", "n": "5"}).status_code == 405
