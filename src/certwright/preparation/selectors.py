"""Preparation reads: the derived study plan, the review queue, readiness, career progress, classes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from certwright.candidates.models import Person
from certwright.candidates.selectors import person_standing
from certwright.core.career_paths import CareerPath, PathProgress, load_career_paths, master_path, path_progress
from certwright.core.decisions import TestStatus
from certwright.core.readiness import AreaEvidence, Readiness, form_counts, readiness
from certwright.core.review_queue import QueueEntry, build_queue, exam_adjusted_due
from certwright.core.standing import Standing
from certwright.core.study_plan import StudyPlan, TestInput, area_inputs, plan_study
from certwright.exams.models import Appointment, PracticeSession, Score
from certwright.itembank.models import Exhibit, Item
from certwright.measurement.selectors import AdaptiveReadiness, adaptive_recent, calibration_latest, readiness_adaptive
from certwright.measurement.services_adaptive import MIN_ITEMS, practice_parameters
from certwright.preparation.models import Assignment, Membership, ReviewCard, ReviewLog, StudyGoal, StudyGroup
from certwright.programs.selectors import catalog_current

# --- exams and evidence ----------------------------------------------------------------------


def exam_times(*, person: Person, now: datetime) -> dict[str, datetime]:
    """The next booked (not cancelled) appointment per test, from ``now`` on."""
    out: dict[str, datetime] = {}
    rows = (
        Appointment.objects.filter(purchase__person=person, cancelled_at__isnull=True, session__starts_at__gt=now)
        .select_related("purchase", "session")
        .order_by("session__starts_at")
    )
    for a in rows:
        out.setdefault(a.purchase.test, a.session.starts_at)
    return out


def practice_evidence(*, person: Person, test: str, until: datetime | None = None) -> dict[str, tuple[int, int]]:
    """``{area: (correct, answered)}`` from every practice and review answer of ``test``."""
    logs = ReviewLog.objects.filter(card__person=person, card__test=test)
    if until is not None:
        logs = logs.filter(reviewed_at__lte=until)
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for area, correct in logs.values_list("card__area", "correct"):
        out[area][0] += int(correct)
        out[area][1] += 1
    return {k: (v[0], v[1]) for k, v in out.items()}


def readiness_of(*, person: Person, test: str, until: datetime | None = None) -> Readiness:
    catalog = catalog_current()
    spec = catalog.test(test)
    counts = form_counts([(a.code, a.count) for a in spec.areas], spec.scored)
    evidence = practice_evidence(person=person, test=test, until=until)
    rows = [AreaEvidence(code, n, *evidence.get(code, (0, 0))) for code, n in counts.items()]
    return readiness(rows, cut_fraction=catalog.rules.provisional_cut_fraction, seed=person.pk)


def readiness_history(*, person: Person, test: str, today: date, weeks: int = 12) -> list[tuple[date, Readiness]]:
    """Readiness at the end of each of the last ``weeks`` weeks (today last)."""
    tz = timezone.get_current_timezone()
    days = [today - timedelta(weeks=w) for w in range(weeks - 1, -1, -1)]
    return [(d, readiness_of(person=person, test=test, until=datetime.combine(d, time.max, tzinfo=tz))) for d in days]


def practised_tests(*, person: Person) -> list[str]:
    return sorted(set(ReviewCard.objects.filter(person=person).values_list("test", flat=True)))


# --- adaptive practice (the measurement app's IRT estimate) ----------------------------------


def adaptive_of(*, person: Person, test: str) -> AdaptiveReadiness | None:
    """The person's latest finished adaptive practice of ``test`` (None: no user account or none yet)."""
    return readiness_adaptive(person, test)


def adaptive_points(*, person: Person, test: str, since: date) -> list[tuple[date, AdaptiveReadiness]]:
    """Every finished adaptive practice of ``test`` from ``since`` on, oldest first, with its local day."""
    if person.user_id is None:
        return []
    tz = timezone.get_current_timezone()
    rows = (
        adaptive_recent(user=person.user, test=test)
        .filter(finished_at__gte=datetime.combine(since, time.min, tzinfo=tz), p_pass__isnull=False)
        .order_by("finished_at", "pk")
    )
    return [
        (
            timezone.localtime(s.finished_at, tz).date(),
            AdaptiveReadiness(
                test, float(s.p_pass), s.theta, s.se, sum(1 for st in s.steps if st.get("answer")), s.finished_at, s.pk
            ),
        )
        for s in rows
    ]


def adaptive_available(*, test: str) -> bool:
    """Whether adaptive practice can start for ``test``: a calibration with enough practice items."""
    calibration = calibration_latest(test=test)
    return calibration is not None and len(practice_parameters(calibration)) >= MIN_ITEMS


def adaptive_tests(*, person: Person) -> list[str]:
    """Tests the person finished an adaptive practice of."""
    if person.user_id is None:
        return []
    rows = adaptive_recent(user=person.user).filter(finished_at__isnull=False, p_pass__isnull=False)
    return sorted(set(rows.values_list("test", flat=True)))


@dataclass(frozen=True)
class ReadinessRow:
    """One test on the preparation home: the interim estimate and, when there is one, the adaptive one."""

    test: str
    interim: Readiness
    adaptive: AdaptiveReadiness | None


def readiness_overview(*, person: Person) -> list[ReadinessRow]:
    """Every test the person practised or took adaptive practice of (tests with content areas)."""
    catalog = catalog_current()
    tests = sorted(set(practised_tests(person=person)) | set(adaptive_tests(person=person)))
    return [
        ReadinessRow(t, readiness_of(person=person, test=t), adaptive_of(person=person, test=t))
        for t in tests
        if t in catalog.tests and catalog.tests[t].areas
    ]


# --- goals and plans -------------------------------------------------------------------------


def goal_active(*, person: Person) -> StudyGoal | None:
    return StudyGoal.objects.filter(person=person, active=True).first()


def career_paths() -> dict[str, CareerPath]:
    return load_career_paths(catalog_current())


def target_path(*, kind: str, code: str) -> CareerPath:
    catalog = catalog_current()
    if kind == "master":
        return master_path(catalog.masters[code])
    if kind == "path":
        return career_paths()[code]
    spec = catalog.test(code)
    return CareerPath(code, f"{code} {spec.name}", ((code,),), (), "A single test.")


def progress_of(*, path: CareerPath, standing: Standing) -> PathProgress:
    catalog = catalog_current()
    certified = frozenset(
        c for c, s in standing.tests.items() if s.status == TestStatus.CERTIFIED and not s.entry_level
    )
    waiting = frozenset(c for c, s in standing.tests.items() if s.status == TestStatus.AWAITING_EXPERIENCE)
    passed = frozenset(c for c, s in standing.tests.items() if s.intervals) | waiting
    prerequisites = {code: t.register_requires for code, t in catalog.tests.items()}
    return path_progress(path, certified=certified, passed=passed, waiting=waiting, prerequisites=prerequisites)


def _failed_report(*, person: Person, test: str) -> dict[str, int]:
    score = (
        Score.objects.filter(sitting__person=person, sitting__purchase__test=test, passed=False)
        .order_by("-scored_at")
        .first()
    )
    return {a["area"]: int(a["percent"]) for a in score.areas} if score else {}


@dataclass(frozen=True)
class PlanView:
    goal: StudyGoal
    path: CareerPath
    progress: PathProgress
    plan: StudyPlan


def plan_of(*, person: Person, goal: StudyGoal, today: date) -> PlanView:
    """The plan for the goal today: the target's tests not yet certified (or waiting for experience),
    failed ones with their score report."""
    catalog = catalog_current()
    standing = person_standing(person=person, on=today)
    path = target_path(kind=goal.target_kind, code=goal.target_code)
    progress = progress_of(path=path, standing=standing)
    inputs: list[TestInput] = []
    for group in progress.gap:
        code = next((c for c in group.tests if catalog.tests[c].areas), None)
        if code is None:
            continue
        spec = catalog.tests[code]
        st = standing.tests.get(code)
        failed_on = None
        if st is not None and st.status == TestStatus.FAILED:
            last = person.results.filter(test=code).order_by("-date").first()
            failed_on = last.date if last and last.outcome == "fail" else None
        areas = area_inputs(
            [(a.code, a.name, a.count) for a in spec.areas],
            practice_evidence(person=person, test=code),
            _failed_report(person=person, test=code) if failed_on else None,
        )
        inputs.append(TestInput(code, spec.name, spec.scored, areas, failed_on))
    plan = plan_study(
        inputs,
        today=today,
        target_date=max(goal.target_date, today + timedelta(days=1)),
        weekly_questions=goal.weekly_questions,
        retake_wait_days=catalog.rules.retake_wait_full_days,
        booking_notice_days=catalog.rules.change_cutoff_days,
    )
    return PlanView(goal, path, progress, plan)


# --- review queue ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Queue:
    entries: tuple[QueueEntry, ...]
    due_count: int
    new_count: int
    area: tuple[str, str] | None  # (test, area) new cards come from
    exams: dict[str, datetime]


def review_queue(*, person: Person, now: datetime, today: date) -> Queue:
    exams = exam_times(person=person, now=now)
    due: list[tuple[int, datetime, str | None]] = []
    cards = ReviewCard.objects.filter(person=person)
    candidates = cards.filter(Q(due__lte=now) | Q(test__in=list(exams)))
    for card in candidates.only("id", "due", "test", "fsrs"):
        last = card.fsrs.get("last_review")
        reviewed = datetime.fromisoformat(last) if last else card.created_at
        effective, reason = exam_adjusted_due(card.due, reviewed_at=reviewed, exam_at=exams.get(card.test))
        if effective <= now:
            due.append((card.pk, effective, reason))
    goal = goal_active(person=person)
    area = None
    new_items: list[int] = []
    allowance = 0
    if goal is not None:
        block = plan_of(person=person, goal=goal, today=today).plan.block_on(today)
        if block is not None:
            area = (block.test, block.area)
            seen = cards.values_list("item_id", flat=True)
            pool = Item.objects.filter(test=block.test, use="practice", language="en").exclude(
                status__in=("retired", "draft")
            )
            if block.area:
                pool = pool.filter(area=block.area)
            new_items = list(pool.exclude(pk__in=seen).order_by("item_id").values_list("pk", flat=True))
        allowance = max(goal.new_per_day - _new_today(person, today), 0)
    entries = build_queue(due, new_items, new_allowance=allowance)
    return Queue(entries, len(due), sum(1 for e in entries if e.new), area, exams)


def _new_today(person: Person, today: date) -> int:
    tz = timezone.get_current_timezone()
    start = datetime.combine(today, time.min, tzinfo=tz)
    return ReviewCard.objects.filter(person=person, created_at__gte=start).count()


def queue_item(*, entry: QueueEntry) -> Item:
    if entry.new:
        return Item.objects.get(pk=entry.key)
    return ReviewCard.objects.select_related("item").get(pk=entry.key).item


# --- classes ---------------------------------------------------------------------------------


def groups_of_educator(*, user: Any) -> QuerySet[StudyGroup]:
    return StudyGroup.objects.filter(educator_id=user.pk or 0)


def group_for_educator(*, user: Any, group_id: int) -> StudyGroup | None:
    """Object-level check: an educator sees only their own classes."""
    return StudyGroup.objects.filter(pk=group_id, educator_id=user.pk or 0).first()


def group_by_token(*, token: str) -> StudyGroup | None:
    return StudyGroup.objects.filter(invite_token=token).first() if token else None


def group_members(*, group: StudyGroup) -> list[Person]:
    return [m.person for m in Membership.objects.filter(group=group).select_related("person")]


@dataclass(frozen=True)
class AssignmentStatus:
    assignment: Assignment
    done: int
    complete: bool
    overdue: bool


def assignment_status(*, assignment: Assignment, person: Person, today: date) -> AssignmentStatus:
    """Done = practice or review answers in the assignment's test (and area) since it was set."""
    logs = ReviewLog.objects.filter(
        card__person=person, card__test=assignment.test, reviewed_at__gte=assignment.created_at
    )
    if assignment.area:
        logs = logs.filter(card__area=assignment.area)
    done = logs.count()
    complete = done >= assignment.questions
    return AssignmentStatus(assignment, done, complete, not complete and today > assignment.due_on)


def assignments_of_person(*, person: Person, today: date) -> list[AssignmentStatus]:
    rows = Assignment.objects.filter(group__memberships__person=person).select_related("group").order_by("due_on")
    return [assignment_status(assignment=a, person=person, today=today) for a in rows]


@dataclass(frozen=True)
class StudentRow:
    person: Person
    answered: int
    correct: int
    areas: dict[str, tuple[int, int]]  # "A5:C" -> (correct, answered)
    assignments_done: int


def group_analytics(*, group: StudyGroup, today: date) -> tuple[list[StudentRow], dict[str, tuple[int, int]]]:
    """Per student and per content area (``TEST:AREA``): correct and answered, all of the student's
    practice and reviews (joining a class shares them with its educator; the join page says so)."""
    students: list[StudentRow] = []
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    assignments = list(group.assignments.all())
    for m in Membership.objects.filter(group=group).select_related("person").order_by("person__last_name", "id"):
        areas: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        logs = ReviewLog.objects.filter(card__person=m.person)
        for test, area, correct in logs.values_list("card__test", "card__area", "correct"):
            key = f"{test}:{area}"
            areas[key][0] += int(correct)
            areas[key][1] += 1
            totals[key][0] += int(correct)
            totals[key][1] += 1
        done = sum(1 for a in assignments if assignment_status(assignment=a, person=m.person, today=today).complete)
        students.append(
            StudentRow(
                m.person,
                sum(v[1] for v in areas.values()),
                sum(v[0] for v in areas.values()),
                {k: (v[0], v[1]) for k, v in sorted(areas.items())},
                done,
            )
        )
    return students, {k: (v[0], v[1]) for k, v in sorted(totals.items())}


def practice_session_of(*, user: Any, session_id: int) -> PracticeSession | None:
    return PracticeSession.objects.filter(pk=session_id, user_id=user.pk or 0).first()


def practice_exhibit(*, item_id: int) -> Exhibit | None:
    """The exhibit of a practice item's current version; None for operational items (never exposed)."""
    item = Item.objects.filter(pk=item_id, use="practice").first()
    version = item.current if item else None
    return version.exhibit if version is not None else None
