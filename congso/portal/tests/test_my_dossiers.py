# SPDX-License-Identifier: MIT
"""The applicant's own pages: list, dossier, completing it, result, rating; nobody else's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from congso.accounts.models import OfficerRole
from congso.dossiers import results, routing, services
from congso.dossiers.models import Dossier, DossierRating
from congso.dossiers.tests.helpers import submit
from congso.files.tests.samples import pdf_bytes
from congso.workflow.states import DossierState as S

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(client, world):
    for role in ("specialist", "head"):
        OfficerRole.objects.create(
            user=world["desk"], agency=world["centre"], role=role, valid_from=dt.date(2020, 1, 1)
        )
    return Dossier.objects.get(code=submit(client, world["alice"]).json()["code"])


def url(dossier, tail=""):
    return f"/ho-so-cua-toi/{dossier.code}/{tail}"


def test_the_applicant_completes_a_dossier_asked_for_a_supplement(client, world, dossier):
    services.dossier_request_supplement(
        dossier=dossier, actor=world["desk"], items=["Giấy chứng sinh"], reason="Thiếu"
    )
    client.force_login(world["alice"])
    html = client.get("/ho-so-cua-toi/").content.decode()
    assert dossier.code in html
    html = client.get(url(dossier)).content.decode()
    assert "Giấy chứng sinh" in html and 'name="file"' in html
    bad = client.post(
        url(dossier),
        {
            "action": "upload",
            "document": "Giấy chứng sinh",
            "file": SimpleUploadedFile("a.pdf", b"MZ" * 50),
        },
    )
    assert bad.status_code == 400 and 'role="alert"' in bad.content.decode()
    good = client.post(
        url(dossier),
        {
            "action": "upload",
            "document": "Giấy chứng sinh",
            "file": SimpleUploadedFile("a.pdf", pdf_bytes()),
        },
    )
    assert good.status_code == 302
    assert client.post(url(dossier), {"action": "supplement_done"}).status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == S.AWAITING_RECEPTION
    assert dossier.components.get().for_supplement


def test_the_applicant_downloads_the_signed_result_and_rates(client, world, dossier):
    services.dossier_accept(dossier=dossier, actor=world["desk"])
    routing.dossier_forward(dossier=dossier, actor=world["desk"])
    routing.dossier_task_claim(dossier=dossier, actor=world["desk"])
    routing.dossier_forward(dossier=dossier, actor=world["desk"])
    result = results.result_issue(
        dossier=dossier, actor=world["desk"], title="Trích lục khai sinh", decision_text="Đồng ý."
    )
    services.dossier_mark_processed(dossier=dossier, actor=world["desk"])
    client.force_login(world["alice"])
    html = client.get(url(dossier)).content.decode()
    assert "Trích lục khai sinh" in html and "/xac-thuc/" in html
    response = client.get(url(dossier, f"ket-qua/{result.pk}/"))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    receipt = client.get(url(dossier, "mau/receipt.pdf"))
    assert receipt.status_code == 200 and receipt.content.startswith(b"%PDF")
    assert client.get(url(dossier, "mau/control-slip.pdf")).status_code == 404
    assert client.post(url(dossier), {"action": "rate", "grade": "satisfied"}).status_code == 302
    assert DossierRating.objects.get(dossier=dossier).grade == "satisfied"
    again = client.post(url(dossier), {"action": "rate", "grade": "satisfied"})
    assert again.status_code == 409


def test_nobody_else_reaches_the_pages(client, world, dossier):
    client.force_login(world["bob"])
    assert client.get(url(dossier)).status_code == 404
    assert client.get(url(dossier, "mau/receipt.pdf")).status_code == 404
    assert client.post(url(dossier), {"action": "withdraw"}).status_code == 404
    # An officer of the agency uses the officers' page, not the applicant's.
    client.force_login(world["desk"])
    assert client.get(url(dossier)).status_code == 404
    client.logout()
    assert client.get(url(dossier)).status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == S.AWAITING_RECEPTION


def test_withdrawal_from_the_page(client, world, dossier):
    client.force_login(world["alice"])
    assert (
        client.post(url(dossier), {"action": "withdraw", "reason": "Nộp nhầm"}).status_code == 302
    )
    dossier.refresh_from_db()
    assert dossier.state == S.WITHDRAWN
    assert client.post(url(dossier), {"action": "nonsense"}).status_code == 400


@pytest.mark.parametrize("path", ["/ho-so-cua-toi/", "/ho-so-cua-toi/X-1/"])
def test_an_anonymous_visitor_is_sent_to_the_citizen_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/dang-nhap/?next={path}"
