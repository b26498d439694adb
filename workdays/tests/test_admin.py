from datetime import date

import pytest

from audit.models import Event
from workdays.calendar import add_workdays
from workdays.models import CalendarYear, SpecialDay


def inline(rows, initial=0):
    data = {
        "days-TOTAL_FORMS": str(len(rows)),
        "days-INITIAL_FORMS": str(initial),
        "days-MIN_NUM_FORMS": "0",
        "days-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"days-{i}-{key}": value for key, value in row.items()})
    return data


def test_a_superuser_adds_a_year_with_its_days_as_one_version(personas):
    client = personas.client(personas.superuser)
    data = {
        "year": "2027",
        "source_title": "国务院办公厅关于2027年部分节假日安排的通知",
        "source_date": "2026-11-05",
        "source_url": "https://www.gov.cn/",
        "official": "on",
        "note": "",
        **inline(
            [
                {"date": "2027-10-01", "kind": "holiday", "name": "国庆节"},
                {"date": "2027-10-09", "kind": "workday", "name": "国庆节"},
            ]
        ),
    }
    response = client.post("/admin/workdays/calendaryear/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    year = CalendarYear.objects.get(year=2027)
    assert year.official and year.version == 1
    assert year.days.count() == 2
    assert Event.objects.filter(action="workdays.year_edited", target_id=str(year.pk)).count() == 1
    assert not add_workdays(date(2027, 10, 8), 1).provisional


def test_a_change_through_the_admin_bumps_the_version_and_is_recorded(personas):
    client = personas.client(personas.superuser)
    year = CalendarYear.objects.get(year=2026)
    days = list(year.days.order_by("date"))
    rows = [
        {"id": str(d.pk), "year": str(year.pk), "date": str(d.date), "kind": d.kind, "name": d.name}
        for d in days
    ]
    national = next(i for i, d in enumerate(days) if d.date == date(2026, 10, 10))
    rows[national]["DELETE"] = "on"
    data = {
        "source_title": year.source_title,
        "source_date": str(year.source_date),
        "source_url": "",
        "official": "on",
        "note": "",
        **inline(rows, initial=len(rows)),
    }
    response = client.post(f"/admin/workdays/calendaryear/{year.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    year.refresh_from_db()
    assert year.version == 2
    assert not SpecialDay.objects.filter(date=date(2026, 10, 10)).exists()
    event = Event.objects.filter(action="workdays.year_edited").latest("id")
    assert event.changes["2026-10-10"] == {"old": "调休上班 国庆节", "new": ""}
    assert add_workdays(date(2026, 9, 30), 5).due == date(2026, 10, 14)


def test_it_rejects_a_workday_on_a_weekday_in_the_admin(personas):
    client = personas.client(personas.superuser)
    data = {
        "year": "2027",
        "source_title": "x",
        "official": "on",
        **inline([{"date": "2027-10-08", "kind": "workday", "name": "国庆节"}]),
    }
    response = client.post("/admin/workdays/calendaryear/add/", data)
    assert response.status_code == 200
    assert "不能标为调休上班" in response.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists()


@pytest.mark.parametrize("name", ["upper", "superuser"])
def test_the_upper_office_and_superusers_see_the_calendar(personas, name):
    client = personas.client(getattr(personas, name))
    user = getattr(personas, name)
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    assert client.get("/admin/workdays/calendaryear/").status_code == 200


@pytest.mark.parametrize("name", ["unit_admin", "office", "member"])
def test_others_may_not_edit_the_calendar(personas, name):
    user = getattr(personas, name)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    client = personas.client(user)
    assert client.get("/admin/workdays/calendaryear/").status_code == 403
    year = CalendarYear.objects.get(year=2026)
    assert client.get(f"/admin/workdays/calendaryear/{year.pk}/change/").status_code in (403, 404)


def test_years_cannot_be_deleted_in_the_admin(personas):
    client = personas.client(personas.superuser)
    year = CalendarYear.objects.get(year=2026)
    assert (
        client.post(f"/admin/workdays/calendaryear/{year.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert CalendarYear.objects.filter(year=2026).exists()
