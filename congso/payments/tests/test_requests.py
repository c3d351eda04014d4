# SPDX-License-Identifier: MIT
"""Payment requests: lines from the pinned catalog version, reductions, waits, cash, access."""

from __future__ import annotations

import pytest

from congso.core.models import AuditEvent
from congso.dossiers import routing
from congso.payments import services
from congso.payments.exceptions import (
    PaymentConflictError,
    PaymentPermissionError,
    PaymentRuleError,
)
from congso.payments.fee_lines import FeeChoice
from congso.payments.models import PaymentRequest, PaymentStatus, RequestStatus
from congso.workflow.states import DossierState as S

from .conftest import register

pytestmark = pytest.mark.django_db


def ask(dossier, actor, due, choices, **kwargs):
    return services.payment_request_create(
        dossier=dossier, actor=actor, due=due, choices=choices, **kwargs
    )


def test_a_request_keeps_its_lines_and_makes_the_dossier_wait(accepted, fees_world):
    request = ask(
        accepted, fees_world["desk"], "before_processing", [FeeChoice(index=1, reduction=1)]
    )
    assert request.amount == 25000  # 50 % off for the elderly
    line = request.lines.get()
    assert (line.gross, line.reduction, line.amount) == (50000, 25000, 25000)
    assert line.reduction_basis == "Nghị quyết 12/2020/NQ-HĐND"
    assert line.collection_code == 2
    assert request.holds_dossier
    accepted.refresh_from_db()
    assert accepted.state == S.AWAITING_PAYMENT
    assert AuditEvent.objects.filter(action="payment.request").count() == 1


def test_an_exemption_asks_nothing_and_nothing_waits(accepted, fees_world):
    request = ask(
        accepted, fees_world["desk"], "before_processing", [FeeChoice(index=1, reduction=0)]
    )
    assert (request.amount, request.status, request.holds_dossier) == (
        0,
        RequestStatus.EXEMPT,
        False,
    )
    accepted.refresh_from_db()
    assert accepted.state == S.ACCEPTED


def test_per_copy_fees_multiply_and_an_amount_reduction_is_capped(accepted, fees_world):
    routing.dossier_forward(dossier=accepted, actor=fees_world["desk"])
    request = ask(accepted, fees_world["desk"], "before_result", [FeeChoice(index=2, quantity=7)])
    assert request.amount == 35000
    assert request.lines.get().collection_code == 4


@pytest.mark.parametrize(
    ("due", "choices"),
    [
        ("before_processing", [FeeChoice(index=2, quantity=1)]),  # fee of another moment
        ("before_processing", [FeeChoice(index=1, quantity=2)]),  # a fixed fee twice
        ("before_processing", [FeeChoice(index=1, reduction=9)]),  # no such reduction
        ("before_processing", [FeeChoice(index=1, quantity=0)]),  # nothing charged
        ("before_processing", [FeeChoice(index=1), FeeChoice(index=1)]),
        ("someday", [FeeChoice(index=1)]),
    ],
)
def test_bad_choices_are_refused_and_write_nothing(accepted, fees_world, due, choices):
    with pytest.raises(PaymentRuleError):
        ask(accepted, fees_world["desk"], due, choices)
    assert not PaymentRequest.objects.exists()
    accepted.refresh_from_db()
    assert accepted.state == S.ACCEPTED


def test_fees_before_processing_need_an_accepted_dossier(fees_world):
    dossier = register(fees_world)
    with pytest.raises(PaymentRuleError):
        ask(dossier, fees_world["desk"], "before_processing", [FeeChoice(index=1)])
    # Fees due at submission can be asked at reception; the dossier does not wait.
    request = ask(dossier, fees_world["desk"], "submission", [FeeChoice(index=0)])
    assert request.amount == 10000 and not request.holds_dossier
    with pytest.raises(PaymentConflictError):
        ask(dossier, fees_world["desk"], "submission", [FeeChoice(index=0)])


def test_an_officer_of_another_agency_cannot_ask(accepted, fees_world):
    with pytest.raises(PaymentPermissionError):
        ask(accepted, fees_world["stranger"], "before_processing", [FeeChoice(index=1)])
    with pytest.raises(PaymentPermissionError):
        ask(accepted, fees_world["alice"], "before_processing", [FeeChoice(index=1)])


def test_cash_at_the_desk_pays_once_and_releases_the_dossier(accepted, fees_world):
    desk = fees_world["desk"]
    request = ask(accepted, desk, "before_processing", [FeeChoice(index=1)])
    payment = services.payment_cash_record(paid_request=request, actor=desk)
    assert payment.status == PaymentStatus.SUCCEEDED
    assert payment.receipt_number.startswith("BL")
    request.refresh_from_db()
    assert request.status == RequestStatus.PAID
    accepted.refresh_from_db()
    assert accepted.state == S.PROCESSING
    with pytest.raises(PaymentConflictError):
        services.payment_cash_record(paid_request=request, actor=desk)
    with pytest.raises(PaymentPermissionError):
        other = ask(register(fees_world), desk, "submission", [FeeChoice(index=0)])
        services.payment_cash_record(paid_request=other, actor=fees_world["stranger"])


def test_withdrawing_cancels_unpaid_requests(accepted, fees_world):
    from congso.dossiers.services import dossier_withdraw

    request = ask(accepted, fees_world["desk"], "before_processing", [FeeChoice(index=1)])
    dossier_withdraw(dossier=accepted, actor=fees_world["alice"])
    request.refresh_from_db()
    assert request.status == RequestStatus.CANCELLED
