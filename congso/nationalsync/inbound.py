# SPDX-License-Identifier: MIT
"""Dossiers filed on the national portal, arriving in congso (DOMAIN §0, §6).

They arrive pushed (the portal or the LGSP posts them to `/dvcqg/ho-so/`) or pulled (the
`dvcqg_pull` command asks for them). Either way each record goes through
`national_dossier_receive`: idempotent by the national dossier code, which stays the dossier's
code in congso, registered in the state every dossier starts in (awaiting reception), so the
desk runs the same completeness check as for any other channel. Attached files are fetched
from the links in the record and inspected like any upload before the dossier is written.
"""

from __future__ import annotations

import dataclasses
import io
import ipaddress
import logging
import re
from typing import Any
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from congso.catalog.models import Procedure
from congso.core.exceptions import DomainError, InvalidInputError
from congso.core.models import Agency
from congso.dossiers.attachments import component_record_received
from congso.dossiers.models import Channel, Dossier, Source
from congso.dossiers.services import dossier_register
from congso.files.exceptions import FileRejectedError
from congso.files.limits import upload_limits
from congso.files.models import StoredFile
from congso.files.services import stored_file_create

from .models import InboundRecord, InboundStatus
from .protocol import parse_national_time

logger = logging.getLogger(__name__)

CHANNELS = {1: Channel.DIRECT, 2: Channel.ONLINE, 3: Channel.POSTAL}
MAX_CODE_LENGTH = 40
MAX_FILES = 50
# Codes travel in URLs and file names: letters, digits, dot, dash, underscore.
CODE_RE = re.compile(r"^[A-Za-z0-9._-]{1,40}$")


@dataclasses.dataclass(frozen=True)
class _File:
    name: str
    stored: StoredFile
    reused: bool


def _text(record: dict[str, Any], key: str, limit: int) -> str:
    value = record.get(key)
    return "" if value is None else str(value).strip()[:limit]


def _procedure(code: str) -> Procedure:
    procedure = (
        Procedure.objects.filter(national_mapping__national_code=code).first()
        or Procedure.objects.filter(code=code).first()
    )
    if procedure is None:
        raise InvalidInputError(_("Unknown procedure code %(code)s.") % {"code": code})
    return procedure


def _receiving_agency(record: dict[str, Any]) -> Agency:
    for code in (
        _text(record, "NoiNopHoSo", 40),
        _text(record, "DonViXuLy", 40),
        settings.CONGSO_DVCQG_DEFAULT_RECEIVING_AGENCY,
        settings.CONGSO_DEFAULT_RECEIVING_AGENCY,
    ):
        if code:
            agency = Agency.objects.filter(code=code).first()
            if agency is not None:
                return agency
    raise InvalidInputError(_("No agency of this province receives this dossier."))


def _allowed_hosts() -> set[str]:
    """The hosts listed, else the national link's own host — unless that is a loopback or
    private address, which must be listed explicitly to be trusted."""
    hosts = {h.strip().lower() for h in settings.CONGSO_DVCQG_FILE_HOSTS if h.strip()}
    if hosts:
        return hosts
    host = (urlsplit(settings.CONGSO_DVCQG_BASE_URL).hostname or "").lower()
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return {host} if host and host != "localhost" else set()
    return set() if address.is_private or address.is_loopback else {host}


def _check_link(url: str, name: str) -> None:
    """Files come only from the national side: no other host, no other scheme (no SSRF)."""
    parts = urlsplit(url)
    if (
        parts.scheme not in ("http", "https")
        or (parts.hostname or "").lower() not in _allowed_hosts()
    ):
        raise InvalidInputError(
            _("The file %(name)s is not on a server of the national portal.") % {"name": name}
        )


def _fetch_files(record: dict[str, Any], http: httpx.Client) -> list[_File]:
    """Download and inspect every attached file before anything is written."""
    documents = record.get("TaiLieuNop") or []
    if not isinstance(documents, list):
        raise InvalidInputError(_("TaiLieuNop must be a list."))
    if len(documents) > MAX_FILES:
        raise InvalidInputError(_("At most %(n)s attached files per dossier.") % {"n": MAX_FILES})
    limit = upload_limits().max_file_bytes
    files = []
    for item in documents:
        if not isinstance(item, dict) or item.get("IsDeleted"):
            continue
        url = _text(item, "DuongDanTaiTepTin", 2000)
        name = _text(item, "TenTepDinhKem", 255) or _("Document")
        if not url:
            continue
        _check_link(url, name)
        try:
            with http.stream("GET", url) as response:
                response.raise_for_status()
                data = io.BytesIO()
                for chunk in response.iter_bytes():
                    data.write(chunk)
                    if data.tell() > limit:
                        break
        except httpx.HTTPError as exc:
            raise InvalidInputError(
                _("The file %(name)s could not be fetched: %(error)s")
                % {"name": name, "error": exc}
            ) from exc
        data.seek(0)
        stored = stored_file_create(
            fileobj=data, filename=url.rsplit("/", 1)[-1] or name, field="TaiLieuNop", audit=False
        )
        files.append(_File(name=name, stored=stored, reused=bool(item.get("DuocTaiSuDung"))))
    return files


def _applicant_fields(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "applicant_id_number": _text(record, "SoDinhDanh", 16),
        "applicant_phone": _text(record, "SoDienThoai", 16),
        "applicant_email": _text(record, "Email", 254),
        "applicant_address": _text(record, "DiaChiThuongTru", 500),
        "vneid_authenticated": str(record.get("TaiKhoanDuocXacThucVoiVNeID", "0")) == "1",
    }


def national_dossier_receive(
    record: Any, *, channel: str, http: httpx.Client | None = None
) -> InboundRecord:
    """Register one dossier from the national portal, once; a record of the attempt is kept."""
    if not isinstance(record, dict):
        raise InvalidInputError(_("Each dossier must be a JSON object."))
    code = _text(record, "MaHoSo", MAX_CODE_LENGTH + 1)
    if not CODE_RE.match(code):
        raise InvalidInputError(
            _("MaHoSo must be 1 to 40 letters, digits, dots, dashes or underscores.")
        )
    existing = Dossier.objects.filter(code=code).only("pk").first()
    if existing is not None:
        return InboundRecord(
            national_code=code, channel=channel, status=InboundStatus.DUPLICATE, dossier=existing
        )
    try:
        procedure = _procedure(_text(record, "MaTTHC", 40))
        agency = _receiving_agency(record)
        applicant = _text(record, "ChuHoSo", 255)
        if not applicant:
            raise InvalidInputError(_("ChuHoSo (the applicant) is missing."))
        try:
            submitted_at = parse_national_time(_text(record, "NgayNopHoSo", 14))
        except ValueError as exc:
            raise InvalidInputError(_("NgayNopHoSo must be yyyyMMddHHmmss.")) from exc
        own_http = http is None
        http = http or httpx.Client(timeout=settings.CONGSO_DVCQG_TIMEOUT_SECONDS)
        try:
            files = _fetch_files(record, http)
        finally:
            if own_http:
                http.close()
        with transaction.atomic():
            dossier = dossier_register(
                procedure=procedure,
                receiving_agency=agency,
                channel=CHANNELS.get(_int(record.get("KenhThucHien")), Channel.ONLINE),
                source=Source.NATIONAL_PORTAL,
                applicant_name=applicant,
                actor=None,
                applicant_fields=_applicant_fields(record),
                summary=_text(record, "TrichYeuHoSo", 1000),
                code=code,
                submitted_at=submitted_at,
            )
            for item in files:
                component_record_received(
                    dossier=dossier, document_name=item.name, stored=item.stored, reused=item.reused
                )
            return InboundRecord.objects.create(
                national_code=code,
                channel=channel,
                status=InboundStatus.REGISTERED,
                dossier=dossier,
                payload=record,
            )
    except IntegrityError:
        # The same dossier arrived twice at the same moment: the other one registered it.
        existing = Dossier.objects.filter(code=code).only("pk").first()
        if existing is None:
            raise
        return InboundRecord(
            national_code=code, channel=channel, status=InboundStatus.DUPLICATE, dossier=existing
        )
    except (DomainError, FileRejectedError) as exc:
        detail = getattr(exc, "detail", None) or str(exc)
        logger.warning("dossier %s from the national portal refused: %s", code, detail)
        seen = InboundRecord.objects.filter(
            national_code=code, status=InboundStatus.REJECTED, error=str(detail)
        ).first()
        if seen is not None:
            return seen  # pulled again, refused again for the same reason: keep one record
        return InboundRecord.objects.create(
            national_code=code,
            channel=channel,
            status=InboundStatus.REJECTED,
            error=str(detail),
            payload=record,
        )


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
