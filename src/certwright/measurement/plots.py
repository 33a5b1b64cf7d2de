"""Server-rendered SVG plots (no JavaScript, no inline styles: colours are presentation attributes).

Every function returns SVG markup as a string; text is escaped, numbers are formatted here, so the
markup is safe to insert with ``|safe``. Each plot carries a ``<title>`` and ``role="img"`` with an
``aria-label`` for screen readers; the pages also show the numbers in tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import numpy as np

from certwright.psychometrics.irf import ItemParameters, probability, test_information

W, H, LEFT, RIGHT, TOP, BOTTOM = 560, 300, 48, 16, 16, 40
COLOURS = ("#1f5fa8", "#b3541e", "#2e7d32", "#7b1fa2", "#c62828", "#00838f", "#5d4037", "#455a64")
THETA = np.linspace(-4, 4, 81)


def _x(theta: float) -> float:
    return LEFT + (theta + 4) / 8 * (W - LEFT - RIGHT)


def _y(value: float, top: float) -> float:
    return H - BOTTOM - value / top * (H - TOP - BOTTOM)


def _frame(label: str, y_top: float, y_label: str, body: list[str]) -> str:
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" class="plot" role="img" '
        f'aria-label="{escape(label)}"><title>{escape(label)}</title>',
        f'<rect x="{LEFT}" y="{TOP}" width="{W - LEFT - RIGHT}" height="{H - TOP - BOTTOM}" '
        'fill="#fff" stroke="#888"/>',
    ]
    for t in range(-4, 5):
        x = _x(t)
        parts.append(f'<line x1="{x:.1f}" y1="{H - BOTTOM}" x2="{x:.1f}" y2="{H - BOTTOM + 4}" stroke="#444"/>')
        parts.append(f'<text x="{x:.1f}" y="{H - BOTTOM + 16}" font-size="11" text-anchor="middle">{t}</text>')
    for k in range(5):
        v = y_top * k / 4
        y = _y(v, y_top)
        parts.append(f'<line x1="{LEFT - 4}" y1="{y:.1f}" x2="{LEFT}" y2="{y:.1f}" stroke="#444"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end">{v:.2g}</text>')
    parts.append(
        f'<text x="{(LEFT + W - RIGHT) / 2:.0f}" y="{H - 6}" font-size="12" text-anchor="middle">ability (theta)</text>'
    )
    parts.append(f'<text x="12" y="{TOP + 10}" font-size="12">{escape(y_label)}</text>')
    parts.extend(body)
    parts.append("</svg>")
    return "".join(parts)


def _path(values: np.ndarray, top: float) -> str:
    points = " ".join(f"{_x(float(t)):.1f},{_y(float(v), top):.1f}" for t, v in zip(THETA, values, strict=True))
    return points


def icc_plot(params: ItemParameters, labels: Sequence[str], *, title: str = "Item characteristic curves") -> str:
    """P(right | theta) for each item, one coloured line per item, with a legend."""
    probs = probability(THETA[:, None], params) if params.n_items else np.zeros((THETA.size, 0))
    body = []
    for j, label in enumerate(labels):
        colour = COLOURS[j % len(COLOURS)]
        body.append(
            f'<polyline points="{_path(probs[:, j], 1.0)}" fill="none" stroke="{colour}" stroke-width="2">'
            f"<title>{escape(label)}</title></polyline>"
        )
        y = TOP + 14 + 14 * j
        body.append(f'<text x="{LEFT + 8}" y="{y}" font-size="11" fill="{colour}">{escape(label)}</text>')
    return _frame(title, 1.0, "P(right)", body)


def information_plot(params: ItemParameters, *, title: str = "Test information", cut_theta: float | None = None) -> str:
    """Test information (sum of item information) over theta; the cut ability as a dashed line."""
    info = test_information(THETA, params) if params.n_items else np.zeros_like(THETA)
    top = float(max(1.0, np.ceil(info.max() * 1.1)))
    body = [f'<polyline points="{_path(info, top)}" fill="none" stroke="{COLOURS[0]}" stroke-width="2"/>']
    if cut_theta is not None and -4 <= cut_theta <= 4:
        x = _x(cut_theta)
        body.append(
            f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{H - BOTTOM}" stroke="#c62828" stroke-dasharray="5,4"/>'
            f'<text x="{x + 4:.1f}" y="{TOP + 14}" font-size="11" fill="#c62828">cut</text>'
        )
    return _frame(title, top, "information", body)


def distractor_plot(options: Sequence[str], key: str, by_group: Sequence[Sequence[float | None]], *, title: str) -> str:
    """Share choosing each option in the lower, middle and upper score groups (grouped bars)."""
    groups = ("lower", "middle", "upper")
    width = W - LEFT - RIGHT
    slot = width / max(1, len(options))
    bar = slot / 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" class="plot" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>',
        f'<rect x="{LEFT}" y="{TOP}" width="{width}" height="{H - TOP - BOTTOM}" fill="#fff" stroke="#888"/>',
    ]
    for k in range(5):
        y = _y(k / 4, 1.0)
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end">{k * 25}%</text>')
    for o, option in enumerate(options):
        x0 = LEFT + o * slot + bar / 2
        for g, name in enumerate(groups):
            value = by_group[g][o] if g < len(by_group) and o < len(by_group[g]) else None
            share = float(value) if value is not None else 0.0
            y = _y(share, 1.0)
            parts.append(
                f'<rect x="{x0 + g * bar:.1f}" y="{y:.1f}" width="{bar * 0.9:.1f}" height="{H - BOTTOM - y:.1f}" '
                f'fill="{COLOURS[g]}"><title>{escape(option)} {name}: {share:.0%}</title></rect>'
            )
        mark = " (key)" if option == key else ""
        parts.append(
            f'<text x="{x0 + 1.5 * bar:.1f}" y="{H - BOTTOM + 16}" font-size="12" text-anchor="middle">'
            f"{escape(option)}{mark}</text>"
        )
    for g, name in enumerate(groups):
        parts.append(
            f'<text x="{W - RIGHT - 70}" y="{TOP + 14 + 14 * g}" font-size="11" fill="{COLOURS[g]}">{name}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
