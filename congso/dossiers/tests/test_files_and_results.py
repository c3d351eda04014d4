# SPDX-License-Identifier: MIT
"""Attachments by content, results signed and validated, the data store reused in one click."""

from __future__ import annotations

import datetime as dt
import json
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from congso.accounts.models import OfficerRole
from congso.dossiers import attachments, results, routing, services
from congso.dossiers.exceptions import DossierPermissionError
from congso.dossiers.models import (
    ComponentOrigin,
    Dossier,
    DossierComponent,
    PersonalDocument,
)
from congso.dossiers.tests.helpers import SUBMISSION
from congso.files.models import StoredFile
from congso.files.tests.samples import image_bytes, pdf_bytes, pdf_open_action
from congso.signing.keys import trust_roots

pytestmark = pytest.mark.django_db
DOCS = ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh"]


def upload(client, user, files, documents=DOCS, key=None, **overrides):
    client.force_login(user)
    data = json.dumps({**SUBMISSION, "documents": documents, **overrides})
    headers = {"Idempotency-Key": key} if key else {}
    return client.post("/api/dossiers/with-files", {"data": data, "files": files}, headers=headers)


def two_files():
    return [
        SimpleUploadedFile("to-khai.pdf", pdf_bytes(), content_type="application/pdf"),
        SimpleUploadedFile("chung-sinh.jpg", image_bytes("JPEG"), content_type="image/jpeg"),
    ]


def test_a_submission_with_files_keeps_each_with_its_hash_and_retries_once(client, world):
    response = upload(client, world["alice"], two_files(), key="k-1")
    assert response.status_code == 201, response.content
    code = response.json()["code"]
    components = client.get(f"/api/dossiers/{code}/components").json()
    assert [(c["document_name"], c["origin"]) for c in components] == [
        (DOCS[0], "uploaded"),
        (DOCS[1], "uploaded"),
    ]
    assert all(len(c["sha256"]) == 64 and c["digitised"] for c in components)
    from congso.core.models import AuditEvent

    # One record for the whole submission: the registration and both files.
    added = AuditEvent.objects.get(target_label=code)
    assert added.action == "dossier.register"
    assert added.changes["state"] == ["draft", "awaiting_reception"]
    assert added.changes["origin"] == "uploaded"
    assert [(d["document"], d["sha256"]) for d in added.changes["documents"]] == [
        (c["document_name"], c["sha256"]) for c in components
    ]
    again = upload(client, world["alice"], two_files(), key="k-1")
    assert again.status_code == 201 and again.json()["code"] == code
    assert Dossier.objects.count() == 1
    assert StoredFile.objects.count() == 2  # the retry wrote no rows of its own
    download = client.get(f"/api/dossiers/{code}/components/{components[0]['id']}/file")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    # Another citizen reaches neither the dossier nor its files.
    client.force_login(world["bob"])
    assert client.get(f"/api/dossiers/{code}/components").status_code == 404
    assert (
        client.get(f"/api/dossiers/{code}/components/{components[0]['id']}/file").status_code == 404
    )


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("don.pdf", b"MZ\x90\x00" + b"\x00" * 200, "file_disguised"),
        ("don.pdf", None, "pdf_active_content"),
        ("anh.png", b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>", None),
    ],
)
def test_a_disguised_or_active_file_refuses_the_whole_submission(
    client, world, name, content, code
):
    if content is None:
        content = pdf_open_action({"/S": "/JavaScript", "/JS": "app.alert(1)"})
    files = [
        SimpleUploadedFile("to-khai.pdf", pdf_bytes()),
        SimpleUploadedFile(name, content),
    ]
    response = upload(client, world["alice"], files)
    assert response.status_code == 400
    body = response.json()
    if code:
        assert body["code"] == code
    assert Dossier.objects.count() == 0 and DossierComponent.objects.count() == 0


def test_a_crash_while_attaching_leaves_no_dossier_and_no_file_rows(client, world, monkeypatch):
    """The files' rows are written in the transaction that registers the dossier: a crash
    at its last write (the audit record, after the components) leaves none of them."""

    def crash(*args, **kwargs):
        raise RuntimeError("the machine stopped here")

    monkeypatch.setattr(services, "audit_record", crash)
    with pytest.raises(RuntimeError, match="stopped here"):
        upload(client, world["alice"], two_files(), key="k-crash")
    assert not Dossier.objects.exists() and not StoredFile.objects.exists()
    assert not DossierComponent.objects.exists()
    monkeypatch.undo()
    retried = upload(client, world["alice"], two_files(), key="k-crash")
    assert retried.status_code == 201 and retried.json()["code"].endswith("-0001")
    assert StoredFile.objects.count() == 2


def test_a_submission_with_two_files_is_one_transaction_of_few_statements(client, world, settings):
    """Pinned so that a change adding round trips to every submission is seen: the files'
    rows, the code, the dossier, its event, the task that will write the applicant's
    message, the counters, the audit records and the stored answer, in one BEGIN … COMMIT.
    With the database task back-end, as deployed: the message itself is the task's work."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    upload(client, world["alice"], two_files(), key="warm")  # first of the day: caches
    data = json.dumps({**SUBMISSION, "documents": DOCS})
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            "/api/dossiers/with-files",
            {"data": data, "files": two_files()},
            headers={"Idempotency-Key": "k-2"},
        )
    assert response.status_code == 201
    statements = [q["sql"] for q in queries.captured_queries]
    inserts = [sql.split('"')[1] for sql in statements if sql.startswith("INSERT INTO")]
    assert inserts.count("files_storedfile") == 1  # both files, one statement
    assert inserts.count("dossiers_dossier") == 1
    assert not any(sql.startswith('UPDATE "dossiers_dossier" ') for sql in statements)
    assert inserts.count("django_tasks_database_dbtaskresult") == 1
    assert "notify_message" not in inserts
    assert len(statements) <= 30, "\n".join(statements)


def test_mismatched_names_and_bad_json_are_400(client, world):
    assert upload(client, world["alice"], two_files(), documents=["Một"]).status_code == 400
    client.force_login(world["alice"])
    response = client.post("/api/dossiers/with-files", {"data": "{not json"})
    assert response.status_code == 400
    assert Dossier.objects.count() == 0


def test_the_dossier_total_size_limit_applies(client, world, settings):
    settings.CONGSO_UPLOAD_MAX_DOSSIER_BYTES = 1000
    response = upload(client, world["alice"], two_files())
    assert response.status_code == 400
    assert Dossier.objects.count() == 0


@pytest.fixture
def processing(client, world):
    """Alice's dossier at its last step, held by the desk officer (specialist and head too)."""
    for role in ("specialist", "head"):
        OfficerRole.objects.create(
            user=world["desk"], agency=world["centre"], role=role, valid_from=dt.date(2020, 1, 1)
        )
    code = upload(client, world["alice"], two_files()).json()["code"]
    dossier = Dossier.objects.get(code=code)
    services.dossier_accept(dossier=dossier, actor=world["desk"])
    routing.dossier_forward(dossier=dossier, actor=world["desk"])
    routing.dossier_task_claim(dossier=dossier, actor=world["desk"])
    routing.dossier_forward(dossier=dossier, actor=world["desk"])
    return dossier


def test_the_signed_result_reaches_the_applicant_and_validates(client, world, processing):
    with pytest.raises(DossierPermissionError):
        results.result_issue(
            dossier=processing, actor=world["stranger"], title="x", decision_text="y"
        )
    result = results.result_issue(
        dossier=processing,
        actor=world["desk"],
        title="Giấy khai sinh (bản điện tử)",
        decision_text="Đăng ký khai sinh cho Nguyễn Văn An, sinh ngày 01/01/2025.",
    )
    services.dossier_mark_processed(dossier=processing, actor=world["desk"])
    client.force_login(world["alice"])
    listed = client.get(f"/api/dossiers/{processing.code}/results").json()
    assert listed[0]["title"] == "Giấy khai sinh (bản điện tử)"
    response = client.get(f"/api/dossiers/{processing.code}/results/{result.pk}/file")
    assert response.status_code == 200
    pdf = b"".join(response.streaming_content)
    signature = PdfFileReader(BytesIO(pdf)).embedded_signatures[0]
    status = validate_pdf_signature(
        signature, ValidationContext(trust_roots=trust_roots(), allow_fetching=False)
    )
    assert status.intact and status.valid and status.trusted
    client.force_login(world["bob"])
    assert (
        client.get(f"/api/dossiers/{processing.code}/results/{result.pk}/file").status_code == 404
    )
    # The result is in Alice's data store and a later dossier reuses it without upload.
    stored = PersonalDocument.objects.get(owner=world["alice"])
    later = Dossier.objects.get(
        code=upload(client, world["alice"], [], documents=[]).json()["code"]
    )
    component = attachments.component_reuse(
        dossier=later,
        actor=world["alice"],
        document_name="Giấy khai sinh",
        personal_document=stored,
    )
    assert component.origin == ComponentOrigin.REUSED and component.reuse_flag == 1
    assert component.file_id == stored.file_id
    with pytest.raises(DossierPermissionError):
        attachments.component_reuse(
            dossier=later, actor=world["bob"], document_name="x", personal_document=stored
        )


def test_an_ecopy_is_certified_from_a_scanned_original(world, processing):
    scan = SimpleUploadedFile("ban-chinh.png", image_bytes("PNG", 400, 560))
    result = results.ecopy_certify(
        dossier=processing,
        actor=world["desk"],
        title="Bằng tốt nghiệp THPT",
        fileobj=scan,
        filename="ban-chinh.png",
    )
    assert result.kind == "ecopy" and result.signed_document.kind == "ecopy"
    with result.file.file.open("rb") as handle:
        reader = PdfFileReader(BytesIO(handle.read()))
    assert len(reader.root["/Pages"]["/Kids"]) >= 2  # certification page + the scan
    assert PersonalDocument.objects.filter(owner=world["alice"], kind="ecopy").exists()


def test_the_desk_scans_papers_as_digitised_components(world, processing, client):
    dossier = Dossier.objects.get(
        code=upload(client, world["alice"], [], documents=[]).json()["code"]
    )
    first, *others = attachments.catalog_document_names(dossier)
    assert [covered for _name, covered, _c in attachments.completeness(dossier)] == [False] * (
        1 + len(others)
    )
    component = attachments.component_upload(
        dossier=dossier,
        actor=world["desk"],
        document_name=first,
        fileobj=BytesIO(pdf_bytes()),
        filename="scan.pdf",
        originals=1,
    )
    assert component.origin == ComponentOrigin.DIGITISED and component.digitised
    rows = attachments.completeness(dossier)
    assert rows[0][0] == first and rows[0][1] is True and rows[0][2] == [component]
    assert all(not covered for _name, covered, _c in rows[1:])
    # Another agency's reception officer cannot add to it.
    with pytest.raises(DossierPermissionError):
        attachments.component_upload(
            dossier=dossier,
            actor=world["stranger"],
            document_name=first,
            fileobj=BytesIO(pdf_bytes()),
            filename="scan.pdf",
        )
