"""Shaping preparation data for pages: the readiness chart (inline SVG, no JS), CSV rows, labels."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from html import escape

from certwright.core.readiness import Readiness, ReadinessReason
from certwright.measurement.selectors import AdaptiveReadiness
from certwright.measurement.services_adaptive import SE_TARGET
from certwright.preparation.selectors import StudentRow

REASON_TEXT: dict[str, str] = {
    ReadinessReason.NO_PRACTICE: "No practice answers yet: this is only the starting estimate.",
    ReadinessReason.LITTLE_PRACTICE: "Fewer than 20 practice answers: the range is wide.",
    ReadinessReason.AREAS_UNPRACTISED: "Some content areas have no practice answers yet.",
    ReadinessReason.LIKELY_PASS: "Likely to pass.",
    ReadinessReason.BORDERLINE: "Borderline: keep practising the weak areas.",
    ReadinessReason.NOT_YET: "Not ready yet.",
}

PLAN_REASON_TEXT: dict[str, str] = {
    "after_failed_sitting": "After the failed sitting, the plan starts from the weakest areas of the score report.",
    "retake_wait": "Booked on the first day a retake is allowed (result + 31 days).",
    "weak_areas_first": "Areas are ordered weakest first, from your practice answers.",
    "blueprint_order": "No practice yet: the largest areas of the test come first.",
    "booking_notice": "Moved so the booking respects the 3-day notice.",
    "target_too_soon": "Your target date is too soon for everything: a booking falls after it.",
    "nothing_to_plan": "Every test of this target is already certified.",
}

W, H, PAD_L, PAD_B, PAD_T, PAD_R = 360, 180, 34, 26, 10, 10


def adaptive_precision(adaptive: AdaptiveReadiness) -> str:
    """How firm an adaptive estimate is, from its posterior SD against the session's stopping target."""
    if adaptive.se <= SE_TARGET:
        return f"Precise: the uncertainty reached the adaptive test's target (±{SE_TARGET:.2f})."
    return (
        f"Less precise than the adaptive test's target (±{SE_TARGET:.2f}): the session ended early or ran out "
        "of questions. Take another for a firmer estimate."
    )


def adaptive_json(adaptive: AdaptiveReadiness) -> dict[str, object]:
    """The API's ``adaptive`` object of a readiness answer."""
    return {
        "model": "adaptive_irt",
        "probability": round(adaptive.probability, 4),
        "theta": round(adaptive.theta, 4),
        "se": round(adaptive.se, 4),
        "items": adaptive.items,
        "finished_at": adaptive.finished_at,
        "session_id": adaptive.session_id,
    }


def readiness_svg(
    points: Sequence[tuple[date, Readiness]],
    *,
    title: str,
    adaptive: Sequence[tuple[date, AdaptiveReadiness]] = (),
) -> str:
    """A line of the interim probability of passing with its band, over time, and the adaptive practice
    estimates in that span as squares at their day; escaped, self-contained SVG."""
    if not points:
        return ""
    n = len(points)
    plot_w, plot_h = W - PAD_L - PAD_R, H - PAD_T - PAD_B

    def x(i: int) -> float:
        return PAD_L + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y(p: float) -> float:
        return PAD_T + plot_h * (1 - p)

    band_top = " ".join(f"{x(i):.1f},{y(r.high):.1f}" for i, (_, r) in enumerate(points))
    band_bottom = " ".join(f"{x(i):.1f},{y(r.low):.1f}" for i, (_, r) in reversed(list(enumerate(points))))
    line = " ".join(f"{x(i):.1f},{y(r.probability):.1f}" for i, (_, r) in enumerate(points))
    grid = "".join(
        f'<line x1="{PAD_L}" x2="{W - PAD_R}" y1="{y(v):.1f}" y2="{y(v):.1f}" class="grid"/>'
        f'<text x="{PAD_L - 4}" y="{y(v) + 4:.1f}" text-anchor="end">{round(v * 100)}%</text>'
        for v in (0, 0.5, 1)
    )
    labels = "".join(
        f'<text x="{x(i):.1f}" y="{H - 8}" text-anchor="middle">{d:%b %d}</text>'
        for i, (d, _) in enumerate(points)
        if i in (0, n - 1) or (n > 4 and i == n // 2)
    )
    dots = "".join(
        f'<circle cx="{x(i):.1f}" cy="{y(r.probability):.1f}" r="2.5"><title>{d:%Y-%m-%d}: '
        f"{r.percent}% ({round(r.low * 100)}-{round(r.high * 100)}%)</title></circle>"
        for i, (d, r) in enumerate(points)
    )
    first_day, (last_day, last) = points[0][0], points[-1]
    span = (last_day - first_day).days

    def x_day(d: date) -> float:
        return PAD_L + (plot_w * (d - first_day).days / span if span else plot_w / 2)

    shown = [(d, a) for d, a in adaptive if first_day <= d <= last_day]
    squares = "".join(
        f'<rect class="adaptive" x="{x_day(d) - 3.5:.1f}" y="{y(a.probability) - 3.5:.1f}" width="7" height="7">'
        f"<title>{d:%Y-%m-%d}: {round(a.probability * 100)}% (adaptive practice, {a.items} questions)</title></rect>"
        for d, a in shown
    )
    desc = (
        f"Interim probability of passing over {n} weeks; on {last_day:%Y-%m-%d} {last.percent}% "
        f"(likely range {round(last.low * 100)} to {round(last.high * 100)}%)."
    )
    if shown:
        d, a = shown[-1]
        desc += f" Adaptive practice (squares): {len(shown)}, the latest on {d:%Y-%m-%d} {round(a.probability * 100)}%."
    return (
        f'<svg class="readiness-chart" viewBox="0 0 {W} {H}" role="img" aria-labelledby="rc-title rc-desc" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="rc-title">{escape(title)}</title>'
        f'<desc id="rc-desc">{escape(desc)}</desc>{grid}'
        f'<polygon class="band" points="{band_top} {band_bottom}"/>'
        f'<polyline class="line" points="{line}"/>{dots}{squares}{labels}</svg>'
    )


def csv_safe(value: object) -> str:
    """A cell that spreadsheets will not run as a formula (OWASP CSV injection)."""
    text = "" if value is None else str(value)
    if text and text[0] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def analytics_csv(students: Iterable[StudentRow], areas: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["candidate_id", "last_name", "first_name", "answered", "correct", "percent", "assignments_done", *areas]
    )
    for s in students:
        cells = []
        for key in areas:
            right, seen = s.areas.get(key, (0, 0))
            cells.append(f"{round(100 * right / seen)}% ({seen})" if seen else "")
        percent = round(100 * s.correct / s.answered) if s.answered else ""
        writer.writerow(
            [
                csv_safe(v)
                for v in (
                    s.person.candidate_id,
                    s.person.last_name,
                    s.person.first_name,
                    s.answered,
                    s.correct,
                    percent,
                    s.assignments_done,
                )
            ]
            + [csv_safe(c) for c in cells]
        )
    return out.getvalue()


def percent(right: int, seen: int) -> str:
    return f"{round(100 * right / seen)}%" if seen else "-"
