"""PostgreSQL: the rollup table partitioned by grain, its month rows in a partition of their own.

Every statistics read of a month, quarter or year sums month rows, but in one table they lay
among thirty times as many day rows: a province's service items in a month were 20,772 rows on
10,153 heap pages (21,000 buffers to read, 70 ms in the database). In a partition of their own
a month's rows fill a few hundred pages. The month partition leaves half of each page free
(fillfactor 50): a counter update then finds room on its row's own page (a HOT update, no index
entry), so the rows stay where they were written, a month's rows together, instead of drifting
to wherever there is room.

Nothing changes for Django (the same table name, model and indexes; the ingest's upsert targets
the same unique key, which holds the partition key). SQLite keeps its one table.

How it runs on an existing table (an ACCESS EXCLUSIVE lock for the whole migration; at 13.4 M
rows, 12.7 M of them day rows, a few minutes): the table itself becomes the day partition (no
copy: its indexes are kept and attached to the new parent's), the month rows are copied into the
month partition in period order and deleted from it; the day partition then needs a new
primary key (id, grain), as the primary key of a partitioned table must hold the partition key.
Run `VACUUM ANALYZE evalstats_rollupcounter_day` after it (the deleted month rows).
"""

from django.db import migrations

TABLE = "evalstats_rollupcounter"
DAY, MONTH = f"{TABLE}_day", f"{TABLE}_month"
# (index name, definition after ON <table>), as Django made them
INDEXES = [
    ("rollup_dim_period_idx", "(dimension, grain, period_start)"),
    ("rollup_dim_region_period_idx", "(dimension, grain, region_id, period_start, key_id)"),
    ("evalstats_rollupcounter_region_id_7aedcfcf", "(region_id)"),
]
UNIQUE = ("rollup_unique_key", "(dimension, key_id, region_id, grain, period_start)")
FK = "evalstats_rollupcounter_region_id_7aedcfcf_fk_core_region_id"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    run = schema_editor.execute
    run(f"LOCK TABLE {TABLE} IN ACCESS EXCLUSIVE MODE")
    # the table becomes the day partition; free its index names for the parent's
    run(f"ALTER TABLE {TABLE} RENAME TO {DAY}")
    for name, _cols in [*INDEXES, UNIQUE]:
        run(f"ALTER INDEX {name} RENAME TO {name}_day")
    run(f"ALTER TABLE {DAY} DROP CONSTRAINT {TABLE}_pkey")
    run(f"ALTER TABLE {DAY} ALTER COLUMN id DROP IDENTITY")  # a partitioned table has no identity (PG < 17)
    run(f"CREATE TABLE {TABLE} (LIKE {DAY} INCLUDING DEFAULTS) PARTITION BY LIST (grain)")
    run(f"CREATE SEQUENCE {TABLE}_id_seq OWNED BY {TABLE}.id")
    for table in (TABLE, DAY):
        run(f"ALTER TABLE {table} ALTER COLUMN id SET DEFAULT nextval('{TABLE}_id_seq')")
    run(f"SELECT setval('{TABLE}_id_seq', COALESCE((SELECT MAX(id) FROM {DAY}), 0) + 1, false)")
    run(f"CREATE TABLE {MONTH} PARTITION OF {TABLE} FOR VALUES IN ('month') WITH (fillfactor = 50)")
    # a month's rows together, in the order its reads walk them
    run(
        f"INSERT INTO {MONTH} SELECT * FROM {DAY} WHERE grain = 'month' "  # noqa: S608 (identifiers only)
        "ORDER BY period_start, dimension, region_id, key_id"
    )
    run(f"DELETE FROM {DAY} WHERE grain = 'month'")  # noqa: S608 (identifier only)
    run(f"ALTER TABLE {DAY} ADD CONSTRAINT {DAY}_pkey PRIMARY KEY (id, grain)")
    run(f"ALTER TABLE {DAY} ADD CONSTRAINT {DAY}_grain CHECK (grain = 'day')")  # ATTACH then skips its scan
    run(f"ALTER TABLE {TABLE} ATTACH PARTITION {DAY} FOR VALUES IN ('day')")
    run(f"ALTER TABLE {DAY} DROP CONSTRAINT {DAY}_grain")
    # the parent's indexes: the day partition's matching ones are attached, the month's built
    run(f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_pkey PRIMARY KEY (id, grain)")
    run(f"ALTER TABLE {TABLE} ADD CONSTRAINT {UNIQUE[0]} UNIQUE {UNIQUE[1]}")
    for name, cols in INDEXES:
        run(f"CREATE INDEX {name} ON {TABLE} {cols}")
    # the day partition's own foreign key (the same) becomes the parent's constraint's
    run(
        f"ALTER TABLE {TABLE} ADD CONSTRAINT {FK} FOREIGN KEY (region_id) REFERENCES core_region (id) "
        "DEFERRABLE INITIALLY DEFERRED"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    run = schema_editor.execute
    run(f"LOCK TABLE {TABLE} IN ACCESS EXCLUSIVE MODE")
    run(f"ALTER TABLE {TABLE} RENAME TO {TABLE}_partitioned")
    for name, _cols in [*INDEXES, UNIQUE]:
        run(f"ALTER INDEX {name} RENAME TO {name}_partitioned")
    run(f"ALTER TABLE {TABLE}_partitioned DROP CONSTRAINT {TABLE}_pkey")
    run(f"CREATE TABLE {TABLE} (LIKE {TABLE}_partitioned)")
    # in id order: the rows as they lay before (a rebuild writes them in id order)
    run(f"INSERT INTO {TABLE} SELECT * FROM {TABLE}_partitioned ORDER BY id")  # noqa: S608 (identifiers only)
    run(f"DROP TABLE {TABLE}_partitioned")
    run(f"ALTER TABLE {TABLE} ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (START WITH 1)")
    run(
        f"SELECT setval(pg_get_serial_sequence('{TABLE}', 'id'), COALESCE((SELECT MAX(id) FROM {TABLE}), 0) + 1, false)"
    )
    run(f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_pkey PRIMARY KEY (id)")
    run(f"ALTER TABLE {TABLE} ADD CONSTRAINT {UNIQUE[0]} UNIQUE {UNIQUE[1]}")
    for name, cols in INDEXES:
        run(f"CREATE INDEX {name} ON {TABLE} {cols}")
    run(
        f"ALTER TABLE {TABLE} ADD CONSTRAINT {FK} FOREIGN KEY (region_id) REFERENCES core_region (id) "
        "DEFERRABLE INITIALLY DEFERRED"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("evalstats", "0002_rollup_dimension_region_period_index"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
