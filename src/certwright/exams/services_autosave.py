"""The autosave fast path: the common case of ``answer_save`` as one SQL statement.

A save succeeds in one statement when the sitting is started, its deadline is still ahead, the
question exists and ``seq`` is newer than the stored one. That statement stores the answer and
returns the row. Every other case returns ``None``, and the caller then runs the full
``answer_save``, which gives the same answers as before:

- time up: submitted, 409;
- paused or submitted: 409;
- stale ``seq``: the stored row;
- no such question: 422.

On PostgreSQL the statement takes a share lock on the sitting row. Submitting, pausing and the
deadline job take ``FOR UPDATE`` on that row, so a save never lands after the score was computed:
it waits for the submission to commit, sees the sitting submitted, and falls back. SQLite runs
one writer at a time, and every write transaction is ``BEGIN IMMEDIATE``, so the statement cannot
interleave with a submission there either.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from django.contrib.sessions.models import Session
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper

from certwright.accounts.models import User
from certwright.candidates.models import Person
from certwright.exams.models import Response, Sitting, SittingStatus

ANSWERS = ("", "A", "B", "C", "D")
STARTED = SittingStatus.STARTED.value


@dataclass(frozen=True)
class SavedAnswer:
    position: int
    answer: str | None
    flagged: bool
    seq: int


@dataclass(frozen=True)
class SessionProof:
    """A session this process has verified for a user (as ``get_user`` does), and what it verified:
    the statement re-checks in SQL that the session row is unchanged and unexpired, and that the
    user is still active with the same password hash (on which the session hash depends)."""

    session_key: str
    session_data: str
    user_id: int
    password: str


@cache
def _statement(vendor: str, *, proof: bool) -> str:
    """Table names come from the models' metadata; every value is a parameter."""
    response, sitting = Response._meta.db_table, Sitting._meta.db_table
    session, person, user = Session._meta.db_table, Person._meta.db_table, User._meta.db_table
    owner = (
        f"JOIN {person} p ON p.id = st.person_id JOIN {user} u ON u.id = p.user_id "
        f"JOIN {session} s ON s.session_key = %s AND s.session_data = %s AND s.expire_date > %s "
        if proof
        else ""
    )
    owned = "AND u.id = %s AND u.password = %s AND u.is_active " if proof else ""
    live = (
        f"WITH live AS (SELECT st.id FROM {sitting} st {owner}"  # noqa: S608
        f"WHERE st.id = %s AND st.status = %s AND st.deadline > %s {owned}"
    )
    if vendor == "postgresql":
        return (
            f"{live}FOR SHARE OF st) "  # noqa: S608
            f"UPDATE {response} AS r SET answer = COALESCE(%s, r.answer), flagged = COALESCE(%s, r.flagged), "
            f"seq = %s, saved_at = %s FROM live "
            f"WHERE r.sitting_id = live.id AND r.position = %s AND r.seq < %s RETURNING r.answer, r.flagged"
        )
    return (  # SQLite (3.35+ for RETURNING): the same statement without the row lock
        f"{live}) UPDATE {response} SET answer = COALESCE(%s, answer), flagged = COALESCE(%s, flagged), "  # noqa: S608
        f"seq = %s, saved_at = %s "
        f"WHERE sitting_id = (SELECT id FROM live) AND position = %s AND seq < %s RETURNING answer, flagged"
    )


def answer_save_fast(
    *,
    sitting_id: int,
    position: int,
    answer: str | None,
    flagged: bool | None,
    seq: int,
    now: datetime,
    proof: SessionProof | None = None,
) -> SavedAnswer | None:
    """Store the save in one statement when nothing about it is unusual; ``None`` otherwise.

    Without ``proof`` the caller has just established that the sitting belongs to the signed-in
    candidate; with it, the statement checks that itself."""
    if answer is not None and answer not in ANSWERS:
        return None  # the full path says what is wrong (422 bad_answer)
    db = connections[DEFAULT_DB_ALIAS]  # one look-up of this thread's connection, not one per use
    at = db.ops.adapt_datetimefield_value(now)
    params: list[Any] = []
    if proof is not None:
        params += [proof.session_key, proof.session_data, at]
    params += [sitting_id, STARTED, at]
    if proof is not None:
        params += [proof.user_id, proof.password]
    params += [answer, flagged, seq, at, position, seq]
    row = _execute(db, _statement(db.vendor, proof=proof is not None), params)
    if row is None:
        return None
    return SavedAnswer(position=position, answer=row[0] or None, flagged=bool(row[1]), seq=seq)


def _execute(db: BaseDatabaseWrapper, sql: str, params: list[Any]) -> tuple[Any, ...] | None:
    """Run the statement; on PostgreSQL as a prepared statement (psycopg server-side binding), which
    saves the planning that otherwise costs twice the execution (``prepare_threshold`` is set in
    the settings; Django's own queries use client-side binding and are not affected)."""
    if db.vendor != "postgresql":
        with db.cursor() as cursor:
            cursor.execute(sql, params)
            found: tuple[Any, ...] | None = cursor.fetchone()
            return found
    import psycopg  # noqa: PLC0415 - the PostgreSQL driver, only needed on PostgreSQL

    db.ensure_connection()
    started = time.monotonic()
    with db.wrap_database_errors, psycopg.Cursor(db.connection) as cursor:
        cursor.execute(sql, params, prepare=True)
        row = cursor.fetchone()
    if db.queries_logged:  # shown with Django's own queries (DEBUG, tests, debug tools)
        db.queries_log.append({"sql": sql, "time": f"{time.monotonic() - started:.3f}"})
    return row
