from workdays import demo
from workdays.models import CalendarYear, SpecialDay


def test_demo_load_restores_a_missing_seed_year_and_is_idempotent():
    CalendarYear.objects.filter(year=2004).delete()
    demo.load(None)
    demo.load(None)
    assert CalendarYear.objects.filter(year__range=(2004, 2026)).count() == 23
    assert SpecialDay.objects.filter(year__year=2004).count() > 0
