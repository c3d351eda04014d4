# SPDX-License-Identifier: MIT
"""Which state may follow which: the one transition table every write goes through."""

from __future__ import annotations

from django.utils.translation import gettext as _

from congso.core.exceptions import DomainError

from .states import DossierState as S

ALLOWED: dict[S, frozenset[S]] = {
    S.DRAFT: frozenset({S.AWAITING_RECEPTION, S.WITHDRAWN}),
    # Reception (Decree 118/2025; formerly Decree 61/2018 Art.17): accept, ask to complete, refuse.
    S.AWAITING_RECEPTION: frozenset({S.ACCEPTED, S.AWAITING_SUPPLEMENT, S.REFUSED, S.WITHDRAWN}),
    S.ACCEPTED: frozenset({S.PROCESSING, S.AWAITING_PAYMENT, S.PROCESSED, S.WITHDRAWN, S.STOPPED}),
    S.PROCESSING: frozenset(
        {S.AWAITING_SUPPLEMENT, S.AWAITING_PAYMENT, S.PROCESSED, S.STOPPED, S.WITHDRAWN}
    ),
    # The applicant answers (or gives up); a supplement at reception goes back to reception.
    S.AWAITING_SUPPLEMENT: frozenset({S.AWAITING_RECEPTION, S.PROCESSING, S.WITHDRAWN, S.STOPPED}),
    S.AWAITING_PAYMENT: frozenset({S.PROCESSING, S.PROCESSED, S.WITHDRAWN, S.STOPPED}),
    S.PROCESSED: frozenset({S.RETURNED}),
    S.REFUSED: frozenset(),
    S.STOPPED: frozenset(),
    S.WITHDRAWN: frozenset(),
    S.RETURNED: frozenset(),
}


class TransitionNotAllowedError(DomainError):
    code = "transition_not_allowed"
    http_status = 409


def allowed_next(current: str) -> frozenset[S]:
    return ALLOWED.get(S(current), frozenset())


def ensure_transition_allowed(current: str, target: str) -> None:
    if S(target) not in allowed_next(current):
        raise TransitionNotAllowedError(
            _("A dossier cannot go from “%(a)s” to “%(b)s”.")
            % {"a": S(current).label, "b": S(target).label}
        )
