# SPDX-License-Identifier: MIT
"""Refreshing catalog entries from the national TTHC database (`LayThuTuc`, DOMAIN §2.3).

The national record is authoritative for what it publishes: name, sector, steps, channels
with their times, documents, results, legal basis, conditions, subjects, implementing
agencies. What the province adds on top — structured fees with reductions, the online form,
the process definition, publication status — is kept. A changed record becomes a new catalog
version, so dossiers already received keep the version they were received under.
"""

from __future__ import annotations

import logging
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import ValidationError

from congso.catalog.models import Procedure
from congso.catalog.records import AGENCY_CODE_RE, ProcedureRecord
from congso.catalog.services import procedure_to_record, procedures_upsert
from congso.core.text import fold

from .client import NationalPortalClient

logger = logging.getLogger(__name__)

# KENH and DONVITINH as the national record spells them, matched accent- and case-blind.
CHANNELS = {
    fold(name): code
    for name, code in (
        ("Trực tiếp", "direct"),
        ("Trực tuyến", "online"),
        ("Nộp qua bưu chính công ích", "postal"),
        ("Dịch vụ bưu chính", "postal"),
    )
}
UNITS = {
    fold(name): code
    for name, code in (
        ("Ngày làm việc", "working_day"),
        ("Ngày", "day"),
        ("Giờ", "hour"),
        ("Giờ làm việc", "hour"),
        ("Tháng", "month"),
    )
}


class NationalRecordError(Exception):
    pass


def _list(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _text(item: dict[str, Any], key: str) -> str:
    value = item.get(key)
    return "" if value is None else str(value).strip()


def _channels(national: dict[str, Any]) -> list[dict[str, Any]]:
    channels = []
    for way in _list(national.get("CACHTHUCTHUCHIEN")):
        kind = CHANNELS.get(fold(_text(way, "KENH")))
        times = _list(way.get("THOIGIAN"))
        if kind is None or not times or kind in {c["kind"] for c in channels}:
            continue
        first = times[0]
        unit = UNITS.get(fold(_text(first, "DONVITINH")))
        try:
            amount = Decimal(_text(first, "THOIGIANGIAIQUYET").replace(",", "."))
        except InvalidOperation:
            continue
        if unit is None:
            continue
        fees = [
            " ".join(filter(None, (_text(f, "SOTIEN"), _text(f, "DONVI"), _text(f, "MOTA"))))
            for t in times
            for f in _list(t.get("PHILEPHI"))
        ]
        channels.append(
            {
                "kind": kind,
                "processing_time": amount,
                "time_unit": unit,
                "description": _text(first, "MOTA"),
                "fee_text": "\n".join(fees),
            }
        )
    return channels


def _documents(national: dict[str, Any]) -> list[dict[str, Any]]:
    groups = national.get("THANHPHANHOSO")
    if isinstance(groups, dict):
        groups = [groups]
    documents = []
    for group in _list(groups):
        case = _text(group, "TRUONGHOP")
        for paper in _list(group.get("GIAYTO")):
            name = _text(paper, "TENGIAYTO")
            if not name:
                continue
            documents.append(
                {
                    "code": _text(paper, "MAGIAYTO")[:255],
                    "case": case[:255],
                    "name": name[:2000],
                    "originals": _count(paper.get("SOBANCHINH")),
                    "copies": _count(paper.get("SOBANSAO")),
                    "template_name": _text(paper, "TENMAUDON")[:255],
                    "template_url": _text(paper, "URL")[:255],
                }
            )
    return documents


def _count(value: Any) -> int:
    try:
        return max(0, min(99, int(value)))
    except (TypeError, ValueError):
        return 0


def national_to_record(national: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """`current` (a ProcedureRecord as a dict) updated with what the national record holds."""
    record = dict(current)
    if _text(national, "TENTTHC"):
        record["name"] = _text(national, "TENTTHC")[:500]
    sectors = _list(national.get("LINHVUCTHUCHIEN"))
    if sectors and _text(sectors[0], "MALINHVUC"):
        record["field_code"] = _text(sectors[0], "MALINHVUC")
        record["field_name"] = _text(sectors[0], "TENLINHVUC") or record["field_code"]
    steps = [
        {"case": _text(case, "TRUONGHOP")[:255], "description": _text(step, "TENTRINHTU")}
        for case in _list(national.get("TRINHTUTHUCHIEN"))
        for step in _list(case.get("TRINHTU"))
        if _text(step, "TENTRINHTU")
    ]
    if steps:
        record["steps"] = steps
    channels = _channels(national)
    if channels:
        record["channels"] = channels
    documents = _documents(national)
    if documents:
        record["documents"] = documents
    results = [
        {"code": _text(r, "MAKETQUA")[:255], "name": _text(r, "TENKETQUA")}
        for r in _list(national.get("KETQUATHUCHIEN"))
        if _text(r, "TENKETQUA")
    ]
    if results:
        record["results"] = results
    bases = [
        {"number": _text(b, "SOVANBAN")[:255], "title": _text(b, "TENVANBAN")}
        for b in _list(national.get("CANCUPHAPLY"))
        if _text(b, "SOVANBAN")
    ]
    if bases:
        record["legal_bases"] = bases
    if _text(national, "YEUCAU"):
        record["conditions"] = _text(national, "YEUCAU")
    if _text(national, "MOTADOITUONGTHUCHIEN"):
        record["subjects"] = [_text(national, "MOTADOITUONGTHUCHIEN")[:255]]
    implementing = [
        {
            "role": "implementing",
            "code": code if AGENCY_CODE_RE.match(code) else "",
            "name": _text(a, "TENDONVI")[:255],
        }
        for a in _list(national.get("COQUANTHUCHIEN"))
        for code in [_text(a, "MADONVI")]
    ]
    if implementing:
        others = [a for a in record.get("agencies", []) if a["role"] != "implementing"]
        record["agencies"] = others + implementing
    return record


def procedure_refresh(client: NationalPortalClient, procedure: Procedure) -> str:
    """Refresh one procedure; returns "updated" or "unchanged". Raises NationalRecordError."""
    from .models import ProcedureMapping

    mapping = ProcedureMapping.objects.filter(procedure=procedure).first()
    code = mapping.national_code if mapping else procedure.code
    body = client.call("LayThuTuc", maTTHC=code)
    national = body.get("result")
    if isinstance(national, list):
        national = national[0] if national else None
    if not isinstance(national, dict):
        raise NationalRecordError(f"{code}: the answer holds no procedure")
    current = procedure_to_record(procedure).model_dump(mode="json")
    try:
        record = ProcedureRecord.model_validate(national_to_record(national, current))
    except ValidationError as exc:
        raise NationalRecordError(f"{code}: {exc.errors()[0]['msg']}") from exc
    _created, updated, _unchanged = procedures_upsert(records=[record], note=f"LayThuTuc {code}")
    return "updated" if updated else "unchanged"
