"""The autosave fast path (exams/middleware.py) answers exactly as the full API does.

Every case runs twice, with the fast path on and off, and must give the same status and body:
the ordinary save, flag-only and clearing saves, stale and repeated ``seq``, bad input, another
candidate, no session, a CSRF failure, a paused sitting and a sitting whose time ran out."""

from __future__ import annotations

import json
import random
import threading
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certwright.core.facts import ResultKind
from certwright.core.ordering import OrderLine
from certwright.core.roles import Role
from certwright.core.scoring import Slot, score_sitting
from certwright.exams.middleware import PATH
from certwright.exams.models import Response, Sitting
from certwright.exams.services_orders import appointment_book, order_create, order_pay
from certwright.exams.services_sittings import sitting_check_in, sitting_pause, sitting_start, sitting_submit
from tests.conftest import NOW

AT = NOW + timedelta(days=7)
CSRF = "autosavecsrftokenautosavecsrf000"  # 32 characters: cookie and header must match


@pytest.fixture(params=[True, False], ids=["fast", "full"])
def fast(request: Any, settings: Any) -> bool:
    settings.CERTWRIGHT_FAST_AUTOSAVE = request.param
    return bool(request.param)


def _started(make_person: Any, make_user: Any, session: Any) -> tuple[Any, Sitting, Any]:
    user = make_user(Role.CANDIDATE)
    person = make_person(user=user)
    staff, proctor = make_user(Role.STAFF), make_user(Role.PROCTOR)
    with time_machine.travel(NOW, tick=False):
        order = order_create(person=person, lines=[OrderLine("A5", ResultKind.INITIAL)])
        order_pay(order=order, by=staff, reference="staff:cash")
        appointment = appointment_book(purchase=order.purchases.get(), session=session)
    with time_machine.travel(AT, tick=False):
        sitting = sitting_check_in(appointment=appointment, by=proctor, id_confirmed=True)
        sitting = sitting_start(sitting=sitting, launch_code=sitting.launch_code)
    return user, sitting, proctor


def _client(user: Any | None) -> Client:
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    client.cookies["csrftoken"] = CSRF
    return client


def _put(client: Client, sitting: Sitting, body: Any, *, token: str = CSRF) -> tuple[int, Any]:
    raw = body if isinstance(body, str) else json.dumps(body)
    response = client.put(
        f"/api/v1/exams/sittings/{sitting.pk}/answers", raw, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    return response.status_code, response.json()


def _reasons(body: Any) -> list[str]:
    return [r["code"] if isinstance(r, dict) else r for r in body.get("reasons", [])]


@pytest.mark.django_db
def test_every_save_answers_as_the_full_api_does(
    fast: bool, a5_bank: None, make_person: Any, make_user: Any, session: Any
) -> None:
    user, sitting, proctor = _started(make_person, make_user, session)
    me = _client(user)
    with time_machine.travel(AT + timedelta(minutes=5), tick=False):
        assert _put(me, sitting, {"position": 0, "answer": "B", "seq": 1}) == (
            200,
            {"position": 0, "answer": "B", "flagged": False, "seq": 1},
        )
        flagged = {"position": 0, "answer": "B", "flagged": True, "seq": 2}
        assert _put(me, sitting, {"position": 0, "flagged": True, "seq": 2}) == (200, flagged)
        assert _put(me, sitting, {"position": 0, "answer": "C", "seq": 1}) == (200, flagged)  # late: no change
        assert _put(me, sitting, {"position": 0, "answer": "D", "seq": 2}) == (200, flagged)  # repeated seq
        cleared = {"position": 0, "answer": None, "flagged": True, "seq": 3}
        assert _put(me, sitting, {"position": 0, "answer": "", "seq": 3}) == (200, cleared)
        status, body = _put(me, sitting, {"position": 0, "answer": "E", "seq": 4})
        assert (status, _reasons(body)) == (422, ["bad_answer"])
        status, body = _put(me, sitting, {"position": 999, "answer": "A", "seq": 5})
        assert (status, _reasons(body)) == (422, ["no_such_question"])
        for bad in ({"position": -1, "answer": "A", "seq": 6}, {"position": 1, "answer": "A", "seq": 2**31}):
            status, body = _put(me, sitting, bad)
            assert status == 422, bad
            assert "greater than or equal to 0" in body["detail"] or "less than or equal to" in body["detail"]
        status, body = _put(me, sitting, "[1,")
        assert status == 400
        assert "JSON" in body["detail"]
        assert Response.objects.get(sitting=sitting, position=0).answer == ""
        assert Response.objects.get(sitting=sitting, position=1).seq == 0  # nothing of the refused saves stored

        intruder = make_user(Role.CANDIDATE)
        make_person(user=intruder)
        assert _put(_client(intruder), sitting, {"position": 1, "answer": "A", "seq": 7})[0] == 404
        assert _put(_client(None), sitting, {"position": 1, "answer": "A", "seq": 7})[0] == 401
        assert _put(me, sitting, {"position": 1, "answer": "A", "seq": 7}, token="x" * 32)[0] == 403
        assert Response.objects.get(sitting=sitting, position=1).seq == 0

        sitting_pause(sitting=sitting, by=proctor)
        status, body = _put(me, sitting, {"position": 1, "answer": "A", "seq": 8})
        assert (status, _reasons(body)) == (409, ["not_in_progress"])
        assert Response.objects.get(sitting=sitting, position=1).seq == 0


@pytest.mark.django_db
def test_a_save_after_the_deadline_submits_the_sitting(
    fast: bool, a5_bank: None, make_person: Any, make_user: Any, session: Any
) -> None:
    user, sitting, _ = _started(make_person, make_user, session)
    me = _client(user)
    with time_machine.travel(sitting.deadline - timedelta(seconds=1), tick=False):
        assert _put(me, sitting, {"position": 2, "answer": "A", "seq": 1})[0] == 200
    with time_machine.travel(sitting.deadline, tick=False):
        status, body = _put(me, sitting, {"position": 2, "answer": "B", "seq": 2})
    assert (status, _reasons(body)) == (409, ["time_up"])
    sitting.refresh_from_db()
    assert sitting.status == "submitted"
    assert Response.objects.get(sitting=sitting, position=2).answer == "A"


def _statements(queries: CaptureQueriesContext) -> int:
    return len([q for q in queries.captured_queries if q["sql"] != "SELECT 1"])


@pytest.mark.django_db
def test_the_fast_path_saves_in_one_statement_once_it_knows_the_session(
    a5_bank: None, make_person: Any, make_user: Any, session: Any, settings: Any
) -> None:
    settings.CERTWRIGHT_FAST_AUTOSAVE = True
    assert PATH.match(reverse("api-1:save_answer", kwargs={"sitting_id": 12345}))
    user, sitting, _ = _started(make_person, make_user, session)
    me = _client(user)
    with time_machine.travel(AT + timedelta(minutes=1), tick=False):
        with CaptureQueriesContext(connection) as first:
            assert _put(me, sitting, {"position": 3, "answer": "D", "seq": 1})[0] == 200
        with CaptureQueriesContext(connection) as second:
            assert _put(me, sitting, {"position": 4, "answer": "A", "seq": 2})[0] == 200
    assert (_statements(first), _statements(second)) == (2, 1)
    assert Response.objects.get(sitting=sitting, position=3).answer == "D"
    assert Response.objects.get(sitting=sitting, position=4).answer == "A"


@pytest.mark.django_db
def test_logout_password_change_and_deactivation_end_saving_at_once(
    fast: bool, a5_bank: None, make_person: Any, make_user: Any, session: Any
) -> None:
    """A session the fast path has already verified stops working the moment it should."""
    user, sitting, _ = _started(make_person, make_user, session)
    with time_machine.travel(AT + timedelta(minutes=1), tick=False):
        me = _client(user)
        assert _put(me, sitting, {"position": 0, "answer": "A", "seq": 1})[0] == 200
        old_key = me.cookies["sessionid"].value
        me.logout()
        me.cookies["sessionid"], me.cookies["csrftoken"] = old_key, CSRF
        assert _put(me, sitting, {"position": 0, "answer": "B", "seq": 2})[0] == 401

        me = _client(user)
        assert _put(me, sitting, {"position": 0, "answer": "B", "seq": 3})[0] == 200
        user.set_password("a-new-long-password")
        user.save()
        assert _put(me, sitting, {"position": 0, "answer": "C", "seq": 4})[0] == 401

        me = _client(user)
        assert _put(me, sitting, {"position": 0, "answer": "C", "seq": 5})[0] == 200
        user.is_active = False
        user.save()
        assert _put(me, sitting, {"position": 0, "answer": "D", "seq": 6})[0] == 401
    assert Response.objects.get(sitting=sitting, position=0).answer == "C"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks (PostgreSQL)")
def test_no_save_lands_after_the_score_was_computed(
    a5_bank: None, make_person: Any, make_user: Any, session: Any, settings: Any
) -> None:
    """Four threads save while the sitting is submitted: every save answered 200 is in the stored
    answers the score was computed from, and nothing changes afterwards."""
    settings.CERTWRIGHT_FAST_AUTOSAVE = True
    user, sitting, _ = _started(make_person, make_user, session)
    keys = {
        r.position: r.item_version.key for r in Response.objects.filter(sitting=sitting).select_related("item_version")
    }
    accepted: list[tuple[int, int, str]] = []
    stop = threading.Event()

    def saver(lane: int) -> None:
        client, rng, n = _client(user), random.Random(lane), 0
        try:
            while not stop.is_set():
                n += 1
                position = rng.randrange(len(keys))
                answer = keys[position] if rng.random() < 0.5 else ("A" if keys[position] != "A" else "B")
                status, _ = _put(client, sitting, {"position": position, "answer": answer, "seq": n * 4 + lane})
                if status == 200:
                    accepted.append((position, n * 4 + lane, answer))
                elif status == 409:
                    return
        finally:
            connections.close_all()

    with time_machine.travel(AT + timedelta(minutes=2), tick=True):
        threads = [threading.Thread(target=saver, args=(lane,)) for lane in range(4)]
        for thread in threads:
            thread.start()
        while len(accepted) < 40:
            stop.wait(0.01)
        score = sitting_submit(sitting=sitting)
        stop.set()
        for thread in threads:
            thread.join()
    stored = {r.position: (r.seq, r.answer) for r in Response.objects.filter(sitting=sitting)}
    newest: dict[int, tuple[int, str]] = {}
    for position, seq, answer in accepted:
        newest[position] = max(newest.get(position, (0, "")), (seq, answer))
    assert {p: stored[p] for p in newest} == newest  # every accepted save is there, the newest one wins
    sitting.refresh_from_db()
    slots = [Slot(s["item_id"], s["area"], s["scored"]) for s in sitting.form.slots]
    ids = [s["item_id"] for s in sitting.form.slots]
    rescored = score_sitting(
        slots,
        {ids[p]: keys[p] for p in keys},
        {ids[p]: (stored[p][1] or None) for p in stored},
        cut=sitting.form.cut_raw,
    )
    assert rescored.raw == score.raw  # the score counts exactly the answers that stayed stored
