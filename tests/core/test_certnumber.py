"""Certificate numbers: format, Luhn check digit, forgiving parsing, clear errors."""

from __future__ import annotations

import pytest

from certwright.core.certnumber import (
    CertNumberError,
    format_number,
    is_valid,
    luhn_check_digit,
    luhn_valid,
    parse_number,
)


class LuhnTests:
    def test_known_luhn_examples(self) -> None:
        # The textbook example from ISO/IEC 7812-1: 7992739871 -> check digit 3.
        assert luhn_check_digit("7992739871") == 3
        assert luhn_valid("79927398713")
        assert not luhn_valid("79927398710")
        # A well-known test card number.
        assert luhn_valid("4111111111111111")

    def test_every_single_digit_typo_is_caught(self) -> None:
        number = format_number(12345678)
        digits = number[2:]
        for position in range(len(digits)):
            for replacement in "0123456789":
                if replacement == digits[position]:
                    continue
                typo = digits[:position] + replacement + digits[position + 1 :]
                assert not luhn_valid(typo), typo

    def test_adjacent_swaps_are_caught_except_09(self) -> None:
        number = format_number(31415926)
        digits = number[2:]
        for position in range(len(digits) - 1):
            a, b = digits[position], digits[position + 1]
            if a == b or {a, b} == {"0", "9"}:
                continue
            swapped = digits[:position] + b + a + digits[position + 2 :]
            assert not luhn_valid(swapped), swapped

    def test_non_digits_rejected(self) -> None:
        with pytest.raises(CertNumberError) as info:
            luhn_check_digit("12a4")
        assert info.value.code == "not_digits"
        assert not luhn_valid("")
        assert not luhn_valid("٣٣")  # Arabic-Indic digits are not ASCII digits


class FormatTests:
    def test_format_is_prefix_serial_check(self) -> None:
        number = format_number(12345678)
        assert number == "CW123456782"
        assert len(number) == 11
        assert str(parse_number(number)) == number

    @pytest.mark.parametrize("serial", [0, 9_999_999, 100_000_000, -1, True, "12345678"])
    def test_out_of_range_serials_rejected(self, serial: object) -> None:
        with pytest.raises(CertNumberError) as info:
            format_number(serial)  # type: ignore[arg-type]
        assert info.value.code == "serial_out_of_range"


class ParseTests:
    def test_forgiving_about_case_spaces_and_dashes(self) -> None:
        parsed = parse_number("  cw 1234-5678 2 ")
        assert parsed.serial == 12345678
        assert parsed.check == 2
        assert is_valid("cw123456782")

    @pytest.mark.parametrize(
        ("text", "code"),
        [
            ("XX123456782", "bad_prefix"),
            ("123456782", "bad_prefix"),
            ("CW12345678", "bad_length"),
            ("CW1234567823", "bad_length"),
            ("CW12345678X", "not_digits"),
            ("CW123456781", "bad_check_digit"),
        ],
    )
    def test_errors_name_the_problem(self, text: str, code: str) -> None:
        with pytest.raises(CertNumberError) as info:
            parse_number(text)
        assert info.value.code == code
        assert not is_valid(text)
