"""certwright badges verify / export / keygen against a real database and the W3C vectors."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from certwright.core.roles import Role
from certwright.credentials.services import credential_revoke
from tests.apps.credential_documents.conftest import ISSUER_KEY, NOW, VECTORS, _issuer, _now, credential_of, holder

__all__ = ["_issuer", "_now", "credential_of", "holder"]  # fixtures shared with the documents tests

pytestmark = pytest.mark.django_db
EDDSA = VECTORS / "w3c-vc-di-eddsa" / "TestVectors"
SIGNED_VECTORS = [
    "eddsa-rdfc-2022/signedDataInt.json",
    "eddsa-rdfc-2022/employ/signedDataInt.json",
    "eddsa-jcs-2022/signedJCS.json",
    "proof-set-chain/signedProofSet1.json",
    "proof-set-chain/signedProofSet2.json",
    "proof-set-chain/signedProofChain1.json",
    "proof-set-chain/signedProofChain2.json",
]


def badges(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("badges", *args, stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue() + str(error)
    return 0, out.getvalue()


class VerifyVectorsTests:
    @pytest.mark.parametrize("name", SIGNED_VECTORS)
    def test_the_signed_w3c_vectors_verify(self, name: str) -> None:
        code, out = badges("verify", str(EDDSA / name))
        assert code == 0, out
        assert "VALID" in out
        assert "checked as vc" in out

    def test_a_changed_vector_fails_with_the_reason(self, tmp_path: Path) -> None:
        document = json.loads((EDDSA / "eddsa-rdfc-2022" / "signedDataInt.json").read_text(encoding="utf-8"))
        document["credentialSubject"]["alumniOf"] = "Another School"
        changed = tmp_path / "changed.json"
        changed.write_text(json.dumps(document), encoding="utf-8")

        code, out = badges("verify", str(changed))

        assert code == 1
        assert "NOT VALID: signature_invalid" in out

    def test_the_legacy_suite_is_reported_as_unsupported(self) -> None:
        code, out = badges("verify", str(EDDSA / "Ed25519Signature2020" / "signedEdSig.json"))
        assert code == 1
        assert "unsupported_cryptosuite" in out

    def test_unreadable_input_exits_2(self, tmp_path: Path) -> None:
        (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
        assert badges("verify", str(tmp_path / "bad.json"))[0] == 2
        assert badges("verify", str(tmp_path / "missing.json"))[0] == 2


class ExportAndVerifyTests:
    @pytest.mark.parametrize("proof", ["eddsa-rdfc-2022", "eddsa-jcs-2022"])
    def test_an_exported_credential_verifies_until_it_is_revoked(
        self,
        tmp_path: Path,
        make_user: Callable[..., Any],
        holder: tuple[Any, Any],
        credential_of: Callable[[str], Any],
        proof: str,
    ) -> None:
        brakes = credential_of("A5")
        out_file = tmp_path / "brakes.json"

        code, out = badges("export", brakes.number, "--out", str(out_file), "--proof", proof)

        assert code == 0, out
        assert json.loads(out_file.read_text(encoding="utf-8"))["proof"][0]["cryptosuite"] == proof
        code, out = badges("verify", str(out_file))
        assert code == 0, out
        assert "checks: proof, schema, validity, status" in out

        credential_revoke(credential=brakes, by=make_user(Role.STAFF), reason="Fraud.", today=NOW.date())

        code, out = badges("verify", str(out_file))
        assert code == 1
        assert "NOT VALID: revoked" in out
        assert f"revoked (bit {brakes.status_list_index}" in out

    def test_export_refuses_unknown_numbers_and_proofs(
        self, holder: tuple[Any, Any], credential_of: Callable[[str], Any]
    ) -> None:
        assert badges("export", "CW000000000")[0] == 2
        assert badges("export", credential_of("A5").number, "--proof", "rsa")[0] == 2

    def test_a_foreign_status_list_is_skipped_with_a_note(self) -> None:
        fixture = VECTORS / "w3c-vc-bitstring-status-list" / "1edtech-ob3-credential-status-revoked.json"
        code, out = badges("verify", str(fixture))
        assert "note: status not checked: https://raw.githubusercontent.com/" in out
        # its key is named by an https URL: nothing offline vouches for it
        assert code == 1
        assert "NOT VALID: unknown_verification_method" in out

    def test_a_status_list_file_is_used_instead_of_ours(
        self,
        tmp_path: Path,
        make_user: Callable[..., Any],
        holder: tuple[Any, Any],
        credential_of: Callable[[str], Any],
    ) -> None:
        from django.test import Client

        brakes = credential_of("A5")
        badge, saved_list = tmp_path / "badge.json", tmp_path / "list.json"
        assert badges("export", brakes.number, "--out", str(badge))[0] == 0
        saved_list.write_bytes(Client().get("/credentials/status/revocation").content)
        credential_revoke(credential=brakes, by=make_user(Role.STAFF), reason="Fraud.", today=NOW.date())

        code, out = badges("verify", str(badge), "--status-list", str(saved_list))

        assert code == 0, out  # the list saved before the revocation says "not revoked"
        assert "as of now" not in out
        assert badges("verify", str(badge))[0] == 1


class KeygenTests:
    def test_keygen_writes_a_new_key_once(self, tmp_path: Path) -> None:
        target = tmp_path / "issuer.key"
        code, out = badges("keygen", "--out", str(target))
        assert code == 0
        assert "did:key:z6Mk" in out
        assert target.read_text(encoding="ascii").startswith("z3u2")
        assert target.stat().st_mode & 0o777 == 0o600
        assert badges("keygen", "--out", str(target))[0] == 2

    def test_production_refuses_to_generate_an_issuer_key(self, settings: Any, tmp_path: Path) -> None:
        from certwright.credentials.issuer import IssuerKeyError, current_issuer

        settings.PRODUCTION = True
        settings.CERTWRIGHT_ISSUER_KEY_FILE = str(tmp_path / "absent")
        with pytest.raises(IssuerKeyError, match="badges keygen"):
            current_issuer()
        settings.PRODUCTION = False
        assert current_issuer().key != ISSUER_KEY  # generated for the demo
        assert (tmp_path / "absent").exists()


class KeyRotationTests:
    def test_a_badge_signed_before_a_rotation_verifies_while_its_key_is_listed(
        self, settings: Any, tmp_path: Path, holder: tuple[Any, Any], credential_of: Callable[[str], Any]
    ) -> None:
        from django.test import Client

        badge = tmp_path / "badge.json"
        assert badges("export", credential_of("A5").number, "--out", str(badge))[0] == 0
        new_key = tmp_path / "new.key"
        assert badges("keygen", "--out", str(new_key))[0] == 0
        settings.CERTWRIGHT_ISSUER_KEY_FILE = str(new_key)
        settings.CERTWRIGHT_ISSUER_KEY_ID = "key-2"

        code, out = badges("verify", str(badge))
        assert code == 1
        assert "unknown_verification_method" in out

        settings.CERTWRIGHT_ISSUER_PREVIOUS_KEYS = f"key-1={ISSUER_KEY.public.multibase}"
        assert badges("verify", str(badge))[0] == 0
        document = json.loads(Client().get("/.well-known/did.json").content)
        assert [method["id"].rpartition("#")[2] for method in document["verificationMethod"]] == ["key-2", "key-1"]
