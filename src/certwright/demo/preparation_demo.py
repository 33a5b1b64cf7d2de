"""Demo data for the preparation area (see demo/extensions.py).

* Maria Lopez (user ``candidate``) has chosen the *Master Automobile Technician* career path; her plan
  starts with A2 (failed 12 days ago: booked on the first retake day) and she has three weeks of A2
  practice behind her, so today's review queue has due cards and new ones.
* Mark Ellis (user ``educator``) runs the class *Evening ASE prep* with Maria and three students
  (``student1``..``student3``, the demo password) who practised A5 and A4; one assignment is open.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from certwright.accounts.models import User
from certwright.accounts.services import user_create
from certwright.candidates.models import Person
from certwright.candidates.services import person_create
from certwright.core.roles import Role
from certwright.demo.services import DEMO_PASSWORD
from certwright.itembank.models import Item
from certwright.preparation.models import ReviewCard, StudyGroup
from certwright.preparation.services import assignment_create, card_review, goal_set, group_create, group_join

CLASS_NAME = "Evening ASE prep"
STUDENTS = [("student1", "Jamal", "Reed"), ("student2", "Ana", "Silva"), ("student3", "Tom", "Becker")]


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


def _practise(person: Person, test: str, *, today: date, days_ago: int, count: int, right_every: int) -> int:
    """Answer ``count`` practice items of ``test`` on a past day; every ``right_every``-th answer is wrong."""
    items = list(Item.objects.filter(test=test, use="practice", language="en").order_by("item_id")[:count])
    when = _at(today - timedelta(days=days_ago), 19)
    for i, item in enumerate(items):
        version = item.current
        wrong = next(o["letter"] for o in version.options if o["letter"] != version.key)
        answer = wrong if (i + 1) % right_every == 0 else version.key
        card_review(person=person, version=version, answer=answer, source="practice", now=when + timedelta(minutes=i))
    return len(items)


def load(*, today: date) -> str:
    maria_user = User.objects.filter(username="candidate").first()
    educator = User.objects.filter(username="educator").first()
    if maria_user is None or educator is None or StudyGroup.objects.filter(name=CLASS_NAME).exists():
        return ""
    maria = Person.objects.get(user=maria_user)
    if not Item.objects.filter(test="A2", use="practice").exists():
        return ""
    # three weeks of A2 practice: first pass 20 days ago, weak areas again 9 and 3 days ago
    _practise(maria, "A2", today=today, days_ago=20, count=13, right_every=3)
    _practise(maria, "A2", today=today, days_ago=9, count=8, right_every=4)
    _practise(maria, "A2", today=today, days_ago=3, count=5, right_every=5)
    goal_set(
        person=maria,
        kind="path",
        code="master_technician",
        target_date=today + timedelta(days=180),
        weekly_questions=60,
        new_per_day=8,
        by=maria_user,
    )
    group = group_create(educator=educator, name=CLASS_NAME)
    group_join(token=group.invite_token, user=maria_user)
    for username, first, last in STUDENTS:
        user = user_create(
            username=username,
            password=DEMO_PASSWORD,
            email=f"{username}@demo.certwright.test",
            first_name=first,
            last_name=last,
            roles=(Role.CANDIDATE,),
        )
        person = person_create(first_name=first, last_name=last, email=user.email, user=user)
        group_join(token=group.invite_token, user=user)
        _practise(
            person,
            "A5",
            today=today,
            days_ago=2,
            count=10,
            right_every=2 + len(username) % 3 + STUDENTS.index((username, first, last)),
        )
        _practise(person, "A4", today=today, days_ago=1, count=6, right_every=3)
    assignment_create(
        group=group,
        by=educator,
        title="Brake hydraulics warm-up",
        test="A5",
        area="A",
        questions=10,
        due_on=today + timedelta(days=7),
    )
    due = ReviewCard.objects.filter(person=maria, due__lte=_at(today, 23)).count()
    return (
        f"Preparation: Maria Lopez on the Master Automobile Technician path, {due} review cards due today; "
        f"class '{CLASS_NAME}' of Mark Ellis with {len(STUDENTS) + 1} students (users student1-3)."
    )
