"""Make audit rows immutable in the database itself: an UPDATE raises.

Deleting is refused by the model and its queryset (and the actor foreign key is PROTECT); the
database keeps DELETE/TRUNCATE possible only so that test databases can be flushed."""

from django.db import migrations

SQLITE = [
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON common_auditentry "
    "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;",
]
POSTGRES = [
    "CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'audit entries are append-only'; END; $$ LANGUAGE plpgsql;",
    "CREATE TRIGGER audit_no_change BEFORE UPDATE ON common_auditentry "
    "FOR EACH ROW EXECUTE FUNCTION audit_append_only();",
]
DROP_SQLITE = ["DROP TRIGGER IF EXISTS audit_no_update;"]
DROP_POSTGRES = [
    "DROP TRIGGER IF EXISTS audit_no_change ON common_auditentry;",
    "DROP FUNCTION IF EXISTS audit_append_only();",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("common", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": DROP_SQLITE, "postgresql": DROP_POSTGRES}),
        )
    ]
