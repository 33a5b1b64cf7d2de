"""The item lifecycle and panel review, as rules that return decisions with reasons.

``draft -> in_review -> approved -> pretest -> operational -> retired``; an item in review can go
back to draft for revision; approved items may go straight to operational when staff decide the
pretest is not needed (e.g. a translation of an operational item); any live item can be retired
with a reason. Approval needs ``accepts_needed`` accept votes on the current version, no reject
vote that is still open, and an approver who is not the item's author.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from certwright.core.items import ItemStatus

S = ItemStatus

TRANSITIONS: dict[ItemStatus, frozenset[ItemStatus]] = {
    S.DRAFT: frozenset({S.IN_REVIEW, S.RETIRED}),
    S.IN_REVIEW: frozenset({S.DRAFT, S.APPROVED, S.RETIRED}),
    S.APPROVED: frozenset({S.PRETEST, S.OPERATIONAL, S.RETIRED}),
    S.PRETEST: frozenset({S.OPERATIONAL, S.DRAFT, S.RETIRED}),
    S.OPERATIONAL: frozenset({S.RETIRED}),
    S.RETIRED: frozenset(),
}


class Vote(StrEnum):
    ACCEPT = "accept"
    REVISE = "revise"
    REJECT = "reject"


class WorkflowReason(StrEnum):
    NOT_ALLOWED_FROM_STATUS = "not_allowed_from_status"
    NEEDS_MORE_ACCEPTS = "needs_more_accepts"
    OPEN_REJECT = "open_reject"
    OWN_ITEM = "own_item"
    REASON_REQUIRED = "reason_required"
    NOT_IN_REVIEW = "not_in_review"
    ALREADY_THERE = "already_there"


@dataclass(frozen=True, slots=True)
class ReviewVote:
    reviewer: str
    vote: Vote
    resolved: bool = False


@dataclass(frozen=True, slots=True)
class WorkflowDecision:
    allowed: bool
    reasons: tuple[WorkflowReason, ...] = ()
    detail: str = ""


def transition_decision(
    *,
    current: ItemStatus,
    target: ItemStatus,
    actor: str,
    author: str | None,
    votes: Sequence[ReviewVote] = (),
    reason: str = "",
    accepts_needed: int = 3,
) -> WorkflowDecision:
    """May ``actor`` move an item from ``current`` to ``target``?"""
    if current is target:
        return WorkflowDecision(False, (WorkflowReason.ALREADY_THERE,), f"the item is already {target.value}")
    if target not in TRANSITIONS[current]:
        allowed = ", ".join(sorted(t.value for t in TRANSITIONS[current])) or "nothing"
        return WorkflowDecision(
            False,
            (WorkflowReason.NOT_ALLOWED_FROM_STATUS,),
            f"a {current.value} item can move to {allowed}, not to {target.value}",
        )
    if target is S.RETIRED and not reason.strip():
        return WorkflowDecision(False, (WorkflowReason.REASON_REQUIRED,), "retiring an item needs a reason")
    if target is S.APPROVED:
        return approval_decision(actor=actor, author=author, votes=votes, accepts_needed=accepts_needed)
    return WorkflowDecision(True)


def approval_decision(
    *, actor: str, author: str | None, votes: Sequence[ReviewVote], accepts_needed: int
) -> WorkflowDecision:
    reasons: list[WorkflowReason] = []
    details: list[str] = []
    if author is not None and actor == author:
        reasons.append(WorkflowReason.OWN_ITEM)
        details.append("nobody approves their own item")
    accepts = sum(1 for v in votes if v.vote is Vote.ACCEPT and v.reviewer != author)
    if accepts < accepts_needed:
        reasons.append(WorkflowReason.NEEDS_MORE_ACCEPTS)
        details.append(f"{accepts} of {accepts_needed} accept votes")
    open_rejects = [v.reviewer for v in votes if v.vote is Vote.REJECT and not v.resolved]
    if open_rejects:
        reasons.append(WorkflowReason.OPEN_REJECT)
        details.append(f"open reject by {', '.join(open_rejects)}")
    return WorkflowDecision(not reasons, tuple(reasons), "; ".join(details))


def vote_decision(*, status: ItemStatus, reviewer: str, author: str | None) -> WorkflowDecision:
    """May ``reviewer`` vote on an item's current version?"""
    if status is not S.IN_REVIEW:
        return WorkflowDecision(False, (WorkflowReason.NOT_IN_REVIEW,), "only items in review take votes")
    if author is not None and reviewer == author:
        return WorkflowDecision(False, (WorkflowReason.OWN_ITEM,), "nobody reviews their own item")
    return WorkflowDecision(True)


def edit_makes_new_version(*, delivered: bool, status: ItemStatus) -> bool:
    """An edit makes a new version when the current one was ever delivered or has left draft."""
    return delivered or status not in (S.DRAFT,)


def status_after_edit(status: ItemStatus) -> ItemStatus:
    """A changed item goes back to draft (its new version must be reviewed again)."""
    return S.DRAFT if status is not S.RETIRED else S.RETIRED
