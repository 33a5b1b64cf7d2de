"""Readiness from adaptive practice (the measurement app's IRT estimate) next to the interim model."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import time_machine

from certwright.itembank.models import ItemVersion
from certwright.measurement.models import AdaptiveSession, Calibration
from certwright.measurement.services_adaptive import MAX_ITEMS, adaptive_answer, adaptive_question, adaptive_start
from tests.conftest import NOW

pytestmark = pytest.mark.django_db
API = "/api/v1/preparation"


@pytest.fixture
def calibrated_a5(a5_bank: None, settings: Any) -> Calibration:
    """The measurement tests' set-up: the demo's simulated A5 field test (120 candidates), then a 2PL run."""
    from certwright.demo.measurement_demo import field_test
    from certwright.measurement.services_calibration import calibration_run

    settings.CERTWRIGHT_PRETEST_MIN_RESPONSES = 100
    field_test(test="A5", n=120, seed=11, on=NOW.date())
    return calibration_run(test="A5", model="2pl")


def _adaptive(user: Any, *, seed: int, right: Callable[[int], bool]) -> AdaptiveSession:
    """Take a whole adaptive practice test of A5 through the measurement services."""
    session = adaptive_start(user=user, test="A5", seed=seed)
    for n in range(MAX_ITEMS + 1):
        step = adaptive_question(session=session)
        if step is None:
            break
        key = ItemVersion.objects.get(pk=step["version_id"]).key
        answer = key if right(n) else next(letter for letter in "ABCD" if letter != key)
        session = adaptive_answer(session=session, item_id=step["item_id"], answer=answer)
    session.refresh_from_db()
    assert session.finished_at is not None
    assert session.p_pass is not None
    return session


def _pct(p: float) -> int:
    return round(100 * p)


class AdaptiveReadinessTests:
    def test_pages_and_api_show_the_adaptive_estimate_and_say_which_model(
        self, calibrated_a5: Calibration, candidate: Any
    ) -> None:
        client, person = candidate()
        with time_machine.travel(NOW - timedelta(days=14), tick=False):
            earlier = _adaptive(person.user, seed=1, right=lambda n: n % 2 == 0)
        latest = _adaptive(person.user, seed=2, right=lambda n: n % 3 != 2)
        answered = sum(1 for s in latest.steps if s["answer"])
        assert latest.p_pass is not None
        assert earlier.p_pass is not None

        page = client.get("/preparation/readiness/A5/").content.decode()
        assert "From adaptive practice (IRT model)" in page
        assert (
            f"{_pct(latest.p_pass)}% chance of passing</strong>, from your adaptive practice test of 2026-11-28 "
            f"({answered} questions); ability estimate {latest.theta:.2f} ± {latest.se:.2f}."
        ) in page
        assert "Interim estimate from practice answers (Beta-binomial model)" in page
        assert "from 0 practice answers; the pass mark is 32 of 45" in page  # the interim model, still shown
        assert 'href="/practice/adaptive/">Take another adaptive practice test</a>' in page
        # the chart keeps the weekly interim line and marks both adaptive tests as squares on their day
        assert '<svg class="readiness-chart"' in page
        assert page.count('<rect class="adaptive"') == 2
        assert f"2026-11-14: {_pct(earlier.p_pass)}% (adaptive practice" in page
        assert f"2026-11-28: {_pct(latest.p_pass)}% (adaptive practice, {answered} questions)" in page
        assert "Squares: adaptive practice estimates (IRT model)" in page

        # the home page lists A5 (adaptive practice only, no practice cards) with the adaptive figure
        home = client.get("/preparation/").content.decode()
        assert f"A5: {_pct(latest.p_pass)}% chance of passing</a> (adaptive practice, IRT model, 2026-11-28" in home

        body = client.get(f"{API}/readiness/A5").json()
        assert body["model"] == "interim_beta_binomial"
        assert body["answered"] == 0
        assert body["adaptive_available"] is True
        adaptive = body["adaptive"]
        assert adaptive["model"] == "adaptive_irt"
        assert adaptive["probability"] == pytest.approx(latest.p_pass, abs=1e-4)
        assert adaptive["se"] == pytest.approx(latest.se, abs=1e-4)
        assert adaptive["items"] == answered
        assert adaptive["session_id"] == latest.pk
        assert adaptive["finished_at"].startswith("2026-11-28T15:00:00")

    def test_without_a_finished_adaptive_test_the_interim_model_is_said_and_adaptive_offered(
        self, calibrated_a5: Calibration, candidate: Any
    ) -> None:
        client, person = candidate()
        unfinished = adaptive_start(user=person.user, test="A5", seed=3)
        adaptive_question(session=unfinished)  # one question waiting: not an estimate yet
        page = client.get("/preparation/readiness/A5/").content.decode()
        assert "From adaptive practice" not in page
        assert "Interim estimate from practice answers (Beta-binomial model)." in page
        assert 'For a calibrated estimate, <a href="/practice/adaptive/">take an adaptive practice test</a>' in page
        assert '<rect class="adaptive"' not in page
        body = client.get(f"{API}/readiness/A5").json()
        assert (body["adaptive"], body["adaptive_available"]) == (None, True)
        assert "A5:" not in client.get("/preparation/").content.decode()  # nothing practised, nothing finished
        # A4 has no calibration: adaptive practice is not offered
        a4 = client.get("/preparation/readiness/A4/").content.decode()
        assert "Adaptive practice is not available for A4 yet" in a4
        assert client.get(f"{API}/readiness/A4").json()["adaptive_available"] is False

    def test_another_persons_adaptive_test_is_not_shown(self, calibrated_a5: Calibration, candidate: Any) -> None:
        _, someone = candidate(last_name="Other")
        _adaptive(someone.user, seed=4, right=lambda n: True)
        client, _ = candidate()
        assert "From adaptive practice" not in client.get("/preparation/readiness/A5/").content.decode()
        assert client.get(f"{API}/readiness/A5").json()["adaptive"] is None
