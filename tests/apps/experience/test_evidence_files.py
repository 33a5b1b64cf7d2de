"""Evidence files are closed on every path, even when a download is not read to the end."""

from __future__ import annotations

import gc
import warnings
from typing import Any

import pytest
from django.test import Client

from certwright.candidates.models import ExperienceRecord
from tests.apps.experience.conftest import PDF
from tests.apps.experience.test_experience_flow import _submit

pytestmark = pytest.mark.django_db


class EvidenceFileTests:
    def test_download_not_read_to_the_end_leaves_no_file_open(self, world: dict[str, Any]) -> None:
        _submit(world, ("payslip.pdf", PDF))
        evidence = ExperienceRecord.objects.get(status="pending").evidence.get()
        client = Client()
        client.force_login(world["tech_user"])
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            response = client.get(f"/experience/evidence/{evidence.pk}/")
            assert response.status_code == 200
            assert response["Content-Length"] == str(len(PDF))
            del response  # a client that goes away before the body is read (the access matrix does this)
            gc.collect()
        assert [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)] == []

    def test_download_read_to_the_end_gives_the_stored_bytes(self, world: dict[str, Any]) -> None:
        _submit(world, ("scan.pdf", PDF))
        evidence = ExperienceRecord.objects.get(status="pending").evidence.get()
        client = Client()
        client.force_login(world["tech_user"])
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            response = client.get(f"/experience/evidence/{evidence.pk}/")
            assert b"".join(response.streaming_content) == PDF
            assert 'filename="scan.pdf"' in response["Content-Disposition"]
            del response
            gc.collect()
        assert [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)] == []
