"""Read GIFT exactly as Moodle's importer does (``question/format/gift/format.php``).

The steps mirror ``qformat_default::readquestions`` and ``qformat_gift::readquestion``:

* lines are trimmed (PHP ``trim``) and questions are separated by empty lines (PHP ``empty``, so a
  line holding just ``0`` separates too);
* lines starting with ``//`` are comments; ``[id:...]`` and ``[tag:...]`` in them give the
  question's idnumber and tags;
* escapes ``\\\\ \\: \\# \\= \\{ \\} \\~ \\n`` are replaced by placeholders before parsing and
  restored in each text (``\\\\`` becomes one backslash, ``\\n`` a newline);
* ``$CATEGORY: path`` switches category; ``::name::`` names the question; ``[html]``,
  ``[moodle]``, ``[plain]``, ``[markdown]`` prefix a text with its format;
* the first ``{`` and the first ``}`` delimit the answers; text after them turns the answers into
  a ``_____`` blank in the stem (missing-word format); ``####`` starts the general feedback;
* the question type is decided as Moodle does: no braces -> description, empty -> essay, ``#``
  -> numerical, any ``~`` -> multichoice (single-answer when an ``=`` is present), ``=`` and
  ``->`` -> match, ``T/TRUE/F/FALSE`` -> truefalse, otherwise shortanswer.

Only multiple-choice answers are parsed in detail (text, ``%weight%``, ``#feedback``); the other
types are classified so the importer can report them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ESCAPED = ":#={}~"
_PHP_TRIM = " \t\n\r\0\x0b"
_FORMATS = ("moodle", "html", "plain", "markdown")
_WEIGHT = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")
_ID = re.compile(r"\[id:((?:\\]|[^\]\x00-\x1f\x7f])+)]")
_TAG = re.compile(r"\[tag:((?:\\]|[^\]<>\x00-\x1f\x7f])+)]")
_TF = ("T", "TRUE", "F", "FALSE")


class GiftSyntaxError(ValueError):
    """A question Moodle refuses (unbalanced braces, fewer than two answers, bad weight)."""

    def __init__(self, line: int, title: str | None, message: str) -> None:
        self.line = line
        self.title = title
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class GiftText:
    text: str
    format: str = "moodle"


@dataclass(frozen=True, slots=True)
class GiftAnswer:
    """One multiple-choice answer: ``=`` (correct), ``~`` or ``~%n%`` (weighted)."""

    text: GiftText
    feedback: GiftText | None
    fraction: float
    correct: bool
    weight: float | None


@dataclass(frozen=True, slots=True)
class GiftQuestion:
    qtype: str
    line: int
    title: str | None = None
    stem: GiftText = GiftText("")
    general_feedback: GiftText | None = None
    answers: tuple[GiftAnswer, ...] = ()
    single: bool = True
    embedded: bool = False
    category: str | None = None
    idnumber: str | None = None
    tags: tuple[str, ...] = ()


def php_trim(text: str) -> str:
    return text.strip(_PHP_TRIM)


class Escapes:
    """Moodle's ``escapedchar_pre``/``escapedchar_post``, with placeholders the text cannot hold.

    Moodle uses strings such as ``&&058;``, which a question could contain; here the placeholders
    are private-use characters absent from the text being parsed.
    """

    def __init__(self, text: str) -> None:
        present = set(text)
        base = next(
            (b for b in range(0xF0000, 0xFFFF0, 8) if not present & {chr(b + i) for i in range(8)}),
            None,
        )
        if base is None:
            raise GiftSyntaxError(1, None, "the text uses every private-use character")
        self.escapes = {char: chr(base + n) for n, char in enumerate(_ESCAPED)}
        self.newline = chr(base + 6)
        self.backslash = chr(base + 7)
        self.restore = {v: k for k, v in self.escapes.items()} | {self.newline: "\n"}

    def pre(self, text: str) -> str:
        text = text.replace("\\\\", self.backslash)
        for char, placeholder in self.escapes.items():
            text = text.replace("\\" + char, placeholder)
        text = text.replace("\\n", self.newline)
        return text.replace(self.backslash, "\\")

    def post(self, text: str) -> str:
        return "".join(self.restore.get(char, char) for char in text)

    def with_format(self, text: str, default: str = "moodle") -> GiftText:
        """``parse_text_with_format``: an optional ``[format]`` prefix, escapes restored, trimmed."""
        fmt = default
        if text.startswith("["):
            end = text.find("]")
            if end > 0 and text[1:end] in _FORMATS:
                fmt = text[1:end]
                text = text[end + 1 :]
        return GiftText(php_trim(self.post(text)), fmt)


def split_lines(text: str) -> list[str]:
    """Lines as PHP ``file()`` gives them, with a leading BOM removed (``readdata``)."""
    text = text.removeprefix("\ufeff")
    if "\n" not in text and "\r" in text:
        return text.split("\r")
    return text.split("\n")


def blocks(text: str) -> list[tuple[int, list[str]]]:
    """Question blocks with the number of their first line (``readquestions``)."""
    out: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for number, raw in enumerate(split_lines(text), start=1):
        line = php_trim(raw)
        if line in ("", "0"):
            if current:
                out.append((start, current))
            current = []
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        out.append((start, current))
    return out


def parse_gift(text: str) -> list[GiftQuestion | GiftSyntaxError]:
    """Every question (and ``$CATEGORY`` switch) of a GIFT text, or the error Moodle would raise."""
    out: list[GiftQuestion | GiftSyntaxError] = []
    for start, lines in blocks(text):
        try:
            question = read_question(lines, start)
        except GiftSyntaxError as exc:
            out.append(exc)
            continue
        if question is not None:
            out.append(question)
    return out


def _comments(lines: list[str], start: int) -> tuple[list[str], str, int]:
    """Lines with comments blanked, the comment text, and the line of the first non-comment."""
    comments = "".join(line + "\n" for line in lines if line.startswith("//"))
    kept = [" " if line.startswith("//") else line for line in lines]
    first = next((start + n for n, line in enumerate(lines) if not line.startswith("//")), start)
    return kept, comments, first


def read_question(lines: list[str], start: int = 1) -> GiftQuestion | None:
    """One block of lines, as ``qformat_gift::readquestion``; None for a comment-only block."""
    kept, comments, line = _comments(lines, start)
    text = php_trim("\n".join(kept))
    if not text:
        return None
    esc = Escapes(text)
    text = esc.pre(text)
    if text.startswith("$CATEGORY:"):
        category = php_trim(esc.post(text[10:]))
        return GiftQuestion("category", line, category=category)
    title, text = _split_name(text, esc)
    idnumber, tags = _id_and_tags(comments)
    opening, closing = text.find("{"), text.find("}")
    if opening < 0 and closing < 0:
        stem = esc.with_format(text)
        return GiftQuestion("description", line, title, stem, idnumber=idnumber, tags=tags)
    if opening < 0 or closing < 0 or closing < opening:
        raise GiftSyntaxError(line, title, "unbalanced braces: a question needs { answers }")
    answers = php_trim(text[opening + 1 : closing])
    embedded = not text.endswith("}")
    stem_text = text[:opening] + ("_____" if embedded else "") + text[closing + 1 :]
    stem = esc.with_format(stem_text)
    general: GiftText | None = None
    separator = answers.rfind("####")
    if separator >= 0:
        general = esc.with_format(answers[separator + 4 :], stem.format)
        answers = php_trim(answers[:separator])
    qtype = _qtype(answers)
    parsed: tuple[GiftAnswer, ...] = ()
    if qtype == "multichoice":
        parsed = _multichoice(answers, stem.format, esc, (line, title))
    return GiftQuestion(
        qtype,
        line,
        title,
        stem,
        general_feedback=general,
        answers=parsed,
        single="=" in answers,
        embedded=embedded,
        idnumber=idnumber,
        tags=tags,
    )


def _split_name(text: str, esc: Escapes) -> tuple[str | None, str]:
    if not text.startswith("::"):
        return None, text
    rest = text[2:]
    end = rest.find("::")
    if end < 0:
        return None, rest
    return php_trim(esc.post(rest[:end])), php_trim(rest[end + 2 :])


def _id_and_tags(comments: str) -> tuple[str | None, tuple[str, ...]]:
    found = _ID.search(comments)
    idnumber = php_trim(found.group(1)).replace("\\]", "]") if found else None
    tags = tuple(php_trim(raw).replace("\\]", "]") for raw in _TAG.findall(comments))
    return idnumber or None, tags


def _qtype(answers: str) -> str:
    if answers == "":
        return "essay"
    if answers.startswith("#"):
        return "numerical"
    if "~" in answers:
        return "multichoice"
    if "=" in answers and "->" in answers:
        return "match"
    check = answers
    if answers.find("#") > 0:
        check = php_trim(answers[: answers.find("#")])
    return "truefalse" if check in _TF else "shortanswer"


def _multichoice(answers: str, fmt: str, esc: Escapes, where: tuple[int, str | None]) -> tuple[GiftAnswer, ...]:
    line, title = where
    parts = answers.replace("=", "~=").split("~")
    parts[0] = php_trim(parts[0])
    if parts[0] in ("", "0"):
        parts.pop(0)
    if len(parts) < 2:
        raise GiftSyntaxError(line, title, "a multiple-choice question needs at least two answers")
    out: list[GiftAnswer] = []
    for part in parts:
        answer = php_trim(part)
        weight: float | None = None
        correct = answer.startswith("=")
        if correct:
            fraction, answer = 1.0, answer[1:]
        elif _WEIGHT.match(answer):
            weight, answer = _weight(answer, line, title)
            fraction = weight / 100
        else:
            fraction = 0.0
        text, hash_mark, feedback = answer.partition("#")
        out.append(
            GiftAnswer(
                text=esc.with_format(php_trim(text), fmt),
                feedback=esc.with_format(php_trim(feedback), fmt) if hash_mark else None,
                fraction=fraction,
                correct=correct,
                weight=weight,
            )
        )
    return tuple(out)


def _weight(answer: str, line: int, title: str | None) -> tuple[float, str]:
    rest = answer[1:]
    end = rest.find("%")
    raw = rest[:end]
    try:
        weight = float(raw)
    except ValueError:
        raise GiftSyntaxError(line, title, f"answer weight %{raw}% is not a number") from None
    return weight, rest[end + 1 :]
