"""A candidate's whole path in Chromium: order, payment, booking, check-in, a keyboard-only sitting
that survives a killed server, review, submit and the score report; a Spanish form; a sitting
whose time runs out is submitted by the periodic job."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

from tests.e2e.conftest import Server, sign_in

pytestmark = pytest.mark.e2e

# A session later today in the programme's time zone (the proctor console shows today's sessions): two
# hours from now, or shortly before local midnight when the test runs late in the evening.
LATER_TODAY = (
    "from datetime import datetime, time, timedelta; from django.utils import timezone; "
    "from certwright.common import clock; "
    "from certwright.exams.models import TestCentre, TestSession; "
    "now = clock.now(); "
    "end = timezone.make_aware(datetime.combine(clock.localdate(now), time(23, 59))); "
    "TestSession.objects.create(centre=TestCentre.objects.get(online=False), "
    "starts_at=max(now + timedelta(minutes=1), min(now + timedelta(hours=2), end - timedelta(minutes=1))), seats=5)"
)


def _tab_to(page: Any, script: str, limit: int = 40) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(script):
            return
    raise AssertionError(f"keyboard focus never reached: {script}")


def _answer_by_keyboard(page: Any, flag: bool = False) -> None:
    _tab_to(page, "document.activeElement.name === 'answer'")
    page.keyboard.press("ArrowDown")  # selects an option in the radio group
    if flag:
        _tab_to(page, "document.activeElement.name === 'flagged'")
        page.keyboard.press("Space")
    page.wait_for_timeout(150)  # the change is also saved in the background
    _tab_to(page, "document.activeElement.value === 'next' || document.activeElement.value === 'review'")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _remaining(page: Any, sitting: str) -> int:
    return int(
        page.request.get(f"{page.url.split('/exams')[0]}/api/v1/exams/sittings/{sitting}").json()["remaining_seconds"]
    )


def _check_in(server: Server, browser: Any, name: str, language: str = "en") -> str:
    proctor = sign_in(browser, server, "proctor")
    proctor.goto(f"{server.url}/proctor/")
    row = proctor.locator("tr", has_text=name).last
    row.locator("input[name=id_confirmed]").check()
    row.locator("select[name=language]").select_option(language)
    with proctor.expect_navigation():
        row.locator("button[value=check_in]").click()
    code = re.search(r"Launch code: (\d{6})", proctor.content())
    assert code, proctor.content()[-2000:]
    proctor.context.close()
    return code.group(1)


def test_order_book_sit_survive_a_crash_submit_and_read_the_report(server: Server, browser: Any) -> None:
    server.run("shell", "-c", LATER_TODAY)
    devon = sign_in(browser, server, "master")
    devon.goto(f"{server.url}/exams/")
    devon.check("input[value='A5:recertification']")
    with devon.expect_navigation():  # a form post: read the page it leads to, not the one it leaves
        devon.click("text=Place the order")
    assert "waiting for payment" in devon.content()

    staff = sign_in(browser, server, "staff")
    staff.goto(f"{server.url}/staff/orders/")
    with staff.expect_navigation():
        staff.locator("tr", has_text="A5").locator("text=Mark paid").click()
    staff.context.close()

    devon.goto(f"{server.url}/exams/")
    with devon.expect_navigation():
        devon.locator("tr", has_text="A5").locator("text=Book a seat").click()
    devon.locator("input[name=session]").first.check()
    with devon.expect_navigation():
        devon.click("button:has-text('Book')")
    assert "Booked: A5" in devon.content()

    code = _check_in(server, browser, "Devon Price")
    devon.goto(f"{server.url}/exams/")
    with devon.expect_navigation():
        devon.locator("tr", has_text="A5").locator("text=Go to the test").click()
    devon.fill("#launch_code", code)
    with devon.expect_navigation():
        devon.keyboard.press("Enter")
    assert "Question 1 of 25" in devon.content()
    sitting = re.search(r"/sittings/(\d+)/", devon.url).group(1)  # type: ignore[union-attr]
    for n in range(1, 11):
        _answer_by_keyboard(devon, flag=n == 4)

    before = _remaining(devon, sitting)
    killed_at = time.monotonic()
    server.kill()
    server.start()
    devon.goto(f"{server.url}/exams/sittings/{sitting}/")
    after = _remaining(devon, sitting)
    assert abs((before - after) - (time.monotonic() - killed_at)) <= 2
    heading = devon.locator("#qpos").inner_text()
    assert heading == "Question 11 of 25", heading  # back where the candidate was
    review = devon.request.get(f"{server.url}/api/v1/exams/sittings/{sitting}/review").json()
    assert [r["answered"] for r in review[:10]] == [True] * 10
    assert review[3]["flagged"]

    for _ in range(11, 26):
        _answer_by_keyboard(devon)
    assert "Review your answers" in devon.content()
    assert "0 unanswered, 1 flagged" in devon.content()
    with devon.expect_navigation():
        devon.click("text=Submit the test now")
    text = devon.content()
    assert "Results by content area" in text
    assert "Scaled score" in text
    assert "Hydraulic, Power Assist, and Parking Brake" in text


def _saved_answer(page: Any, server: Server, sitting: str) -> Any:
    return page.request.get(f"{server.url}/api/v1/exams/sittings/{sitting}/review").json()[0]


def _wait_for_state(page: Any, text: str) -> None:
    from playwright.sync_api import expect

    expect(page.locator("#save-state")).to_have_text(re.compile("^" + re.escape(text)), timeout=30_000)


def test_spanish_form_autosave_recovery_and_a_sitting_that_runs_out_of_time(server: Server, browser: Any) -> None:
    code = _check_in(server, browser, "Maria Lopez", language="es")
    maria = sign_in(browser, server, "candidate")
    maria.goto(f"{server.url}/exams/")
    with maria.expect_navigation():
        maria.locator("tr", has_text="A5").locator("text=Go to the test").click()
    maria.fill("#launch_code", code)
    with maria.expect_navigation():
        maria.keyboard.press("Enter")
    assert "Pregunta 1 de 25" in maria.content()
    assert maria.locator("div.question[lang=es]").count() == 1
    sitting = re.search(r"/sittings/(\d+)/", maria.url).group(1)  # type: ignore[union-attr]

    # The server goes away while the candidate answers: the page keeps the answer, says so, retries
    # with growing waits, and stores it once the server is back, without anyone reloading.
    server.kill()
    maria.locator("input[name=answer]").nth(1).check()
    _wait_for_state(maria, "Connection lost: retrying")
    server.start()
    _wait_for_state(maria, "Saved")
    assert _saved_answer(maria, server, sitting)["answered"]

    # A 503 with Retry-After (what the server answers while its database restarts) is retried
    # after the time it names; the answer that finally lands is the newest one.
    refusals = []

    def database_away(route: Any) -> None:
        if not refusals:
            refusals.append(route.request.post_data)
            route.fulfill(
                status=503,
                headers={"Retry-After": "1", "Content-Type": "application/json"},
                body='{"detail": "the database is briefly unavailable; retry shortly", "retryable": true}',
            )
        else:
            route.continue_()

    maria.route("**/api/v1/exams/sittings/*/answers", database_away)
    maria.locator("input[name=answer]").nth(2).check()
    _wait_for_state(maria, "Connection lost: retrying in 1 s")
    _wait_for_state(maria, "Saved")
    maria.unroute("**/api/v1/exams/sittings/*/answers")
    assert len(refusals) == 1
    assert _saved_answer(maria, server, sitting)["answered"]
    stored = maria.request.get(f"{server.url}/api/v1/exams/sittings/{sitting}/questions/1").json()
    assert stored["answer"] == maria.locator("input[name=answer]").nth(2).get_attribute("value")

    server.run(
        "shell",
        "-c",
        "from datetime import timedelta; from certwright.common import clock; "
        f"from certwright.exams.models import Sitting; Sitting.objects.filter(pk={sitting})"
        ".update(deadline=clock.now() - timedelta(seconds=1))",
    )
    out = server.run("delivery_jobs")
    assert out.startswith("1 sittings submitted")
    maria.goto(f"{server.url}/exams/sittings/{sitting}/")
    assert "Results by content area" in maria.content()
