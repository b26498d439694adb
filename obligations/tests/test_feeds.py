import datetime

import pytest
from icalendar import Calendar

from obligations.models import FeedToken
from obligations.services import (
    feed_token_create,
    obligation_mark_met,
    obligation_record_decision,
    obligation_record_round,
)

D = datetime.date


@pytest.fixture
def cases(small):
    p = small.personas
    office_item = obligation_record_decision(
        item=small.immediate, decided_on=D(2026, 9, 14), actor=p.office, title="办公室的决定"
    )
    hr_round = obligation_record_round(
        item=small.per_round, completed_on=D(2026, 9, 24), actor=p.drafter
    )
    met = obligation_record_round(
        item=small.per_round, completed_on=D(2026, 9, 21), actor=p.drafter
    )
    obligation_mark_met(obligation=met, met_on=D(2026, 9, 22), actor=p.drafter)
    return small, office_item, hr_round, met


def _parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_a_users_feed_is_valid_icalendar(cases):
    small, office_item, hr_round, met = cases
    p = small.personas
    client = p.client(p.drafter)
    assert client.post("/obligations/feeds/", {"department": ""}).status_code == 302
    token = FeedToken.objects.get(user=p.drafter)
    page = client.get("/obligations/feeds/").content.decode()
    assert f"/obligations/ics/{token.token}.ics" in page
    calendar = _parse(p.client(p.public).get(f"/obligations/ics/{token.token}.ics"))
    assert str(calendar["VERSION"]) == "2.0"
    assert "dwgk" in str(calendar["PRODID"])
    assert str(calendar["X-WR-TIMEZONE"]) == "Asia/Shanghai"
    assert "X-WR-CALNAME" in calendar
    events = calendar.walk("VEVENT")
    assert len(events) == 1  # 人事科's open round only; not the met one, not 办公室's
    event = events[0]
    assert event["UID"] == f"obligation-{hr_round.pk}@testserver"
    assert event.decoded("DTSTART") == D(2026, 9, 30)
    assert event["DTSTART"].params.get("VALUE") == "DATE"
    assert "DTSTAMP" in event
    assert "经济责任审计结果" in str(event["SUMMARY"])
    assert "工作日" in str(event["DESCRIPTION"])
    assert str(event["URL"]).endswith(f"/obligations/{hr_round.pk}/")
    # the UID is stable between fetches
    again = _parse(p.client(p.public).get(f"/obligations/ics/{token.token}.ics"))
    assert again.walk("VEVENT")[0]["UID"] == event["UID"]


def test_a_department_feed_and_the_provisional_mark(cases):
    small, office_item, hr_round, met = cases
    p = small.personas
    department = p.departments["办公室"]
    token = feed_token_create(actor=p.office, department=department)
    summaries = [
        str(e["SUMMARY"])
        for e in _parse(p.client(p.public).get(f"/obligations/ics/{token.token}.ics")).walk(
            "VEVENT"
        )
    ]
    assert len(summaries) == 1 and "办公室的决定" in summaries[0]
    office_item.provisional = True
    office_item.save(update_fields=["provisional"])
    summary = str(
        _parse(p.client(p.public).get(f"/obligations/ics/{token.token}.ics")).walk("VEVENT")[0][
            "SUMMARY"
        ]
    )
    assert summary.startswith("【暂定】")


def test_it_rejects_a_department_feed_for_another_department(cases):
    small, *_ = cases
    p = small.personas
    client = p.client(p.drafter)
    response = client.post("/obligations/feeds/", {"department": str(p.departments["办公室"].pk)})
    assert response.status_code == 400
    assert not FeedToken.objects.exists()


def test_a_revoked_token_answers_404(cases):
    small, *_ = cases
    p = small.personas
    client = p.client(p.drafter)
    client.post("/obligations/feeds/", {"department": ""})
    token = FeedToken.objects.get()
    url = f"/obligations/ics/{token.token}.ics"
    assert p.client(p.public).get(url).status_code == 200
    assert p.client(p.office).post(f"/obligations/feeds/{token.pk}/revoke/").status_code == 404
    assert client.get(f"/obligations/feeds/{token.pk}/revoke/").status_code == 405
    assert client.post(f"/obligations/feeds/{token.pk}/revoke/").status_code == 302
    assert p.client(p.public).get(url).status_code == 404
    assert p.client(p.public).get("/obligations/ics/not-a-token.ics").status_code == 404


def test_the_feed_page_needs_a_login(cases):
    small, *_ = cases
    assert (
        small.personas.client(small.personas.public).get("/obligations/feeds/").status_code == 302
    )
    assert (
        small.personas.client(small.personas.drafter).delete("/obligations/feeds/").status_code
        == 405
    )
