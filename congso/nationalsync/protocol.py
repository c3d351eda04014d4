# SPDX-License-Identifier: MIT
"""The shapes the national portal expects (DOMAIN §6.3): dossier records and progress lines.

Built at send time from the event (immutable) and the dossier, for a whole batch with a fixed
number of queries. Every item carries `MaSuKien`, the event's id in this province, which the
receiver deduplicates on: resending an item after a crash has no second effect.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.urls import reverse

from congso.core.models import Agency
from congso.dossiers.models import (
    Channel,
    Dossier,
    DossierComponent,
    DossierEvent,
    DossierResult,
    EventAction,
)
from congso.workflow.states import NATIONAL_STATUS

from .models import ProcedureMapping, StatusMapping

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
CHANNEL_CODES = {Channel.DIRECT: 1, Channel.ONLINE: 2, Channel.POSTAL: 3}
FILE_LINK_SALT = "congso.nationalsync.file"
FILE_LINK_MAX_AGE = dt.timedelta(days=7)


def national_time(value: dt.datetime | None) -> str:
    """`yyyyMMddHHmmss` in Asia/Ho_Chi_Minh; empty when there is no such moment."""
    if value is None:
        return ""
    return value.astimezone(VIETNAM).strftime("%Y%m%d%H%M%S")


def parse_national_time(value: str) -> dt.datetime | None:
    if not value:
        return None
    return dt.datetime.strptime(value, "%Y%m%d%H%M%S").replace(tzinfo=VIETNAM)


def event_key(event_id: int) -> str:
    """The event's id at the receiver: unique across provinces sharing one national portal."""
    return f"{settings.CONGSO_PROVINCE_CODE}-{event_id}"


def status_codes() -> dict[str, int | None]:
    """Internal state → national code: the administrator's table over the built-in defaults."""
    codes: dict[str, int | None] = {str(state): code for state, code in NATIONAL_STATUS.items()}
    codes.update(StatusMapping.objects.values_list("state", "national_code"))
    return codes


def file_link(stored_file_id: int, dossier_id: int) -> str:
    """A signed link the national portal can fetch a file with, valid for a week."""
    token = signing.dumps({"f": stored_file_id, "d": dossier_id}, salt=FILE_LINK_SALT)
    path = reverse("dvcqg-file", kwargs={"token": token})
    return settings.CONGSO_PUBLIC_BASE_URL.rstrip("/") + path


def _applicant(dossier: dict[str, Any]) -> dict[str, Any]:
    id_number = dossier["applicant_id_number"]
    return {
        "ChuHoSo": dossier["applicant_name"],
        "LoaiDoiTuong": 2 if dossier["applicant_organisation_id"] else 1,
        "MaDoiTuong": "",
        "LoaiDinhDanh": 1 if len(id_number) == 12 else (2 if len(id_number) == 9 else 0),
        "SoDinhDanh": id_number,
        "Email": dossier["applicant_email"],
        "SoDienThoai": dossier["applicant_phone"],
        "DiaChiThuongTru": dossier["applicant_address"],
    }


def _component(component: DossierComponent) -> dict[str, Any]:
    return {
        "TepDinhKemId": component.pk,
        "TenTepDinhKem": component.document_name,
        "IsDeleted": False,
        "MaThanhPhanHoSo": "",
        "DuongDanTaiTepTin": (
            file_link(component.file_id, component.dossier_id) if component.file_id else ""
        ),
        "DuocSoHoa": 1 if component.digitised else 0,
        "DuocTaiSuDung": component.reuse_flag,
        "DuocLayTuKhoDMQG": 1 if component.origin == "store" else 0,
        "MaKetQuaThayThe": "",
    }


def _result(result: DossierResult) -> dict[str, Any]:
    return {
        "TenGiayTo": result.title,
        "MaThanhPhanHoSo": "",
        "GiayToId": result.pk,
        "DuongDanTepTinKetQua": file_link(result.file_id, result.dossier_id),
        "MaGiayToKetQua": "KQ.DVC.KETQUA",
    }


# Read as plain values: a batch of 500 events costs a few queries and no model instances.
EVENT_FIELDS = (
    *("id", "dossier_id", "action", "from_state", "to_state", "occurred_at"),
    *("public_note", "actor_id", "agency_id"),
)
DOSSIER_FIELDS = (
    *("id", "code", "procedure_id", "procedure__code", "procedure__name"),
    *("procedure__field__code", "procedure__field__name"),
    *("receiving_agency__code", "competent_agency__code"),
    *("applicant_name", "applicant_organisation_id", "applicant_id_number"),
    *("applicant_email", "applicant_phone", "applicant_address", "summary"),
    *("submitted_at", "accepted_at", "due_at", "returned_at", "processing_ended_at"),
    *("channel", "vneid_authenticated"),
)


def dossier_record(
    event: dict[str, Any],
    dossier: dict[str, Any],
    *,
    codes: dict[str, int | None],
    procedure_codes: dict[int, str],
    components: list[DossierComponent],
    results: list[DossierResult],
) -> dict[str, Any]:
    """One `DongBoHoSoMC` item: the dossier as it stands, with the status of this event."""
    return {
        "MaSuKien": event_key(event["id"]),
        "MaHoSo": dossier["code"],
        "MaTTHC": procedure_codes.get(dossier["procedure_id"], dossier["procedure__code"]),
        "TenTTHC": dossier["procedure__name"],
        "MaLinhVuc": dossier["procedure__field__code"],
        "TenLinhVuc": dossier["procedure__field__name"],
        "SoBienNhan": dossier["code"],
        **_applicant(dossier),
        "TrichYeuHoSo": (dossier["summary"] or dossier["procedure__name"])[:1000],
        "NgayNopHoSo": national_time(dossier["submitted_at"]),
        "NgayTiepNhan": national_time(dossier["accepted_at"]),
        "NgayHenTra": national_time(dossier["due_at"]),
        "TrangThaiHoSo": codes.get(event["to_state"]),
        "NgayTra": national_time(dossier["returned_at"]),
        "NgayKetThucXuLy": national_time(dossier["processing_ended_at"]),
        "KenhThucHien": CHANNEL_CODES.get(dossier["channel"], 1),
        "NoiNopHoSo": dossier["receiving_agency__code"],
        "DonViXuLy": dossier["competent_agency__code"],
        "HoSoCoThanhPhanSoHoa": int(any(c.digitised for c in components)),
        "TaiKhoanDuocXacThucVoiVNeID": int(dossier["vneid_authenticated"]),
        "DuocThanhToanTrucTuyen": 0,
        "TaiLieuNop": [_component(c) for c in components],
        "DanhSachGiayToKetQua": [_result(r) for r in results],
        "GhiChu": event["public_note"][:500],
    }


def progress_line(
    event: dict[str, Any],
    dossier: dict[str, Any],
    *,
    codes: dict[str, int | None],
    actors: dict[int, tuple[str, str]],
    agencies: dict[int, tuple[str, str]],
) -> dict[str, Any]:
    """One `CapNhatTienDoHoSoMC` item: who did what to the dossier, and when."""
    actor_name, username = actors.get(event["actor_id"], ("", ""))
    agency_code, agency_name = agencies.get(event["agency_id"], ("", ""))
    return {
        "MaSuKien": event_key(event["id"]),
        "MaHoSo": dossier["code"],
        "NguoiXuLy": actor_name,
        "TaiKhoanXuLy": username,
        "ChucDanh": "",
        "ThoiDiemXuLy": national_time(event["occurred_at"]),
        "PhongBanXuLy": agency_name,
        "DonViXuLy": agency_code,
        "NoiDungXuLy": (event["public_note"] or _action_label(event["action"]))[:1000],
        "TrangThai": codes.get(event["to_state"]),
        "NgayBatDau": national_time(dossier["accepted_at"]),
        "NgayKetThucTheoQuyDinh": national_time(dossier["due_at"]),
    }


def _action_label(action: str) -> str:
    try:
        return str(EventAction(action).label)
    except ValueError:
        return action


def _people(ids: set[int]) -> dict[int, tuple[str, str]]:
    from django.contrib.auth import get_user_model

    rows = get_user_model().objects.filter(pk__in=ids)
    return {
        pk: (f"{first} {last}".strip() or username, username)
        for pk, first, last, username in rows.values_list(
            "pk", "first_name", "last_name", "username"
        )
    }


def batch_items(
    rows: Iterable[tuple[int, bool]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """For (event id, with record) pairs: new dossier records, updated records, progress lines.

    Events whose state the administrator maps to no national code are left out of the
    records and progress (they are still marked sent: there is nothing to report).
    """
    wanted = dict(rows)
    events = list(DossierEvent.objects.filter(pk__in=wanted).order_by("pk").values(*EVENT_FIELDS))
    dossiers = {
        d["id"]: d
        for d in Dossier.objects.filter(pk__in={e["dossier_id"] for e in events}).values(
            *DOSSIER_FIELDS
        )
    }
    actors = _people({e["actor_id"] for e in events if e["actor_id"]})
    agencies = {
        pk: (code, name)
        for pk, code, name in Agency.objects.filter(
            pk__in={e["agency_id"] for e in events if e["agency_id"]}
        ).values_list("pk", "code", "name")
    }
    codes = status_codes()
    record_dossiers = {e["dossier_id"] for e in events if wanted[e["id"]]}
    components: dict[int, list[DossierComponent]] = defaultdict(list)
    results: dict[int, list[DossierResult]] = defaultdict(list)
    procedure_codes: dict[int, str] = {}
    if record_dossiers:
        for component in DossierComponent.objects.filter(dossier_id__in=record_dossiers):
            components[component.dossier_id].append(component)
        for result in DossierResult.objects.filter(dossier_id__in=record_dossiers):
            results[result.dossier_id].append(result)
        procedure_codes = dict(
            ProcedureMapping.objects.filter(
                procedure_id__in={dossiers[d]["procedure_id"] for d in record_dossiers}
            ).values_list("procedure_id", "national_code")
        )
    new, updated, progress = [], [], []
    for event in events:
        if codes.get(event["to_state"]) is None:
            continue
        dossier = dossiers[event["dossier_id"]]
        if wanted[event["id"]]:
            record = dossier_record(
                event,
                dossier,
                codes=codes,
                procedure_codes=procedure_codes,
                components=components[event["dossier_id"]],
                results=results[event["dossier_id"]],
            )
            (new if event["action"] == "register" else updated).append(record)
        progress.append(
            progress_line(event, dossier, codes=codes, actors=actors, agencies=agencies)
        )
    return new, updated, progress
