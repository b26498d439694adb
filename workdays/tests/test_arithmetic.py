import random
from datetime import date, timedelta

import chinese_calendar
import pytest
from django.db.models import F
from django.utils import timezone

from workdays import calendar
from workdays.calendar import add_workdays, is_workday, next_workday, workdays_between
from workdays.models import CalendarYear


def test_it_counts_across_the_2026_national_day_with_its_adjusted_saturday():
    due = add_workdays(date(2026, 9, 30), 5)
    assert due.due == date(2026, 10, 13)
    assert not due.provisional
    assert [d for d, _r in due.skipped] == [date(2026, 10, d) for d in range(1, 8)] + [
        date(2026, 10, 11)
    ]
    assert {r for _d, r in due.skipped} == {"国庆节", "周末"}
    assert due.adjusted_workdays_counted == ((date(2026, 10, 10), "国庆节"),)
    assert due.calendar_version == {"2026": 1}


def test_it_skips_the_2026_mid_autumn_and_national_day_holidays():
    due = add_workdays(date(2026, 9, 24), 5)
    # 9-25..27 中秋节, then 9-28, 9-29, 9-30, then 10-1..7 国庆节, then 10-8, 10-9.
    assert due.due == date(2026, 10, 9)
    reasons = dict(due.skipped)
    assert reasons[date(2026, 9, 25)] == "中秋节"
    assert reasons[date(2026, 10, 1)] == "国庆节"


def test_it_counts_the_2025_spring_festival_adjusted_sundays_and_saturdays():
    assert add_workdays(date(2025, 1, 24), 1).due == date(2025, 1, 26)  # 调休 Sunday
    due = add_workdays(date(2025, 1, 24), 3)
    assert due.due == date(2025, 2, 5)
    assert due.adjusted_workdays_counted == ((date(2025, 1, 26), "春节"),)
    assert dict(due.skipped)[date(2025, 1, 28)] == "春节"
    assert add_workdays(date(2025, 2, 6), 2).due == date(2025, 2, 8)  # 调休 Saturday


def test_it_follows_the_2019_may_day_amendment():
    assert add_workdays(date(2019, 4, 26), 1).due == date(2019, 4, 28)
    due = add_workdays(date(2019, 4, 30), 1)
    assert due.due == date(2019, 5, 5)
    assert [r for _d, r in due.skipped] == ["劳动节"] * 4


def test_a_start_on_a_holiday_does_not_count():
    due = add_workdays(date(2026, 10, 3), 1)
    assert due.due == date(2026, 10, 8)
    assert due.skipped[0] == (date(2026, 10, 4), "国庆节")


def test_a_start_on_an_adjusted_saturday_does_not_count():
    due = add_workdays(date(2026, 10, 10), 1)
    assert due.due == date(2026, 10, 12)
    assert due.skipped == ((date(2026, 10, 11), "周末"),)
    assert due.adjusted_workdays_counted == ()


def test_it_agrees_with_chinese_calendar_on_every_day_and_random_deadlines():
    day = date(2004, 1, 1)
    while day <= date(2026, 12, 31):
        assert is_workday(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)
    rng = random.Random(7)
    first, last = date(2004, 1, 1).toordinal(), date(2026, 11, 30).toordinal()
    for _ in range(3000):
        start, n = date.fromordinal(rng.randint(first, last)), rng.randint(1, 20)
        expected, left = start, n
        while left:
            expected += timedelta(days=1)
            left -= chinese_calendar.is_workday(expected)
        assert add_workdays(start, n).due == expected, (start, n)


@pytest.mark.parametrize("n", [0, -1, "3", 1.5, True, None])
def test_it_rejects_a_number_of_days_that_is_not_a_positive_integer(n):
    with pytest.raises(ValueError, match="正整数.*positive integer"):
        add_workdays(date(2026, 1, 5), n)


@pytest.mark.parametrize("day", [date(2003, 12, 31), date(2100, 1, 1)])
def test_it_rejects_dates_outside_the_computable_years(day):
    with pytest.raises(calendar.CalendarRangeError, match="超出可计算范围.*outside"):
        add_workdays(day, 1)
    with pytest.raises(calendar.CalendarRangeError):
        is_workday(day)


def test_it_rejects_a_due_date_beyond_2099():
    with pytest.raises(calendar.CalendarRangeError):
        add_workdays(date(2099, 12, 20), 30)


def test_next_workday_is_strictly_after():
    assert next_workday(date(2026, 9, 30)) == date(2026, 10, 8)
    assert next_workday(date(2026, 10, 8)) == date(2026, 10, 9)


def test_workdays_between_counts_the_half_open_interval():
    assert workdays_between(date(2026, 9, 30), date(2026, 10, 13)) == 5
    assert workdays_between(date(2026, 10, 13), date(2026, 9, 30)) == -5
    assert workdays_between(date(2026, 10, 12), date(2026, 10, 12)) == 0
    assert is_workday(date(2026, 10, 10)) and not is_workday(date(2026, 10, 1))


def test_the_explanation_says_what_was_skipped_and_which_calendar():
    lines = add_workdays(date(2026, 9, 30), 5).explain()
    text = "\n".join(lines)
    assert "民法典" in lines[0]
    assert "跳过 2026-10-01 至 2026-10-07（7天）：国庆节" in text
    assert "计入 2026-10-10（星期六）：调休上班（国庆节）" in text
    assert "到期日 2026-10-13（星期二）" in text
    assert "2026年第1版（国务院办公厅关于2026年部分节假日安排的通知）" in text
    assert "暂定" not in text


def test_as_dict_has_the_documented_keys():
    data = add_workdays(date(2026, 9, 30), 5).as_dict()
    assert data["due"] == "2026-10-13" and data["provisional"] is False
    assert data["skipped"][0] == {"date": "2026-10-01", "reason": "国庆节"}
    assert data["adjusted_workdays"] == [{"date": "2026-10-10", "name": "国庆节"}]
    assert data["calendar_version"] == {"2026": 1}


def test_the_cache_reloads_when_another_server_changed_the_calendar():
    first = calendar.current_index()
    assert calendar.current_index() is first
    CalendarYear.objects.filter(year=2026).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    calendar.recheck()  # what the next request does
    second = calendar.current_index()
    assert second is not first
    assert add_workdays(date(2026, 9, 30), 5).calendar_version == {"2026": 2}


def test_the_seed_names_the_2015_victory_day_and_keeps_the_sources():
    assert dict(add_workdays(date(2015, 9, 2), 1).skipped)[date(2015, 9, 3)] == "抗战胜利纪念日"
    year = CalendarYear.objects.get(year=2026)
    assert year.source_title == "国务院办公厅关于2026年部分节假日安排的通知"
    assert year.official and year.version == 1
    assert CalendarYear.objects.filter(year__range=(2004, 2026)).count() == 23
