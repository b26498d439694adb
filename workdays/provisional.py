"""The statutory holidays of a year whose schedule is not yet announced.

Computed from the 全国年节及纪念日放假办法 as amended in 2024 (in force since 2025): 元旦 1 day
(1 January), 春节 4 days from 除夕 (the day before the lunar new year), 清明节 1 day (the solar
term), 劳动节 2 days (1–2 May), 端午节 1 day, 中秋节 1 day, 国庆节 3 days (1–3 October). The
lunar and solar-term dates come from the maintained `holidays` library, never typed by hand. No
adjusted working weekends (调休) are invented: the State Council decides those each year, so a
weekend stays off and every date computed through such a year is provisional.
"""

from datetime import date, timedelta
from functools import cache

RULE = "按2024年修订的《全国年节及纪念日放假办法》推算，不含调休"
RULE_EN = "computed from the 2024 holiday regulations, without adjusted working weekends"

# The names `holidays.China(language="en_US")` gives the festivals whose dates we take from it.
_LUNAR_NEW_YEAR = "Chinese New Year (Spring Festival)"
_FROM_LIBRARY = {
    "Tomb-Sweeping Day": "清明节",
    "Dragon Boat Festival": "端午节",
    "Mid-Autumn Festival": "中秋节",
}


@cache
def provisional_holidays(year: int) -> dict[date, str]:
    """{date: holiday name} of the statutory days off of `year` under the 2024 rules."""
    import holidays

    # observed=False: the library's guesses at the days added around a festival are not the law.
    library = holidays.China(years=year, observed=False, language="en_US")
    festival: dict[str, list[date]] = {}
    for day, names in library.items():
        for name in names.split("; "):
            festival.setdefault(name, []).append(day)
    if _LUNAR_NEW_YEAR not in festival or any(name not in festival for name in _FROM_LIBRARY):
        raise ValueError(
            f"无法推算{year}年的节日日期 / cannot compute the festival dates of {year}"
        )

    days: dict[date, str] = {}

    def add(day: date, name: str) -> None:
        # When two festivals meet (中秋 on 1 October), the day is off once, under both names.
        days[day] = f"{days[day]}、{name}" if day in days and name not in days[day] else name

    add(date(year, 1, 1), "元旦")
    new_years_eve = min(festival[_LUNAR_NEW_YEAR]) - timedelta(days=1)
    for offset in range(4):
        add(new_years_eve + timedelta(days=offset), "春节")
    for english, chinese in _FROM_LIBRARY.items():
        add(min(festival[english]), chinese)
    add(date(year, 5, 1), "劳动节")
    add(date(year, 5, 2), "劳动节")
    for day in (1, 2, 3):
        add(date(year, 10, day), "国庆节")
    return dict(sorted(days.items()))
