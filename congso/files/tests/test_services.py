# SPDX-License-Identifier: MIT
"""Keeping files: inspected first, content-addressed, audited, and nothing left by a refusal."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from congso.core.models import AuditEvent
from congso.files.exceptions import FileRejectedError
from congso.files.kinds import storage_name
from congso.files.models import StoredFile
from congso.files.services import stored_file_create, stored_file_create_from_bytes

from . import samples

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen(django_user_model):
    return django_user_model.objects.create_user("lan", password="x")


def test_an_upload_is_stored_under_its_content_address(citizen):
    data = samples.pdf_bytes()
    sha = hashlib.sha256(data).hexdigest()
    upload = SimpleUploadedFile("C:\\fakepath\\Đơn đề nghị.pdf", data, "text/html")

    stored = stored_file_create(fileobj=upload, filename=upload.name, uploaded_by=citizen)

    stored.refresh_from_db()
    assert stored.file.name == f"files/{sha[:2]}/{sha[2:4]}/{sha}.pdf"
    assert (stored.sha256, stored.size, stored.kind) == (sha, len(data), "pdf")
    assert stored.content_type == "application/pdf"  # not what the browser claimed
    assert stored.original_name == "Đơn đề nghị.pdf"
    assert stored.uploaded_by == citizen
    with stored.file.open("rb") as handle:
        assert handle.read() == data


def test_storing_writes_an_audit_record(citizen):
    stored = stored_file_create(
        fileobj=io.BytesIO(samples.image_bytes("PNG")), filename="ảnh.png", uploaded_by=citizen
    )
    event = AuditEvent.objects.get(action="file.store")
    assert event.actor == citizen
    assert event.target_id == str(stored.pk)
    assert event.changes["sha256"] == stored.sha256
    assert event.changes["original_name"] == "ảnh.png"


def test_the_same_content_twice_is_two_rows_sharing_one_object(citizen, django_user_model):
    data = samples.image_bytes("JPEG", 33, 44)
    officer = django_user_model.objects.create_user("desk", password="x")
    first = stored_file_create(fileobj=io.BytesIO(data), filename="a.jpg", uploaded_by=citizen)
    second = stored_file_create(fileobj=io.BytesIO(data), filename="b.jpg", uploaded_by=officer)
    assert first.pk != second.pk
    assert first.file.name == second.file.name
    assert (first.original_name, second.original_name) == ("a.jpg", "b.jpg")
    assert (first.uploaded_by, second.uploaded_by) == (citizen, officer)
    _directories, files = default_storage.listdir(first.file.name.rsplit("/", 1)[0])
    assert [name for name in files if name.startswith(first.sha256)] == [
        first.file.name.rsplit("/", 1)[1]
    ]


def test_a_damaged_object_under_the_address_is_not_reused():
    data = samples.image_bytes("PNG", 21, 22)
    name = storage_name(hashlib.sha256(data).hexdigest(), "png")
    default_storage.save(name, ContentFile(b"half a file"))

    stored = stored_file_create(fileobj=io.BytesIO(data), filename="a.png")

    assert stored.file.name != name
    with stored.file.open("rb") as handle:
        assert handle.read() == data


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"MZ\x90\x00" + b"\x00" * 100, "hoa_don.pdf"),
        (samples.pdf_open_action({"/S": "/JavaScript", "/JS": "app.alert(1)"}), "a.pdf"),
        (samples.docx_bytes(**{"word/media/image1.bin": b"\x00" * (4 * 1024 * 1024)}), "a.docx"),
        (samples.png_pixel_bomb(), "a.png"),
        (b"", "empty.pdf"),
    ],
    ids=["executable", "javascript", "zip-bomb", "pixel-bomb", "empty"],
)
def test_a_refused_file_leaves_no_row_no_object_and_no_audit(citizen, data, name):
    with pytest.raises(FileRejectedError):
        stored_file_create(fileobj=io.BytesIO(data), filename=name, uploaded_by=citizen)
    sha = hashlib.sha256(data).hexdigest()
    assert not StoredFile.objects.exists()
    assert not AuditEvent.objects.filter(action="file.store").exists()
    for kind in ("pdf", "docx", "png"):
        assert not default_storage.exists(storage_name(sha, kind))


def test_the_limits_and_field_pass_through(citizen):
    data = samples.pdf_bytes()
    with pytest.raises(FileRejectedError) as caught:
        stored_file_create(
            fileobj=io.BytesIO(data),
            filename="a.pdf",
            max_bytes=len(data) - 1,
            field="attachment",
        )
    assert caught.value.code == "file_too_large"
    assert caught.value.extra == {"field": "attachment"}
    with pytest.raises(FileRejectedError) as caught:
        stored_file_create(fileobj=io.BytesIO(data), filename="a.pdf", allowed=frozenset({"png"}))
    assert caught.value.code == "file_type_not_allowed"
    assert not StoredFile.objects.exists()


def test_a_generated_pdf_is_stored_from_bytes():
    data = samples.pdf_bytes()
    stored = stored_file_create_from_bytes(data=data, filename="Phiếu tiếp nhận.pdf")
    assert stored.kind == "pdf"
    assert stored.uploaded_by is None
    assert AuditEvent.objects.get(action="file.store").actor_label == "system"
