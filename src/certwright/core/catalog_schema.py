"""The catalog document schema (pydantic): what a catalog YAML file may contain.

The loader in :mod:`certwright.core.catalog` validates a document against these models and then
builds the immutable :class:`~certwright.core.catalog.Catalog` the rules use.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CatalogMeta(_Strict):
    id: str
    name: str
    policy_version: int = Field(ge=1)
    effective: date


class Rules(_Strict):
    validity_months: int = Field(gt=0)
    certification_start: Literal["later_of_pass_and_experience"]
    expiry_anchor: Literal["pass_date"]
    recert_expiry_anchor: Literal["pass_date"]
    retake_wait_full_days: int = Field(ge=0)
    retake_applies_to: list[Literal["pass", "fail", "no_show"]]
    no_show_counts_for_retake: bool
    purchase_window_days: int = Field(gt=0)
    change_cutoff_days: int = Field(ge=0)
    recert_requires_previous_certification: bool
    recert_offer_window_days: int = Field(ge=0)
    part_time_full_time_hours: float = Field(gt=0)
    min_hours_per_week_counted: float = Field(ge=0)
    passed_result_shelf_life_months: int | None = Field(default=None, gt=0)
    default_minutes_per_question: float = Field(gt=0)
    provisional_cut_fraction: float = Field(gt=0, lt=1)
    reminders_days_before_expiry: list[int]


class ExperienceFamily(_Strict):
    required_months: int = Field(ge=0)
    training_max_months: int = Field(ge=0)


class EntryLevel(_Strict):
    validity_months: int = Field(gt=0)
    recertification: bool
    counts_toward_master: bool
    requires_experience: bool


class Renewal(_Strict):
    subscription_months: int = Field(gt=0)
    questions_per_month_per_area: int = Field(gt=0)
    credit_per_correct_answer: int = Field(gt=0)
    credits_per_extension: int = Field(gt=0)
    extension_months: int = Field(gt=0)
    eligible_if_expired: bool
    only_tests_passed_before_subscription: bool
    eligible_series: list[str]


class Fees(_Strict):
    currency: str
    registration_per_order: float = Field(ge=0)
    per_test: float = Field(ge=0)
    advanced_per_test: float = Field(ge=0)
    recert_per_test: float = Field(ge=0)
    advanced_recert_per_test: float = Field(ge=0)
    recert_cap_per_order: float | None = Field(default=None, ge=0)


class AnyOf(_Strict):
    any_of: list[str] = Field(min_length=1)


class Requirement(_Strict):
    any_of: list[str] = Field(min_length=1)
    condition: Literal["passed", "certified"]


class Prerequisites(_Strict):
    to_register: list[Requirement] = []
    to_hold: list[Requirement] = []


class Master(_Strict):
    designation: str
    required: list[str | AnyOf] = Field(min_length=1)
    requires_experience: bool = True
    lapses_when_required_expires: bool = True


class Area(_Strict):
    code: str = Field(pattern=r"^[A-Z]$")
    name: str
    count: int | None = Field(default=None, ge=0)


class RecertSpec(_Strict):
    scored: int | None = Field(default=None, gt=0)
    minutes: int | None = Field(default=None, gt=0)
    code: str | None = None


class Test(_Strict):
    code: str = Field(pattern=r"^[A-Z][0-9]$")
    name: str
    family: str
    languages: list[str] = ["en"]
    scored: int | None = Field(default=None, gt=0)
    unscored: int | None = Field(default=None, ge=0)
    minutes: int | None = Field(default=None, gt=0)
    recert: RecertSpec | None = None
    advanced: bool = False
    reference_material: str | None = None
    prerequisites: Prerequisites | None = None
    blueprint: list[Area] | None = None
    areas: list[Area] | None = None

    @model_validator(mode="after")
    def _blueprint_adds_up(self) -> Test:
        if self.blueprint is not None and self.areas is not None:
            raise ValueError("give either 'blueprint' (areas with counts) or 'areas', not both")
        if self.blueprint is not None:
            missing = [a.code for a in self.blueprint if a.count is None]
            if missing:
                raise ValueError(f"blueprint areas {missing} have no count")
            total = sum(a.count or 0 for a in self.blueprint)
            if self.scored is None or total != self.scored:
                raise ValueError(f"blueprint counts add up to {total}, but the test has {self.scored} scored questions")
        codes = [a.code for a in (self.blueprint or self.areas or [])]
        if len(codes) != len(set(codes)):
            raise ValueError(f"duplicate content-area codes in {codes}")
        return self


class Series(_Strict):
    code: str = Field(pattern=r"^[A-Z]$")
    name: str
    master: Master | None = None
    tests: list[Test] = Field(min_length=1)


class Provenance(_Strict):
    grade: Literal["confirmed", "secondary", "unconfirmed"]
    sources: list[str] = []
    note: str | None = None


class BlueSeal(_Strict):
    min_certified_share: float = Field(ge=0, le=1)
    every_service_area_covered: bool
    service_areas: dict[str, list[str]]


class Recognition(_Strict):
    blue_seal: BlueSeal


class CatalogDocument(_Strict):
    catalog: CatalogMeta
    rules: Rules
    experience_families: dict[str, ExperienceFamily]
    entry_level: EntryLevel
    renewal: Renewal
    fees: Fees
    languages: dict[str, str]
    series: list[Series] = Field(min_length=1)
    recognition: Recognition
    provenance: dict[str, Provenance] = {}
