"""Certificate and wallet-card PDFs: the text a reader sees and the QR code a phone scans."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pypdf
import pytest
import zxingcpp
from django.test import Client

from certwright.core.roles import Role
from certwright.credentials.services import credential_revoke
from tests.apps.credential_documents.conftest import NOW

pytestmark = pytest.mark.django_db


def read_pdf(content: bytes) -> tuple[pypdf.PageObject, str, list[str]]:
    reader = pypdf.PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    codes = [barcode.text for image in page.images for barcode in zxingcpp.read_barcodes(image.image)]
    return page, page.extract_text(), codes


class CertificatePdfTests:
    def test_the_holder_certificate_lists_certifications_master_and_a_qr_to_the_verify_page(
        self, client: Client, holder: tuple[Any, Any], credential_of: Callable[[str], Any]
    ) -> None:
        client.force_login(holder[0])
        response = client.get("/me/credentials/certificate.pdf")

        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        _, text, codes = read_pdf(response.content)
        assert "Pat Holder" in text
        assert "Master Automobile Technician" in text
        assert f"Brakes (A5) - No. {credential_of('A5').number}" in text
        assert "expires 2030-06-01" in text
        assert codes == [f"http://127.0.0.1:8000/verify?number={credential_of('A').number}"]

    def test_a_revoked_certification_is_not_printed(
        self,
        client: Client,
        make_user: Callable[..., Any],
        holder: tuple[Any, Any],
        credential_of: Callable[[str], Any],
    ) -> None:
        brakes = credential_of("A5")
        credential_revoke(credential=brakes, by=make_user(Role.STAFF), reason="Fraud.", today=NOW.date())
        client.force_login(holder[0])

        _, text, _ = read_pdf(client.get("/me/credentials/certificate.pdf").content)

        assert brakes.number not in text
        assert "Master Automobile Technician" not in text  # A5 is required: the designation lapsed
        assert "Engine Repair (A1)" in text

    def test_a_person_without_credentials_gets_a_certificate_saying_so(
        self, client: Client, make_user: Callable[..., Any], make_person: Callable[..., Any]
    ) -> None:
        user = make_user(Role.CANDIDATE)
        make_person(user=user)
        client.force_login(user)

        _, text, codes = read_pdf(client.get("/me/credentials/certificate.pdf").content)

        assert "No current certifications." in text
        assert codes == []


class WalletCardPdfTests:
    def test_the_wallet_card_is_credit_card_sized_with_codes_expiry_and_qr(
        self, client: Client, holder: tuple[Any, Any], credential_of: Callable[[str], Any]
    ) -> None:
        client.force_login(holder[0])

        page, text, codes = read_pdf(client.get("/me/credentials/wallet.pdf").content)

        width_mm, height_mm = (float(page.mediabox.width) / 72 * 25.4, float(page.mediabox.height) / 72 * 25.4)
        assert (round(width_mm, 1), round(height_mm, 1)) == (85.6, 54.0)
        assert "Pat Holder" in text
        assert "A5 expires 2030-06-01" in text
        assert "Master Automobile Technician" in text
        assert codes == [f"http://127.0.0.1:8000/verify?number={credential_of('A').number}"]


class DocumentAccessTests:
    def test_staff_print_any_person_and_others_may_not(
        self, client: Client, make_user: Callable[..., Any], holder: tuple[Any, Any]
    ) -> None:
        person = holder[1]
        urls = [f"/people/{person.pk}/credentials/certificate.pdf", f"/people/{person.pk}/credentials/wallet.pdf"]
        for url in urls:
            assert client.get(url).status_code == 302
        client.force_login(holder[0])
        for url in urls:
            assert client.get(url).status_code == 403  # the holder uses /me/credentials/...
        client.force_login(make_user(Role.STAFF, username="staff"))
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200
            assert "Pat Holder" in read_pdf(response.content)[1]
        assert client.get("/people/999999/credentials/certificate.pdf").status_code == 404

    def test_own_documents_need_a_candidate_profile(self, client: Client, make_user: Callable[..., Any]) -> None:
        assert Client().get("/me/credentials/wallet.pdf").status_code == 302
        client.force_login(make_user(Role.STAFF, username="no-profile"))
        assert client.get("/me/credentials/certificate.pdf").status_code == 404
