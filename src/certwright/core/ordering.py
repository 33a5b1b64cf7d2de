"""Buying and booking tests: fees, purchase windows, booking changes and No Shows.

Pure rules; the day is a parameter. Eligibility to buy a test comes from
:func:`certwright.core.registration.registration_decision`; this module adds the order-level
rules (one open purchase per test, fees with the recertification cap) and the appointment rules
(90-day window, no change within 3 days, a missed window or appointment is a No Show).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from certwright.core.catalog import Catalog
from certwright.core.facts import ResultKind


class OrderReason(StrEnum):
    OPEN_PURCHASE_EXISTS = "open_purchase_exists"
    UNKNOWN_TEST = "unknown_test"
    EMPTY_ORDER = "empty_order"
    DUPLICATE_IN_ORDER = "duplicate_in_order"
    WINDOW_CLOSED = "window_closed"
    TOO_LATE_TO_CHANGE = "too_late_to_change"
    OUTSIDE_WINDOW = "outside_window"
    IN_THE_PAST = "in_the_past"


@dataclass(frozen=True, slots=True)
class OrderLine:
    test: str
    kind: ResultKind


@dataclass(frozen=True, slots=True)
class FeeLine:
    test: str
    kind: ResultKind
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Fees:
    registration: Decimal
    lines: tuple[FeeLine, ...]
    recert_discount: Decimal
    total: Decimal
    currency: str


def order_fees(lines: Sequence[OrderLine], catalog: Catalog) -> Fees:
    """Registration fee per order + a fee per test (higher for L-series); recertification fees
    in one order are capped at ``recert_cap_per_order``."""
    fees = catalog.fees
    priced: list[FeeLine] = []
    for line in lines:
        advanced = catalog.test(line.test).advanced
        if line.kind is ResultKind.RECERTIFICATION:
            amount = fees.advanced_recert_per_test if advanced else fees.recert_per_test
        else:
            amount = fees.advanced_per_test if advanced else fees.per_test
        priced.append(FeeLine(line.test, line.kind, Decimal(str(amount))))
    recert_total = sum((f.amount for f in priced if f.kind is ResultKind.RECERTIFICATION), Decimal(0))
    cap = fees.recert_cap_per_order
    discount = max(Decimal(0), recert_total - Decimal(str(cap))) if cap is not None else Decimal(0)
    registration = Decimal(str(fees.registration_per_order)) if priced else Decimal(0)
    total = registration + sum((f.amount for f in priced), Decimal(0)) - discount
    return Fees(registration, tuple(priced), discount, total, fees.currency)


def order_problems(
    lines: Sequence[OrderLine], open_purchases: Sequence[str], catalog: Catalog
) -> list[tuple[str, OrderReason, str]]:
    """Order-level refusals as (test, reason, sentence): unknown tests, duplicates, open purchases."""
    problems: list[tuple[str, OrderReason, str]] = []
    if not lines:
        problems.append(("", OrderReason.EMPTY_ORDER, "the order has no tests"))
    seen: set[str] = set()
    for line in lines:
        if line.test not in catalog.tests:
            problems.append((line.test, OrderReason.UNKNOWN_TEST, f"there is no test {line.test!r}"))
            continue
        if line.test in seen:
            problems.append((line.test, OrderReason.DUPLICATE_IN_ORDER, f"{line.test} is in the order twice"))
        seen.add(line.test)
        if line.test in open_purchases:
            problems.append(
                (
                    line.test,
                    OrderReason.OPEN_PURCHASE_EXISTS,
                    f"you already have an open purchase of {line.test}: take or let it expire first",
                )
            )
    return problems


def window_end(purchased_on: date, catalog: Catalog) -> date:
    """The last day a purchased test can be taken (purchase day + 90 days)."""
    return purchased_on + timedelta(days=catalog.rules.purchase_window_days)


def booking_problems(
    *, purchased_on: date, appointment_day: date, today: date, catalog: Catalog
) -> list[tuple[OrderReason, str]]:
    """May an appointment be booked (or moved to) ``appointment_day`` on ``today``?"""
    problems: list[tuple[OrderReason, str]] = []
    end = window_end(purchased_on, catalog)
    if today > end:
        problems.append((OrderReason.WINDOW_CLOSED, f"the 90-day window closed on {end}"))
    if appointment_day < today:
        problems.append((OrderReason.IN_THE_PAST, f"{appointment_day} is in the past"))
    if appointment_day > end:
        problems.append((OrderReason.OUTSIDE_WINDOW, f"the test must be taken by {end}"))
    return problems


def change_problems(*, appointment_day: date, today: date, catalog: Catalog) -> list[tuple[OrderReason, str]]:
    """An appointment cannot be changed or cancelled within ``change_cutoff_days`` of it."""
    cutoff = appointment_day - timedelta(days=catalog.rules.change_cutoff_days)
    if today > cutoff:
        return [
            (
                OrderReason.TOO_LATE_TO_CHANGE,
                f"appointments cannot be changed or cancelled after {cutoff} (3 days before the test)",
            )
        ]
    return []


def is_no_show(*, purchased_on: date, appointment_day: date | None, sat: bool, today: date, catalog: Catalog) -> bool:
    """A purchase becomes a No Show when its appointment day passed unsat, or its window closed unbooked."""
    if sat:
        return False
    if appointment_day is not None:
        return today > appointment_day
    return today > window_end(purchased_on, catalog)
