"""Loading the catalog as versioned policy."""

from __future__ import annotations

from pathlib import Path

import pytest

from certwright.common.models import AuditEntry
from certwright.core.catalog import CatalogError, default_catalog_path
from certwright.programs.models import ProgramPolicy
from certwright.programs.selectors import catalog_current
from certwright.programs.services import policy_load

pytestmark = pytest.mark.django_db


def test_policy_load_is_idempotent_and_audited() -> None:
    policy, created = policy_load()
    again, created_again = policy_load()
    assert created
    assert not created_again
    assert policy.pk == again.pk
    assert ProgramPolicy.objects.count() == 1
    assert AuditEntry.objects.filter(action="policy.load").count() == 1
    assert catalog_current().policy_version == policy.version


def test_changed_catalog_needs_a_new_version(tmp_path: Path) -> None:
    policy_load()
    changed = default_catalog_path().read_text(encoding="utf-8").replace("validity_months: 60", "validity_months: 48")
    path = tmp_path / "ase.yaml"
    path.write_text(changed, encoding="utf-8")
    with pytest.raises(CatalogError, match="already loaded with different content"):
        policy_load(path=path)
    path.write_text(changed.replace("policy_version: 1", "policy_version: 2"), encoding="utf-8")
    policy, created = policy_load(path=path)
    assert created
    assert policy.version == 2
    assert catalog_current().rules.validity_months == 48
