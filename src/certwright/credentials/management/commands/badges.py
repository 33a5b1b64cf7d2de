"""certwright badges verify FILE | export CERTIFICATE_NUMBER [--out FILE] [--proof ...] | keygen --out FILE

Exit codes of ``verify``: 0 valid, 1 not valid (every reason printed), 2 the file or the
arguments could not be used. See docs/badges.md.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from certwright.badges.verify import Profile
from certwright.common import clock
from certwright.credentials.badges_service import BadgeUnavailableError, badge_filename, parse_proof, signed_badge
from certwright.credentials.badges_verify import UnreadableCredentialError, read_json_object, verify_file
from certwright.credentials.issuer import IssuerKeyError, write_new_key
from certwright.credentials.models import Credential


class Command(BaseCommand):
    help = "Verify, export and sign Open Badges 3.0 credentials (see docs/badges.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="verify a credential file offline: proof, schema, dates, status")
        verify.add_argument("file")
        verify.add_argument(
            "--profile",
            choices=["auto", *(p.value for p in Profile)],
            default="auto",
            help="open-badge (all checks) or vc (plain VC: no OB schema); auto = from the credential's type",
        )
        verify.add_argument("--did-document", action="append", default=[], help="a DID document file to trust")
        verify.add_argument(
            "--status-list", action="append", default=[], help="a status list credential file (matched by its id)"
        )
        verify.add_argument("--no-status", action="store_true", help="do not check revocation/suspension")
        export = sub.add_parser("export", help="write a person's signed credential to a file")
        export.add_argument("number", metavar="CERTIFICATE_NUMBER")
        export.add_argument("--out", help="file to write (default: <NUMBER>-<proof>.json here)")
        export.add_argument("--proof", default="eddsa-rdfc-2022", help="eddsa-rdfc-2022 (default) or eddsa-jcs-2022")
        keygen = sub.add_parser("keygen", help="create a new issuer key file (never overwrites)")
        keygen.add_argument("--out", required=True, help="where to write the privateKeyMultibase (mode 0600)")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "verify":
            self._verify(options)
        elif action == "export":
            self._export(options)
        else:
            self._keygen(Path(options["out"]))

    def _verify(self, options: dict[str, Any]) -> None:
        profile = None if options["profile"] == "auto" else Profile(options["profile"])
        try:
            documents = [read_json_object(Path(name), "a DID document") for name in options["did_document"]]
            lists = [read_json_object(Path(name), "a status list credential") for name in options["status_list"]]
            report = verify_file(
                Path(options["file"]),
                now=clock.now(),
                profile=profile,
                did_documents=documents,
                check_status=not options["no_status"],
                status_lists=lists,
            )
        except UnreadableCredentialError as error:
            raise CommandError(str(error), returncode=2) from error
        result = report.verification
        self.stdout.write(f"{options['file']}: checked as {report.profile.value}; checks: {', '.join(result.checks)}")
        for note in report.notes:
            self.stdout.write(f"note: {note}")
        if result.valid:
            self.stdout.write("VALID")
            return
        for message in result.messages:
            self.stdout.write(f"- {message}")
        raise CommandError(f"NOT VALID: {', '.join(reason.value for reason in result.reasons)}", returncode=1)

    def _export(self, options: dict[str, Any]) -> None:
        try:
            proof = parse_proof(options["proof"])
        except ValueError as error:
            raise CommandError(str(error), returncode=2) from error
        credential = Credential.objects.select_related("person").filter(number=options["number"]).first()
        if credential is None:
            raise CommandError(f"no credential with certificate number {options['number']!r}", returncode=2)
        try:
            badge = signed_badge(credential, proof=proof, now=clock.now(), today=clock.today())
        except BadgeUnavailableError as error:
            raise CommandError(str(error), returncode=1) from error
        out = Path(options["out"] or badge_filename(credential, proof))
        try:
            out.write_text(json.dumps(badge, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        except OSError as error:
            raise CommandError(f"cannot write {out}: {error.strerror or error}", returncode=2) from error
        self.stdout.write(f"wrote {out}: {credential.number} {credential.name}, {proof.value}")

    def _keygen(self, out: Path) -> None:
        try:
            key = write_new_key(out)
        except (IssuerKeyError, OSError) as error:
            raise CommandError(str(error), returncode=2) from error
        self.stdout.write(f"wrote {out} (keep it secret); public key {key.public.multibase}")
        self.stdout.write(f"did:key {key.public.did_key}")
