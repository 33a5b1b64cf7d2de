"""Changing or removing any field of a signed credential makes verification fail (Hypothesis)."""

from __future__ import annotations

import copy
import string
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from certwright.badges.credentials import certification_credential, issue
from certwright.badges.integrity import Cryptosuite, sign
from certwright.badges.reasons import Reason
from certwright.badges.status_list import StatusPurpose, new_status_list, status_list_credential
from certwright.badges.verify import OfflineResources, verify_credential
from tests.badges.support import ISSUER_KEY, ISSUER_METHOD, NOW, REVOCATION_URL, SUSPENSION_URL, brakes_facts

SIGNED_AT = datetime(2025, 6, 2, 9, 31, tzinfo=UTC)
Path = tuple[str | int, ...]


def _leaves(node: Any, path: Path = ()) -> Iterator[Path]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(node, list):
        for position, value in enumerate(node):
            yield from _leaves(value, (*path, position))
    else:
        yield path


def _members(node: Any, path: Path = ()) -> Iterator[Path]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*path, key)
            yield from _members(value, (*path, key))
    elif isinstance(node, list):
        for position, value in enumerate(node):
            yield from _members(value, (*path, position))


def _parent(document: Any, path: Path) -> Any:
    node = document
    for step in path[:-1]:
        node = node[step]
    return node


def _changed(value: Any, suffix: str) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value + 1
    if value is None:
        return suffix
    return value + suffix


@pytest.fixture(scope="module", params=list(Cryptosuite), ids=str)
def signed(request: pytest.FixtureRequest, resources: OfflineResources) -> dict[str, Any]:
    unsigned = certification_credential(brakes_facts(suspension=True))
    return issue(
        unsigned,
        key=ISSUER_KEY,
        verification_method=ISSUER_METHOD,
        created=SIGNED_AT,
        loader=resources.loader,
        cryptosuite=request.param,
    )


@pytest.fixture(scope="module")
def status_lists(resources: OfflineResources) -> dict[str, Any]:
    lists = {}
    for url, purpose in ((REVOCATION_URL, StatusPurpose.REVOCATION), (SUSPENSION_URL, StatusPurpose.SUSPENSION)):
        unsigned = status_list_credential(
            url=url,
            issuer=ISSUER_KEY.public.did_key,
            purpose=purpose,
            status_list=new_status_list(),
            valid_from=SIGNED_AT,
        )
        lists[url] = sign(unsigned, ISSUER_KEY, ISSUER_METHOD, SIGNED_AT, loader=resources.loader)
    return lists


def test_the_untouched_credential_verifies(
    signed: dict[str, Any], status_lists: dict[str, Any], resources: OfflineResources
) -> None:
    result = verify_credential(signed, now=NOW, resources=resources, status_lists=status_lists)
    assert result.valid, result.messages
    assert len(list(_leaves(signed))) > 40


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(data=st.data(), suffix=st.text(alphabet=string.ascii_letters + string.digits, min_size=1, max_size=3))
def test_changing_any_field_fails_verification(
    data: st.DataObject,
    suffix: str,
    signed: dict[str, Any],
    status_lists: dict[str, Any],
    resources: OfflineResources,
) -> None:
    path = data.draw(st.sampled_from(sorted(_leaves(signed), key=repr)), label="path")
    tampered = copy.deepcopy(signed)
    parent = _parent(tampered, path)
    parent[path[-1]] = _changed(parent[path[-1]], suffix)

    result = verify_credential(tampered, now=NOW, resources=resources, status_lists=status_lists)

    assert not result.valid, path
    assert result.reasons


@SETTINGS
@given(data=st.data())
def test_removing_any_member_fails_verification(
    data: st.DataObject, signed: dict[str, Any], status_lists: dict[str, Any], resources: OfflineResources
) -> None:
    # An eddsa-jcs-2022 proof carries a copy of the document @context; the spec re-derives it
    # from the document when absent, so removing that copy (alone) is not a change of content.
    members = [path for path in _members(signed) if not (path[0] == "proof" and path[-1] == "@context")]
    path = data.draw(st.sampled_from(sorted(members, key=repr)), label="path")
    tampered = copy.deepcopy(signed)
    del _parent(tampered, path)[path[-1]]

    result = verify_credential(tampered, now=NOW, resources=resources, status_lists=status_lists)

    assert not result.valid, path


def test_changing_a_claim_is_a_signature_failure(signed: dict[str, Any], resources: OfflineResources) -> None:
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["achievement"]["name"] = "ASE-style A5 Brakes (Master)"

    assert verify_credential(tampered, now=NOW, resources=resources).reasons == (Reason.SIGNATURE_INVALID,)
