# SPDX-License-Identifier: MIT
"""Report photos: checked to be images, a private original and a published copy.

The original is kept as uploaded (EXIF with GPS, camera, time) for officers. The published
copy is decoded and re-encoded as a new JPEG: turned upright, at most
CONGSO_FIELD_REPORT_PHOTO_MAX_SIDE pixels on its longer side, with no metadata at all (no
EXIF, no GPS, no ICC comment), so nothing but the pixels leaves the back office.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from fractions import Fraction
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from congso.files.models import StoredFile
from congso.files.services import stored_file_create, stored_file_create_from_bytes

from .exceptions import FieldReportInvalidError

PHOTO_KINDS = frozenset({"jpeg", "png"})
GPS_IFD = 0x8825
JPEG_QUALITY = 82


@dataclass(frozen=True)
class StoredPhoto:
    original: StoredFile
    public: StoredFile
    width: int
    height: int
    exif_gps: dict[str, float] | None


def _ratio(value: Any) -> float:
    if isinstance(value, tuple) and len(value) == 2:
        return float(Fraction(int(value[0]), int(value[1]) or 1))
    return float(value)


def _dms(values: Any, ref: Any, negative: str) -> float | None:
    try:
        degrees, minutes, seconds = (_ratio(v) for v in values)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    result = degrees + minutes / 60 + seconds / 3600
    return -result if str(ref).upper().startswith(negative) else result


def exif_gps(image: Image.Image) -> dict[str, float] | None:
    """The GPS position the camera wrote, if any ({"lat": …, "lon": …})."""
    try:
        gps = image.getexif().get_ifd(GPS_IFD)
    except Exception:
        return None
    if not gps or 2 not in gps or 4 not in gps:
        return None
    lat = _dms(gps.get(2), gps.get(1, "N"), "S")
    lon = _dms(gps.get(4), gps.get(3, "E"), "W")
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return {"lat": round(lat, 7), "lon": round(lon, 7)}


def public_copy(image: Image.Image, max_side: int) -> tuple[bytes, int, int]:
    """A new JPEG of the pixels only: upright, resized, without any metadata.

    Shrunk first (in place, keeping the EXIF orientation), so that turning and converting
    work on a small image whatever the size of the original.
    """
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    upright = ImageOps.exif_transpose(image)
    if upright.mode not in ("RGB", "L"):
        background = Image.new("RGB", upright.size, (255, 255, 255))
        rgba = upright.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        upright = background
    upright.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    clean = Image.new(upright.mode, upright.size)
    clean.paste(upright)
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue(), clean.width, clean.height


def photo_store(*, fileobj: IO[bytes], filename: str, uploaded_by: Any = None) -> StoredPhoto:
    """Inspect and keep one photo; FileRejectedError (a 400) when it is not a usable image."""
    original = stored_file_create(
        fileobj=fileobj,
        filename=filename or "photo.jpg",
        uploaded_by=uploaded_by,
        max_bytes=settings.CONGSO_FIELD_REPORT_PHOTO_MAX_BYTES,
        allowed=PHOTO_KINDS,
        field="media",
    )
    with original.file.open("rb") as fp:
        try:
            image = Image.open(fp)
            if image.width * image.height > settings.CONGSO_FIELD_REPORT_PHOTO_MAX_PIXELS:
                raise FieldReportInvalidError(
                    _("“%(name)s” is too large a picture (%(w)s×%(h)s pixels).")
                    % {"name": original.original_name, "w": image.width, "h": image.height},
                    field="media",
                )
            max_side = settings.CONGSO_FIELD_REPORT_PHOTO_MAX_SIDE
            # JPEG decodes straight at a reduced scale: a large photo never fills memory.
            image.draft("RGB", (max_side, max_side))
            image.load()
        except (OSError, ValueError, Image.DecompressionBombError) as exc:
            raise FieldReportInvalidError(
                _("“%(name)s” could not be read as a photo.") % {"name": original.original_name},
                field="media",
            ) from exc
        gps = exif_gps(image)
        data, width, height = public_copy(image, max_side)
    public = stored_file_create_from_bytes(
        data=data, filename="photo.jpg", uploaded_by=uploaded_by, allowed=PHOTO_KINDS
    )
    return StoredPhoto(original, public, width, height, gps)
