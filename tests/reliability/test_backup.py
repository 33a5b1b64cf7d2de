"""`certwright backup` and `certwright restore`: a database with demo data is backed up, restored
into an empty database and compared table by table; a database with data is not overwritten
without --force; a file that is not a backup is refused. Runs on SQLite, and on PostgreSQL
(pg_dump/pg_restore) when the suite runs on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability.support import DEMO_DATA, certwright, databases, env_for, snapshot

pytestmark = [pytest.mark.reliability, pytest.mark.slow]


def test_backup_restore_into_an_empty_database_gives_the_same_rows(tmp_path: Path) -> None:
    with databases(tmp_path) as dbs:
        source = dbs.new("source")
        env = env_for(source, tmp_path)
        certwright(env, "migrate", "--noinput")
        certwright(env, "shell", "-c", DEMO_DATA)
        backup = tmp_path / "certwright.backup"
        out = certwright(env, "backup", str(backup)).stdout
        assert "Backed up the" in out
        assert backup.stat().st_size > 0

        target = dbs.new("target")
        target_env = env_for(target, tmp_path)
        assert "Restored the" in certwright(target_env, "restore", str(backup)).stdout

        before, after = snapshot(source), snapshot(target)
        assert set(after) == set(before)
        assert {t: c for t, (c, _) in after.items()} == {t: c for t, (c, _) in before.items()}
        assert after == before  # first and last rows of every table, column by column
        assert before["candidates_person"][0] >= 50
        assert before["common_auditentry"][0] > 0

        # the restored database is live: new rows get fresh ids, nothing collides
        certwright(
            target_env,
            "shell",
            "-c",
            "from certwright.common.audit import audit_record; "
            "audit_record(actor=None, action='backup.restored', object_type='database', object_id='1')",
        )
        assert snapshot(target)["common_auditentry"][0] == before["common_auditentry"][0] + 1

        # the target now holds data: a second restore is refused unless forced
        refused = certwright(target_env, "restore", str(backup), expect=2)
        assert "the database is not empty" in refused.stderr
        assert "--force" in refused.stderr
        certwright(target_env, "restore", "--force", str(backup))
        assert snapshot(target) == before  # the extra audit row is gone again

        # an existing backup file is not replaced unless forced
        assert "the file exists" in certwright(env, "backup", str(backup), expect=2).stderr
        certwright(env, "backup", "--force", str(backup))


def test_restore_refuses_what_is_not_a_backup(tmp_path: Path) -> None:
    with databases(tmp_path) as dbs:
        env = env_for(dbs.new("empty"), tmp_path)
        junk = tmp_path / "notes.txt"
        junk.write_text("not a database")
        assert "not a Certwright backup" in certwright(env, "restore", str(junk), expect=2).stderr
        missing = tmp_path / "missing.backup"
        assert str(missing) in certwright(env, "restore", str(missing), expect=2).stderr
