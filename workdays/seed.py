"""The calendar of 2004–2026 as the `chinese-calendar` package records it, with each year's source.

Used by the data migration (with the migration's historical models) and by `workdays.demo`.
"""

from datetime import date

from django.utils import timezone

SEED_YEARS = range(2004, 2027)

# chinese_calendar's English holiday names → the names the State Council notices use.
HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


def notice_title(year: int) -> str:
    return f"国务院办公厅关于{year}年部分节假日安排的通知"


# Publication dates of the yearly notices and of the mid-year amendments (gov.cn). Years not
# listed keep the title pattern with no date; an administrator completes them in the back office.
NOTICE_DATES = {
    2015: date(2014, 12, 16),
    2016: date(2015, 12, 10),
    2017: date(2016, 12, 1),
    2018: date(2017, 11, 30),
    2019: date(2018, 12, 6),
    2020: date(2019, 11, 21),
    2021: date(2020, 11, 25),
    2022: date(2021, 10, 25),
    2023: date(2022, 12, 8),
    2024: date(2023, 10, 25),
    2025: date(2024, 11, 12),
    2026: date(2025, 11, 4),
}
AMENDMENTS = {
    2015: "2015年5月13日国务院办公厅通知：9月3日中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日放假调休。",
    2019: "2019年3月22日国务院办公厅关于调整2019年劳动节假期安排的通知：5月1日至4日放假，4月28日、5月5日上班。",
    2020: "2020年1月27日国务院办公厅关于延长2020年春节假期的通知：春节假期延长至2月2日。",
}


def seed_calendar(CalendarYear, SpecialDay) -> int:
    """Create the years 2004–2026 that do not exist yet with their special days; returns the count."""
    import chinese_calendar

    existing = set(CalendarYear.objects.values_list("year", flat=True))
    now = timezone.now()
    years = CalendarYear.objects.bulk_create(
        [
            CalendarYear(
                year=year,
                source_title=notice_title(year),
                source_date=NOTICE_DATES.get(year),
                official=True,
                version=1,
                note=AMENDMENTS.get(year, ""),
                updated_at=now,
            )
            for year in SEED_YEARS
            if year not in existing
        ]
    )
    by_year = {
        row.year: row for row in CalendarYear.objects.filter(year__in=[y.year for y in years])
    }
    days = []
    for kind, table in (
        ("holiday", chinese_calendar.holidays),
        ("workday", chinese_calendar.workdays),
    ):
        for day, english in table.items():
            if day.year in by_year:
                days.append(
                    SpecialDay(
                        date=day,
                        year=by_year[day.year],
                        kind=kind,
                        name=HOLIDAY_NAMES.get(english, english),
                    )
                )
    SpecialDay.objects.bulk_create(days, batch_size=500)
    return len(by_year)
