# SPDX-License-Identifier: MIT
"""`DuocThanhToanTrucTuyen`: whether the dossier's fees were paid online (DOMAIN §3, §6.3)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congso.accounts.models import OfficerRole
from congso.catalog import services as catalog_services
from congso.dossiers import services as dossier_services
from congso.nationalsync.models import OutboxEvent
from congso.nationalsync.protocol import PAID_ONLINE_CODE, batch_items, item_values
from congso.nationalsync.sender import outbox_drain_once
from congso.payments import services as payment_services
from congso.payments.fee_lines import FeeChoice
from congso.payments.models import Method, Payment, PaymentStatus
from congso.payments.settlement import payment_apply
from congso.payments.tests.conftest import fee_record, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def fees(world):
    catalog_services.procedures_upsert(records=[fee_record()])
    OfficerRole.objects.create(
        user=world["desk"],
        agency=world["centre"],
        role="specialist",
        valid_from=dt.date(2020, 1, 1),
    )
    return world


def _waiting_for_fees(world):
    """An accepted dossier that waits for its fee (national status 6)."""
    dossier = dossier_services.dossier_accept(dossier=register(world), actor=world["desk"])
    request = payment_services.payment_request_create(
        dossier=dossier,
        actor=world["desk"],
        due="before_processing",
        choices=[FeeChoice(index=1)],
    )
    return dossier, request


def _paid(request, method: str) -> None:
    """The money arrives by `method`, as its channel reports it (gateway callback, statement)."""
    payment = Payment.objects.create(
        request=request, method=method, order_id=f"GD{request.pk:012d}", amount=request.amount
    )
    assert payment_apply(payment=payment, reported="success", amount=request.amount) == "paid"


def _latest_record(portal, code: str) -> dict:
    return portal.state.records[code]


@pytest.mark.parametrize("method", [Method.GATEWAY, Method.TRANSFER])
def test_a_fee_paid_online_is_reported_as_paid_online(fees, dvcqg, portal, national_client, method):
    dossier, request = _waiting_for_fees(fees)
    outbox_drain_once(national_client)
    assert _latest_record(portal, dossier.code)["DuocThanhToanTrucTuyen"] == 0
    assert _latest_record(portal, dossier.code)["TrangThaiHoSo"] == 6

    _paid(request, method)  # the dossier resumes: a state change, so its record goes again
    outbox_drain_once(national_client)
    record = _latest_record(portal, dossier.code)
    assert record["TrangThaiHoSo"] == 4
    assert record["DuocThanhToanTrucTuyen"] == PAID_ONLINE_CODE == 2


def test_cash_at_the_desk_is_not_paid_online(fees, dvcqg, portal, national_client):
    dossier, request = _waiting_for_fees(fees)
    payment_services.payment_cash_record(paid_request=request, actor=fees["desk"])
    outbox_drain_once(national_client)
    record = _latest_record(portal, dossier.code)
    assert record["TrangThaiHoSo"] == 4
    assert record["DuocThanhToanTrucTuyen"] == 0


def test_a_payment_not_received_is_not_paid_online(fees, dvcqg, portal, national_client):
    dossier, request = _waiting_for_fees(fees)
    # Started at the gateway, declined; another one flagged (wrong amount): no fee is paid.
    declined = Payment.objects.create(
        request=request, method=Method.GATEWAY, order_id="GD000000000001", amount=request.amount
    )
    payment_apply(payment=declined, reported="declined")
    flagged = Payment.objects.create(
        request=request, method=Method.GATEWAY, order_id="GD000000000002", amount=request.amount
    )
    payment_apply(payment=flagged, reported="success", amount=request.amount - 1)
    assert Payment.objects.get(pk=flagged.pk).status == PaymentStatus.FLAGGED
    outbox_drain_once(national_client)
    assert _latest_record(portal, dossier.code)["DuocThanhToanTrucTuyen"] == 0


def test_a_dossier_without_fees_is_not_paid_online(client, world, dvcqg, portal, national_client):
    from congso.dossiers.tests.helpers import submit

    code = submit(client, world["alice"]).json()["code"]
    outbox_drain_once(national_client)
    assert _latest_record(portal, code)["DuocThanhToanTrucTuyen"] == 0


def test_the_flag_costs_one_query_per_batch_whatever_its_size(fees, dvcqg):
    def rows():
        """Every row, as the drain reads them, each sending its dossier's record."""
        return [
            {**row, "with_record": True} for row in item_values(OutboxEvent.objects.order_by("id"))
        ]

    _dossier, request = _waiting_for_fees(fees)
    _paid(request, Method.GATEWAY)
    few = rows()
    with CaptureQueriesContext(connection) as small:
        batch_items(few)
    for _ in range(4):
        _other, other_request = _waiting_for_fees(fees)
        _paid(other_request, Method.TRANSFER)
    many = rows()
    assert len(many) > 3 * len(few)
    with CaptureQueriesContext(connection) as large:
        new, updated, _progress = batch_items(many)
    assert len(large.captured_queries) == len(small.captured_queries)
    payment_queries = [q for q in large.captured_queries if "payments_payment" in q["sql"]]
    assert len(payment_queries) == 1
    flags = {r["MaHoSo"]: r["DuocThanhToanTrucTuyen"] for r in [*new, *updated]}
    assert len(flags) == 5
    assert set(flags.values()) == {PAID_ONLINE_CODE}  # each dossier as it stands: all paid
