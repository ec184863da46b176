"""The organisation a rating is filed under carries no foreign-key constraint in the database.

hall, window, staff, department, item, region and device are copied from the case or device the
rating service read in the same transaction, and none of those rows is ever deleted (PROTECT
still refuses it in Django). Their constraints were checked by the database for every inserted
rating, and that check cost more than the row and all its indexes: with them, COPY of a rating
row cost 61-77 µs of backend CPU, without them 23-35 (docs/performance.md, session 6). The case,
operator and submitted_by keep their constraints.

On PostgreSQL each constraint is dropped (a brief lock); on SQLite altering the fields rebuilds
the table, which drops its triggers: the no-update trigger of 0002 is created again.
"""

import django.db.models.deletion
from django.db import migrations, models

SQLITE_NO_UPDATE = """CREATE TRIGGER IF NOT EXISTS evaluations_rating_no_update BEFORE UPDATE ON evaluations_rating
   BEGIN SELECT RAISE(ABORT, 'ratings are never edited'); END;"""


def recreate_sqlite_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_NO_UPDATE)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_periodic_job_runs'),
        ('evaluations', '0003_rating_fewer_indexes'),
    ]

    operations = [
        migrations.AlterField(
            model_name='rating',
            name='department',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.unit', verbose_name='责任部门'),
        ),
        migrations.AlterField(
            model_name='rating',
            name='device',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='ratings', to='evaluations.device', verbose_name='评价器'),
        ),
        migrations.AlterField(
            model_name='rating',
            name='hall',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='ratings', to='evaluations.hall', verbose_name='大厅'),
        ),
        migrations.AlterField(
            model_name='rating',
            name='item',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='ratings', to='evaluations.serviceitem', verbose_name='事项'),
        ),
        migrations.AlterField(
            model_name='rating',
            name='region',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.region', verbose_name='行政区域'),
        ),
        migrations.AlterField(
            model_name='rating',
            name='staff',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='ratings', to='evaluations.staff', verbose_name='窗口人员'),
        ),
        migrations.AlterField(
            model_name='rating',
            name='window',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='ratings', to='evaluations.window', verbose_name='窗口'),
        ),
        migrations.RunPython(recreate_sqlite_trigger, migrations.RunPython.noop),
    ]
