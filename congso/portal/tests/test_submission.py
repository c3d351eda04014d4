# SPDX-License-Identifier: MIT
"""The guided online application, page by page, with drafts, files and the data store."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from congso.accounts.models import Citizen
from congso.catalog.models import Procedure
from congso.dossiers.models import Dossier, SubmissionDraft
from congso.files.tests.samples import pdf_bytes
from congso.workflow.states import DossierState as S

pytestmark = pytest.mark.django_db


@pytest.fixture
def procedure(world, settings):
    settings.CONGSO_DEFAULT_RECEIVING_AGENCY = world["centre"].code
    procedure = Procedure.objects.get(code="1.000001")
    assert procedure.is_online
    return procedure


def start(client, user, procedure):
    client.force_login(user)
    response = client.post(f"/nop-ho-so/{procedure.code}/")
    assert response.status_code == 302
    return SubmissionDraft.objects.get(owner=user, procedure=procedure, dossier__isnull=True)


def step(draft, key):
    return f"/nop-ho-so/nhap/{draft.pk}/{key}/"


def test_a_citizen_files_online_step_by_step_and_resumes(client, world, procedure):
    Citizen.objects.create(
        user=world["alice"],
        full_name="Nguyễn Thị Bình",
        citizen_id="046190000123",
        phone="+84905123456",
    )
    draft = start(client, world["alice"], procedure)
    # Prefilled from the profile.
    html = client.get(step(draft, "applicant")).content.decode()
    assert "Nguyễn Thị Bình" in html and 'autocomplete="name"' in html
    bad = client.post(
        step(draft, "applicant"), {"applicant.full_name": "", "applicant.phone": "12"}
    )
    assert bad.status_code == 400 and "aria-describedby" in bad.content.decode()
    ok = client.post(
        step(draft, "applicant"),
        {"applicant.full_name": "Nguyễn Thị Bình", "applicant.phone": "0905123456"},
    )
    assert ok.status_code == 302 and ok["Location"].endswith("/request/")
    # Leaving and starting again resumes the same draft with what was typed.
    assert start(client, world["alice"], procedure).pk == draft.pk
    client.post(step(draft, "request"), {"request.content": "Đề nghị cấp bản sao trích lục"})
    upload = client.post(
        step(draft, "giay-to"),
        {
            "action": "upload",
            "document": "Tờ khai",
            "file": SimpleUploadedFile("a.pdf", pdf_bytes()),
        },
    )
    assert upload.status_code == 302
    disguised = client.post(
        step(draft, "giay-to"),
        {
            "action": "upload",
            "document": "Tờ khai",
            "file": SimpleUploadedFile("x.pdf", b"MZ" * 64),
        },
    )
    assert disguised.status_code == 400
    assert client.get(step(draft, "le-phi")).status_code == 200
    review = client.get(step(draft, "xem-lai")).content.decode()
    assert "Đề nghị cấp bản sao trích lục" in review
    submitted = client.post(step(draft, "xem-lai"))
    assert submitted.status_code == 302, submitted.content.decode()[-3000:]
    dossier = Dossier.objects.get(applicant_user=world["alice"])
    assert dossier.state == S.AWAITING_RECEPTION and dossier.applicant_id_number == "046190000123"
    assert dossier.form_data["request"]["content"] == "Đề nghị cấp bản sao trích lục"
    assert dossier.components.get().origin == "uploaded"
    # The submitted draft is closed: its pages are gone.
    assert client.get(step(draft, "xem-lai")).status_code == 404


def test_an_incomplete_application_is_not_submitted(client, world, procedure):
    draft = start(client, world["alice"], procedure)
    response = client.post(step(draft, "xem-lai"))
    assert response.status_code == 400
    assert not Dossier.objects.exists()


def test_someone_elses_draft_is_not_found(client, world, procedure):
    draft = start(client, world["alice"], procedure)
    client.force_login(world["bob"])
    assert client.get(step(draft, "applicant")).status_code == 404
    assert client.post(step(draft, "xem-lai")).status_code == 404
    assert client.get(step(draft, "no-such-step")).status_code == 404


def test_a_representative_files_for_a_company_and_the_dossier_records_it(client, world, procedure):
    import datetime as dt

    from congso.accounts.models import Organisation, Representation

    binh = Citizen.objects.create(
        user=world["alice"], full_name="Nguyễn Thị Bình", citizen_id="046190000123"
    )
    company = Organisation.objects.create(
        name="Công ty TNHH Sông Hương", tax_code="0100109106", kind="business"
    )
    representation = Representation.objects.create(
        representative=binh,
        for_organisation=company,
        kind="legal_representative",
        valid_from=dt.date(2020, 1, 1),
    )
    client.force_login(world["alice"])
    html = client.get(f"/nop-ho-so/{procedure.code}/").content.decode()
    assert "Công ty TNHH Sông Hương" in html
    # Someone else's representation is refused.
    assert client.post(f"/nop-ho-so/{procedure.code}/", {"on_behalf": "999"}).status_code == 403
    client.post(f"/nop-ho-so/{procedure.code}/", {"on_behalf": str(representation.pk)})
    draft = SubmissionDraft.objects.get(owner=world["alice"])
    assert draft.on_behalf_of == representation
    client.post(
        step(draft, "applicant"),
        {"applicant.full_name": "Nguyễn Thị Bình", "applicant.phone": "0905123456"},
    )
    client.post(step(draft, "request"), {"request.content": "Đăng ký thay đổi"})
    assert client.post(step(draft, "xem-lai")).status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.on_behalf_of == representation
    assert dossier.applicant_organisation == company
    assert (dossier.applicant_name, dossier.applicant_id_number) == (
        "Công ty TNHH Sông Hương",
        "0100109106",
    )
