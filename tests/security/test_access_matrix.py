"""Who may do what: every URL pattern and every API operation, against every role, in one table.

Each row names the roles that get through (the rest are denied: anonymous users are sent to the
sign-in page or get 401 from the API; signed-in users get 403 or 404) and which demo object fills
the URL's parameters; objects belong to the candidate `cand`, who works for `emp`'s organisation,
so `cand2` and `emp2` check object-level rules. A URL or API operation without a row fails the
test: a new endpoint must be added here with the rule it should follow.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import NOW

pytestmark = [pytest.mark.django_db, pytest.mark.security, pytest.mark.slow]

# role key -> demo username (None: anonymous)
USERS: dict[str, str | None] = {
    "anon": None,
    "cand": "candidate",  # Maria Lopez, works at Main Street Auto, booked into today's A5 session
    "cand2": "master",  # Devon Price, another candidate
    "writer": "writer",
    "reviewer": "reviewer1",
    "proctor": "proctor",
    "psych": "psychometrician",
    "emp": "employer",  # admin of Main Street Auto (Maria's employer)
    "emp2": "fleet",  # admin of Metro Transit Fleet
    "educator": "educator",
    "staff": "staff",
}
SIGNED = " ".join(k for k in USERS if k != "anon")
ALL = " ".join(USERS)
BANK = "writer reviewer psych staff"


class Row:
    """Roles allowed (space-separated keys, ALL, SIGNED) and URL parameters -> object keys."""

    def __init__(self, allowed: str, method: str = "GET", body: Any = None, **params: str) -> None:
        self.allowed = frozenset(allowed.split())
        self.method = method
        self.body = body
        self.params = params


R = Row

# ---------------------------------------------------------------- pages, by URL name
PAGES: dict[str, Row] = {
    "home": R(ALL),
    "login": R(ALL),
    "logout": R(ALL, "POST"),
    "password_change": R(SIGNED),
    "password_change_done": R(SIGNED),
    "password_reset": R(ALL),
    "password_reset_done": R(ALL),
    "password_reset_confirm": R(ALL, uidb64="uidb64", token="reset_token"),
    "password_reset_complete": R(ALL),
    "catalog": R(ALL),
    "catalog-test": R(ALL, code="test"),
    "my-certifications": R(SIGNED),
    "people": R("staff"),
    "person-certifications": R("cand emp staff", person_id="person"),
    # item bank
    "bank": R(BANK),
    "bank-new": R("writer staff"),
    "bank-preview": R(BANK, "POST"),
    "bank-queue": R("reviewer"),
    "bank-exhibit": R(BANK, exhibit_id="exhibit"),
    "bank-item": R(BANK, item_id="item"),
    "bank-edit": R("writer staff", item_id="item"),
    "bank-diff": R(BANK, item_id="item"),
    "bank-vote": R("reviewer", "POST", item_id="item"),
    "bank-transition": R("writer reviewer staff", "POST", item_id="item"),
    # delivery
    "exams": R("cand cand2"),
    "exam-order": R("cand cand2"),
    "exam-voucher": R("cand", "POST", order_id="order"),
    "exam-book": R("cand", purchase_id="purchase"),
    "exam-cancel": R("cand", "POST", appointment_id="future_appointment"),
    "exam-sitting": R("cand", sitting_id="sitting"),
    "exam-question": R("cand", sitting_id="sitting", number="one"),
    "exam-exhibit": R("cand", sitting_id="sitting", number="exhibit_position"),
    "exam-review": R("cand", sitting_id="sitting"),
    "exam-result": R("cand staff", sitting_id="scored_sitting"),
    "practice": R(SIGNED),
    "practice-question": R("cand", session_id="practice_session", number="one"),
    "practice-summary": R("cand", session_id="practice_session"),
    "proctor": R("proctor staff"),
    "proctor-action": R("proctor staff", "POST", appointment_id="appointment"),
    "staff-orders": R("staff"),
    # employers
    "employer-home": R("emp emp2 staff"),
    "employer-dashboard": R("emp staff", org_id="org"),
    "employer-csv": R("emp staff", org_id="org"),
    "employer-pdf": R("emp staff", org_id="org"),
    "employer-manage": R("emp staff", org_id="org"),
    "employer-location-qr": R("emp staff", location_id="location"),
    "employer-location-qr-png": R("emp staff", location_id="location"),
    "employer-vouchers": R("emp emp2"),
    "employer-voucher-orders": R("staff"),
    "my-employers": R(SIGNED),
    "shop-public": R(ALL, slug="public_slug"),
    # experience and renewal
    "my-experience": R("cand cand2"),
    "my-experience-evidence": R("cand", "POST", record_id="pending_record"),
    "experience-evidence": R("cand emp staff", evidence_id="evidence"),
    "employer-attestations": R("emp emp2"),
    "employer-attest": R("emp", "POST", record_id="pending_record"),
    "staff-experience": R("staff"),
    "staff-experience-decide": R("staff", "POST", record_id="pending_record"),
    "my-renewal": R("cand cand2"),
    "renewal-subscribe": R("cand cand2", "POST"),
    "renewal-cancel": R("cand cand2", "POST"),
    "renewal-question": R("cand", question_id="renewal_question"),
    # credentials
    "my-credentials": R(SIGNED),
    "verify": R(ALL),
    "verify-bulk": R("emp emp2 staff"),
    "credential-staff-list": R("staff"),
    "credential-staff-detail": R("staff", number="credential"),
    "credential-staff-action": R("staff", "POST", number="credential", action="suspend"),
    "issuer-did-document": R(ALL),
    "credential-status-list": R(ALL),
    "credential-badge": R("cand staff", number="credential"),
    "my-certificate-pdf": R(SIGNED),
    "my-wallet-pdf": R(SIGNED),
    "person-certificate-pdf": R("staff", person_id="person"),
    "person-wallet-pdf": R("staff", person_id="person"),
    # preparation
    "preparation-home": R(SIGNED),
    "preparation-plan": R("cand cand2"),
    "preparation-review": R("cand cand2"),
    "preparation-readiness": R("cand cand2", test="test"),
    "preparation-paths": R("cand cand2"),
    "preparation-exhibit": R(SIGNED, item_id="practice_exhibit_item"),
    "preparation-classes": R("educator"),
    "preparation-class": R("educator", group_id="group"),
    "preparation-class-export": R("educator", group_id="group"),
    "preparation-join": R(SIGNED, token="join_token"),
    # psychometrics
    "psychometrics": R("psych staff"),
    "psychometrics-studies": R("reviewer psych staff"),
    "psychometrics-study-new": R("staff", "POST"),
    "psychometrics-study": R("reviewer psych staff", pk="study"),  # reviewer1 is on its panel
    "psychometrics-study-rate": R("reviewer psych staff", "POST", pk="study"),
    "psychometrics-study-close": R("staff", "POST", pk="study"),
    "psychometrics-study-adopt": R("staff", "POST", pk="study"),
    "psychometrics-form": R("psych staff", form_id="cut_form"),
    "psychometrics-form-equate": R("staff", "POST", form_id="cut_form"),
    "psychometrics-test": R("psych staff", test="test"),
    "psychometrics-csv": R("psych staff", test="test"),
    "psychometrics-calibrate": R("psych staff", "POST", test="test"),
    "psychometrics-pretest": R("psych staff", test="test"),
    "psychometrics-pretest-decide": R("psych staff", "POST", test="test", item_id="a5_pretest"),
    "psychometrics-item": R("psych staff", test="test", item_id="a5_item"),
    "adaptive": R(SIGNED),
    "adaptive-new": R(SIGNED, "POST"),
    "adaptive-session": R("cand", pk="adaptive_session"),
    "adaptive-answer": R("cand", "POST", pk="adaptive_session"),
    "staff-audit": R("staff"),
}

# ---------------------------------------------------------------- API, by "METHOD path"
API: dict[str, Row] = {
    "GET /api/v1/catalog/tests": R(ALL),
    "GET /api/v1/catalog/tests/{code}": R(ALL, code="test"),
    "GET /api/v1/people/{person_id}/standing": R("cand emp staff", person_id="person"),
    "GET /api/v1/items": R(BANK),
    "POST /api/v1/items": R("writer staff"),
    "GET /api/v1/items/{item_id}": R(BANK, item_id="item"),
    "PUT /api/v1/items/{item_id}": R("writer staff", item_id="item"),
    "POST /api/v1/items/{item_id}/transition": R("writer staff", item_id="item", body={"target": "in_review"}),
    "POST /api/v1/exams/orders": R("cand cand2"),
    "POST /api/v1/exams/purchases/{purchase_id}/book": R(
        "cand", purchase_id="purchase", body={"session": "@future_session"}
    ),
    "POST /api/v1/exams/sittings/{sitting_id}/start": R("cand", sitting_id="sitting"),
    "GET /api/v1/exams/sittings/{sitting_id}/questions/{number}": R("cand", sitting_id="sitting", number="one"),
    "PUT /api/v1/exams/sittings/{sitting_id}/answers": R(
        "cand", sitting_id="sitting", body={"position": 1, "answer": "A", "seq": 1000}
    ),
    "GET /api/v1/exams/sittings/{sitting_id}": R("cand", sitting_id="sitting"),
    "GET /api/v1/exams/sittings/{sitting_id}/review": R("cand", sitting_id="sitting"),
    "POST /api/v1/exams/sittings/{sitting_id}/submit": R("cand", sitting_id="scored_sitting"),
    "GET /api/v1/exams/sittings/{sitting_id}/result": R("cand", sitting_id="scored_sitting"),
    "GET /api/v1/organisations": R("emp emp2 staff"),
    "GET /api/v1/organisations/{org_id}/staff": R("emp staff", org_id="org"),
    "GET /api/v1/organisations/{org_id}/coverage": R("emp staff", org_id="org"),
    "GET /api/v1/organisations/{org_id}/expiries": R("emp staff", org_id="org"),
    "GET /api/v1/organisations/{org_id}/recognition": R("emp staff", org_id="org"),
    "GET /api/v1/verify/{number}": R(ALL, number="credential"),
    "GET /api/v1/credentials/mine": R(SIGNED),
    "POST /api/v1/credentials/{number}/suspend": R("staff", number="credential"),
    "POST /api/v1/credentials/{number}/reinstate": R("staff", number="credential"),
    "POST /api/v1/credentials/{number}/revoke": R("staff", number="other_credential"),
    "GET /api/v1/preparation/plan": R("cand cand2"),
    "PUT /api/v1/preparation/plan": R("cand cand2"),
    "GET /api/v1/preparation/reviews": R("cand cand2"),
    "POST /api/v1/preparation/reviews": R("cand cand2"),
    "GET /api/v1/preparation/readiness/{test}": R("cand cand2", test="test"),
    "GET /api/v1/preparation/career-paths": R("cand cand2"),
    "GET /api/v1/preparation/assignments": R("cand cand2"),
    "POST /api/v1/preparation/join/{token}": R(SIGNED, token="join_token"),  # 422 without a candidate record
    "GET /api/v1/preparation/classes": R("educator"),
    "POST /api/v1/preparation/classes": R("educator"),
    "POST /api/v1/preparation/classes/{class_id}/assignments": R("educator", class_id="group"),
    "GET /api/v1/preparation/classes/{class_id}/analytics": R("educator", class_id="group"),
    "GET /api/v1/psychometrics/tests/{test}/items": R("psych staff", test="test"),
    "GET /api/v1/psychometrics/calibrations": R("psych staff"),
    "GET /api/v1/psychometrics/calibrations/{calibration_id}": R("psych staff", calibration_id="calibration"),
    "GET /api/v1/psychometrics/forms/{form_id}/conversion": R("psych staff", form_id="cut_form"),
    "GET /api/v1/me/experience": R("cand cand2"),
    "POST /api/v1/me/experience": R("cand cand2"),
    "GET /api/v1/me/renewal": R("cand cand2"),
    "GET /api/v1/me/renewal/question": R("cand cand2"),
    "POST /api/v1/me/renewal/questions/{question_id}/answer": R("cand", question_id="renewal_question"),
    "GET /api/v1/badges/status/revocation": R(ALL),
    "GET /api/v1/badges/{number}": R("cand staff", number="credential"),
}
NOT_ENDPOINTS = {"api-1:openapi-json", "api-1:openapi-view", "api-1:api-root"}  # the schema and its viewer


# ---------------------------------------------------------------- walking the URLconf and the schema
def url_names() -> dict[str, str]:
    """Every named page pattern -> its route, except the API (walked through its schema) and admin."""
    found: dict[str, str] = {}

    def walk(patterns: list[Any], prefix: str, namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                if ns.startswith(("admin:", "api-1:")):
                    continue
                walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern):
                found[f"{namespace}{p.name}"] = prefix + str(p.pattern)

    walk(get_resolver().url_patterns, "", "")
    return found


def api_operations() -> dict[str, dict[str, Any]]:
    from certwright.config.api import api

    schema = api.get_openapi_schema()
    ops = {}
    for path, methods in schema["paths"].items():
        for method, op in methods.items():
            ops[f"{method.upper()} {path}"] = {"op": op, "schema": schema}
    return ops


def test_every_endpoint_has_a_row() -> None:
    pages = set(url_names()) - NOT_ENDPOINTS
    assert not sorted(pages - set(PAGES)), "pages without a row in PAGES"
    assert not sorted(set(PAGES) - pages), "rows for pages that no longer exist"
    ops = set(api_operations())
    assert not sorted(ops - set(API)), "API operations without a row in API"
    assert not sorted(set(API) - ops), "rows for API operations that no longer exist"


# ---------------------------------------------------------------- the demo world and its objects
def _objects() -> dict[str, Any]:
    """Object keys -> URL parameter values, from the demo data (plus a started and a scored sitting)."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from certwright.accounts.models import User
    from certwright.candidates import models as cm
    from certwright.credentials.models import Credential
    from certwright.employers.models import Employment, Location, Organisation, Visibility
    from certwright.exams import models as em
    from certwright.exams.services_orders import appointment_book
    from certwright.exams.services_sittings import sitting_check_in, sitting_start, sitting_submit
    from certwright.itembank.models import Item
    from certwright.measurement import models as mm
    from certwright.preparation.models import StudyGroup

    users = {k: User.objects.get(username=v) for k, v in USERS.items() if v}
    maria = users["cand"].person
    obj: dict[str, Any] = {"one": 1, "test": "A5", "suspend": "suspend"}
    # today's A5 appointment (demo): checked in, started and submitted -> the scored sitting
    first = em.Appointment.objects.get(purchase__person=maria, purchase__test="A5")
    scored = sitting_check_in(appointment=first, by=users["proctor"], id_confirmed=True)
    scored = sitting_start(sitting=scored, launch_code=scored.launch_code, by=users["cand"])
    sitting_submit(sitting=scored, by=users["cand"])
    obj.update(scored_sitting=scored.pk, person=maria.pk)
    # two more tests bought: one sat now (the live sitting), one booked for next week
    paid = _paid_purchases(maria, users, count=2)
    live = em.Appointment.objects.create(purchase=paid[0], session=first.session)
    em.Purchase.objects.filter(pk=paid[0].pk).update(status="booked")
    sitting = sitting_check_in(appointment=live, by=users["proctor"], id_confirmed=True)
    sitting = sitting_start(sitting=sitting, launch_code=sitting.launch_code, by=users["cand"])
    obj.update(sitting=sitting.pk, appointment=live.pk, purchase=paid[1].pk, form=sitting.form_id)
    positions = [i for i, s in enumerate(sitting.form.slots) if s.get("exhibit")]
    obj["exhibit_position"] = positions[0] + 1 if positions else None
    obj["order"] = paid[1].order_id
    future = em.TestSession.objects.filter(starts_at__gt=NOW + timedelta(days=5)).order_by("starts_at").first()
    booked = appointment_book(purchase=_paid_purchases(maria, users, count=1)[0], session=future, by=users["cand"])
    obj["future_appointment"] = booked.pk
    obj["future_session"] = future.pk
    item = Item.objects.filter(author=users["writer"]).first() or Item.objects.first()
    obj["item"] = item.item_id if item else None
    a5 = Item.objects.filter(test="A5").order_by("item_id")
    obj["a5_item"] = a5.values_list("item_id", flat=True).first()
    obj["a5_pretest"] = a5.filter(status="pretest").values_list("item_id", flat=True).first()
    obj["cut_form"] = mm.FormCut.objects.values_list("form_id", flat=True).first()
    obj["exhibit"] = _any_exhibit()
    org = Organisation.objects.get(admins__user=users["emp"])
    obj["org"] = org.pk
    # Maria shares her progress with her employer (her choice; the default shares verification only)
    Employment.objects.filter(person=maria, organisation=org).update(visibility=Visibility.PROGRESS)
    obj["location"] = Location.objects.filter(organisation=org).values_list("pk", flat=True).first()
    obj["public_slug"] = Location.objects.filter(**_public_filter()).values_list("slug", flat=True).first()
    pending = cm.ExperienceRecord.objects.filter(person=maria, organisation=org, status="pending").first()
    if pending is None:
        pending = cm.ExperienceRecord.objects.create(
            person=maria, kind="work", start=NOW.date().replace(year=2024), status="pending", organisation=org
        )
    obj["pending_record"] = pending.pk
    obj["evidence"] = cm.ExperienceEvidence.objects.filter(record__person=maria).values_list("pk", flat=True).first()
    obj["renewal_question"] = _renewal_question(maria)
    creds = list(Credential.objects.filter(person=maria).order_by("pk").values_list("number", flat=True))
    obj["credential"] = creds[0] if creds else None
    obj["other_credential"] = creds[-1] if len(creds) > 1 else None
    from certwright.preparation.services import group_create

    group = StudyGroup.objects.filter(educator=users["educator"]).first() or group_create(
        educator=users["educator"], name="Matrix class"
    )
    obj["group"] = group.pk if group else None
    obj["join_token"] = group.invite_token if group else None
    from certwright.exams.services_practice import practice_start

    practice = em.PracticeSession.objects.filter(user=users["cand"]).first() or practice_start(
        user=users["cand"], test="A5"
    )
    obj["practice_session"] = practice.pk
    obj["practice_exhibit_item"] = None
    obj["study"] = mm.StandardSettingStudy.objects.values_list("pk", flat=True).first()
    obj["calibration"] = mm.Calibration.objects.values_list("pk", flat=True).first()
    obj["adaptive_session"] = _adaptive_session(users["cand"])
    staff = users["staff"]
    obj["uidb64"] = urlsafe_base64_encode(force_bytes(staff.pk))
    obj["reset_token"] = default_token_generator.make_token(staff)
    return obj


def _renewal_question(person: Any) -> int | None:
    from certwright.candidates.models import RenewalQuestion
    from certwright.candidates.services_renewal import RenewalError, renewal_issue, renewal_subscribe
    from certwright.common import clock

    if not RenewalQuestion.objects.filter(subscription__person=person).exists():
        try:
            subscription = renewal_subscribe(person=person, today=clock.today())
        except RenewalError:
            return None
        renewal_issue(subscription=subscription, today=clock.today())
    return RenewalQuestion.objects.filter(subscription__person=person).values_list("pk", flat=True).first()


def _adaptive_session(user: Any) -> int | None:
    from certwright.measurement.models import AdaptiveSession, Calibration
    from certwright.measurement.services_adaptive import MeasurementError, adaptive_start

    for test in Calibration.objects.values_list("test", flat=True).distinct():
        try:
            adaptive_start(user=user, test=test, seed=1)
        except MeasurementError:
            continue
    return AdaptiveSession.objects.filter(user=user).values_list("pk", flat=True).first()


def _paid_purchases(person: Any, users: dict[str, Any], count: int) -> list[Any]:
    """Paid purchases of tests the person may order (whichever of the A series the rules allow)."""
    from certwright.core.facts import ResultKind
    from certwright.core.ordering import OrderLine
    from certwright.exams.models import Purchase
    from certwright.exams.services_orders import DeliveryError, order_create, order_pay

    taken = set(Purchase.objects.filter(person=person).values_list("test", flat=True))
    out: list[Any] = []
    for code in ("A1", "A2", "A3", "A4", "A6", "A7", "A8", "A9"):
        if code in taken or len(out) == count:
            continue
        for kind in (ResultKind.INITIAL, ResultKind.RECERTIFICATION):
            try:
                order = order_create(person=person, lines=[OrderLine(code, kind)], by=users["cand"])
            except DeliveryError:
                continue
            order_pay(order=order, by=users["staff"], reference="matrix")
            out.append(order.purchases.get())
            break
    assert len(out) == count, "the demo candidate can no longer order tests"
    return out


def _any_exhibit() -> str | None:
    from certwright.itembank.models import Exhibit

    return Exhibit.objects.order_by("pk").values_list("exhibit_id", flat=True).first()


def _public_filter() -> dict[str, Any]:
    from certwright.employers.models import Location

    names = {f.name for f in Location._meta.fields}
    for name in ("public", "public_page", "is_public", "show_public"):
        if name in names:
            return {name: True}
    return {}


def _demo() -> list[str]:
    """The demo world: policy, bank, people, then each area's demo data (an area whose demo fails
    leaves its rows unexercised and is named, rather than hiding every other row)."""
    import importlib

    from django.db import transaction

    from certwright.common import clock
    from certwright.demo.extensions import MODULES
    from certwright.demo.management.commands.demo_setup import BANK_DIR
    from certwright.demo.services import bank_load, demo_load
    from certwright.programs.services import policy_load

    policy_load()
    bank_load(bank_dir=BANK_DIR)
    demo_load(today=clock.today())
    broken = []
    for name in MODULES:
        try:
            with transaction.atomic():
                importlib.import_module(name).load(today=clock.today())
        except Exception as exc:
            broken.append(f"{name}: {type(exc).__name__}: {exc}")
    return broken


# ---------------------------------------------------------------- requests and verdicts
def _fill(route: str, row: Row, objects: dict[str, Any]) -> str | None:
    def value(match: re.Match[str]) -> str:
        name = match.group(1).split(":")[-1]
        key = row.params.get(name)
        if key is None:
            raise KeyError(f"no object for parameter {name!r}")
        val = objects.get(key, key if key in ("suspend",) else None)
        if val is None:
            raise LookupError(key)
        return str(val)

    try:
        return "/" + re.sub(r"[<{]([^>}]+)[>}]", value, route)
    except LookupError as missing:
        if isinstance(missing, KeyError):
            raise
        return None


def _minimal(schema: dict[str, Any], full: dict[str, Any]) -> Any:  # noqa: PLR0911 - one return per JSON type
    """The smallest value the JSON schema accepts (required fields only)."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return _minimal(full["components"]["schemas"][name], full)
    for key in ("allOf", "anyOf", "oneOf"):
        if key in schema:
            return _minimal(schema[key][0], full)
    if "enum" in schema:
        return schema["enum"][0]
    if "default" in schema:
        return schema["default"]
    kind = schema.get("type", "object")
    if kind == "object":
        props = schema.get("properties", {})
        return {k: _minimal(props[k], full) for k in schema.get("required", []) if k in props}
    if kind == "array":
        return [_minimal(schema["items"], full) for _ in range(schema.get("minItems", 0))]
    if kind == "integer":
        return max(1, schema.get("minimum", 1))
    if kind == "number":
        return max(1.0, schema.get("minimum", 1.0))
    if kind == "boolean":
        return False
    if schema.get("format") == "date":
        return "2026-11-01"
    return "x" * max(1, schema.get("minLength", 1))


def _api_body(op: dict[str, Any], full: dict[str, Any]) -> tuple[str, Any] | None:
    content = op.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        return "application/json", _minimal(content["application/json"]["schema"], full)
    if content:
        return "multipart/form-data", {}
    return None


def _request(client: Client, method: str, url: str, body: Any, content_type: str | None) -> Any:
    call: Callable[..., Any] = getattr(client, method.lower())
    if content_type == "application/json":
        return call(url, data=json.dumps(body), content_type=content_type)
    if method == "GET":
        return call(url)
    return call(url, data=body or {})


def _verdict(response: Any, api: bool, own: bool) -> str:
    """allow / deny / error. ``own``: the URL names no object (the caller's own data), so a 404
    means "you have none yet", not "not yours"."""
    code = response.status_code
    if code >= 500:
        return f"error {code}"
    if code == 404 and own:
        return "allow"
    if code in (401, 403, 404):
        return "deny"
    if code == 302 and "/accounts/login/" in response.get("Location", "") and not api:
        return "deny"
    return "allow"


Case = tuple[str, str, Row, Any, str | None, bool]


def _cases(objects: dict[str, Any]) -> tuple[list[Case], list[str]]:
    """(name, url, row, body, content type, is API) for every row whose objects exist; the rest by name."""
    unexercised: list[str] = []
    routes = url_names()
    cases: list[Case] = []
    for name, row in PAGES.items():
        if name not in routes:
            continue
        url = _fill(routes[name], row, objects)
        if url is None:
            unexercised.append(name)
            continue
        cases.append((name, url, row, row.body or {}, None, False))
    for key, info in api_operations().items():
        row = API.get(key)
        if row is None:
            continue
        method, path = key.split(" ", 1)
        url = _fill(path.lstrip("/"), row, objects)
        if url is None:
            unexercised.append(key)
            continue
        body = _api_body(info["op"], info["schema"])
        content_type = body[0] if body else None
        payload = row.body if row.body is not None else (body[1] if body else None)
        if isinstance(payload, dict):  # "@name" in a body is the id of a demo object (ids differ between databases)
            payload = {k: objects[v[1:]] if isinstance(v, str) and v.startswith("@") else v for k, v in payload.items()}
        cases.append((key, url, Row(" ".join(row.allowed), method, **row.params), payload, content_type, True))
    return cases, unexercised


@time_machine.travel(NOW, tick=False)
def test_every_role_gets_what_the_table_says(settings: Any, capsys: Any) -> None:
    settings.AXES_ENABLED = False
    broken = _demo()
    objects = _objects()
    clients: dict[str, Client] = {}
    from certwright.accounts.models import User

    for key, username in USERS.items():
        clients[key] = Client()
        if username:
            clients[key].force_login(User.objects.get(username=username))

    cases, unexercised = _cases(objects)
    problems: list[str] = []
    cases.sort(key=lambda case: case[0] == "logout")  # signing out last keeps every client signed in
    for name, url, row, body, content_type, api in cases:
        for role, client in clients.items():
            expected = "allow" if role in row.allowed else "deny"
            response = _request(client, row.method, url, body, content_type)
            got = _verdict(response, api, own=not row.params)
            if got != expected:
                problems.append(
                    f"{name}: {row.method} {url} as {role}: expected {expected}, got {got} ({response.status_code})"
                )
    with capsys.disabled():
        if broken:
            print(f"\naccess matrix: demo extensions that failed to load: {broken}")  # noqa: T201
        if unexercised:
            print(f"\naccess matrix: no demo object for {len(unexercised)} rows: {', '.join(unexercised)}")  # noqa: T201
    assert not problems, "\n".join(problems)
