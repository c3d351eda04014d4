# SPDX-License-Identifier: MIT
"""The officer's dossier page: actions through forms, refusals shown as 4xx, forms as PDF."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from congso.accounts.models import OfficerRole
from congso.core.models import Agency
from congso.dossiers.models import Dossier
from congso.dossiers.tests.helpers import login_officer, submit
from congso.workflow.states import DossierState as S

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(client, world):
    """Alice's submitted dossier, and the desk officer (also specialist and head) signed in."""
    for role in ("specialist", "head"):
        OfficerRole.objects.create(
            user=world["desk"], agency=world["centre"], role=role, valid_from=dt.date(2020, 1, 1)
        )
    code = submit(client, world["alice"]).json()["code"]
    login_officer(client, world["desk"])
    return Dossier.objects.get(code=code)


def page(code: str) -> str:
    return f"/can-bo/ho-so/{code}/"


def act(client, code, action, **fields):
    return client.post(page(code), {"action": action, **fields})


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    return "".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)


def test_an_officer_takes_a_dossier_from_reception_to_return(client, world, desk):
    html = client.get(page(desk.code)).content.decode()
    assert "Nguyễn Thị Bình" in html and 'value="accept"' in html
    assert act(client, desk.code, "accept").status_code == 302
    assert "GIẤY TIẾP NHẬN" in pdf_text(client.get(f"{page(desk.code)}mau/receipt.pdf"))
    assert act(client, desk.code, "forward", **{"forward-note": ""}).status_code == 302
    assert act(client, desk.code, "claim").status_code == 302
    assert act(client, desk.code, "forward", **{"forward-note": "Đạt"}).status_code == 302
    assert act(client, desk.code, "approve").status_code == 302
    assert act(client, desk.code, "return").status_code == 302
    desk.refresh_from_db()
    assert desk.state == S.RETURNED
    slip = pdf_text(client.get(f"{page(desk.code)}mau/control-slip.pdf"))
    assert desk.code in slip


def test_a_stale_second_click_gets_a_conflict_not_an_error_page(client, world, desk):
    assert act(client, desk.code, "accept").status_code == 302
    response = act(client, desk.code, "accept")
    assert response.status_code == 409
    assert 'role="alert"' in response.content.decode()


def test_a_supplement_request_without_items_is_a_400_and_nothing_changes(client, world, desk):
    response = act(client, desk.code, "supplement", **{"supplement-reason": "Thiếu"})
    assert response.status_code == 400
    desk.refresh_from_db()
    assert desk.state == S.AWAITING_RECEPTION and desk.supplement_count == 0
    response = act(
        client,
        desk.code,
        "supplement",
        **{"supplement-reason": "Thiếu giấy tờ", "supplement-other_items": "Giấy chứng sinh\n"},
    )
    assert response.status_code == 302
    wait = desk.waits.get()
    text = pdf_text(client.get(f"{page(desk.code)}mau/supplement.pdf?wait={wait.pk}"))
    assert "Giấy chứng sinh" in text


def test_a_refusal_prints_its_reason_and_basis(client, world, desk):
    response = act(
        client,
        desk.code,
        "refuse",
        **{"refuse-reason": "Không thuộc thẩm quyền", "refuse-basis": "Điều 19 Nghị định 61"},
    )
    assert response.status_code == 302
    text = pdf_text(client.get(f"{page(desk.code)}mau/refusal.pdf"))
    assert "Không thuộc thẩm quyền" in text and "Điều 19" in text
    # A form the dossier does not have is a 404, not a 500.
    assert client.get(f"{page(desk.code)}mau/stop.pdf").status_code == 404
    assert client.get(f"{page(desk.code)}mau/apology.pdf?extension=abc").status_code == 404
    assert client.get(f"{page(desk.code)}mau/nonsense.pdf").status_code == 404


def test_other_agencies_and_citizens_do_not_reach_the_page(client, world, desk):
    login_officer(client, world["stranger"])
    assert client.get(page(desk.code)).status_code == 404
    assert act(client, desk.code, "accept").status_code == 404
    client.force_login(world["alice"])
    assert client.get(page(desk.code)).status_code == 403
    client.logout()
    assert client.get(page(desk.code)).status_code == 302
    desk.refresh_from_db()
    assert desk.state == S.AWAITING_RECEPTION


def test_an_unknown_action_and_a_forged_role_are_refused(client, world, desk):
    assert act(client, desk.code, "delete_everything").status_code == 400
    # Stopping needs the head of the competent agency: a reception-only officer gets 403.
    other = Agency.objects.get(code="000.00.13.H46")
    desk.competent_agency = other
    desk.save(update_fields=["competent_agency"])
    act(client, desk.code, "accept")
    response = act(client, desk.code, "stop", **{"stop-reason": "Không đủ", "stop-basis": "Điều 1"})
    assert response.status_code == 403


def test_the_register_downloads_as_xlsx_and_refuses_a_long_period(client, world, desk):
    today = dt.date.today()
    query = {"agency": world["centre"].code, "start": today.replace(day=1), "end": today}
    response = client.get("/can-bo/so-theo-doi/", {**query, "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    assert any(desk.code in str(cell.value) for row in sheet.iter_rows() for cell in row)
    too_long = {**query, "start": today - dt.timedelta(days=400), "format": "pdf"}
    assert client.get("/can-bo/so-theo-doi/", too_long).status_code == 400
    other = {**query, "agency": "000.00.13.H46", "format": "pdf"}
    assert client.get("/can-bo/so-theo-doi/", other).status_code == 400


def test_the_officer_issues_a_signed_result_from_the_page(client, world, desk):
    act(client, desk.code, "accept")
    act(client, desk.code, "forward", **{"forward-note": ""})
    act(client, desk.code, "claim")
    act(client, desk.code, "forward", **{"forward-note": ""})
    empty = act(client, desk.code, "result", **{"result-title": "Trích lục"})
    assert empty.status_code == 400
    response = act(
        client,
        desk.code,
        "result",
        **{"result-title": "Trích lục khai sinh", "result-decision_text": "Đồng ý cấp."},
    )
    assert response.status_code == 302
    html = client.get(page(desk.code)).content.decode()
    assert "Trích lục khai sinh" in html and "/xac-thuc/" in html


def test_the_desk_registers_a_walk_in_dossier_and_scans_its_papers(client, world, desk):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from congso.files.tests.samples import pdf_bytes

    form = {
        "agency": world["centre"].code,
        "procedure_code": "1.000001",
        "channel": "direct",
        "applicant_name": "Lê Thị Hồng",
        "applicant_id_number": "046190000999",
    }
    assert client.get("/can-bo/tiep-nhan/").status_code == 200
    assert (
        client.post("/can-bo/tiep-nhan/", {**form, "procedure_code": "9.999999"}).status_code == 400
    )
    assert client.post("/can-bo/tiep-nhan/", {**form, "agency": "000.00.13.H46"}).status_code == 400
    response = client.post("/can-bo/tiep-nhan/", form)
    assert response.status_code == 302
    walk_in = Dossier.objects.get(applicant_name="Lê Thị Hồng")
    assert (walk_in.channel, walk_in.source) == ("direct", "desk")
    html = client.get(page(walk_in.code)).content.decode()
    assert "Còn thiếu" in html
    name = walk_in.procedure_version.data["documents"][0]["name"]
    scanned = client.post(
        page(walk_in.code),
        {
            "action": "scan",
            "scan-document": name,
            "scan-originals": "1",
            "scan-copies": "0",
            "scan-file": SimpleUploadedFile("scan.pdf", pdf_bytes()),
        },
    )
    assert scanned.status_code == 302
    paper = client.post(
        page(walk_in.code),
        {
            "action": "scan",
            "scan-document": "Bản sao CCCD",
            "scan-originals": "0",
            "scan-copies": "1",
        },
    )
    assert paper.status_code == 302
    origins = sorted(walk_in.components.values_list("origin", flat=True))
    assert origins == ["digitised", "paper"]
    bad = client.post(
        page(walk_in.code),
        {
            "action": "scan",
            "scan-document": name,
            "scan-originals": "1",
            "scan-copies": "0",
            "scan-file": SimpleUploadedFile("scan.pdf", b"MZ" * 100),
        },
    )
    assert bad.status_code == 400 and walk_in.components.count() == 2


def test_the_officer_certifies_an_ecopy_from_the_page(client, world, desk):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from congso.files.tests.samples import image_bytes

    act(client, desk.code, "accept")
    act(client, desk.code, "forward", **{"forward-note": ""})
    act(client, desk.code, "claim")
    response = act(
        client,
        desk.code,
        "ecopy",
        **{
            "ecopy-title": "Bằng tốt nghiệp",
            "ecopy-file": SimpleUploadedFile("bang.png", image_bytes("PNG", 300, 400)),
        },
    )
    assert response.status_code == 302
    result = desk.results.get()
    assert (result.kind, result.title) == ("ecopy", "Bằng tốt nghiệp")
    refused = act(
        client,
        desk.code,
        "ecopy",
        **{"ecopy-title": "X", "ecopy-file": SimpleUploadedFile("x.png", b"<svg/>")},
    )
    assert refused.status_code == 400 and desk.results.count() == 1
