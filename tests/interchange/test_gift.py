"""GIFT: read as Moodle does (checked against gift-pegjs's expected JSON and Moodle's own tests),
import four-option single-answer multiple choice, report everything else, export our items."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from certwright.core.items import Difficulty, ItemStatus, ItemStyle, ItemUse
from certwright.interchange.defaults import ImportDefaults
from certwright.interchange.gift import escape, export_gift, parse_gift_items, read_gift
from certwright.interchange.gift_parse import GiftQuestion, GiftSyntaxError, GiftText, parse_gift
from certwright.interchange.native_yaml import load_item_file

VECTORS = Path(__file__).parents[1] / "vectors" / "gift"
FIXTURES = Path(__file__).parent / "fixtures" / "bank"
PEGJS = sorted((VECTORS / "gift-pegjs").glob("*.gift"))
MOODLE = sorted((VECTORS / "moodle").glob("*.txt"))
TYPES = {
    "multichoice": "MC", "truefalse": "TF", "shortanswer": "Short", "numerical": "Numerical",
    "match": "Matching", "essay": "Essay", "description": "Description", "category": "Category",
}  # fmt: skip
DEFAULTS = ImportDefaults(test="A5", area="A")


def questions(text: str) -> list[GiftQuestion]:
    parsed = parse_gift(text)
    assert all(isinstance(q, GiftQuestion) for q in parsed), parsed
    return [q for q in parsed if isinstance(q, GiftQuestion)]


def flat(text: str) -> str:
    """gift-pegjs joins lines with spaces and pads a blank (``_____ .``); Moodle keeps newlines."""
    return re.sub(r"\s+([.,;:?!])", r"\1", " ".join(text.split()))


def text_view(text: GiftText | None) -> dict[str, str] | None:
    return None if text is None else {"format": text.format, "text": flat(text.text)}


def pegjs_view(question: GiftQuestion) -> dict[str, object]:
    """Our parse in gift-pegjs's JSON model, for the fields that apply."""
    if question.qtype == "category":
        return {"type": "Category", "title": question.category}
    view: dict[str, object] = {
        "type": TYPES[question.qtype],
        "title": question.title,
        "stem": text_view(question.stem),
        "hasEmbeddedAnswers": question.embedded,
        "globalFeedback": text_view(question.general_feedback),
    }
    if question.qtype == "multichoice":
        view["choices"] = [
            {"isCorrect": a.correct, "weight": a.weight, "text": text_view(a.text),
             "feedback": text_view(a.feedback)}
            for a in question.answers
        ]  # fmt: skip
    return view


def expected_view(entry: dict[str, object]) -> dict[str, object]:
    if entry["type"] == "Category":
        return {"type": "Category", "title": entry["title"]}
    view: dict[str, object] = {
        "type": entry["type"],
        "title": entry["title"],
        "stem": text_view(GiftText(**entry["stem"])),  # type: ignore[arg-type]
        "hasEmbeddedAnswers": entry["hasEmbeddedAnswers"],
        "globalFeedback": entry.get("globalFeedback"),
    }
    if entry["type"] == "MC":
        view["choices"] = [
            {"isCorrect": c["isCorrect"], "weight": c["weight"], "text": text_view(GiftText(**c["text"])),
             "feedback": c["feedback"] and text_view(GiftText(**c["feedback"]))}
            for c in entry["choices"]  # type: ignore[attr-defined]
        ]  # fmt: skip
    return view


@pytest.mark.parametrize("sample", PEGJS, ids=lambda p: p.stem)
def test_parse_matches_gift_pegjs_expected_json(sample: Path) -> None:
    expected = json.loads(sample.with_suffix(".json").read_text(encoding="utf-8"))
    ours = [pegjs_view(q) for q in questions(sample.read_text(encoding="utf-8"))]
    assert ours == [expected_view(entry) for entry in expected]


def test_there_are_gift_pegjs_samples() -> None:
    assert len(PEGJS) == 10


# Expectations taken from Moodle's own importer tests (question/format/gift/tests/giftformat_test.php).
MOODLE_CASES = [
    ("// essay\n::Q8:: How are you? {}", "essay", "Q8", "How are you?", "moodle"),
    ("::Moodle activities::[html]Match the <b>activity</b> to the description.{\n"
     "    =[html]An activity supporting asynchronous discussions. -> Forum\n    = -> Chat\n}",
     "match", "Moodle activities", "Match the <b>activity</b> to the description.", "html"),
    ("::Q1:: 42 is the Absolute Answer to everything.{\nFALSE#42 is the Ultimate Answer.#You gave the right answer.}",
     "truefalse", "Q1", "42 is the Absolute Answer to everything.", "moodle"),
    ("// name 0-11\n::2-08 TSL::TSL is blablabla.{T}", "truefalse", "2-08 TSL", "TSL is blablabla.", "moodle"),
    ("::double backslash:: A \\\\ B \\\\\\\\ C{}", "essay", "double backslash", "A \\ B \\\\ C", "moodle"),
    ("::Q001::[html]<p>What would running the test method print?</p>\n<pre>\n    public void test() \\{\n"
     "        method1();\n    \\}\n</pre>\n{}", "essay", "Q001",
     "<p>What would running the test method print?</p>\n<pre>\npublic void test() {\nmethod1();\n}\n</pre>", "html"),
    ("::Shortanswer::Which is the best animal?{\n    =Frog#Good!\n    =%50%Cat#What is it?\n    =%0%*#No\n}",
     "shortanswer", "Shortanswer", "Which is the best animal?", "moodle"),
    ("::Q5:: What is a number from 1 to 5? {#3:2~#Completely wrong}", "numerical", "Q5",
     "What is a number from 1 to 5?", "moodle"),
    ("Line one \\n line two{}", "essay", None, "Line one \n line two", "moodle"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "qtype", "title", "stem", "fmt"), MOODLE_CASES)
def test_reads_as_moodle_does(text: str, qtype: str, title: str | None, stem: str, fmt: str) -> None:
    (question,) = questions(text)
    assert (question.qtype, question.title, question.stem) == (qtype, title, GiftText(stem, fmt))


def test_moodle_multichoice_answers_formats_and_feedback() -> None:
    text = ("// multiple choice with specified feedback for right and wrong answers\n"
            "::Q2:: What's between orange and green in the spectrum?\n{\n    =yellow # right; good!\n"
            "    ~red # [html]wrong, it's yellow\n    ~[plain]blue # wrong, it's yellow\n}")  # fmt: skip
    (question,) = questions(text)
    assert question.single
    assert [(a.text, a.fraction) for a in question.answers] == [
        (GiftText("yellow"), 1.0),
        (GiftText("red"), 0.0),
        (GiftText("blue", "plain"), 0.0),
    ]
    assert [a.feedback for a in question.answers] == [
        GiftText("right; good!"),
        GiftText("wrong, it's yellow", "html"),
        GiftText("wrong, it's yellow"),
    ]


def test_moodle_multiple_response_weights() -> None:
    text = ("::colours:: What's between orange and green in the spectrum?\n{\n    ~%50%yellow # right; good!\n"
            "    ~%-100%red # [html]wrong\n    ~%50%off-beige # right; good!\n"
            "    ~%-100%[plain]blue # wrong\n}")  # fmt: skip
    (question,) = questions(text)
    assert not question.single
    assert [a.fraction for a in question.answers] == [0.5, -1.0, 0.5, -1.0]
    assert question.answers[3].text == GiftText("blue", "plain")


def test_idnumber_and_tags_come_from_comments() -> None:
    text = ("// This question is to test importing tags: [tag:tag] [tag:other-tag].\n"
            "// And an idnumber: [id:myid].\n::Question name:: How are you? {}")  # fmt: skip
    (question,) = questions(text)
    assert (question.idnumber, question.tags) == ("myid", ("tag", "other-tag"))


def test_a_line_holding_zero_separates_questions_like_php_empty() -> None:
    assert [q.qtype for q in questions("Q one{}\n0\nQ two{}")] == ["essay", "essay"]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("\n\n::Broken:: Who?{~a =b", 3, "unbalanced braces"),
        ("Who? ~a =b}", 1, "unbalanced braces"),
        ("Who?{~only}", 1, "at least two answers"),
        ("Who?{~%--5%a =b ~c}", 1, "answer weight %--5% is not a number"),
    ],
)
def test_syntax_errors_are_reported_with_line(text: str, line: int, message: str) -> None:
    (error,) = parse_gift(text)
    assert isinstance(error, GiftSyntaxError)
    assert error.line == line
    assert message in str(error)
    report = parse_gift_items(text, "q.gift", DEFAULTS)
    assert report.items == ()
    assert str(report.rejected[0]).startswith(f"q.gift:{line}: ")


@pytest.mark.parametrize("sample", PEGJS + MOODLE, ids=lambda p: p.name)
def test_every_question_is_imported_or_reported(sample: Path) -> None:
    text = sample.read_text(encoding="utf-8")
    parsed = [q for q in parse_gift(text) if isinstance(q, GiftQuestion) and q.qtype != "category"]
    report = parse_gift_items(text, sample.name, DEFAULTS)
    assert report.ok, report.lines()
    assert len(report.items) + len(report.unsupported) == len(parsed)
    assert all(u.file == sample.name and isinstance(u.location, int) for u in report.unsupported)


def test_moodle_examples_unsupported_reasons() -> None:
    report = read_gift(VECTORS / "moodle" / "examples.txt", DEFAULTS)
    assert [item.stem for item in report.items] == ["Japanese characters originally came from what country?"]
    reasons = {u.reason.split(";")[0] for u in report.unsupported}
    assert reasons == {
        "3 answers", "a true/false question", "a short-answer question", "a numerical question",
        "a matching question", "6 answers", "a multiple-response question (no answer marked = )",
        "partial-credit or penalty weights (%n%)",
    }  # fmt: skip
    hometown = [u for u in report.unsupported if u.title == "Jesus' hometown"]
    assert str(hometown[0]).endswith(
        '/examples.txt:117: unsupported question "Jesus\' hometown": partial-credit or penalty weights '
        "(%n%); Certwright items are scored right/wrong"
    )


GIFT_ITEM = """\
$CATEGORY: $course$/top/certwright/A5/C

// [id:A5-101] [tag:certwright:style=most_likely] [tag:certwright:difficulty=hard]
::A5-101::Which of these is the MOST likely cause of a pulsating pedal?{
    ~Worn pads#Pads do not pulse.
    =Excessive rotor runout
    ~Low fluid#Low fluid does not pulse.
    ~A weak booster
    ####Runout pushes the pistons back each turn.
}
"""


def test_import_reads_category_ids_tags_and_feedback() -> None:
    report = parse_gift_items(GIFT_ITEM, "q.gift", ImportDefaults())
    assert report.ok, report.lines()
    (item,) = report.items
    assert (item.id, item.test, item.area, item.style, item.difficulty) == (
        "A5-101",
        "A5",
        "C",
        ItemStyle.MOST_LIKELY,
        Difficulty.HARD,
    )
    assert (item.use, item.language, item.status) == (ItemUse.PRACTICE, "en", None)
    assert item.key == "B"
    assert item.rationale == "Runout pushes the pistons back each turn."
    assert [opt.rationale for opt in item.options] == ["Pads do not pulse.", None, "Low fluid does not pulse.", None]


def test_defaults_apply_without_certwright_metadata() -> None:
    text = "Pick one.{~a ~b =c ~d}"
    defaults = ImportDefaults(test="A6", area="B", use=ItemUse.OPERATIONAL, language="es", author="x")
    (item,) = parse_gift_items(text, "q.gift", defaults).items
    assert (item.id, item.test, item.area, item.use, item.language, item.author, item.status) == (
        "A6-L1",
        "A6",
        "B",
        ItemUse.OPERATIONAL,
        "es",
        "x",
        ItemStatus.DRAFT,
    )


def test_missing_test_is_an_error_naming_line_and_question() -> None:
    report = parse_gift_items("\n::Orphan:: Pick one.{~a ~b =c ~d}", "q.gift", ImportDefaults())
    assert [str(err) for err in report.rejected] == [
        "q.gift:2: item Orphan: no test: use $CATEGORY: certwright/<TEST>/<AREA> or give a default test"
    ]


def test_invalid_fields_are_errors_naming_line_and_item() -> None:
    text = "// [id:A5-9] [tag:certwright:style=riddle]\n::T:: Pick one.{~a ~a =c ~d}"
    report = parse_gift_items(text, "q.gift", DEFAULTS)
    assert [str(err) for err in report.rejected] == [
        "q.gift:2: item A5-9: style 'riddle' is not one of direct, technician_ab, except, most_likely, least_likely"
    ]


def test_two_keys_are_unsupported() -> None:
    report = parse_gift_items("Pick.{=a =b ~c ~d}", "q.gift", DEFAULTS)
    assert [u.reason for u in report.unsupported] == ["2 answers marked = ; Certwright items have exactly one key"]


def test_html_is_reduced_to_text_with_a_warning() -> None:
    text = "[html]<p>Which <b>part</b> leaks?</p>{~<i>a</i> ~b =c ~d}"
    report = parse_gift_items(text, "q.gift", DEFAULTS)
    (item,) = report.items
    assert item.stem == "Which part leaks?"
    assert item.options[0].text == "a"
    assert [w.message for w in report.warnings] == ["stem: HTML markup removed", "option A: HTML markup removed"]


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a = b", "a \\= b"),
        ("{x} ~ y # z: w", "\\{x\\} \\~ y \\# z\\: w"),
        ("back\\slash", "back\\\\slash"),
        ("two\nlines", "two\\nlines"),
        ("[html] not a format", "[plain][html] not a format"),
        ("%50% off", "[plain]%50% off"),
        ("-5 V", "-5 V"),
    ],
)
def test_export_escapes_like_moodle(text: str, escaped: str) -> None:
    assert escape(text) == escaped
    (question,) = questions(f"Q{{~x ~y ~z ={escaped}}}")
    assert question.answers[3].text.text == text


def test_export_writes_categories_comments_and_feedback() -> None:
    items = load_item_file(FIXTURES / "A5.yaml").items
    text = export_gift(items)
    assert text.startswith("$CATEGORY: certwright/A5/A\n\n// [id:A5-001] [tag:certwright:style=most_likely]")
    assert "\n$CATEGORY: certwright/A5/D\n" in text
    assert "::A5-001::[plain]A vehicle has a low brake pedal" in text
    assert "\t~\\=A damaged tone ring \\{missing teeth\\}#Missing teeth distort the signal.\n" in text
    assert "\t####Excessive clearance lets the pedal travel" in text
    parsed = questions(text)
    assert [q.qtype for q in parsed].count("multichoice") == len(items)
