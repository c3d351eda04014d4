# SPDX-License-Identifier: MIT
"""A citizen pays a fee through the simulated gateway in a real browser and downloads the receipt.

congso runs in the live server, the simulated gateway in a thread: the browser goes from the
fee page to the gateway's page, clicks "Thanh toán", comes back, and the gateway's callback
(server to server, over HTTP) has already settled the request.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

from playwright.sync_api import expect
from pypdf import PdfReader

pytestmark = pytest.mark.e2e
SECRET = "e2e-secret-not-for-production"


@pytest.fixture
def fake_gateway(portal: str, settings: Any):
    from congso.payments.simulator import FakeGateway

    gateway = FakeGateway(merchant="CONGSO-E2E", secret=SECRET).start()
    settings.CONGSO_PAYMENTS_GATEWAY_URL = gateway.url
    settings.CONGSO_PAYMENTS_GATEWAY_SECRET = SECRET
    settings.CONGSO_PAYMENTS_GATEWAY_MERCHANT = "CONGSO-E2E"
    settings.CONGSO_PAYMENTS_CALLBACK_BASE_URL = portal
    settings.CONGSO_PUBLIC_BASE_URL = portal
    yield gateway
    gateway.stop()


@pytest.fixture
def owed(portal: str) -> Any:
    """An accepted dossier of the citizen "binh", waiting for a 50,000 đ fee."""
    from django.contrib.auth import get_user_model

    from congso.accounts.models import OfficerRole
    from congso.catalog import services as catalog_services
    from congso.core.models import AdministrativeUnit, Agency
    from congso.dossiers import services as dossier_services
    from congso.payments import services
    from congso.payments.fee_lines import FeeChoice
    from congso.payments.tests.conftest import CODE, fee_record

    catalog_services.procedures_upsert(records=[fee_record()])
    unit = AdministrativeUnit.objects.create(
        scheme="2025", level="province", code="46", name="Huế", division_type="thành phố"
    )
    centre = Agency.objects.create(
        code="000.01.01.H46",
        name="Trung tâm Phục vụ hành chính công",
        kind="province_centre",
        level="province",
        unit=unit,
    )
    users = get_user_model().objects
    citizen = users.create_user("binh", password="x")
    officer = users.create_user("canbo", password="x")
    OfficerRole.objects.create(
        user=officer, agency=centre, role="reception", valid_from=dt.date(2020, 1, 1)
    )
    from congso.catalog.models import Procedure

    dossier = dossier_services.dossier_register(
        procedure=Procedure.objects.get(code=CODE),
        receiving_agency=centre,
        channel="online",
        source="portal",
        applicant_name="Nguyễn Thị Bình",
        applicant_user=citizen,
        actor=citizen,
    )
    dossier = dossier_services.dossier_accept(dossier=dossier, actor=officer)
    return services.payment_request_create(
        dossier=dossier, actor=officer, due="before_processing", choices=[FeeChoice(index=1)]
    )


def _sign_in(context: Any, portal: str, user: Any) -> None:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": portal}]
    )


def test_citizen_pays_online_and_downloads_the_receipt(
    page: Any, portal: str, fake_gateway: Any, owed: Any, artifacts: Any
) -> None:
    dossier = owed.dossier
    _sign_in(page.context, portal, dossier.applicant_user)
    page.goto(f"{portal}/ho-so-cua-toi/{dossier.code}/")
    page.locator("#fees-link").click()
    expect(page.locator(f"[data-request='{owed.reference}'] [data-status]")).to_have_attribute(
        "data-status", "pending"
    )
    page.locator(f"#pay-online-{owed.reference}").click()
    expect(page.locator("#amount")).to_have_text("50000")
    page.locator("#pay").click()
    page.wait_for_url(f"{portal}/ho-so-cua-toi/{dossier.code}/le-phi/")
    expect(page.locator(f"[data-request='{owed.reference}'] [data-status]")).to_have_attribute(
        "data-status", "paid"
    )
    page.screenshot(path=str(artifacts / "payment-paid.png"), full_page=True)
    with page.expect_download() as download_info:
        page.locator(f"#receipt-{owed.reference}").click()
    data = Path(download_info.value.path()).read_bytes()
    (artifacts / "bien-lai.pdf").write_bytes(data)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "BIÊN LAI" in text.upper()
    assert dossier.code in text
    dossier.refresh_from_db()
    assert dossier.state == "processing"
    # The simulated gateway serves no favicon; only congso's own pages must be clean.
    assert [e for e in page.errors if fake_gateway.url not in e] == []
