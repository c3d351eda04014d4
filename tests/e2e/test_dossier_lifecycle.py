# SPDX-License-Identifier: MIT
"""The whole life of an online dossier in a real browser.

A citizen files online step by step with a PDF attached; an officer signs in with password
and TOTP, accepts, routes the dossier through its steps, issues the signed result and hands
it over; the citizen downloads the result, which pyHanko's validator accepts.
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO
from typing import Any

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

PASSWORD = "mat-khau-thu-nghiem-2025"
TOTP_KEY = "3132333435363738393031323334353637383930"


@pytest.fixture
def province(portal: str, settings: Any, tmp_path: Any) -> dict[str, Any]:
    """A service centre that receives and decides, a citizen and an officer with TOTP."""
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from congso.accounts.models import Citizen, OfficerRole
    from congso.core.models import AdministrativeUnit, Agency

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
    settings.CONGSO_DEFAULT_RECEIVING_AGENCY = centre.code
    settings.CONGSO_PUBLIC_BASE_URL = portal
    settings.CONGSO_SIGNING_DEV_DIR = str(tmp_path / "signing")
    users = get_user_model().objects
    citizen_user = users.create_user("binh", password=PASSWORD)
    Citizen.objects.create(
        user=citizen_user,
        full_name="Nguyễn Thị Bình",
        citizen_id="046190000123",
        phone="+84905123456",
        email="binh@example.vn",
    )
    officer = users.create_user("canbo", password=PASSWORD, full_name="Trần Văn Đức")
    for role in ("reception", "specialist", "head"):
        OfficerRole.objects.create(
            user=officer, agency=centre, role=role, valid_from=dt.date(2020, 1, 1)
        )
    TOTPDevice.objects.create(user=officer, name="app", confirmed=True, key=TOTP_KEY)
    return {"citizen": citizen_user, "officer": officer}


def _sign_in_citizen(context: Any, portal: str, user: Any) -> None:
    """The session the OpenID Connect callback would create (that flow has its own tests)."""
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


def _validated(pdf: bytes, roots: list[Any]) -> Any:
    """pyHanko validates with asyncio.run: off the thread where Playwright runs its loop."""

    def validate() -> Any:
        signature = PdfFileReader(BytesIO(pdf)).embedded_signatures[0]
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        return validate_pdf_signature(signature, context)

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(validate).result()


def _totp_now() -> str:
    from django_otp.oath import TOTP

    return f"{TOTP(bytes.fromhex(TOTP_KEY)).token():06d}"


def test_citizen_files_officer_processes_citizen_downloads_a_valid_signed_result(
    browser: Any, portal: str, province: dict[str, Any], artifacts: Any
) -> None:
    from congso.dossiers.models import Dossier
    from congso.files.tests.samples import pdf_bytes
    from congso.signing.keys import trust_roots

    sample = artifacts / "to-khai.pdf"
    sample.write_bytes(pdf_bytes())

    # --- the citizen files online ------------------------------------------------------
    citizen_context = browser.new_context(viewport={"width": 1280, "height": 900})
    citizen_context.set_default_timeout(10_000)
    _sign_in_citizen(citizen_context, portal, province["citizen"])
    citizen = citizen_context.new_page()
    citizen.goto(f"{portal}/thu-tuc/1.000001/")
    citizen.get_by_role("link", name="File online here").or_(
        citizen.get_by_role("link", name="Nộp hồ sơ trực tuyến tại đây")
    ).first.click()
    citizen.locator("form button[type=submit]").first.click()  # Start
    # The applicant group comes prefilled from the profile.
    assert citizen.locator("input[name='applicant.full_name']").input_value() == "Nguyễn Thị Bình"
    citizen.locator("form button[type=submit]").last.click()
    citizen.locator("textarea[name='request.content']").fill("Đề nghị đăng ký khai sinh cho con")
    citizen.locator("form button[type=submit]").last.click()
    # Documents: attach the form to the first listed document.
    citizen.locator("input[type=file]").first.set_input_files(str(sample))
    citizen.locator("section.document").first.locator("button[type=submit]").first.click()
    assert citizen.locator("text=to-khai.pdf").count() >= 1
    citizen.locator("a.button.primary").last.click()  # continue to fees
    citizen.locator("form button[type=submit]").last.click()  # continue to review
    assert "Đề nghị đăng ký khai sinh cho con" in citizen.content()
    citizen.screenshot(path=str(artifacts / "lifecycle-1-review.png"), full_page=True)
    citizen.locator("form button[type=submit]").last.click()  # submit
    dossier = Dossier.objects.get(applicant_user=province["citizen"])
    assert dossier.code in citizen.content()

    # --- the officer signs in with password and TOTP, and processes it -----------------
    officer_context = browser.new_context(viewport={"width": 1280, "height": 900})
    officer_context.set_default_timeout(20_000)
    officer = officer_context.new_page()
    officer.goto(f"{portal}/can-bo/dang-nhap/")
    officer.locator("input[name=username]").fill("canbo")
    officer.locator("input[name=password]").fill(PASSWORD)
    officer.locator("input[name=otp_token]").fill(_totp_now())
    officer.locator("form button[type=submit]").click()
    officer.get_by_role("link", name=dossier.code).click()

    def act(value: str) -> None:
        officer.locator(f"form:has(input[name=action][value={value}]) button[type=submit]").click()
        officer.wait_for_load_state()
        assert officer.locator("[role=alert]").count() == 0, officer.locator(
            "[role=alert]"
        ).inner_text()

    act("accept")
    act("forward")  # to the first processing step
    act("claim")
    officer.locator("summary", has_text="Forward").or_(
        officer.locator("summary", has_text="Chuyển")
    ).first.click()
    act("forward")  # appraisal done: to the head's signature
    officer.locator("details:has(input[value=result]) summary").click()
    officer.locator("input[name='result-title']").fill("Giấy khai sinh (bản điện tử)")
    officer.locator("textarea[name='result-decision_text']").fill(
        "Đăng ký khai sinh cho Nguyễn Văn An, sinh ngày 01/01/2026."
    )
    act("result")
    act("approve")
    act("return")
    officer.screenshot(path=str(artifacts / "lifecycle-2-officer.png"), full_page=True)
    dossier.refresh_from_db()
    assert dossier.state == "returned"

    # --- the citizen downloads the signed result -----------------------------------------
    citizen.goto(f"{portal}/ho-so-cua-toi/{dossier.code}/")
    with citizen.expect_download() as download_info:
        citizen.locator("a[data-result]").first.click()
    pdf = download_info.value.path().read_bytes()
    (artifacts / "lifecycle-result.pdf").write_bytes(pdf)
    status = _validated(pdf, trust_roots())
    assert status.intact and status.valid and status.trusted
    # The verification page the QR code points to says it is genuine.
    citizen.goto(f"{portal}/xac-thuc/{dossier.results.get().signed_document.token}/")
    citizen.screenshot(path=str(artifacts / "lifecycle-3-verify.png"), full_page=True)
    assert "Giấy khai sinh (bản điện tử)" in citizen.content()
    citizen_context.close()
    officer_context.close()
