"""Ratings can be neither updated nor deleted, not even by hand in SQL.

SQLite refuses UPDATE (DELETE stays possible there so that test-database flushes work);
PostgreSQL refuses UPDATE and DELETE (its flush uses TRUNCATE).
"""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER IF NOT EXISTS evaluations_rating_no_update BEFORE UPDATE ON evaluations_rating
       BEGIN SELECT RAISE(ABORT, 'ratings are never edited'); END;""",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION evaluations_rating_immutable() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'ratings are never edited or deleted'; END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER evaluations_rating_no_change BEFORE UPDATE OR DELETE ON evaluations_rating
       FOR EACH ROW EXECUTE FUNCTION evaluations_rating_immutable();""",
]


def forwards(apps, schema_editor):
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS evaluations_rating_no_change ON evaluations_rating")
    else:
        schema_editor.execute("DROP TRIGGER IF EXISTS evaluations_rating_no_update")


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0001_halls_windows_staff_items_cases_ratings_devices")]
    operations = [migrations.RunPython(forwards, backwards)]
