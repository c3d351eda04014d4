# SPDX-License-Identifier: MIT
"""Photos are shrunk before anything else is done with their pixels, and a small file that
would decode into a huge picture is refused."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from congso.feedback.exceptions import FieldReportInvalidError
from congso.feedback.photos import photo_store

from .conftest import jpeg_with_gps

pytestmark = pytest.mark.django_db


def test_a_tiny_file_holding_a_huge_picture_is_refused(settings):
    settings.CONGSO_FIELD_REPORT_PHOTO_MAX_PIXELS = 30_000_000
    buffer = io.BytesIO()
    Image.new("P", (8000, 8000)).save(buffer, format="PNG")
    assert len(buffer.getvalue()) < 100_000
    buffer.seek(0)
    with pytest.raises(FieldReportInvalidError):
        photo_store(fileobj=buffer, filename="bom.png")


def test_a_large_photo_is_published_small_with_its_position_kept_privately(settings):
    settings.CONGSO_FIELD_REPORT_PHOTO_MAX_SIDE = 800
    stored = photo_store(fileobj=io.BytesIO(jpeg_with_gps((4000, 3000))), filename="x.jpg")
    assert max(stored.width, stored.height) <= 800
    assert stored.exif_gps is not None
    with stored.public.file.open("rb") as fp:
        assert not Image.open(fp).getexif()
