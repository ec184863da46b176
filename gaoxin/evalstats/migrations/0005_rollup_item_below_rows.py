"""A service item's month counters per ancestor region (`ITEM_BELOW`), written from the item
month rows already stored (no raw rating is read): each row sums the item's rows of the region's
strict subtree. From here on the rating path writes them with the other counters, and the
rebuilds (`evalstats_rebuild`, the set-based one) make them too.

The statement runs on SQLite and PostgreSQL; backwards, the rows are deleted. On the benchmark's
10 M ratings it adds the rows of 2 ancestors to each district's item month rows.
"""

from django.db import migrations

COUNTERS = (
    "valid",
    "l1",
    "l2",
    "l3",
    "l4",
    "l5",
    "defaults",
    "excluded",
    "rn_bad",
    "rn_bad_called_back",
    "bad_answered",
    "bad_on_time",
    "appeals_filed",
    "appeals_upheld",
    "appeals_rejected",
    "followups",
    "followups_satisfied",
    "cases_completed",
    "cases_rated",
)


def backfill(apps, schema_editor):
    qn = schema_editor.connection.ops.quote_name
    counters = ", ".join(qn(c) for c in COUNTERS)
    sums = ", ".join(f"SUM(f.{qn(c)})" for c in COUNTERS)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO evalstats_rollupcounter (dimension, key_id, region_id, grain, period_start, {counters}) "  # noqa: S608 (identifiers only)
            f"SELECT 'item_below', f.key_id, a.id, 'month', f.period_start, {sums} "
            "FROM evalstats_rollupcounter f "
            "JOIN core_region r ON r.id = f.region_id "
            "JOIN core_region a ON r.path LIKE a.path || %s AND a.id <> r.id "
            "WHERE f.dimension = 'item' AND f.grain = 'month' "
            "GROUP BY f.key_id, a.id, f.period_start "
            "ORDER BY f.period_start, a.id, f.key_id",
            ["%"],
        )


def remove(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("DELETE FROM evalstats_rollupcounter WHERE dimension = 'item_below'")


class Migration(migrations.Migration):
    dependencies = [
        ("evalstats", "0004_rollup_unique_key_by_area_one_index_fewer"),
    ]

    operations = [migrations.RunPython(backfill, remove)]
