"""Public verification: the right facts for the right last name, nothing else, rate-limited; bulk CSV."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from certwright.candidates.models import Person
from certwright.core.roles import Role
from certwright.credentials.models import Credential
from certwright.credentials.services import credential_revoke

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
MASTER_RESULTS = tuple(f"A{i} pass 2024-06-01" for i in range(1, 9))


def _holder(make_person: Any, last_name: str = "O'Brien Smith", results: tuple[str, ...] = MASTER_RESULTS) -> Person:
    person = make_person(last_name=last_name, results=results)
    person.email = "secret.holder@example.com"
    person.save(update_fields=["email"])
    return person


class VerifyPageTests:
    def test_number_and_last_name_show_holder_and_credentials_only(self, make_person: Any) -> None:
        person = _holder(make_person)
        a5 = Credential.objects.get(person=person, code="A5")
        client = Client()
        response = client.post("/verify", {"number": a5.number.lower(), "last_name": "  o'brien   SMITH "})
        html = response.content.decode()
        assert response.status_code == 200
        assert "Pat O&#x27;Brien Smith" in html
        assert "Master Automobile Technician" in html
        assert "Brakes (A5)" in html
        assert "2029-06-01" in html
        assert "Active" in html
        assert "secret.holder@example.com" not in html
        assert person.candidate_id not in html
        assert "Who can use this page: Anyone" in html

    def test_wrong_last_name_looks_exactly_like_an_unknown_number(self, make_person: Any) -> None:
        person = _holder(make_person)
        number = Credential.objects.get(person=person, code="A5").number
        unknown = next(
            n for n in ("CW100000009", "CW100000017", "CW100000025") if not Credential.objects.filter(number=n).exists()
        )
        client = Client()
        wrong = client.post("/verify", {"number": number, "last_name": "Jones"})
        missing = client.post("/verify", {"number": unknown, "last_name": "Jones"})
        assert wrong.status_code == missing.status_code == 404
        for response in (wrong, missing):
            html = response.content.decode()
            assert "No credential matches this certificate number and last name." in html
            assert "Pat" not in html
            assert "Brakes" not in html
        strip = lambda r, n: r.content.decode().replace(n, "NUMBER")  # noqa: E731
        csrf = 'name="csrfmiddlewaretoken" value="'

        def without_token(text: str) -> str:
            start = text.find(csrf)
            return text if start < 0 else text[:start] + text[text.find('"', start + len(csrf)) :]

        assert without_token(strip(wrong, number)) == without_token(strip(missing, unknown))

    def test_malformed_number_says_so(self) -> None:
        response = Client().post("/verify", {"number": "CW123456781", "last_name": "Jones"})
        assert response.status_code == 400
        assert "check digit" in response.content.decode()

    def test_qr_link_prefills_the_number_and_shows_nothing_without_last_name(self, make_person: Any) -> None:
        person = _holder(make_person)
        number = Credential.objects.get(person=person, code="A5").number
        client = Client()
        html = client.get("/verify", {"number": number}).content.decode()
        assert f'value="{number}"' in html
        assert "Pat" not in html
        linked = client.get("/verify", {"number": number, "last_name": "o'brien smith"}).content.decode()
        assert "Master Automobile Technician" in linked

    def test_revoked_credentials_show_revoked(self, make_person: Any, make_user: Any) -> None:
        person = _holder(make_person, results=("A5 pass 2025-03-01",))
        a5 = Credential.objects.get(person=person)
        credential_revoke(credential=a5, by=make_user(Role.STAFF), reason="Fraud", today=date(2026, 11, 28))
        html = Client().post("/verify", {"number": a5.number, "last_name": "O'Brien Smith"}).content.decode()
        assert "Revoked" in html
        assert "Fraud" not in html  # the reason is not public

    def test_rate_limited_per_client(self, make_person: Any, settings: Any) -> None:
        settings.CERTWRIGHT_VERIFY_RATE_LIMIT = "3/minute"
        person = _holder(make_person)
        number = Credential.objects.get(person=person, code="A5").number
        client = Client(REMOTE_ADDR="203.0.113.7")
        for _ in range(3):
            assert client.post("/verify", {"number": number, "last_name": "Nope"}).status_code == 404
        blocked = client.post("/verify", {"number": number, "last_name": "O'Brien Smith"})
        assert blocked.status_code == 429
        assert "Too many verification requests" in blocked.content.decode()
        assert int(blocked["Retry-After"]) > 0
        other = Client(REMOTE_ADDR="198.51.100.2")
        assert other.post("/verify", {"number": number, "last_name": "O'Brien Smith"}).status_code == 200
        # opening the empty form does not count
        assert client.get("/verify").status_code == 200


def _upload(client: Client, text: str, name: str = "numbers.csv") -> Any:
    return client.post("/verify/bulk/", {"file": SimpleUploadedFile(name, text.encode(), content_type="text/csv")})


class BulkTests:
    def test_employer_admin_uploads_csv_and_gets_results(self, make_person: Any, make_user: Any) -> None:
        person = _holder(make_person)
        evil = _holder(make_person, last_name="=HYPERLINK(1)", results=("A5 pass 2025-03-01",))
        a5 = Credential.objects.get(person=person, code="A5").number
        master = Credential.objects.get(person=person, kind="master").number
        evil_number = Credential.objects.get(person=evil).number
        upload = (
            "certificate_number,last_name\n"
            f"{a5},o'brien smith\n"
            f"{master},O'Brien Smith\n"
            f"{a5},Jones\n"
            "CW123456781,Jones\n"
            ",\n"
            f"{evil_number},=hyperlink(1)\n"
            "@SUM(A1),-2+3\n"
        )
        client = Client()
        client.force_login(make_user(Role.EMPLOYER_ADMIN))
        response = _upload(client, upload)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        assert "attachment" in response["Content-Disposition"]
        rows = list(csv.DictReader(io.StringIO(response.content.decode())))
        assert [r["result"] for r in rows] == ["found", "found", "not_found", "error", "error", "found", "error"]
        assert rows[0]["holder"] == "Pat O'Brien Smith"
        assert rows[0]["credential"] == "Brakes (A5)"
        assert rows[0]["status"] == "active"
        assert rows[0]["valid_until"] == "2029-06-01"
        assert rows[0]["master_designations"] == "Master Automobile Technician"
        assert rows[1]["kind"] == "master"
        assert rows[2]["holder"] == ""
        assert "check digit" in rows[3]["error"]
        assert "required" in rows[4]["error"]
        # formula injection: every cell that would start a formula is quoted
        assert rows[5]["holder"] == "Pat =HYPERLINK(1)"
        assert rows[5]["last_name"] == "'=hyperlink(1)"
        assert rows[6]["certificate_number"] == "'@SUM(A1)"
        assert rows[6]["last_name"] == "'-2+3"
        body = response.content.decode()
        assert "secret.holder@example.com" not in body
        assert person.candidate_id not in body

    def test_bad_files_get_a_clear_error_not_a_crash(self, make_user: Any) -> None:
        client = Client()
        client.force_login(make_user(Role.STAFF))
        response = _upload(client, "number,name\nCW1,X\n")
        assert response.status_code == 400
        assert "missing: certificate_number, last_name" in response.content.decode()
        response = client.post(
            "/verify/bulk/", {"file": SimpleUploadedFile("x.csv", b"\xff\xfe\x00", content_type="text/csv")}
        )
        assert response.status_code == 400
        assert "not UTF-8" in response.content.decode()
        assert "Choose a CSV file" in client.post("/verify/bulk/", {}).content.decode()
        too_many = "certificate_number,last_name\n" + "CW100000009,X\n" * 501
        assert "At most 500 rows" in _upload(client, too_many).content.decode()

    def test_only_employer_admins_and_staff(self, make_user: Any) -> None:
        client = Client()
        assert client.get("/verify/bulk/").status_code == 302
        client.force_login(make_user(Role.CANDIDATE))
        assert client.get("/verify/bulk/").status_code == 403
        assert _upload(client, "certificate_number,last_name\n").status_code == 403
        client.force_login(make_user(Role.EMPLOYER_ADMIN))
        assert "Bulk verification" in client.get("/verify/bulk/").content.decode()
