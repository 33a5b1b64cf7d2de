"""A candidate's HTTP client for server processes (requests, not a browser), and the sitting setup."""

from __future__ import annotations

import json
from typing import Any

import requests

from tests.reliability.support import certwright

PASSWORD = "certwright-demo"  # the demo users' password (demo data only)
CHECK_IN = (
    "from certwright.accounts.models import User; from certwright.exams.models import Appointment; "
    "from certwright.exams.services_sittings import sitting_check_in; "
    "a = Appointment.objects.get(purchase__person__user__username='candidate', purchase__test='A5'); "
    "s = sitting_check_in(appointment=a, by=User.objects.get(username='proctor'), id_confirmed=True); "
    "print(s.pk, s.launch_code)"
)


def check_in(env: dict[str, str]) -> tuple[int, str]:
    """The proctor checks Maria in for today's A5 session: (sitting id, launch code)."""
    sitting, code = certwright(env, "shell", "-c", CHECK_IN).stdout.split()[-2:]
    return int(sitting), code


class Candidate:
    """Signed in through the sign-in form; API calls carry the CSRF token like exam.js does."""

    def __init__(self, base: str, username: str = "candidate") -> None:
        self.base = base
        self.http = requests.Session()
        page = self.http.get(f"{base}/accounts/login/", timeout=30)
        page.raise_for_status()
        done = self.http.post(
            f"{base}/accounts/login/",
            data={
                "username": username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": self.http.cookies["csrftoken"],
            },
            headers={"Referer": f"{base}/accounts/login/"},
            timeout=30,
            allow_redirects=False,
        )
        assert done.status_code == 302, f"{username} could not sign in ({done.status_code})"

    def call(self, method: str, path: str, body: Any = None, base: str | None = None) -> requests.Response:
        headers = {"X-CSRFToken": self.http.cookies.get("csrftoken", ""), "Referer": f"{base or self.base}/"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        return self.http.request(
            method,
            f"{base or self.base}/api/v1/exams{path}",
            data=None if body is None else json.dumps(body),
            headers=headers,
            timeout=30,
        )

    def start(self, sitting: int, code: str) -> dict[str, Any]:
        response = self.call("POST", f"/sittings/{sitting}/start", {"launch_code": code})
        assert response.status_code == 200, response.text
        return dict(response.json())

    def save(self, sitting: int, position: int, answer: str, seq: int, base: str | None = None) -> requests.Response:
        return self.call(
            "PUT", f"/sittings/{sitting}/answers", {"position": position, "answer": answer, "seq": seq}, base=base
        )

    def answers(self, sitting: int, total: int, base: str | None = None) -> dict[int, str | None]:
        out = {}
        for number in range(1, total + 1):
            response = self.call("GET", f"/sittings/{sitting}/questions/{number}", base=base)
            assert response.status_code == 200, response.text
            out[number] = response.json()["answer"]
        return out

    def remaining(self, sitting: int, base: str | None = None) -> int:
        response = self.call("GET", f"/sittings/{sitting}", base=base)
        assert response.status_code == 200, response.text
        return int(response.json()["remaining_seconds"])
