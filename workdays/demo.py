"""Demo data: the calendar comes from the migration; this only makes sure it is there."""

from workdays.models import CalendarYear, SpecialDay
from workdays.seed import seed_calendar


def load(world=None) -> None:
    seed_calendar(CalendarYear, SpecialDay)
