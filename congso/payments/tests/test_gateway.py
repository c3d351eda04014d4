# SPDX-License-Identifier: MIT
"""The gateway over real HTTP: congso in pytest-django's live server, the simulated gateway in a
thread, each calling the other as they would in production."""

from __future__ import annotations

import json
import time
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest

from congso.payments import gateway_protocol as protocol
from congso.payments import services
from congso.payments.fee_lines import FeeChoice
from congso.payments.models import CallbackLog, Payment, PaymentStatus, RequestStatus
from congso.payments.requery import payments_requery_pending
from congso.payments.simulator import FakeGateway
from congso.workflow.states import DossierState as S

from .conftest import register

SECRET = "test-secret-not-for-production"
MERCHANT = "CONGSO-TEST"
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def gateway(live_server, settings):
    fake = FakeGateway(merchant=MERCHANT, secret=SECRET).start()
    settings.CONGSO_PAYMENTS_GATEWAY_URL = fake.url
    settings.CONGSO_PAYMENTS_GATEWAY_SECRET = SECRET
    settings.CONGSO_PAYMENTS_GATEWAY_MERCHANT = MERCHANT
    settings.CONGSO_PAYMENTS_CALLBACK_BASE_URL = live_server.url
    yield fake
    fake.stop()


@pytest.fixture
def waiting(fees_world, gateway):
    from congso.dossiers.services import dossier_accept

    dossier = dossier_accept(dossier=register(fees_world), actor=fees_world["desk"])
    request = services.payment_request_create(
        dossier=dossier,
        actor=fees_world["desk"],
        due="before_processing",
        choices=[FeeChoice(index=1)],
    )
    return request


def mode(gateway, name):
    httpx.post(f"{gateway.url}/control", json={"mode": name}).raise_for_status()


def pay(waiting, live_server, action="pay"):
    """What the payer's browser does: open the gateway page, click, follow the way back."""
    url = services.payment_gateway_start(
        paid_request=waiting,
        actor=waiting.dossier.applicant_user,
        return_url=f"{live_server.url}/thanh-toan/ket-qua/ORDER/",
    )
    page = httpx.get(url)
    assert page.status_code == 200
    order_id = dict(parse_qsl(urlsplit(url).query))["order_id"]
    assert order_id in page.text
    gw = url.split("/pay?")[0]
    answer = httpx.post(f"{gw}/pay/confirm", data={"order_id": order_id, "action": action})
    return Payment.objects.get(order_id=order_id), answer


def callback(live_server, message, raw=None):
    body = raw if raw is not None else json.dumps(message).encode()
    return httpx.post(
        f"{live_server.url}/payments/gateway/callback",
        content=body,
        headers={"Content-Type": "application/json"},
    )


def report(order_id, amount, status="success", **extra):
    return protocol.signed(
        {
            "merchant": MERCHANT,
            "order_id": order_id,
            "txn_id": "T1",
            "status": status,
            "amount": str(amount),
            "currency": "704",
            **extra,
        },
        SECRET,
    )


def test_happy_path_pays_the_request_and_resumes_the_dossier(waiting, live_server, gateway):
    payment, answer = pay(waiting, live_server)
    assert answer.status_code == 303
    back = answer.headers["location"]
    assert back.startswith(f"{live_server.url}/thanh-toan/ket-qua/{payment.order_id}/")
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert payment.provider_ref.startswith("SIM")
    waiting.refresh_from_db()
    assert waiting.status == RequestStatus.PAID
    waiting.dossier.refresh_from_db()
    assert waiting.dossier.state == S.PROCESSING
    assert [s["status"] for s in gateway.state.sent] == [200]
    assert CallbackLog.objects.get().outcome == "paid"


def test_declined_leaves_the_request_open(waiting, live_server, gateway):
    mode(gateway, "decline")
    payment, _answer = pay(waiting, live_server)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.FAILED
    waiting.refresh_from_db()
    assert waiting.status == RequestStatus.PENDING
    assert waiting.dossier.state == S.AWAITING_PAYMENT


def test_cancelled_by_the_payer(waiting, live_server, gateway):
    payment, _answer = pay(waiting, live_server, action="cancel")
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CANCELLED


def test_timeout_is_settled_by_the_requery(waiting, live_server, gateway, settings):
    mode(gateway, "timeout")
    payment, answer = pay(waiting, live_server)
    assert answer.status_code == 200 and "processing" in answer.text
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
    assert gateway.state.sent == []
    settings.CONGSO_PAYMENTS_REQUERY_AFTER_SECONDS = 0
    counts = payments_requery_pending()
    assert counts == {"paid": 1}
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert CallbackLog.objects.get(kind="query").outcome == "paid"
    assert payments_requery_pending() == {}


def test_a_double_callback_records_one_payment(waiting, live_server, gateway):
    mode(gateway, "double")
    payment, _answer = pay(waiting, live_server)
    assert [s["status"] for s in gateway.state.sent] == [200, 200]
    assert list(Payment.objects.filter(status=PaymentStatus.SUCCEEDED)) == [payment]
    assert list(CallbackLog.objects.order_by("pk").values_list("outcome", flat=True)) == [
        "paid",
        "duplicate",
    ]


def test_a_wrong_amount_is_flagged_never_paid(waiting, live_server, gateway):
    mode(gateway, "wrong_amount")
    payment, _answer = pay(waiting, live_server)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.FLAGGED
    assert payment.received_amount == waiting.amount + 1000
    waiting.refresh_from_db()
    assert waiting.status == RequestStatus.PENDING
    assert waiting.dossier.state == S.AWAITING_PAYMENT


def test_a_bad_signature_is_refused_and_logged(waiting, live_server, gateway):
    mode(gateway, "bad_signature")
    payment, _answer = pay(waiting, live_server)
    assert [s["status"] for s in gateway.state.sent] == [400]
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
    log = CallbackLog.objects.get()
    assert (log.outcome, log.http_status, log.payment_id) == ("bad_signature", 400, payment.pk)


def test_unknown_order_replay_and_malformed_get_400(waiting, live_server, gateway):
    assert callback(live_server, report("GDNOSUCHORDER00", 50000)).status_code == 400
    payment, _answer = pay(waiting, live_server, action="cancel")
    stale = report(payment.order_id, 50000, ts=str(int(time.time()) - 3600))
    stale["signature"] = protocol.sign(stale, SECRET)
    assert callback(live_server, stale).json()["result"] == "replayed"
    first = gateway.state.sent[0]["message"]
    reused = report(payment.order_id, 50000, nonce=first["nonce"])
    reused["signature"] = protocol.sign(reused, SECRET)
    assert callback(live_server, reused).json()["result"] == "replayed"
    for raw in (b"not json", b"[1,2]", b'{"amount": 5}', json.dumps({"a" * 40: "x"}).encode()):
        assert callback(live_server, None, raw=raw).status_code == 400
    tampered = dict(first, amount="1")
    assert callback(live_server, tampered).json()["result"] == "bad_signature"
    extra = dict(first, note="added in transit")
    assert callback(live_server, extra).json()["result"] == "bad_signature"
    outcomes = list(CallbackLog.objects.order_by("pk").values_list("outcome", flat=True))
    assert outcomes == [
        "unknown_request",
        "cancelled",
        "replayed",
        "replayed",
        "malformed",
        "malformed",
        "malformed",
        "malformed",
        "bad_signature",
        "bad_signature",
    ]
    assert Payment.objects.filter(status=PaymentStatus.SUCCEEDED).count() == 0


def test_success_after_the_desk_took_cash_is_flagged_for_a_refund(waiting, live_server, gateway):
    mode(gateway, "timeout")
    payment, _answer = pay(waiting, live_server)
    services.payment_cash_record(paid_request=waiting, actor=waiting.requested_by)
    assert callback(live_server, report(payment.order_id, waiting.amount)).status_code == 200
    payment.refresh_from_db()
    assert (payment.status, payment.flag_reason) == (PaymentStatus.FLAGGED, "request_paid")
    assert Payment.objects.filter(status=PaymentStatus.SUCCEEDED).count() == 1


def test_the_payer_back_from_a_timeout_sees_it_confirmed(waiting, live_server, gateway, client):
    mode(gateway, "timeout")
    _payment, answer = pay(waiting, live_server)
    back = answer.text.split('href="')[1].split('"')[0].replace("&amp;", "&")
    client.force_login(waiting.dossier.applicant_user)
    response = client.get(back.replace(live_server.url, ""))
    assert response.status_code == 302
    assert Payment.objects.get().status == PaymentStatus.SUCCEEDED


def test_a_success_after_we_gave_up_waiting_is_recorded_not_refused(waiting, live_server, gateway):
    mode(gateway, "timeout")
    payment, _answer = pay(waiting, live_server)
    Payment.objects.filter(pk=payment.pk).update(status=PaymentStatus.EXPIRED)
    answer = callback(live_server, report(payment.order_id, payment.amount))
    assert answer.status_code == 200
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    waiting.refresh_from_db()
    assert waiting.status == RequestStatus.PAID
