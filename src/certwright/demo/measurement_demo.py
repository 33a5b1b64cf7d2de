"""Demo data for the measurement area (see demo/extensions.py).

The starter bank has no delivery history, so the demo simulates one: ``field_test`` has a cohort of
simulated candidates (people named "Field-test NNN", with inactive user accounts so their practice
answers can be linked to them) sit eight published forms of the test in rotation and answer the
practice items, from known item parameters and abilities drawn with a fixed seed. Everything is
stored as real rows (forms, sittings, responses, scores, practice sessions), so the psychometrics
pages, commands and API read it exactly as they read live data. Then ``load`` calibrates A5 twice
(160 candidates, then 240 with the operational items anchored), adopts the cut of a finished Angoff
study on a base form, and runs a second study on a new form (the three reviewers and the
psychometrician, in round 2); the pretest items are left ready for promotion.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.timezone import make_aware

from certwright.candidates.models import Person
from certwright.core.assembly import Slot
from certwright.core.facts import ResultKind
from certwright.core.scoring import score_sitting
from certwright.exams.models import (
    Form,
    Order,
    PracticeAnswer,
    PracticeSession,
    Purchase,
    Response,
    Score,
    Sitting,
)
from certwright.exams.services_practice import practice_pool
from certwright.exams.services_sittings import form_publish
from certwright.itembank.models import Item, ItemVersion
from certwright.measurement.models import Calibration, StandardSettingStudy
from certwright.programs.selectors import catalog_current

FIELD_PREFIX = "fieldtest-"
UNUSABLE = "!"  # Django's marker for an unusable password: these accounts cannot sign in
LETTERS = ("A", "B", "C", "D")
PANEL = ("psychometrician", "reviewer1", "reviewer2", "reviewer3")


def _true_params(items: list[Item], rng: np.random.Generator) -> dict[int, tuple[float, float, float]]:
    out = {}
    for item in items:
        a = float(np.exp(rng.normal(0.15, 0.3)))
        b = float(rng.normal(0.0, 1.0))
        out[item.pk] = (a, b, float(rng.uniform(0.1, 0.25)))
    return out


def _answer(rng: np.random.Generator, theta: float, params: tuple[float, float, float], key: str) -> str:
    a, b, c = params
    p = c + (1 - c) / (1 + np.exp(-a * (theta - b)))
    if rng.random() < p:
        return key
    return str(rng.choice([x for x in LETTERS if x != key]))


@transaction.atomic
def field_test(*, test: str, n: int, seed: int, on: date) -> int:
    """Simulate ``n`` candidates sitting ``test`` (and its practice items) before ``on``; returns n."""
    rng = np.random.default_rng(seed)
    items = list(Item.objects.filter(test=test).exclude(status__in=("draft", "retired")))
    truth = _true_params(items, rng)
    versions = {v.pk: v for v in ItemVersion.objects.filter(item__in=items).select_related("item")}
    practice = practice_pool(test=test)
    catalog = catalog_current()
    User = get_user_model()  # noqa: N806
    start = User.objects.filter(username__startswith=FIELD_PREFIX).count()
    users = User.objects.bulk_create(
        [
            User(username=f"{FIELD_PREFIX}{test.lower()}-{start + i:04d}", is_active=False, password=UNUSABLE)
            for i in range(n)
        ]
    )
    people = Person.objects.bulk_create(
        [
            Person(
                user=u,
                first_name="Field-test",
                last_name=f"{test} {start + i:04d}",
                candidate_id=f"FT{seed % 97:02d}{start + i:06d}",
            )
            for i, u in enumerate(users)
        ]
    )
    thetas = rng.normal(0.0, 1.0, n)
    day = on - timedelta(days=60)
    at = make_aware(datetime.combine(day, time(10)))
    responses, scores = [], []
    forms = [form_publish(test=test, kind=ResultKind.INITIAL, seed=int(rng.integers(2**40))) for _ in range(min(n, 8))]
    for number, (person, user, theta) in enumerate(zip(people, users, thetas, strict=True)):
        form = forms[number % len(forms)]
        order = Order.objects.create(
            person=person,
            status="paid",
            registration_fee=Decimal(0),
            total=Decimal(0),
            created_at=at,
            paid_at=at,
            paid_by="field test",
            policy_version=catalog.policy_version,
        )
        purchase = Purchase.objects.create(
            order=order,
            person=person,
            test=test,
            kind="initial",
            fee=Decimal(0),
            purchased_on=day,
            window_ends=day + timedelta(days=90),
            status="completed",
        )
        sitting = Sitting.objects.create(
            purchase=purchase,
            person=person,
            form=form,
            status="submitted",
            launch_code="000000",
            checked_in_at=at,
            started_at=at,
            submitted_at=at + timedelta(hours=1),
            allowed_seconds=3600,
        )
        answers, keys = {}, {}
        for position, slot in enumerate(form.slots):
            version = versions[slot["version_id"]]
            answer = _answer(rng, float(theta), truth[version.item_id], version.key)
            answers[slot["item_id"]], keys[slot["item_id"]] = answer, version.key
            responses.append(Response(sitting=sitting, position=position, item_version=version, answer=answer, seq=1))
        report = score_sitting(
            [Slot(s["item_id"], s["area"], s["scored"]) for s in form.slots], keys, answers, cut=form.cut_raw
        )
        scores.append(
            Score(
                sitting=sitting,
                raw=report.raw,
                max_raw=report.max_raw,
                scaled=report.scaled,
                passed=report.passed,
                areas=[],
            )
        )
        session = PracticeSession.objects.create(user=user, test=test, feedback="end", started_at=at, finished_at=at)
        PracticeAnswer.objects.bulk_create(
            [
                PracticeAnswer(
                    session=session,
                    position=k,
                    item_version=v,
                    answered_at=at,
                    answer=_answer(rng, float(theta), truth[v.item_id], v.key),
                )
                for k, v in enumerate(practice)
            ]
        )
    Response.objects.bulk_create(responses, batch_size=2000)
    Score.objects.bulk_create(scores)
    return n


def _ratings(rng: np.random.Generator, form: Form, theta_mc: float, spread: float) -> dict[int, float]:
    """A panelist's judgements: the chance a borderline candidate gets each item right, with noise."""
    out = {}
    for k, slot in enumerate(s for s in form.slots if s["scored"]):
        item = Item.objects.get(item_id=slot["item_id"])
        rows = item.parameters.order_by("-calibration__created_at")
        b = rows[0].b if rows else 0.0
        p = 0.2 + 0.8 / (1 + np.exp(-1.2 * (theta_mc - b)))
        out[k] = float(np.clip(round(p + rng.normal(0, spread), 2), 0.05, 0.95))
    return out


def _panel_rounds(study: StandardSettingStudy, panel: list[Any], staff: Any, rounds: int, seed: int) -> None:
    """Round 1 by everyone; then ``rounds - 1`` closed rounds of revisions after discussion."""
    from certwright.measurement.services_standard import ratings_save, round_close  # noqa: PLC0415

    rng = np.random.default_rng(seed)
    form = study.form
    for k, user in enumerate(panel):
        ratings_save(study=study, user=user, ratings=_ratings(rng, form, -0.4 + 0.15 * k, 0.08))
    for _ in range(rounds - 1):
        round_close(study=study, by=staff)
        for user in panel[:2]:  # two panelists revise after the discussion
            ratings_save(study=study, user=user, ratings=_ratings(rng, form, -0.3, 0.04))


def load(*, today: date) -> str:
    from certwright.measurement.services_calibration import calibration_run  # noqa: PLC0415
    from certwright.measurement.services_standard import cut_adopt, round_close, study_create  # noqa: PLC0415

    if Calibration.objects.filter(test="A5").exists() or not Item.objects.filter(test="A5", status="pretest").exists():
        return ""
    User = get_user_model()  # noqa: N806
    staff = User.objects.filter(username="staff").first()
    field_test(test="A5", n=160, seed=2026, on=today)
    first = calibration_run(test="A5", model="3pl", by=staff)
    field_test(test="A5", n=80, seed=2027, on=today)
    second = calibration_run(test="A5", model="3pl", by=staff)
    panel = list(User.objects.filter(username__in=PANEL).order_by("username"))
    # an earlier study, finished: its form is the base form that later forms are equated to
    base_form = form_publish(test="A5", kind=ResultKind.INITIAL, seed=20260301, by=staff)
    base_study = study_create(
        form=base_form, title="A5 base form: modified Angoff, spring 2026", panelists=panel, by=staff
    )
    _panel_rounds(base_study, panel, staff, rounds=2, seed=5)
    round_close(study=base_study, by=staff)
    base = cut_adopt(study=base_study, by=staff)
    # the current study on a new form (which got an equated cut when published): mid-round 2
    form = form_publish(test="A5", kind=ResultKind.INITIAL, seed=20261128, by=staff)
    study = study_create(form=form, title="A5 initial form: modified Angoff 2026", panelists=panel, by=staff)
    _panel_rounds(study, panel, staff, rounds=2, seed=7)
    ready = second.parameters.filter(item__status="pretest").count()
    return (
        f"psychometrics: 240 simulated A5 candidates; calibrations {first.pk} and {second.pk} "
        f"({second.n_anchors} anchors); {ready} pretest items ready; base form {base_form.pk} cut {base.cut_raw}; "
        f"Angoff study {study.pk} in round 2"
    )
