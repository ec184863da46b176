"""The rollup rows of one dimension, grain and region, by period: what an area's figures read.
The subject (key_id) last, so that counting and paging an area's subjects reads the index only.

Built CONCURRENTLY on PostgreSQL (the rollup table is written by every rating; a plain CREATE
INDEX would block ingest for the minutes the build takes at tens of millions of rows), as a plain
CREATE INDEX elsewhere (SQLite).
"""

from django.db import migrations, models


class AddIndexConcurrentlyOnPostgres(migrations.AddIndex):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        concurrently = schema_editor.connection.vendor == "postgresql"
        if concurrently:
            schema_editor.add_index(model, self.index, concurrently=True)
        else:
            schema_editor.add_index(model, self.index)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.remove_index(model, self.index, concurrently=True)
        else:
            schema_editor.remove_index(model, self.index)


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("evalstats", "0001_rollups_integrity_findings_public_snapshots"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="rollupcounter",
            index=models.Index(
                fields=["dimension", "grain", "region", "period_start", "key_id"], name="rollup_dim_region_period_idx"
            ),
        ),
    ]
