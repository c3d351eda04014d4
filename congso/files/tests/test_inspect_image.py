# SPDX-License-Identifier: MIT
"""Images: they must open as what they claim, hold all their data and stay within the pixels."""

from __future__ import annotations

import io

import pytest

from congso.files.exceptions import FileRejectedError
from congso.files.inspect import inspect_upload

from . import samples


def refusal(data: bytes, name: str = "ảnh.png") -> FileRejectedError:
    with pytest.raises(FileRejectedError) as caught:
        inspect_upload(io.BytesIO(data), filename=name)
    return caught.value


@pytest.mark.parametrize(("fmt", "kind"), [("PNG", "png"), ("JPEG", "jpeg")])
def test_an_image_passes_with_its_size(fmt, kind):
    inspected = inspect_upload(io.BytesIO(samples.image_bytes(fmt, 300, 200)), filename="a")
    assert (inspected.kind, inspected.width, inspected.height) == (kind, 300, 200)
    assert inspected.pages is None


def test_a_progressive_jpeg_passes():
    out = io.BytesIO()
    samples.noisy_image(80, 60).save(out, "JPEG", progressive=True)
    assert inspect_upload(io.BytesIO(out.getvalue()), filename="a.jpg").kind == "jpeg"


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_a_truncated_image_is_corrupt(fmt):
    data = samples.image_bytes(fmt, 200, 200)
    error = refusal(data[: len(data) // 2])
    assert error.code == "file_corrupt"


def test_a_png_with_a_damaged_chunk_is_corrupt():
    data = bytearray(samples.image_bytes("PNG", 100, 100))
    data[data.index(b"IDAT") + 100] ^= 0xFF
    error = refusal(bytes(data))
    assert error.code == "file_corrupt"
    assert "verify" in error.reason


def test_a_png_with_a_broken_header_is_corrupt():
    data = bytearray(samples.image_bytes("PNG"))
    data[20] ^= 0xFF  # inside IHDR: its CRC no longer matches
    assert refusal(bytes(data)).code == "file_corrupt"


def test_a_pixel_bomb_is_refused_before_it_is_unpacked():
    data = samples.png_pixel_bomb()
    assert len(data) < 200
    error = refusal(data)
    assert error.code == "image_too_large"


def test_the_pixel_limit_comes_from_settings(settings):
    data = samples.image_bytes("JPEG", 100, 80)
    settings.CONGSO_UPLOAD_MAX_IMAGE_PIXELS = 8000
    assert inspect_upload(io.BytesIO(data), filename="a.jpg").width == 100
    settings.CONGSO_UPLOAD_MAX_IMAGE_PIXELS = 7999
    error = refusal(data, "a.jpg")
    assert error.code == "image_too_large"
    assert error.reason == "100×80 pixels"
