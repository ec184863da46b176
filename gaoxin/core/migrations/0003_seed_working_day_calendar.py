"""Seed the working-day calendar 2004–2026 from the chinesecalendar package."""

from django.db import migrations


def seed(apps, schema_editor):
    from chinese_calendar import constants

    from gaoxin.core.calendar import HOLIDAY_NAMES_ZH

    CalendarYear = apps.get_model("core", "CalendarYear")
    CalendarDay = apps.get_model("core", "CalendarDay")
    years = {}
    rows = []
    for table, kind in ((constants.holidays, "holiday"), (constants.workdays, "workday")):
        for day, name in table.items():
            if day.year not in years:
                years[day.year] = CalendarYear.objects.get_or_create(
                    year=day.year, defaults={"source": "chinesecalendar 1.11.0"}
                )[0]
            rows.append(CalendarDay(date=day, year=years[day.year], kind=kind, name=HOLIDAY_NAMES_ZH.get(name, name)))
    CalendarDay.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_auditevent_append_only_triggers")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
