"""Run inside `certwright shell` by bench/delivery_load.py: C candidates, each signed in (a session
row) with a started sitting on one A5 form. Writes {sitting, session, questions} rows as JSON to
the file named by CERTWRIGHT_BENCH_OUT. Bulk inserts: the point is the save path, not set-up."""

from __future__ import annotations

import json
import os
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session

from certwright.accounts.models import User
from certwright.candidates.models import Person
from certwright.common import clock
from certwright.core.facts import ResultKind
from certwright.demo.management.commands.demo_setup import BANK_DIR
from certwright.demo.services import bank_load
from certwright.exams.models import Order, Purchase, Response, Sitting
from certwright.exams.services_sittings import form_publish
from certwright.programs.services import policy_load

count = int(os.environ["CERTWRIGHT_BENCH_CANDIDATES"])
policy, _ = policy_load()
bank_load(bank_dir=BANK_DIR, only="A5")
form = form_publish(test="A5", kind=ResultKind.INITIAL, seed=7)
now = clock.now()
users = User.objects.bulk_create(User(username=f"bench{i:05d}", password="!") for i in range(count))
people = Person.objects.bulk_create(
    Person(first_name="Bench", last_name=f"Candidate {i}", candidate_id=f"BENCH-{i:05d}", user=u)
    for i, u in enumerate(users)
)
orders = Order.objects.bulk_create(
    Order(person=p, status="paid", registration_fee=Decimal(0), total=Decimal(0), policy_version=policy.version)
    for p in people
)
purchases = Purchase.objects.bulk_create(
    Purchase(
        order=o,
        person=p,
        test="A5",
        kind="initial",
        fee=Decimal(0),
        purchased_on=now.date(),
        window_ends=now.date() + timedelta(days=90),
        status="in_progress",
    )
    for o, p in zip(orders, people, strict=True)
)
sittings = Sitting.objects.bulk_create(
    Sitting(
        purchase=pu,
        person=p,
        form=form,
        status="started",
        launch_code="000000",
        started_at=now,
        deadline=now + timedelta(hours=6),
        allowed_seconds=6 * 3600,
    )
    for pu, p in zip(purchases, people, strict=True)
)
version_ids = [s["version_id"] for s in form.slots]
Response.objects.bulk_create(
    (Response(sitting=s, position=i, item_version_id=v) for s in sittings for i, v in enumerate(version_ids)),
    batch_size=5000,
)
rows, sessions = [], []
for user, sitting in zip(users, sittings, strict=True):
    store = SessionStore()
    key = store._get_new_session_key()
    data = {
        SESSION_KEY: str(user.pk),
        BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
        HASH_SESSION_KEY: user.get_session_auth_hash(),
    }
    sessions.append(Session(session_key=key, session_data=store.encode(data), expire_date=now + timedelta(days=1)))
    rows.append({"sitting": sitting.pk, "session": key, "questions": len(version_ids)})
Session.objects.bulk_create(sessions, batch_size=2000)
with open(os.environ["CERTWRIGHT_BENCH_OUT"], "w", encoding="utf-8") as out:
    json.dump(rows, out)
print(f"prepared {count} candidates in started sittings of form {form.pk}")
