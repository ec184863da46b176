"""The rollup's unique key in the order an area's figures read it, (dimension, grain, region,
period start, key): it takes the place of `rollup_dim_region_period_idx` (the same columns), so
each counter row has one index fewer to maintain on the ingest path.

The former key led with (dimension, key_id): for `ORDER BY key_id LIMIT n` PostgreSQL walked it
through every period of a dimension (a province's service items in a month: 3,655 index pages,
90 ms) instead of reading the month's rows of the area's regions. The upsert's `ON CONFLICT`
names the same five columns, which the new index still covers.

On PostgreSQL the unique index is built while the table is locked (a partitioned table cannot
build it CONCURRENTLY): about a minute at 13.4 M rows (58 s on the benchmark machine, load 2.8),
during which counter upserts wait.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_periodic_job_runs"),
        ("evalstats", "0003_rollup_partitioned_by_grain"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="rollupcounter",
            name="rollup_unique_key",
        ),
        migrations.RemoveIndex(
            model_name="rollupcounter",
            name="rollup_dim_region_period_idx",
        ),
        migrations.AddConstraint(
            model_name="rollupcounter",
            constraint=models.UniqueConstraint(
                fields=("dimension", "grain", "region", "period_start", "key_id"), name="rollup_unique_key"
            ),
        ),
    ]
