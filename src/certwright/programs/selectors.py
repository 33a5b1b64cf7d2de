"""The catalog in force: the newest loaded policy version (or the bundled catalog before any load)."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings

from certwright.core.catalog import Catalog, load_catalog, parse_catalog
from certwright.programs.models import ProgramPolicy


@lru_cache(maxsize=16)
def _parsed(version: int, sha256: str) -> Catalog:
    """Cached per (version, digest): a reloaded document with the same version is re-read."""
    del sha256
    policy = ProgramPolicy.objects.get(version=version)
    return parse_catalog(policy.document, source=f"policy v{version}")


@lru_cache(maxsize=1)
def _bundled() -> Catalog:
    return load_catalog(settings.CERTWRIGHT_CATALOG_PATH or None)


def catalog_current() -> Catalog:
    row = ProgramPolicy.objects.order_by("-version").values_list("version", "sha256").first()
    if row is None:
        return _bundled()
    return _parsed(*row)


def catalog_for_version(version: int) -> Catalog:
    row = ProgramPolicy.objects.filter(version=version).values_list("version", "sha256").first()
    if row is None:
        return catalog_current()
    return _parsed(*row)
