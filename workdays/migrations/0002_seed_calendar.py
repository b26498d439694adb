from django.db import migrations


def seed(apps, schema_editor):
    from workdays.seed import seed_calendar

    seed_calendar(apps.get_model("workdays", "CalendarYear"), apps.get_model("workdays", "SpecialDay"))


def unseed(apps, schema_editor):
    apps.get_model("workdays", "CalendarYear").objects.filter(year__range=(2004, 2026)).delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
