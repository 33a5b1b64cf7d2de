"""Moodle GIFT: import single-answer four-option multiple choice, export Certwright items.

Import reads the text as Moodle would (:mod:`gift_parse`) and keeps the questions Certwright can
hold: multiple choice with exactly four answers, one of them ``=`` (full credit) and the others
without weights. Every other question (true/false, short answer, numerical, matching, essay,
description, multi-response, partial credit, a count of answers other than four) is reported as
unsupported with its title and line, never dropped silently.

Certwright metadata travels in what Moodle itself reads: ``$CATEGORY: certwright/<TEST>/<AREA>``
for test and area, the ``[id:...]`` idnumber for the item id and ``[tag:certwright:<field>=<value>]``
tags in the comment above the question for style, use, difficulty, language, status, exhibit,
translation_of, translation_reviewed and enemies. The item rationale is the general feedback
(``####``), distractor rationales the per-answer feedback (``#``). Task, references and author
are not carried.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from lxml import html as lxml_html

from certwright.core.items import LETTERS, Item
from certwright.interchange._fields import ANY_ID, SAFE_ID, Value, build_item
from certwright.interchange.defaults import ImportDefaults
from certwright.interchange.errors import (
    ImportReport,
    InterchangeError,
    Unsupported,
    report,
)
from certwright.interchange.gift_parse import GiftQuestion, GiftSyntaxError, GiftText, parse_gift

CATEGORY = re.compile(r"(?:^|/)certwright/([^/]+)/([^/]+)$")
TAG_PREFIX = "certwright:"
_ENEMY = TAG_PREFIX + "enemy="
_TAG_FIELDS = ("style", "use", "difficulty", "language", "status", "exhibit", "translation_of")
_KINDS = {
    "description": "a description, not a question",
    "essay": "an essay question",
    "numerical": "a numerical question",
    "match": "a matching question",
    "truefalse": "a true/false question",
    "shortanswer": "a short-answer question",
}


def read_gift(path: Path, defaults: ImportDefaults | None = None) -> ImportReport:
    """Import a GIFT file (UTF-8, BOM allowed)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return report(str(path), (), rejected=[InterchangeError(str(path), None, None, f"not UTF-8: {exc}")])
    return parse_gift_items(text, str(path), defaults or ImportDefaults())


def parse_gift_items(text: str, source: str, defaults: ImportDefaults) -> ImportReport:
    """Import GIFT text: items, errors, unsupported questions and warnings."""
    items: list[Item] = []
    errors: list[InterchangeError] = []
    unsupported: list[Unsupported] = []
    warnings: list[InterchangeError] = []
    category: str | None = None
    for entry in parse_gift(text):
        if isinstance(entry, GiftSyntaxError):
            errors.append(InterchangeError(source, entry.line, entry.title, str(entry)))
            continue
        if entry.qtype == "category":
            category = entry.category
            continue
        reason = unsupported_reason(entry)
        if reason:
            unsupported.append(Unsupported(source, entry.line, entry.title, reason))
            continue
        item = _to_item(entry, category, defaults, source, errors, warnings)
        if item is not None:
            items.append(item)
    return report(source, items, rejected=errors, unsupported=unsupported, warnings=warnings)


def unsupported_reason(question: GiftQuestion) -> str | None:
    """Why Certwright cannot hold this question, or None for a single-answer 4-option MC."""
    if question.qtype in _KINDS:
        return _KINDS[question.qtype]
    if not question.single:
        return "a multiple-response question (no answer marked = )"
    correct = sum(answer.correct for answer in question.answers)
    if correct != 1:
        return f"{correct} answers marked = ; Certwright items have exactly one key"
    if any(a.weight for a in question.answers if not a.correct):
        return "partial-credit or penalty weights (%n%); Certwright items are scored right/wrong"
    if len(question.answers) != len(LETTERS):
        return f"{len(question.answers)} answers; Certwright items have exactly four"
    return None


def _plain(text: GiftText, what: str, warn: list[str]) -> str:
    """The text of a GIFT text; HTML is reduced to its text content, with a warning."""
    if text.format != "html" or "<" not in text.text:
        return text.text
    warn.append(f"{what}: HTML markup removed")
    try:
        return str(lxml_html.fragment_fromstring(text.text, create_parent="div").text_content())
    except Exception:
        return text.text


def _to_item(
    question: GiftQuestion,
    category: str | None,
    defaults: ImportDefaults,
    source: str,
    errors: list[InterchangeError],
    warnings: list[InterchangeError],
) -> Item | None:
    values, notes = _values(question, category, defaults)
    test = str(values.pop("test") or "")
    item_id = str(values.get("id") or "") or None

    def problem(_name: str, message: str) -> None:
        errors.append(InterchangeError(source, question.line, item_id or question.title, message))

    warnings.extend(InterchangeError(source, question.line, item_id, note) for note in notes)
    if not test:
        problem("test", "no test: use $CATEGORY: certwright/<TEST>/<AREA> or give a default test")
        return None
    return build_item(values, test=test, problem=problem, id_rule=ANY_ID)


def _values(
    question: GiftQuestion, category: str | None, defaults: ImportDefaults
) -> tuple[dict[str, Value], list[str]]:
    notes: list[str] = []
    tags = _tags(question.tags)
    found = CATEGORY.search(category or "")
    key = LETTERS[next(i for i, a in enumerate(question.answers) if a.correct)]
    answers = dict(zip(LETTERS, question.answers, strict=True))
    general = question.general_feedback.text if question.general_feedback else ""
    key_answer_feedback = answers[key].feedback
    key_feedback = key_answer_feedback.text if key_answer_feedback else ""
    if general and key_feedback and key_feedback != general:
        notes.append("the feedback on the key was dropped; the general feedback is the rationale")
    test = found.group(1) if found else defaults.test
    values: dict[str, Value] = {
        "id": _item_id(question, test),
        "test": test,
        "area": found.group(2) if found else defaults.area,
        "style": tags.get("style", defaults.style),
        "use": tags.get("use", defaults.use),
        "difficulty": tags.get("difficulty", defaults.difficulty),
        "language": tags.get("language", defaults.language),
        "status": tags.get("status") if tags else defaults.status,
        "exhibit": tags.get("exhibit"),
        "translation_of": tags.get("translation_of"),
        "translation_reviewed": tags.get("translation_reviewed") == "true" or None,
        "enemies": tuple(t.split("=", 1)[1] for t in question.tags if t.startswith(_ENEMY)),
        "author": defaults.author,
        "stem": _plain(question.stem, "stem", notes),
        "options": {letter: _plain(a.text, f"option {letter}", notes) for letter, a in answers.items()},
        "key": key,
        "rationale": general or key_feedback or None,
        "distractors": {
            letter: _plain(feedback, f"feedback {letter}", notes)
            for letter, a in answers.items()
            if letter != key and (feedback := a.feedback) is not None and feedback.text
        },
    }
    return values, notes


def _item_id(question: GiftQuestion, test: str | None) -> str:
    """The idnumber, else a title that is a valid id, else an id made from the line number."""
    if question.idnumber:
        return question.idnumber
    if question.title and SAFE_ID.match(question.title):
        return question.title
    return f"{test or 'GIFT'}-L{question.line}"


def _tags(tags: Iterable[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for tag in tags:
        if tag.startswith(TAG_PREFIX) and "=" in tag:
            name, value = tag[len(TAG_PREFIX) :].split("=", 1)
            out.setdefault(name, value)
    return out


# --- export -------------------------------------------------------------------------------------

_RESERVED = str.maketrans(
    {"\\": "\\\\", "#": "\\#", "=": "\\=", "~": "\\~", "{": "\\{", "}": "\\}", ":": "\\:", "\n": "\\n"}
)
_WEIGHT_LIKE = re.compile(r"^%-*[0-9]")


def escape(text: str) -> str:
    """Escape a text as Moodle's exporter does (``repchar``); protect a leading ``[`` or ``%``."""
    escaped = text.translate(_RESERVED)
    if escaped.startswith("[") or _WEIGHT_LIKE.match(escaped):
        return "[plain]" + escaped
    return escaped


def _comment(item: Item) -> str:
    tags = [f"[id:{item.id}]"]
    pairs = [
        ("style", item.style),
        ("use", item.use),
        ("difficulty", item.difficulty),
        ("language", item.language),
        ("status", item.status),
        ("exhibit", item.exhibit),
        ("translation_of", item.translation_of),
        ("translation_reviewed", "true" if item.translation_reviewed else None),
    ]
    tags += [f"[tag:{TAG_PREFIX}{name}={value}]" for name, value in pairs if value is not None]
    tags += [f"[tag:{TAG_PREFIX}enemy={enemy}]" for enemy in item.enemies]
    return "// " + " ".join(tags)


def gift_question(item: Item) -> str:
    """One item as a GIFT question (without its category line)."""
    lines = [_comment(item), f"::{escape(item.id)}::[plain]{item.stem.translate(_RESERVED)}{{"]
    for option in item.options:
        mark = "=" if option.letter == item.key else "~"
        feedback = f"#{escape(option.rationale)}" if option.rationale else ""
        lines.append(f"\t{mark}{escape(option.text)}{feedback}")
    if item.rationale:
        lines.append(f"\t####{escape(item.rationale)}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def export_gift(items: Iterable[Item]) -> str:
    """GIFT text for the items, a ``$CATEGORY: certwright/<TEST>/<AREA>`` line before each group."""
    chunks: list[str] = []
    category = None
    for item in items:
        wanted = f"certwright/{item.test}/{item.area}"
        if wanted != category:
            chunks.append(f"$CATEGORY: {wanted}\n")
            category = wanted
        chunks.append(gift_question(item))
    return "\n".join(chunks)


def write_gift(items: Iterable[Item], path: Path) -> None:
    path.write_text(export_gift(items), encoding="utf-8")
