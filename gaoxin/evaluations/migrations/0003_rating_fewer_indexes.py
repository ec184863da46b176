"""Fewer indexes on the rating table: each one is paid by every rating written.

The foreign keys that lead an index of Rating.Meta lose their own index; operator and
submitted_by (empty for almost every rating) get partial ones. On SQLite, altering the fields
rebuilds the table, which drops its triggers: the no-update trigger of 0002 is created again.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


SQLITE_NO_UPDATE = """CREATE TRIGGER IF NOT EXISTS evaluations_rating_no_update BEFORE UPDATE ON evaluations_rating
   BEGIN SELECT RAISE(ABORT, 'ratings are never edited'); END;"""


def recreate_sqlite_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_NO_UPDATE)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_periodic_job_runs'),
        ('evaluations', '0002_rating_immutable_triggers'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='rating',
            name='case',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='ratings', to='evaluations.case', verbose_name='办件'),
        ),
        migrations.AlterField(
            model_name='rating',
            name='department',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.unit', verbose_name='责任部门'),
        ),
        migrations.AlterField(
            model_name='rating',
            name='hall',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='ratings', to='evaluations.hall', verbose_name='大厅'),
        ),
        migrations.AlterField(
            model_name='rating',
            name='operator',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='代录人员'),
        ),
        migrations.AlterField(
            model_name='rating',
            name='region',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.region', verbose_name='行政区域'),
        ),
        migrations.AlterField(
            model_name='rating',
            name='staff',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='ratings', to='evaluations.staff', verbose_name='窗口人员'),
        ),
        migrations.AlterField(
            model_name='rating',
            name='submitted_by',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='rating',
            name='window',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='ratings', to='evaluations.window', verbose_name='窗口'),
        ),
        migrations.AddIndex(
            model_name='rating',
            index=models.Index(condition=models.Q(('operator__isnull', False)), fields=['operator'], name='rating_operator_idx'),
        ),
        migrations.AddIndex(
            model_name='rating',
            index=models.Index(condition=models.Q(('submitted_by__isnull', False)), fields=['submitted_by'], name='rating_submitted_by_idx'),
        ),
        migrations.RunPython(recreate_sqlite_trigger, migrations.RunPython.noop),
    ]
