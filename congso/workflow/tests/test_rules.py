# SPDX-License-Identifier: MIT
from __future__ import annotations

import itertools

import pytest

from congso.workflow.rules import ALLOWED, TransitionNotAllowedError, ensure_transition_allowed
from congso.workflow.states import NATIONAL_STATUS, PROCESSING_ENDED, TERMINAL
from congso.workflow.states import DossierState as S

JOURNEYS = {
    "online, accepted, processed, returned": [
        S.DRAFT,
        S.AWAITING_RECEPTION,
        S.ACCEPTED,
        S.PROCESSING,
        S.PROCESSED,
        S.RETURNED,
    ],
    "supplement during processing, then fees": [
        S.AWAITING_RECEPTION,
        S.ACCEPTED,
        S.PROCESSING,
        S.AWAITING_SUPPLEMENT,
        S.PROCESSING,
        S.AWAITING_PAYMENT,
        S.PROCESSING,
        S.PROCESSED,
        S.RETURNED,
    ],
    "completed at reception": [
        S.AWAITING_RECEPTION,
        S.AWAITING_SUPPLEMENT,
        S.AWAITING_RECEPTION,
        S.ACCEPTED,
    ],
    "refused at reception": [S.AWAITING_RECEPTION, S.REFUSED],
    "withdrawn while waiting": [
        S.AWAITING_RECEPTION,
        S.ACCEPTED,
        S.PROCESSING,
        S.AWAITING_SUPPLEMENT,
        S.WITHDRAWN,
    ],
    "stopped": [S.AWAITING_RECEPTION, S.ACCEPTED, S.PROCESSING, S.STOPPED],
    "same-day result": [S.AWAITING_RECEPTION, S.ACCEPTED, S.PROCESSED, S.RETURNED],
}


@pytest.mark.parametrize("journey", list(JOURNEYS))
def test_real_journeys_are_allowed_step_by_step(journey):
    states = JOURNEYS[journey]
    for current, following in itertools.pairwise(states):
        ensure_transition_allowed(current, following)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (S.DRAFT, S.ACCEPTED),
        (S.AWAITING_RECEPTION, S.PROCESSED),
        (S.REFUSED, S.ACCEPTED),
        (S.RETURNED, S.PROCESSING),
        (S.PROCESSED, S.PROCESSING),
        (S.WITHDRAWN, S.AWAITING_RECEPTION),
    ],
)
def test_skipping_or_reviving_is_refused_with_409(current, target):
    with pytest.raises(TransitionNotAllowedError) as error:
        ensure_transition_allowed(current, target)
    assert error.value.http_status == 409
    assert str(S(current).label) in error.value.detail


def test_terminal_states_lead_nowhere_and_every_state_has_a_rule():
    assert set(ALLOWED) == set(S)
    assert all(ALLOWED[state] == frozenset() for state in TERMINAL)
    assert all(ALLOWED[state] for state in set(S) - TERMINAL)


def test_every_state_but_draft_has_a_national_code_and_codes_are_distinct():
    codes = [code for state, code in NATIONAL_STATUS.items() if state != S.DRAFT]
    assert sorted(codes) == list(range(1, 11))
    assert NATIONAL_STATUS[S.DRAFT] is None


def test_every_non_terminal_state_can_reach_an_end():
    reachable = {S.DRAFT}
    frontier = [S.DRAFT]
    while frontier:
        state = frontier.pop()
        for following in ALLOWED[state]:
            if following not in reachable:
                reachable.add(following)
                frontier.append(following)
    assert reachable == set(S)
    assert reachable >= PROCESSING_ENDED
