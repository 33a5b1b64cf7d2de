"""RFC 8785 (JCS): the RFC's own examples, the W3C vector, and invariants."""

from __future__ import annotations

import json
import math
import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from certwright.badges.jcs import CanonicalizationError, canonicalize, serialize_number
from tests.badges.support import EDDSA, read_json


def test_w3c_unsigned_credential_canonical_form() -> None:
    expected = (EDDSA / "eddsa-jcs-2022" / "canonDocJCS.txt").read_bytes()
    assert canonicalize(read_json(EDDSA / "unsigned.json")) == expected


def test_rfc8785_section_3_2_example() -> None:
    value = json.loads(
        '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],'
        '"string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",'
        '"literals": [null, true, false]}'
    )
    assert canonicalize(value) == (
        b'{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],'
        b'"string":"\xe2\x82\xac$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}'
    )


def test_rfc8785_sorting_by_utf16_code_units() -> None:
    value = {
        "\u20ac": "Euro Sign",
        "\r": "Carriage Return",
        "\ufb33": "Hebrew Letter Dalet With Dagesh",
        "1": "One",
        "\U0001f600": "Emoji: Grinning Face",
        "\u0080": "Control",
        "\u00f6": "Latin Small Letter O With Diaeresis",
    }
    keys = list(json.loads(canonicalize(value)))
    assert keys == ["\r", "1", "\u0080", "\u00f6", "\u20ac", "\U0001f600", "\ufb33"]


@pytest.mark.parametrize(
    ("bits", "text"),
    [  # RFC 8785 Appendix B (IEEE-754 bit patterns -> ECMAScript text)
        ("0000000000000000", "0"),
        ("8000000000000000", "0"),
        ("0000000000000001", "5e-324"),
        ("8000000000000001", "-5e-324"),
        ("7fefffffffffffff", "1.7976931348623157e+308"),
        ("ffefffffffffffff", "-1.7976931348623157e+308"),
        ("4340000000000000", "9007199254740992"),
        ("c340000000000000", "-9007199254740992"),
        ("4430000000000000", "295147905179352830000"),
        ("44b52d02c7e14af5", "9.999999999999997e+22"),
        ("44b52d02c7e14af6", "1e+23"),
        ("44b52d02c7e14af7", "1.0000000000000001e+23"),
        ("444b1ae4d6e2ef4e", "999999999999999700000"),
        ("444b1ae4d6e2ef4f", "999999999999999900000"),
        ("444b1ae4d6e2ef50", "1e+21"),
        ("3eb0c6f7a0b5ed8c", "9.999999999999997e-7"),
        ("3eb0c6f7a0b5ed8d", "0.000001"),
        ("41b3de4355555553", "333333333.3333332"),
        ("41b3de4355555554", "333333333.33333325"),
        ("41b3de4355555555", "333333333.3333333"),
        ("41b3de4355555556", "333333333.3333334"),
        ("41b3de4355555557", "333333333.33333343"),
        ("becbf647612f3696", "-0.0000033333333333333333"),
        ("43143ff3c1cb0959", "1424953923781206.2"),
    ],
)
def test_rfc8785_number_serialization(bits: str, text: str) -> None:
    (value,) = struct.unpack(">d", bytes.fromhex(bits))
    assert serialize_number(value) == text


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, 10**400, {1: "x"}, "\ud800", b"bytes", {"a": {1, 2}}])
def test_non_i_json_is_refused(value: object) -> None:
    with pytest.raises(CanonicalizationError):
        canonicalize(value)


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53) + 1, 2**53 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@given(JSON)
def test_canonical_form_is_json_of_the_same_value_and_a_fixed_point(value: object) -> None:
    text = canonicalize(value)
    parsed = json.loads(text)

    assert _as_doubles(parsed) == _as_doubles(value)
    assert canonicalize(parsed) == text


def _as_doubles(value: object) -> object:
    """JSON numbers are IEEE-754 doubles: 1e16 may read back as the integer 10000000000000000."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, list):
        return [_as_doubles(item) for item in value]
    assert isinstance(value, dict)
    return {key: _as_doubles(item) for key, item in value.items()}


@given(st.dictionaries(st.text(max_size=6), st.integers(), max_size=6))
def test_member_order_does_not_matter(value: dict[str, int]) -> None:
    assert canonicalize(dict(reversed(list(value.items())))) == canonicalize(value)
