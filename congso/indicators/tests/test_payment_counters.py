# SPDX-License-Identifier: MIT
"""Fees and online payments in the counters (indicator 3.6): counted on the day of
acceptance, once per dossier, whether fees are asked and paid before or after it; the
rebuild gives the same rows."""

from __future__ import annotations

from decimal import Decimal

import pytest

from congso.dossiers import services as dossier_services
from congso.indicators.index766 import dossiers_behind, index_compute
from congso.indicators.models import DailyCounter, MonthlyCounter
from congso.indicators.periods import Period, today
from congso.indicators.rebuild import indicators_rebuild
from congso.payments import services
from congso.payments.fee_lines import FeeChoice
from congso.payments.models import Method
from congso.payments.settlement import Outcome, payment_apply
from congso.payments.tests.conftest import fees_world, register  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db
FLOWS = ("received", "received_with_fees", "received_paid_online")


def _counted() -> dict[str, int]:
    rows = DailyCounter.objects.values_list(*FLOWS)
    return {name: sum(row[i] for row in rows) for i, name in enumerate(FLOWS)}


def _pay(paid_request, method: str) -> None:
    payment = services._new_payment(paid_request, method)
    outcome = payment_apply(payment=payment, reported="success", amount=paid_request.amount)
    assert outcome == Outcome.PAID


def _ask(dossier, world, due: str, index: int = 1, reduction: int | None = None):
    return services.payment_request_create(
        dossier=dossier,
        actor=world["desk"],
        due=due,
        choices=[FeeChoice(index=index, reduction=reduction)],
    )


def _snapshot() -> list[tuple]:
    return sorted(
        (*row,)
        for model in (DailyCounter, MonthlyCounter)
        for row in model.objects.values_list("agency_id", "procedure_id", "channel", *FLOWS)
    )


def test_fees_and_online_payments_after_acceptance_count_once(fees_world):  # noqa: F811
    desk = fees_world["desk"]
    dossier = dossier_services.dossier_accept(dossier=register(fees_world), actor=desk)
    assert _counted() == {"received": 1, "received_with_fees": 0, "received_paid_online": 0}

    first = _ask(dossier, fees_world, "before_processing")
    assert _counted()["received_with_fees"] == 1
    _pay(first, Method.GATEWAY)
    assert _counted()["received_paid_online"] == 1

    # A second fee, paid online too: still one dossier with fees, one paid online.
    _pay(_ask(dossier, fees_world, "submission", index=0), Method.TRANSFER)
    assert _counted() == {"received": 1, "received_with_fees": 1, "received_paid_online": 1}
    live = _snapshot()
    indicators_rebuild()
    assert _snapshot() == live

    rate = next(i for i in index_compute(_year()).indicators if i.code == "3.6")
    assert rate.value == Decimal("100.00")


def test_cash_is_not_online_and_the_dossiers_behind_the_rate_are_listed(fees_world):  # noqa: F811
    desk = fees_world["desk"]
    cash = dossier_services.dossier_accept(dossier=register(fees_world), actor=desk)
    services.payment_cash_record(
        paid_request=_ask(cash, fees_world, "before_processing"), actor=desk
    )
    online = dossier_services.dossier_accept(dossier=register(fees_world), actor=desk)
    _pay(_ask(online, fees_world, "before_processing"), Method.TRANSFER)
    exempt = dossier_services.dossier_accept(dossier=register(fees_world), actor=desk)
    _ask(exempt, fees_world, "before_processing", reduction=0)  # poor households: exempt

    assert _counted() == {"received": 3, "received_with_fees": 2, "received_paid_online": 1}
    rate = next(i for i in index_compute(_year()).indicators if i.code == "3.6")
    assert rate.value == Decimal("50.00")
    assert [d.pk for d in dossiers_behind("3.6", _year())] == [cash.pk]

    live = _snapshot()
    indicators_rebuild()
    assert _snapshot() == live


def test_fees_paid_before_acceptance_count_at_acceptance(fees_world):  # noqa: F811
    dossier = register(fees_world)
    _pay(_ask(dossier, fees_world, "submission", index=0), Method.GATEWAY)
    assert _counted()["received_paid_online"] == 0  # not received yet
    dossier_services.dossier_accept(dossier=dossier, actor=fees_world["desk"])
    assert _counted() == {"received": 1, "received_with_fees": 1, "received_paid_online": 1}
    live = _snapshot()
    indicators_rebuild()
    assert _snapshot() == live


def _year() -> Period:
    year = today().year
    return Period(today().replace(month=1, day=1), today().replace(month=12, day=31), str(year))
