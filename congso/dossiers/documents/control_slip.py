# SPDX-License-Identifier: MIT
"""The rows of the control slip (Phiếu kiểm soát quá trình giải quyết hồ sơ), read from the
dossier's append-only history (DOMAIN §1.2 step 5, §1.6).

Each event that moves the dossier to another holder, another officer or another state is a
hand-over: who gave it, who received it, when, and whether the step ended before, on or
after the due date in force then. The clock is not judged before acceptance nor while the
dossier waits for the applicant (that time is not the agency's).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from congso.core.models import Agency
from congso.workflow.states import CLOCK_PAUSED
from congso.workflow.states import DossierState as S

from ..models import Dossier, DossierEvent
from .base import STATE_WORDING, local_day, person_name, vietnamese_moment

EARLY = "trước hạn"
ON_TIME = "đúng hạn"
LATE = "quá hạn"
APPLICANT_WORDING = "Tổ chức, cá nhân"

# What each action of the history is called on the slip; others use the state they lead to.
ACTION_WORDING = {
    "register": "Nộp hồ sơ",
    "accept": "Tiếp nhận hồ sơ",
    "refuse": "Từ chối tiếp nhận hồ sơ",
    "forward": "Chuyển hồ sơ đến cơ quan giải quyết",
    "handover": "Chuyển bước xử lý",
    "send_back": "Trả lại bước trước",
    "request_supplement": "Yêu cầu bổ sung, hoàn thiện hồ sơ",
    "supplement_received": "Nhận hồ sơ đã bổ sung, hoàn thiện",
    "processed": "Có kết quả giải quyết",
    "returned": "Trả kết quả cho tổ chức, cá nhân",
    "withdraw": "Tổ chức, cá nhân rút hồ sơ",
    "stop": "Dừng giải quyết hồ sơ",
}
# Actions whose actor hands the dossier on (the others are done by whoever receives it).
_ACTOR_GIVES = frozenset(
    {"handover", "send_back", "request_supplement", "processed", "returned", "refuse", "stop"}
)
# States in which the dossier (or its result) is back with the applicant.
_WITH_APPLICANT = frozenset(
    {S.AWAITING_SUPPLEMENT, S.AWAITING_PAYMENT, S.RETURNED, S.REFUSED, S.STOPPED, S.WITHDRAWN}
)
_NOT_YET_RUNNING = frozenset({"", S.DRAFT, S.AWAITING_RECEPTION})


@dataclass(frozen=True)
class ControlSlipRow:
    """One hand-over on the control slip."""

    from_step: str
    to_step: str
    handed_over_at: dt.datetime
    given_by: str
    received_by: str
    result: str = ""  # EARLY, ON_TIME, LATE, or "" where the clock is not judged
    note: str = ""

    @property
    def handed_over_text(self) -> str:
        return vietnamese_moment(self.handed_over_at)


def timeliness(at: dt.datetime, due: dt.datetime | None) -> str:
    """Before the due day, on it (not after the due time), or late; "" without a due date."""
    if due is None:
        return ""
    if at > due:
        return LATE
    return EARLY if local_day(at) < local_day(due) else ON_TIME


class _Walk:
    """Follows the history event by event: who holds the dossier, who last acted, the due date."""

    def __init__(self, dossier: Dossier) -> None:
        self.dossier = dossier
        self.holder: Agency | None = None  # None: the applicant
        self.resume_to: Agency | None = None
        self.last_actor_id: int | None = None
        self.last_officer = ""
        self.due = dossier.original_due_at or dossier.due_at

    def _name(self, holder: Agency | None) -> str:
        return APPLICANT_WORDING if holder is None else holder.name

    def _destination(self, event: DossierEvent) -> Agency | None:
        moved = event.from_state != event.to_state
        if moved and event.to_state in _WITH_APPLICANT:
            return None
        if moved and event.to_state == S.PROCESSED:
            return self.dossier.receiving_agency  # the result goes back to the one-stop desk
        if event.agency is not None:
            return event.agency
        if self.holder is None:
            return self.resume_to or self.dossier.receiving_agency
        return self.holder

    def _result(self, event: DossierEvent) -> str:
        judged = (
            self.dossier.accepted_at is not None
            and event.from_state not in _NOT_YET_RUNNING
            and event.from_state not in CLOCK_PAUSED
        )
        return timeliness(event.occurred_at, self.due) if judged else ""

    def _note(self, event: DossierEvent) -> str:
        note = ACTION_WORDING.get(event.action) or STATE_WORDING.get(event.to_state, "")
        if event.action == "accept" and self.due is not None:
            note += f"; hẹn trả kết quả: {vietnamese_moment(self.due)}"
        if event.due_after is not None and event.due_after != event.due_before:
            note += f"; hẹn trả kết quả mới: {vietnamese_moment(event.due_after)}"
        return note

    def step(self, event: DossierEvent) -> ControlSlipRow | None:
        dossier = self.dossier
        to = self._destination(event)
        transfer = (to.pk if to else None) != (self.holder.pk if self.holder else None)
        by_applicant = event.actor_id is not None and event.actor_id == dossier.applicant_user_id
        actor_name = dossier.applicant_name if by_applicant else person_name(event.actor)
        row = None
        if transfer or event.actor_id != self.last_actor_id or event.from_state != event.to_state:
            if event.action in _ACTOR_GIVES or (transfer and event.actor_id == self.last_actor_id):
                given_by = actor_name
                received_by = dossier.applicant_name if to is None else ""
            else:
                given_by = dossier.applicant_name if self.holder is None else self.last_officer
                received_by = "" if by_applicant else actor_name
            row = ControlSlipRow(
                from_step=self._name(self.holder),
                to_step=self._name(to),
                handed_over_at=timezone.localtime(event.occurred_at),
                given_by=given_by,
                received_by=received_by,
                result=self._result(event),
                note=self._note(event),
            )
        if to is None and self.holder is not None:
            self.resume_to = self.holder
        self.holder = to
        self.last_actor_id = event.actor_id
        if event.actor_id is not None and not by_applicant:
            self.last_officer = actor_name
        if event.due_after is not None:
            self.due = event.due_after
        return row


def control_slip_rows(
    dossier: Dossier, events: Iterable[DossierEvent] | None = None
) -> list[ControlSlipRow]:
    """The hand-overs of `dossier`, oldest first, from its history (or the `events` given)."""
    if events is None:
        events = dossier.events.select_related("actor", "agency").order_by("occurred_at", "pk")
    walk = _Walk(dossier)
    return [row for event in events if (row := walk.step(event)) is not None]
