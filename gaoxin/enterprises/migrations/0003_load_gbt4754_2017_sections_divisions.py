"""Load GB/T 4754-2017 (with the 2019 amendment) 门类 and 大类 from the versioned data file."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "gbt4754_2017.csv"
VERSION = "GB/T 4754-2017"


def load(apps, schema_editor):
    Industry = apps.get_model("enterprises", "Industry")
    with DATA.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    by_code = {}
    for row in rows:  # sections come before their divisions in the file
        parent = by_code.get(row["parent"]) if row["parent"] else None
        obj, _created = Industry.objects.update_or_create(
            version=VERSION, code=row["code"],
            defaults={"name": row["name"], "level": int(row["level"]), "parent": parent},
        )
        by_code[row["code"]] = obj


def unload(apps, schema_editor):
    Industry = apps.get_model("enterprises", "Industry")
    Industry.objects.filter(version=VERSION, level=2).delete()
    Industry.objects.filter(version=VERSION, level=1).delete()


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0002_enterprise_name_key")]

    operations = [migrations.RunPython(load, unload)]
