"""The database refuses DELETE on audit rows too (UPDATE is refused since 0002).

PostgreSQL still allows TRUNCATE (a statement, not a row change): the test runner flushes
databases with it. Production runs as a role that does not own the tables (docs/security.md),
so it cannot TRUNCATE or drop triggers. On SQLite a flush of a database holding audit rows is
refused, which is the point."""

from django.db import migrations

SQLITE = [
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON common_auditentry "
    "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;",
]
POSTGRES = [
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON common_auditentry "
    "FOR EACH ROW EXECUTE FUNCTION audit_append_only();",
]
DROP_SQLITE = ["DROP TRIGGER IF EXISTS audit_no_delete;"]
DROP_POSTGRES = ["DROP TRIGGER IF EXISTS audit_no_delete ON common_auditentry;"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("common", "0002_audit_append_only")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": DROP_SQLITE, "postgresql": DROP_POSTGRES}),
        )
    ]
