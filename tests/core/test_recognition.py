"""Blue Seal-style recognition and role requirements: the pure rule, table-driven, with boundaries."""

from __future__ import annotations

from datetime import date

import pytest

from certwright.core.catalog import load_catalog
from certwright.core.recognition import (
    LocationFacts,
    RecognitionReason,
    RecognitionRule,
    Technician,
    evaluate_location,
    evaluate_recognition,
    required_count,
    role_check,
    rule_from_catalog,
)

ON = date(2026, 11, 28)
LATER = date(2030, 1, 1)
RULE = RecognitionRule(0.75, True, {"brakes": ("A5",), "heating_air_conditioning": ("A7",), "collision": ("B2", "B3")})


def tech(name: str, *certs: tuple[str, date], repairs: bool = True) -> Technician:
    return Technician(name, name, repairs, dict(certs))


def certified(name: str, test: str = "A5", until: date = LATER) -> Technician:
    return tech(name, (test, until))


def plain(name: str) -> Technician:
    return tech(name)


def shop(*techs: Technician, areas: tuple[str, ...] = ("brakes",)) -> LocationFacts:
    return LocationFacts("1", "Main St", areas, techs)


class RequiredCountTests:
    @pytest.mark.parametrize(
        ("share", "n", "needed"),
        [
            (0.75, 4, 3),  # exactly 75 %
            (0.75, 3, 3),  # 2.25 rounds up
            (0.75, 5, 4),  # 3.75 rounds up
            (0.75, 8, 6),
            (0.75, 1, 1),
            (0.75, 0, 0),
            (0.7, 10, 7),  # 0.7 * 10 is 7.000000000000001 in floats; exact here
            (0.29, 100, 29),  # 28.999999999999996 in floats
            (1.0, 3, 3),
            (0.0, 3, 0),
        ],
    )
    def test_rounds_up_to_whole_technicians_exactly(self, share: float, n: int, needed: int) -> None:
        assert required_count(share, n) == needed


class LocationTests:
    @pytest.mark.parametrize(
        ("techs", "eligible", "reasons"),
        [
            ((certified("a"), certified("b"), certified("c"), plain("d")), True, ("eligible",)),  # exactly 75 %
            ((certified("a"), certified("b"), plain("c")), False, ("too_few_certified",)),  # 66.7 %
            ((certified("a"), certified("b"), plain("c"), plain("x")), False, ("too_few_certified",)),  # 50 %
            ((certified("a"),), True, ("eligible",)),
            ((), False, ("no_technicians", "area_not_covered")),
            ((certified("a", "A7"),), False, ("area_not_covered",)),  # certified, but nobody in A5
            # a technician who does not diagnose and repair does not count towards the share ...
            ((certified("a"), certified("b"), certified("c"), tech("lube", repairs=False)), True, ("eligible",)),
            # ... but a certified one still covers an area
            ((certified("a", "A7"), tech("w", ("A5", LATER), repairs=False)), True, ("eligible",)),
        ],
    )
    def test_decision_table(self, techs: tuple[Technician, ...], eligible: bool, reasons: tuple[str, ...]) -> None:
        d = evaluate_location(shop(*techs), RULE, ON)
        assert d.eligible is eligible
        assert tuple(r.value for r in d.reasons) == reasons

    def test_expiry_on_the_as_of_day_no_longer_counts(self) -> None:
        d = evaluate_location(shop(certified("a", until=ON)), RULE, ON)
        assert not d.eligible
        assert d.certified == 0
        assert evaluate_location(shop(certified("a", until=date(2026, 11, 29))), RULE, ON).eligible

    def test_the_page_sentences_say_exactly_what_is_missing(self) -> None:
        d = evaluate_location(
            shop(certified("a"), plain("b"), plain("c"), plain("d"), areas=("brakes", "heating_air_conditioning")),
            RULE,
            ON,
        )
        assert [s.message for s in d.shortfalls] == [
            "certify 2 more technicians at the Main St location (1 of 4 certified; 75 % needs 3)",
            "no one is certified in A7 (heating air conditioning) at the Main St location",
        ]
        one = evaluate_location(shop(certified("a"), certified("b"), plain("c")), RULE, ON)
        assert one.shortfalls[0].message.startswith("certify one more technician at the Main St location")
        assert one.summary.startswith("Main St does not qualify: certify one more technician")

    def test_an_area_with_several_tests_is_covered_by_any_of_them(self) -> None:
        d = evaluate_location(shop(certified("a", "B3"), areas=("collision",)), RULE, ON)
        assert d.eligible
        assert d.covered == {"collision": 1}
        missing = evaluate_location(shop(certified("a", "A5"), areas=("brakes", "collision")), RULE, ON)
        assert missing.shortfalls[0].message == "no one is certified in B2 or B3 (collision) at the Main St location"

    def test_unknown_area_is_named(self) -> None:
        d = evaluate_location(shop(certified("a"), areas=("brakes", "rockets")), RULE, ON)
        assert not d.eligible
        assert d.shortfalls[0].message == "'rockets' is not an area of service in the catalog"

    def test_coverage_can_be_turned_off(self) -> None:
        rule = RecognitionRule(0.75, False, RULE.service_areas)
        assert evaluate_location(shop(certified("a", "A7"), areas=("brakes",)), rule, ON).eligible


class LossDateTests:
    def test_earliest_expiry_that_breaks_a_condition(self) -> None:
        # 4 technicians, 3 needed; the first expiry (2027-03-01) leaves 3: still fine;
        # the second (2027-06-01) leaves 2: that is the day eligibility is lost.
        techs = (
            certified("a", until=date(2027, 3, 1)),
            certified("b", until=date(2027, 6, 1)),
            certified("c"),
            certified("d"),
        )
        d = evaluate_location(shop(*techs), RULE, ON)
        assert d.eligible
        assert d.loses_on == date(2027, 6, 1)
        assert d.loses_because[0].message.startswith("certify one more technician")
        assert d.summary == "Main St qualifies until 2027-06-01 if nothing changes."

    def test_losing_the_only_certified_technician_in_an_area(self) -> None:
        techs = (tech("a", ("A5", LATER), ("A7", date(2027, 2, 1))), certified("b"))
        d = evaluate_location(shop(*techs, areas=("brakes", "heating_air_conditioning")), RULE, ON)
        assert d.loses_on == date(2027, 2, 1)
        assert d.loses_because[0].reason is RecognitionReason.AREA_NOT_COVERED

    def test_an_organisation_loses_on_the_earliest_location_day(self) -> None:
        a = LocationFacts("1", "Main St", ("brakes",), (certified("a", until=date(2028, 1, 1)),))
        b = LocationFacts("2", "Elm St", ("brakes",), (certified("b", until=date(2027, 5, 1)),))
        rec = evaluate_recognition([a, b], RULE, ON)
        assert rec.eligible
        assert rec.loses_on == date(2027, 5, 1)
        c = LocationFacts("3", "Oak St", ("brakes",), (plain("c"),))
        failing = evaluate_recognition([a, c], RULE, ON)
        assert not failing.eligible
        assert failing.loses_on is None
        assert [r.value for r in failing.reasons] == ["too_few_certified", "area_not_covered"]
        assert evaluate_recognition([], RULE, ON).reasons == (RecognitionReason.NO_LOCATIONS,)


class RoleTests:
    @pytest.mark.parametrize(
        ("required", "certs", "meets", "missing", "stops"),
        [
            (("A5",), {"A5": LATER}, True, (), LATER),
            (("A5", "A4"), {"A5": LATER, "A4": date(2027, 1, 1)}, True, (), date(2027, 1, 1)),
            (("A5", "A4"), {"A5": LATER}, False, ("A4",), None),
            (("A5",), {"A5": ON}, False, ("A5",), None),  # expires on the day: not held
            ((), {}, True, (), None),
        ],
    )
    def test_role_table(
        self,
        required: tuple[str, ...],
        certs: dict[str, date],
        meets: bool,
        missing: tuple[str, ...],
        stops: date | None,
    ) -> None:
        check = role_check(required, certs, ON)
        assert (check.meets, check.missing, check.stops_on) == (meets, missing, stops)

    def test_messages(self) -> None:
        assert role_check(["A5"], {}, ON).message == "missing A5"
        assert role_check(["A5"], {"A5": LATER}, ON).message == "meets the requirement until 2030-01-01"


class CatalogRuleTests:
    def test_thresholds_come_from_the_catalog(self) -> None:
        rule = rule_from_catalog(load_catalog().blue_seal)
        assert rule.min_certified_share == 0.75
        assert rule.every_service_area_covered is True
        assert rule.service_areas["brakes"] == ("A5",)
        assert rule.service_areas["heating_air_conditioning"] == ("A7",)
