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

import hashlib
import time
import weakref
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
    # PostgreSQL gets the time as text in its parameter's text format; SQLite in its own column format
    at = now.isoformat() if db.vendor == "postgresql" else db.ops.adapt_datetimefield_value(now)
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
    """Run the statement and return its row, or None when it changed nothing."""
    if db.vendor != "postgresql":
        with db.cursor() as cursor:
            cursor.execute(sql, params)
            found: tuple[Any, ...] | None = cursor.fetchone()
            return found
    db.ensure_connection()
    started = time.monotonic()
    with db.wrap_database_errors:
        row = _execute_prepared(db.connection.pgconn, sql, params)
    if db.queries_logged:  # shown with Django's own queries (DEBUG, tests, debug tools)
        db.queries_log.append({"sql": sql, "time": f"{time.monotonic() - started:.3f}"})
    return row


def _execute_prepared(pgconn: Any, sql: str, params: list[Any]) -> tuple[Any, ...] | None:
    """The statement as a prepared statement, run through libpq itself (psycopg's ``pq`` layer).

    Preparing saves the planning, which costs twice the execution; going below psycopg's cursor
    saves about 45 µs of the server's CPU per save. libpq's call blocks this thread only: psycopg
    releases the GIL around it. The statement is prepared once on each connection."""
    from psycopg import pq  # noqa: PLC0415 - the PostgreSQL driver, only needed on PostgreSQL

    name, text = _prepared(sql)
    values = [_text(v) for v in params]
    known = _PREPARED.setdefault(pgconn, set())
    if name not in known:
        _prepare(pgconn, name, text)
        known.add(name)
    result = pgconn.exec_prepared(name, values)
    if (
        result.status == pq.ExecStatus.FATAL_ERROR
        and result.error_field(pq.DiagnosticField.SQLSTATE) == b"26000"  # someone ran DEALLOCATE
        and pgconn.transaction_status == pq.TransactionStatus.IDLE  # nothing of a transaction to lose
    ):
        _prepare(pgconn, name, text)
        result = pgconn.exec_prepared(name, values)
    if result.status != pq.ExecStatus.TUPLES_OK:
        raise _error(pgconn, result)
    if result.ntuples == 0:
        return None
    answer, flagged = result.get_value(0, 0), result.get_value(0, 1)
    return (None if answer is None else answer.decode(), flagged == b"t")


_PREPARED: weakref.WeakKeyDictionary[Any, set[bytes]] = weakref.WeakKeyDictionary()  # per libpq connection


def _prepare(pgconn: Any, name: bytes, text: bytes) -> None:
    from psycopg import pq  # noqa: PLC0415

    prepared = pgconn.prepare(name, text)
    if prepared.status != pq.ExecStatus.COMMAND_OK:
        raise _error(pgconn, prepared)


def _error(pgconn: Any, result: Any) -> Exception:
    """psycopg's exception for a failed result; a lost connection (a result without a SQLSTATE, the
    connection gone bad) is an ``OperationalError``, as psycopg's own cursor would raise."""
    import psycopg  # noqa: PLC0415
    from psycopg import errors, pq  # noqa: PLC0415

    if pgconn.status == pq.ConnStatus.BAD or result.error_field(pq.DiagnosticField.SQLSTATE) is None:
        message = (result.error_message or b"the connection to the database was lost").decode("utf-8", "replace")
        return psycopg.OperationalError(message.strip())
    return errors.error_from_result(result, encoding="utf-8")


@cache
def _prepared(sql: str) -> tuple[bytes, bytes]:
    """A name for the statement and its text with libpq's numbered placeholders ($1, $2, ...)."""
    parts = sql.split("%s")
    text = (parts[0] + "".join(f"${n}{part}" for n, part in enumerate(parts[1:], start=1))).encode()
    return b"certwright_autosave_" + hashlib.sha256(text).hexdigest()[:16].encode(), text


def _text(value: Any) -> bytes | None:
    """A parameter in PostgreSQL's text format; the statement's context gives its type."""
    if value is None:
        return None
    if value is True or value is False:
        return b"t" if value else b"f"
    return (value if type(value) is str else str(value)).encode()
