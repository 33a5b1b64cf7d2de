"""`make demo`: Main Street Auto qualifies for recognition, Lakeside Tire & Brake does not, and says why."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from certwright.accounts.models import User
from certwright.demo import employers_demo
from certwright.demo.services import demo_load
from certwright.employers.models import Location, Organisation
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


def test_demo_shops(make_user: Any) -> None:
    today = NOW.date()
    demo_load(today=today)
    line = employers_demo.load(today=today)
    assert line.startswith(
        "Employers: Main Street Auto qualifies for recognition; Lakeside Tire & Brake does not qualify for recognition"
    )
    assert employers_demo.load(today=today) == "Employers: already loaded"
    assert Location.objects.count() == 4
    c = Client()
    c.force_login(User.objects.get(username="employer"))
    main = Organisation.objects.get(name="Main Street Auto")
    html = c.get(f"/employer/{main.pk}/").content.decode()
    assert "Main Street Auto qualifies." in html
    assert "Main St qualifies" in html
    assert 'Maria Lopez <span class="muted">(certifications only)</span>' in html
    c.force_login(User.objects.get(username="lakeside"))
    lake = Organisation.objects.get(name="Lakeside Tire & Brake")
    html = c.get(f"/employer/{lake.pk}/").content.decode()
    assert "Lakeside Tire &amp; Brake does not qualify yet." in html
    assert "no one is certified in A7 (heating air conditioning) at the Harbor Rd location" in html
    assert "certify one more technician at the Harbor Rd location" in html
    maria = Client()
    maria.force_login(User.objects.get(username="candidate"))
    assert "Lakeside Tire &amp; Brake</strong> invites you" in maria.get("/me/employers/").content.decode()
    assert Client().get("/shops/main-street-auto-main-st/").status_code == 200
    assert Client().get("/shops/lakeside-tire-brake-lakeside/").status_code == 200
