"""Loading a catalog document as a new policy version."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from django.db import transaction

from certwright.common import clock
from certwright.common.audit import audit_record
from certwright.core.catalog import CatalogError, default_catalog_path, parse_catalog
from certwright.programs.models import ProgramPolicy


@transaction.atomic
def policy_load(*, path: Path | str | None = None, by: Any = None) -> tuple[ProgramPolicy, bool]:
    """Validate and store the catalog at ``path``; returns (policy, created).

    Loading the same document again changes nothing. A changed document must carry a new
    ``policy_version``: versions are never overwritten.
    """
    source = Path(path) if path is not None else default_catalog_path()
    text = source.read_text(encoding="utf-8")
    catalog = parse_catalog(text, source=str(source))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    existing = ProgramPolicy.objects.filter(version=catalog.policy_version).first()
    if existing is not None:
        if existing.sha256 != digest:
            raise CatalogError(
                str(source),
                [
                    (
                        "catalog.policy_version",
                        f"version {catalog.policy_version} is already loaded with different "
                        "content; give the changed catalog a new policy_version",
                    )
                ],
            )
        return existing, False
    policy = ProgramPolicy.objects.create(
        version=catalog.policy_version,
        catalog_id=catalog.id,
        name=catalog.name,
        effective=catalog.effective,
        document=text,
        sha256=digest,
        loaded_at=clock.now(),
        source=str(source),
    )
    audit_record(actor=by, action="policy.load", obj=policy, after={"version": policy.version, "sha256": digest})
    return policy, True
