# SPDX-License-Identifier: MIT
"""The admin shows stored files and downloads them, and cannot add, change or delete them."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from congso.files.models import StoredFile
from congso.files.services import stored_file_create

from . import samples

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored():
    return stored_file_create(fileobj=io.BytesIO(samples.pdf_bytes()), filename="Đơn.pdf")


def test_stored_files_are_listed_and_shown_read_only(admin_client, stored):
    listing = admin_client.get(reverse("admin:files_storedfile_changelist"))
    assert listing.status_code == 200
    assert "Đơn.pdf" in listing.content.decode()
    page = admin_client.get(reverse("admin:files_storedfile_change", args=[stored.pk]))
    assert page.status_code == 200
    assert stored.sha256 in page.content.decode()
    assert 'name="original_name"' not in page.content.decode()  # no input: read-only
    assert admin_client.get(reverse("admin:files_storedfile_add")).status_code == 403
    delete = reverse("admin:files_storedfile_delete", args=[stored.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert StoredFile.objects.filter(pk=stored.pk).exists()


def test_the_admin_downloads_a_file_as_an_attachment(admin_client, stored):
    response = admin_client.get(reverse("admin:files_storedfile_download", args=[stored.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; ")
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_staff_without_the_view_permission_cannot_download(client, django_user_model, stored):
    staff = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
    client.force_login(staff)
    response = client.get(reverse("admin:files_storedfile_download", args=[stored.pk]))
    assert response.status_code == 403
