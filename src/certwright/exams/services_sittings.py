"""Forms, check-in, the timed sitting (server clock), saving answers, submitting and scoring."""

from __future__ import annotations

import math
import secrets
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F

from certwright.candidates.services import result_record
from certwright.common import clock
from certwright.common.audit import audit_record
from certwright.core.assembly import AssemblyError, PoolItem, Slot, assemble_form
from certwright.core.facts import Outcome, ResultKind
from certwright.core.items import ItemStatus
from certwright.core.scoring import score_sitting
from certwright.exams.models import (
    ACTIVE_SITTING,
    Appointment,
    Form,
    Incident,
    Purchase,
    PurchaseStatus,
    Response,
    Score,
    Sitting,
    SittingStatus,
)
from certwright.exams.services_orders import DeliveryError
from certwright.itembank.models import Item, ItemVersion
from certwright.programs.selectors import catalog_current


def _pool(test: str) -> list[PoolItem]:
    items = Item.objects.filter(test=test, use="operational", status__in=("operational", "pretest"))
    versions = {v.item_id: v for v in ItemVersion.objects.filter(item__in=items).order_by("item_id", "number")}
    return [
        PoolItem(
            id=i.item_id,
            area=i.area,
            status=ItemStatus(i.status),
            enemies=tuple(versions[i.pk].enemies) if i.pk in versions else (),
            exposure=i.exposure_count,
            language=i.language,
            translation_of=i.translation_of.item_id if i.translation_of is not None else None,
        )
        for i in items.select_related("translation_of")
    ]


def _seen(person_id: int) -> frozenset[str]:
    return frozenset(
        Response.objects.filter(sitting__person_id=person_id, sitting__form__slots__isnull=False).values_list(
            "item_version__item__item_id", flat=True
        )
    )


@transaction.atomic
def form_publish(
    *,
    test: str,
    kind: ResultKind,
    language: str = "en",
    seen: frozenset[str] = frozenset(),
    seed: int | None = None,
    by: Any = None,
) -> Form:
    """Assemble and freeze a form from the current pool; its slots name exact item versions."""
    catalog = catalog_current()
    spec = catalog.test(test)
    seed = seed if seed is not None else secrets.randbits(48)
    try:
        form = assemble_form(
            spec,
            _pool(test),
            seed=seed,
            kind=kind,
            language=language,
            seen=seen,
            minutes_per_question=catalog.rules.default_minutes_per_question,
        )
    except AssemblyError as exc:
        raise DeliveryError([(str(r), str(exc)) for r in exc.reasons]) from None
    ids = [s.item_id for s in form.slots]
    current: dict[str, ItemVersion] = {}
    for version in ItemVersion.objects.filter(item__item_id__in=ids).select_related("item").order_by("number"):
        current[version.item.item_id] = version
    slots = [
        {"item_id": s.item_id, "version_id": current[s.item_id].pk, "area": s.area, "scored": s.scored}
        for s in form.slots
    ]
    scored = sum(1 for s in form.slots if s.scored)
    row = Form.objects.create(
        test=test,
        kind=kind.value,
        language=language,
        seed=seed,
        slots=slots,
        time_limit_minutes=form.time_limit_minutes,
        max_raw=scored,
        cut_raw=math.ceil(catalog.rules.provisional_cut_fraction * scored),
        notes=[n.message for n in form.notes],
        policy_version=catalog.policy_version,
    )
    audit_record(
        actor=by,
        action="form.publish",
        obj=row,
        after={"test": test, "kind": kind.value, "language": language, "slots": len(slots), "cut_raw": row.cut_raw},
    )
    from certwright.measurement.services_standard import cut_equate  # noqa: PLC0415 - measurement builds on exams

    if cut_equate(form=row, by=by) is not None:  # the cut equated to the test's base form, when calibrated
        row.refresh_from_db(fields=["cut_raw"])
    return row


@transaction.atomic
def sitting_check_in(*, appointment: Appointment, by: Any, id_confirmed: bool, language: str = "en") -> Sitting:
    """The proctor confirms the candidate's ID; a form is assembled for them and a launch code issued."""
    if not id_confirmed:
        raise DeliveryError([("id_not_confirmed", "confirm the candidate's photo ID before check-in")])
    appointment = Appointment.objects.select_related("purchase__person").get(pk=appointment.pk)
    purchase = Purchase.objects.select_for_update().get(pk=appointment.purchase_id)
    if purchase.status != PurchaseStatus.BOOKED or appointment.cancelled_at is not None:
        raise DeliveryError([("not_booked", "this appointment is not booked")])
    person = appointment.purchase.person
    if Sitting.objects.filter(person=person, status__in=ACTIVE_SITTING).exists():
        raise DeliveryError([("active_sitting", "the candidate already has a sitting in progress")])
    form = form_publish(
        test=purchase.test, kind=ResultKind(purchase.kind), language=language, seen=_seen(person.pk), by=by
    )
    allowed = int(form.time_limit_minutes * 60 * float(person.time_multiplier))
    sitting = Sitting.objects.create(
        purchase=purchase,
        person=person,
        appointment=appointment,
        form=form,
        launch_code=f"{secrets.randbelow(10**6):06d}",
        checked_in_by=by,
        allowed_seconds=allowed,
    )
    purchase.status = PurchaseStatus.IN_PROGRESS
    purchase.save(update_fields=["status"])
    audit_record(actor=by, action="sitting.check_in", obj=sitting, after={"form": form.pk, "seconds": allowed})
    return sitting


@transaction.atomic
def sitting_start(*, sitting: Sitting, launch_code: str, by: Any = None) -> Sitting:
    sitting = Sitting.objects.select_for_update().get(pk=sitting.pk)
    if sitting.status != SittingStatus.CHECKED_IN:
        if sitting.status in (SittingStatus.STARTED, SittingStatus.PAUSED):
            return sitting  # resuming after a closed browser: nothing to do
        raise DeliveryError([("not_startable", f"this sitting is {sitting.get_status_display().lower()}")])
    if not secrets.compare_digest(launch_code.strip(), sitting.launch_code):
        raise DeliveryError([("wrong_launch_code", "the launch code is not right; ask the proctor")])
    now = clock.now()
    sitting.status, sitting.started_at = SittingStatus.STARTED, now
    sitting.deadline = now + timedelta(seconds=sitting.allowed_seconds)
    sitting.save(update_fields=["status", "started_at", "deadline"])
    version_ids = [s["version_id"] for s in sitting.form.slots]
    Response.objects.bulk_create(
        [Response(sitting=sitting, position=i, item_version_id=v) for i, v in enumerate(version_ids)]
    )
    ItemVersion.objects.filter(pk__in=version_ids).update(delivered=True)
    Item.objects.filter(versions__pk__in=version_ids).update(exposure_count=F("exposure_count") + 1)
    audit_record(actor=by, action="sitting.start", obj=sitting, after={"deadline": sitting.deadline.isoformat()})
    return sitting


def remaining_seconds(sitting: Sitting, now: datetime | None = None) -> int:
    """The true remaining time from the server's clock (frozen while paused)."""
    if sitting.deadline is None:
        return sitting.allowed_seconds
    at = sitting.paused_at if sitting.status == SittingStatus.PAUSED and sitting.paused_at else (now or clock.now())
    return max(0, int((sitting.deadline - at).total_seconds()))


TIME_UP = DeliveryError([("time_up", "the time is up: the test was submitted")])


def _lock_live(sitting_pk: int) -> Sitting | None:
    """Lock the sitting (inside a transaction). Returns None when its time ran out: it is then
    submitted, and the caller raises TIME_UP after the transaction commits."""
    sitting = Sitting.objects.select_for_update().select_related("form").get(pk=sitting_pk)
    if sitting.status == SittingStatus.STARTED and remaining_seconds(sitting) <= 0:
        _submit(sitting, by=None, reason="time")
        return None
    if sitting.status != SittingStatus.STARTED:
        raise DeliveryError([("not_in_progress", f"this sitting is {sitting.get_status_display().lower()}")])
    return sitting


def answer_save(
    *, sitting: Sitting, position: int, answer: str | None = None, flagged: bool | None = None, seq: int
) -> Response:
    """Save one answer or flag. ``seq`` orders the saves: an older or repeated save changes nothing."""
    if answer not in (None, "", "A", "B", "C", "D"):
        raise DeliveryError([("bad_answer", "an answer is A, B, C or D")])
    with transaction.atomic():
        live = _lock_live(sitting.pk)
        if live is not None:
            return _store_answer(live, position, answer, flagged, seq)
    raise TIME_UP


def _store_answer(live: Sitting, position: int, answer: str | None, flagged: bool | None, seq: int) -> Response:
    response = Response.objects.select_for_update().filter(sitting=live, position=position).first()
    if response is None:
        raise DeliveryError([("no_such_question", f"there is no question {position + 1}")])
    if seq <= response.seq:
        return response
    if answer is not None:
        response.answer = answer
    if flagged is not None:
        response.flagged = flagged
    response.seq, response.saved_at = seq, clock.now()
    response.save(update_fields=["answer", "flagged", "seq", "saved_at"])
    return response


def sitting_goto(*, sitting: Sitting, position: int) -> None:
    """Remember the question the candidate is on, so a resumed sitting opens there."""
    Sitting.objects.filter(pk=sitting.pk, status=SittingStatus.STARTED).update(current_position=position)


@transaction.atomic
def sitting_submit(*, sitting: Sitting, by: Any = None) -> Score:
    """Score the sitting once; submitting again returns the same score."""
    sitting = Sitting.objects.select_for_update().select_related("form").get(pk=sitting.pk)
    if sitting.status == SittingStatus.SUBMITTED:
        return sitting.score
    if sitting.status not in (SittingStatus.STARTED, SittingStatus.PAUSED):
        raise DeliveryError([("not_in_progress", f"this sitting is {sitting.get_status_display().lower()}")])
    return _submit(sitting, by=by, reason="candidate")


def _submit(sitting: Sitting, *, by: Any, reason: str) -> Score:
    form = sitting.form
    responses = list(sitting.responses.select_related("item_version__item"))
    keys = {r.item_version.item.item_id: r.item_version.key for r in responses}
    answers = {r.item_version.item.item_id: (r.answer or None) for r in responses}
    slots = [Slot(s["item_id"], s["area"], s["scored"]) for s in form.slots]
    from certwright.measurement.selectors import adopted_scoring  # noqa: PLC0415 - measurement builds on exams

    adopted = adopted_scoring(form)  # the form's adopted cut and conversion table, if any
    report = score_sitting(slots, keys, answers, cut=adopted[0] if adopted else form.cut_raw)
    if adopted and len(adopted[1]) == report.max_raw + 1:
        report = replace(report, scaled=adopted[1][report.raw])
    now = clock.now()
    score = Score.objects.create(
        sitting=sitting,
        raw=report.raw,
        max_raw=report.max_raw,
        scaled=report.scaled,
        passed=report.passed,
        areas=[
            {"area": a.area, "correct": a.correct, "total": a.total, "percent": a.percent, "band": a.band.value}
            for a in report.areas
        ],
    )
    sitting.status, sitting.submitted_at = SittingStatus.SUBMITTED, now
    sitting.save(update_fields=["status", "submitted_at"])
    purchase = sitting.purchase
    result = result_record(
        person=sitting.person,
        test=form.test,
        on=clock.localdate(now),
        outcome=Outcome.PASS if report.passed else Outcome.FAIL,
        kind=ResultKind(form.kind),
        source="delivery",
        by=by,
    )
    purchase.status, purchase.result = PurchaseStatus.COMPLETED, result
    purchase.save(update_fields=["status", "result"])
    audit_record(
        actor=by,
        action="sitting.submit",
        obj=sitting,
        reason=reason,
        after={"raw": report.raw, "scaled": report.scaled, "passed": report.passed},
    )
    return score


def sitting_pause(*, sitting: Sitting, by: Any) -> Sitting:
    with transaction.atomic():
        live = _lock_live(sitting.pk)
        if live is not None:
            live.status, live.paused_at = SittingStatus.PAUSED, clock.now()
            live.save(update_fields=["status", "paused_at"])
            audit_record(actor=by, action="sitting.pause", obj=live)
            return live
    raise TIME_UP


def sitting_break(*, sitting: Sitting, by: Any) -> Sitting:
    """A candidate with break accommodations stops the clock for a break (up to their allowance)."""
    with transaction.atomic():
        live = _lock_live(sitting.pk)
        if live is not None:
            allowed = live.person.breaks_allowed
            if live.breaks_taken >= allowed:
                raise DeliveryError([("no_breaks_left", f"your accommodation allows {allowed} breaks")])
            live.status, live.paused_at, live.on_break = SittingStatus.PAUSED, clock.now(), True
            live.breaks_taken += 1
            live.save(update_fields=["status", "paused_at", "on_break", "breaks_taken"])
            audit_record(actor=by, action="sitting.break", obj=live, after={"breaks_taken": live.breaks_taken})
            return live
    raise TIME_UP


@transaction.atomic
def sitting_resume(*, sitting: Sitting, by: Any, candidate: bool = False) -> Sitting:
    """Restart the clock. A candidate may end only their own break; a proctor ends any pause."""
    sitting = Sitting.objects.select_for_update().get(pk=sitting.pk)
    if sitting.status != SittingStatus.PAUSED or sitting.paused_at is None or sitting.deadline is None:
        raise DeliveryError([("not_paused", "this sitting is not paused")])
    if candidate and not sitting.on_break:
        raise DeliveryError([("paused_by_proctor", "the proctor paused the test; the proctor resumes it")])
    sitting.deadline += clock.now() - sitting.paused_at
    sitting.status, sitting.paused_at, sitting.on_break = SittingStatus.STARTED, None, False
    sitting.save(update_fields=["status", "paused_at", "deadline", "on_break"])
    audit_record(actor=by, action="sitting.resume", obj=sitting, after={"deadline": sitting.deadline.isoformat()})
    return sitting


@transaction.atomic
def sitting_incident(*, sitting: Sitting, by: Any, note: str, extra_minutes: int = 0) -> Incident:
    sitting = Sitting.objects.select_for_update().get(pk=sitting.pk)
    if not note.strip():
        raise DeliveryError([("note_required", "describe the incident")])
    extra = max(0, extra_minutes) * 60
    if extra and sitting.status in ACTIVE_SITTING:
        sitting.allowed_seconds += extra
        if sitting.deadline is not None:
            sitting.deadline += timedelta(seconds=extra)
        sitting.save(update_fields=["allowed_seconds", "deadline"])
    incident = Incident.objects.create(sitting=sitting, by=by, note=note, extra_seconds=extra)
    audit_record(actor=by, action="sitting.incident", obj=sitting, after={"note": note, "extra_seconds": extra})
    return incident


@transaction.atomic
def sitting_void(*, sitting: Sitting, by: Any, reason: str) -> Sitting:
    sitting = Sitting.objects.select_for_update().get(pk=sitting.pk)
    if not reason.strip():
        raise DeliveryError([("reason_required", "voiding a sitting needs a reason")])
    if sitting.status not in ACTIVE_SITTING:
        raise DeliveryError([("not_in_progress", f"this sitting is {sitting.get_status_display().lower()}")])
    sitting.status, sitting.void_reason = SittingStatus.VOIDED, reason
    sitting.save(update_fields=["status", "void_reason"])
    Purchase.objects.filter(pk=sitting.purchase_id).update(status=PurchaseStatus.COMPLETED)
    audit_record(actor=by, action="sitting.void", obj=sitting, reason=reason)
    return sitting


def sittings_expire(*, now: datetime) -> int:
    """Submit every started sitting whose time ran out (also when the candidate never returns)."""
    count = 0
    for pk in Sitting.objects.filter(status=SittingStatus.STARTED, deadline__lte=now).values_list("pk", flat=True):
        with transaction.atomic():
            sitting = Sitting.objects.select_for_update().select_related("form").get(pk=pk)
            if sitting.status == SittingStatus.STARTED and remaining_seconds(sitting, now) <= 0:
                _submit(sitting, by=None, reason="time")
                count += 1
    return count
