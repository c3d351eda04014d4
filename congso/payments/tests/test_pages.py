# SPDX-License-Identifier: MIT
"""The pages: who sees and pays what, the officer's actions, the receipt PDF, reconciliation."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from congso.dossiers.tests.helpers import login_officer
from congso.payments import services
from congso.payments.exceptions import PaymentPermissionError
from congso.payments.fee_lines import FeeChoice
from congso.payments.models import Payment, PaymentRequest, RequestStatus
from congso.workflow.states import DossierState as S

pytestmark = pytest.mark.django_db


@pytest.fixture
def owed(accepted, fees_world):
    return services.payment_request_create(
        dossier=accepted,
        actor=fees_world["desk"],
        due="before_processing",
        choices=[FeeChoice(index=1)],
    )


def pdf_text(response) -> str:
    reader = PdfReader(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_applicant_sees_the_vietqr_and_the_notice(client, owed, fees_world):
    client.force_login(fees_world["alice"])
    page = client.get(f"/ho-so-cua-toi/{owed.dossier.code}/le-phi/")
    assert page.status_code == 200
    html = page.content.decode()
    assert owed.reference in html and "<svg" in html and "113366668888" in html
    notice = client.get(f"/ho-so-cua-toi/{owed.dossier.code}/le-phi/{owed.reference}.pdf")
    assert notice.status_code == 200 and notice["Content-Type"] == "application/pdf"
    text = pdf_text(notice)
    assert "THÔNG BÁO NỘP PHÍ" in text.upper() and owed.dossier.code in text
    my_dossier = client.get(f"/ho-so-cua-toi/{owed.dossier.code}/")
    assert f"/ho-so-cua-toi/{owed.dossier.code}/le-phi/" in my_dossier.content.decode()


def test_another_citizen_can_neither_see_nor_pay(client, owed, fees_world, settings):
    settings.CONGSO_PAYMENTS_GATEWAY_URL = "http://127.0.0.1:9"
    settings.CONGSO_PAYMENTS_GATEWAY_SECRET = "s"
    settings.CONGSO_PAYMENTS_GATEWAY_MERCHANT = "m"
    client.force_login(fees_world["bob"])
    code = owed.dossier.code
    assert client.get(f"/ho-so-cua-toi/{code}/le-phi/").status_code == 404
    assert client.get(f"/ho-so-cua-toi/{code}/le-phi/{owed.reference}.pdf").status_code == 404
    assert (
        client.post(f"/ho-so-cua-toi/{code}/le-phi/", {"reference": owed.reference}).status_code
        == 404
    )
    with pytest.raises(PaymentPermissionError):
        services.payment_gateway_start(
            paid_request=owed, actor=fees_world["bob"], return_url="http://x/ORDER/"
        )
    assert not Payment.objects.exists()


def test_the_applicant_starts_an_online_payment(client, owed, fees_world, settings):
    settings.CONGSO_PAYMENTS_GATEWAY_URL = "http://127.0.0.1:9"
    settings.CONGSO_PAYMENTS_GATEWAY_SECRET = "s"
    settings.CONGSO_PAYMENTS_GATEWAY_MERCHANT = "m"
    client.force_login(fees_world["alice"])
    response = client.post(
        f"/ho-so-cua-toi/{owed.dossier.code}/le-phi/", {"reference": owed.reference}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("http://127.0.0.1:9/pay?")
    payment = Payment.objects.get()
    assert f"order_id={payment.order_id}" in response["Location"]


def test_the_officer_records_cash_and_downloads_the_receipt(client, owed, fees_world):
    login_officer(client, fees_world["desk"])
    code = owed.dossier.code
    page = client.get(f"/can-bo/ho-so/{code}/le-phi/")
    assert page.status_code == 200
    assert (
        client.post(
            f"/can-bo/ho-so/{code}/le-phi/", {"action": "cash", "reference": owed.reference}
        ).status_code
        == 302
    )
    owed.refresh_from_db()
    assert owed.status == RequestStatus.PAID
    receipt = client.get(f"/can-bo/ho-so/{code}/le-phi/{owed.reference}.pdf")
    text = pdf_text(receipt)
    assert "BIÊN LAI" in text.upper() and Payment.objects.get().receipt_number in text
    assert "Tiền mặt" in text
    dossier_page = client.get(f"/can-bo/ho-so/{code}/")
    assert owed.reference in dossier_page.content.decode()


def test_the_officer_asks_for_fees_through_the_form(client, accepted, fees_world):
    login_officer(client, fees_world["desk"])
    url = f"/can-bo/ho-so/{accepted.code}/le-phi/"
    bad = client.post(
        url,
        {
            "action": "request",
            "fees-due": "before_processing",
            "fees-qty_0": "1",
            "fees-qty_1": "5",
            "fees-qty_2": "1",
        },
    )
    assert bad.status_code == 400
    assert not PaymentRequest.objects.exists()
    ok = client.post(
        url,
        {
            "action": "request",
            "fees-due": "before_processing",
            "fees-qty_0": "1",
            "fees-qty_1": "1",
            "fees-red_1": "2",
            "fees-qty_2": "1",
        },
    )
    assert ok.status_code == 302
    request = PaymentRequest.objects.get()
    assert request.amount == 30000  # 50,000 less 20,000 for a war invalid
    accepted.refresh_from_db()
    assert accepted.state == S.AWAITING_PAYMENT
    assert client.post(url, {"action": "explode"}).status_code == 400


def test_an_officer_of_another_agency_gets_404(client, owed, fees_world):
    login_officer(client, fees_world["stranger"])
    code = owed.dossier.code
    assert client.get(f"/can-bo/ho-so/{code}/le-phi/").status_code == 404
    assert (
        client.post(
            f"/can-bo/ho-so/{code}/le-phi/", {"action": "cash", "reference": owed.reference}
        ).status_code
        == 404
    )
    assert client.get(f"/can-bo/ho-so/{code}/le-phi/{owed.reference}.pdf").status_code == 404
    owed.refresh_from_db()
    assert owed.status == RequestStatus.PENDING


def test_a_citizen_gets_403_on_officer_pages(client, owed, fees_world):
    client.force_login(fees_world["alice"])
    assert client.get(f"/can-bo/ho-so/{owed.dossier.code}/le-phi/").status_code == 403
    assert client.get("/can-bo/doi-soat/").status_code == 403


def test_statement_upload_and_daily_report(client, owed, fees_world):
    login_officer(client, fees_world["desk"])
    centre = fees_world["centre"]
    csv = f"Ngày;Ghi có;Nội dung\n05/01/2025;50.000;{owed.dossier.code}\n".encode("utf-16")
    upload = io.BytesIO(csv)
    upload.name = "saoke.csv"
    response = client.post("/can-bo/doi-soat/", {"agency": centre.pk, "file": upload})
    assert response.status_code == 302
    owed.refresh_from_db()
    assert owed.status == RequestStatus.PAID
    detail = client.get(response["Location"])
    assert detail.status_code == 200 and "utf-16" in detail.content.decode()
    junk = io.BytesIO(b"%PDF-1.4 junk")
    junk.name = "saoke.csv"
    refused = client.post("/can-bo/doi-soat/", {"agency": centre.pk, "file": junk})
    assert refused.status_code == 400
    report = client.get("/can-bo/doi-soat/bao-cao/")
    assert report.status_code == 200
    import re

    total = re.search(r"data-total>([^<]*)<", report.content.decode()).group(1)
    assert re.sub(r"\D", "", total) == "50000"
    xlsx = client.get(f"/can-bo/doi-soat/bao-cao.xlsx?agency={centre.pk}&day=2030-01-01")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    login_officer(client, fees_world["stranger"])
    assert client.get(response["Location"]).status_code == 404
    assert (
        client.get(f"/can-bo/doi-soat/bao-cao.xlsx?agency={centre.pk}&day=2030-01-01").status_code
        == 404
    )
