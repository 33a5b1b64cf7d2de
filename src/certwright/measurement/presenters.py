"""Shaping psychometric results for pages, CSV and the API."""

from __future__ import annotations

import math
from typing import Any

from certwright.measurement.models import Calibration, ItemParameter

FLAG_TEXT = {
    "too_easy": "Too easy",
    "too_hard": "Too hard",
    "non_discriminating": "Does not discriminate",
    "distractor_attracts_strong": "Distractor attracts strong candidates",
}
GROUPS = ("Lower 27%", "Middle", "Upper 27%")


def csv_safe(value: Any) -> str:
    """A cell that spreadsheets will not run as a formula (OWASP CSV injection)."""
    text = "" if value is None else str(value)
    if text and text[0] in ("=", "+", "-", "@", "\t", "\r"):
        try:
            float(text)
        except ValueError:
            return "'" + text
    return text


def fmt(value: float | None, digits: int = 2) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    return f"{value:.{digits}f}"


def flag_labels(flags: list[dict[str, Any]] | tuple[dict[str, Any], ...]) -> list[str]:
    return [FLAG_TEXT.get(f["reason"], f["reason"]) + (f" ({f['option']})" if f.get("option") else "") for f in flags]


def parameter_row(p: ItemParameter) -> dict[str, Any]:
    return {
        "item_id": p.item.item_id,
        "area": p.item.area,
        "status": p.item.status,
        "use": p.item.use,
        "anchor": p.anchor,
        "n": p.n_responses,
        "p": fmt(p.p_value),
        "r": fmt(p.point_biserial),
        "a": fmt(p.a),
        "b": fmt(p.b),
        "c": fmt(p.c),
        "se_b": fmt(p.se_b),
        "flags": flag_labels(p.flags),
    }


CSV_HEADER = [
    "item",
    "area",
    "status",
    "use",
    "anchor",
    "n",
    "p",
    "item_rest_r",
    "a",
    "b",
    "c",
    "se_a",
    "se_b",
    "se_c",
    "flags",
]


def csv_rows(rows: list[ItemParameter]) -> list[list[str]]:
    out = [CSV_HEADER]
    for p in rows:
        out.append(
            [
                csv_safe(v)
                for v in (
                    p.item.item_id,
                    p.item.area,
                    p.item.status,
                    p.item.use,
                    "yes" if p.anchor else "no",
                    p.n_responses,
                    fmt(p.p_value, 4),
                    fmt(p.point_biserial, 4),
                    fmt(p.a, 4),
                    fmt(p.b, 4),
                    fmt(p.c, 4),
                    fmt(p.se_a, 4),
                    fmt(p.se_b, 4),
                    fmt(p.se_c, 4),
                    ";".join(f["reason"] for f in p.flags),
                )
            ]
        )
    return out


def parameter_json(p: ItemParameter) -> dict[str, Any]:
    def num(v: float | None) -> float | None:
        return None if v is None or not math.isfinite(v) else v

    return {
        "item": p.item.item_id,
        "area": p.item.area,
        "status": p.item.status,
        "use": p.item.use,
        "anchor": p.anchor,
        "n_responses": p.n_responses,
        "p_value": num(p.p_value),
        "point_biserial": num(p.point_biserial),
        "a": p.a,
        "b": p.b,
        "c": p.c,
        "se_a": num(p.se_a),
        "se_b": num(p.se_b),
        "se_c": num(p.se_c),
        "flags": [f["reason"] for f in p.flags],
    }


def calibration_json(c: Calibration) -> dict[str, Any]:
    return {
        "id": c.pk,
        "test": c.test,
        "model": c.model,
        "created_at": c.created_at.isoformat(),
        "anchored_on": c.anchored_on_id,
        "n_candidates": c.n_candidates,
        "n_items": c.n_items,
        "n_anchors": c.n_anchors,
        "converged": c.converged,
        "n_iter": c.n_iter,
        "log_likelihood": c.log_likelihood,
        "population_mean": c.population_mean,
        "population_sd": c.population_sd,
    }


def distractor_rows(p: ItemParameter) -> list[dict[str, Any]]:
    d = p.distractors or {}
    options = d.get("options", [])
    rows = []
    for k, option in enumerate(options):
        rows.append(
            {
                "option": option,
                "key": option == d.get("key"),
                "overall": fmt(d["proportion"][k]),
                "groups": [fmt(g[k]) for g in d.get("by_group", [])],
            }
        )
    return rows
