import pytest

from workdays import calendar


@pytest.fixture(autouse=True)
def _fresh_calendar(db):
    """Each test sees the calendar of its own database state, not a previous test's cache."""
    calendar.reset()
    yield
    calendar.reset()
