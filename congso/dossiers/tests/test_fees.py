# SPDX-License-Identifier: MIT
# ruff: noqa: F811  (the fixtures imported from the payments tests are used as arguments)
"""The financial-obligation wait: the clock pauses while fees are owed and resumes on payment."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from congso.dossiers import routing
from congso.dossiers.exceptions import DossierPermissionError, DossierRuleError
from congso.dossiers.fees import dossier_payment_settled, dossier_request_payment
from congso.dossiers.models import ApplicantWait, DossierTask, TaskState
from congso.payments.tests.conftest import accepted, fees_world, register  # noqa: F401
from congso.workflow.rules import TransitionNotAllowedError
from congso.workflow.states import NATIONAL_STATUS
from congso.workflow.states import DossierState as S

HUE = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def at(*args):
    return dt.datetime(*args, tzinfo=HUE)


def test_waiting_for_fees_pauses_the_clock_and_payment_resumes_it(fees_world):
    with time_machine.travel(at(2025, 9, 1, 9, 0), tick=False):  # a Monday
        dossier = register(fees_world)
        from congso.dossiers.services import dossier_accept

        dossier = dossier_accept(dossier=dossier, actor=fees_world["desk"])
        due = dossier.due_at
    with time_machine.travel(at(2025, 9, 3, 9, 0), tick=False):
        dossier = dossier_request_payment(
            dossier=dossier, actor=fees_world["desk"], reason="Nộp lệ phí"
        )
        assert dossier.state == S.AWAITING_PAYMENT
        assert NATIONAL_STATUS[S(dossier.state)] == 6
        assert dossier.paused_at == at(2025, 9, 3, 9, 0)
        assert not dossier.is_overdue
    # Paid three working days later (Thursday 4 Sep... Monday 8 Sep, 9:00; 2 Sep is a holiday).
    with time_machine.travel(at(2025, 9, 8, 9, 0), tick=False):
        dossier = dossier_payment_settled(dossier=dossier, actor=None)
    assert dossier.state == S.PROCESSING
    assert dossier.paused_at is None
    assert dossier.due_at > due
    wait = ApplicantWait.objects.get(dossier=dossier)
    assert wait.kind == ApplicantWait.Kind.PAYMENT
    assert wait.answered_at == at(2025, 9, 8, 9, 0)
    # The time left when it paused is counted again from the payment.
    from congso.core.calendar import working_calendar

    cal = working_calendar()
    left = cal.working_hours_between(at(2025, 9, 3, 9, 0), due)
    assert cal.working_hours_between(at(2025, 9, 8, 9, 0), dossier.due_at) == left
    event = dossier.events.get(action="payment_received")
    assert (event.due_before, event.due_after) == (due, dossier.due_at)
    # Asked before processing: the first step opens when the fees are paid.
    task = DossierTask.objects.get(dossier=dossier, state=TaskState.OPEN)
    assert task.plan_index == 0


def test_payment_before_the_result_shifts_the_open_step(accepted, fees_world):
    desk = fees_world["desk"]
    routing.dossier_forward(dossier=accepted, actor=desk)
    task = routing.open_task(accepted)
    before = task.due_at
    start = dt.datetime.now(tz=HUE)
    with time_machine.travel(start, tick=False):
        dossier = dossier_request_payment(dossier=accepted, actor=desk, reason="Phí sao y")
    with time_machine.travel(start + dt.timedelta(days=7), tick=False):
        dossier = dossier_payment_settled(dossier=dossier, actor=desk)
    assert dossier.state == S.PROCESSING
    task.refresh_from_db()
    assert task.state == TaskState.OPEN
    assert task.due_at > before
    assert DossierTask.objects.filter(dossier=dossier).count() == 1


def test_only_officers_of_the_dossier_ask_for_fees(accepted, fees_world):
    with pytest.raises(DossierPermissionError):
        dossier_request_payment(dossier=accepted, actor=fees_world["stranger"], reason="x")
    with pytest.raises(DossierPermissionError):
        dossier_request_payment(dossier=accepted, actor=fees_world["alice"], reason="x")
    accepted.refresh_from_db()
    assert accepted.state == S.ACCEPTED
    assert not accepted.waits.exists()


def test_fees_cannot_be_asked_at_reception_or_without_a_reason(fees_world):
    dossier = register(fees_world)
    with pytest.raises(TransitionNotAllowedError):
        dossier_request_payment(dossier=dossier, actor=fees_world["desk"], reason="x")
    with pytest.raises(DossierRuleError):
        dossier_request_payment(dossier=dossier, actor=fees_world["desk"], reason="  ")


def test_settling_a_dossier_that_does_not_wait_for_fees_is_refused(accepted, fees_world):
    with pytest.raises(TransitionNotAllowedError):
        dossier_payment_settled(dossier=accepted, actor=None)
    from congso.dossiers.services import dossier_request_supplement

    routing.dossier_forward(dossier=accepted, actor=fees_world["desk"])
    dossier, _repeated = dossier_request_supplement(
        dossier=accepted, actor=fees_world["desk"], items=["Giấy tờ"], reason="Thiếu"
    )
    with pytest.raises(TransitionNotAllowedError):
        dossier_payment_settled(dossier=dossier, actor=None)
    dossier.refresh_from_db()
    assert dossier.state == S.AWAITING_SUPPLEMENT
