# SPDX-License-Identifier: MIT
"""The shapes the national portal expects (DOMAIN §6.3): dossier records and progress lines.

Built at send time from the event (immutable) and the dossier, for a whole batch with a fixed
number of queries. Every item carries `MaSuKien`, the event's id in this province, which the
receiver deduplicates on: resending an item after a crash has no second effect.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db.models import CharField, F, Func, QuerySet
from django.urls import reverse

from congso.catalog.models import Procedure
from congso.core.models import Agency
from congso.dossiers.models import (
    Channel,
    DossierComponent,
    DossierResult,
    EventAction,
)
from congso.payments.selectors import dossiers_paid_online
from congso.workflow.states import NATIONAL_STATUS

from .models import OutboxEvent, StatusMapping

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
CHANNEL_CODES = {Channel.DIRECT: 1, Channel.ONLINE: 2, Channel.POSTAL: 3}
FILE_LINK_SALT = "congso.nationalsync.file"
FILE_LINK_MAX_AGE = dt.timedelta(days=7)
# DuocThanhToanTrucTuyen (DOMAIN §3, §6.3): 0 not paid online, 1 paid through the national
# portal's payment platform, 2 through the ministry's or province's own gateway. congso's
# gateway and VietQR transfers are the province's own channels; a province whose gateway
# adapter is the national platform sends 1 instead.
PAID_ONLINE_CODE = 2


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


class NationalTime(Func):
    """`national_time` computed by the database: `yyyyMMddHHmmss` in Asia/Ho_Chi_Minh, '' for
    NULL. Formatting 500 rows' dates in SQL spares the drain parsing each into a datetime and
    formatting it again (most of the time it spent building a batch)."""

    output_field = CharField()

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = (
            "COALESCE(to_char(%(expressions)s AT TIME ZONE 'Asia/Ho_Chi_Minh', "
            "'YYYYMMDDHH24MISS'), '')"
        )
        return super().as_sql(compiler, connection, template=template, **extra)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # Stored as UTC text; Viet Nam has kept UTC+7 without daylight saving since 1975.
        template = (
            "COALESCE(replace(replace(replace("
            "datetime(%(expressions)s, '+7 hours'), '-', ''), ' ', ''), ':', ''), '')"
        )
        return super().as_sql(compiler, connection, template=template, **extra)


# What a batch needs of each outbox row, its event and its dossier: read with the rows, in the
# query that claims them (no id lists, no model instances). Procedures, agencies and people
# are looked up once per batch (`_Lookups`): joining them here too made the claim cost more to
# plan than to run.
ITEM_FIELDS: dict[str, Any] = {
    "action": F("event__action"),
    "to_state": F("event__to_state"),
    "note": F("event__public_note"),
    "occurred": NationalTime("event__occurred_at"),
    "actor_id": F("event__actor_id"),
    "agency_id": F("event__agency_id"),
    "code": F("dossier__code"),
    "procedure_id": F("dossier__procedure_id"),
    "receiving_agency_id": F("dossier__receiving_agency_id"),
    "competent_agency_id": F("dossier__competent_agency_id"),
    "applicant_name": F("dossier__applicant_name"),
    "applicant_organisation_id": F("dossier__applicant_organisation_id"),
    "applicant_id_number": F("dossier__applicant_id_number"),
    "applicant_email": F("dossier__applicant_email"),
    "applicant_phone": F("dossier__applicant_phone"),
    "applicant_address": F("dossier__applicant_address"),
    "summary": F("dossier__summary"),
    "submitted": NationalTime("dossier__submitted_at"),
    "accepted": NationalTime("dossier__accepted_at"),
    "due": NationalTime("dossier__due_at"),
    "returned": NationalTime("dossier__returned_at"),
    "processing_ended": NationalTime("dossier__processing_ended_at"),
    "channel": F("dossier__channel"),
    "vneid_authenticated": F("dossier__vneid_authenticated"),
}


def item_values(rows: QuerySet[OutboxEvent], **extra: Any) -> QuerySet[OutboxEvent, dict[str, Any]]:
    """Outbox rows as plain dicts with everything `batch_items` needs (and `extra`)."""
    fields = ("id", "event_id", "dossier_id", "with_record", "attempts")
    return rows.values(*fields, **ITEM_FIELDS, **extra)


class _Procedure(NamedTuple):
    code: str  # the national TTHC code: the procedure mapping's, else the province's
    name: str
    field_code: str
    field_name: str


@dataclasses.dataclass
class _Lookups:
    """The rows a batch refers to, each read once for the batch."""

    codes: dict[str, int | None]
    procedures: dict[int, _Procedure]
    agencies: dict[int, tuple[str, str]]  # code, name
    people: dict[int, tuple[str, str]]  # name, username
    components: dict[int, list[DossierComponent]]
    results: dict[int, list[DossierResult]]
    paid_online: set[int]

    @classmethod
    def read(cls, rows: list[dict[str, Any]]) -> _Lookups:
        agency_ids = {r["receiving_agency_id"] for r in rows}
        agency_ids |= {r["competent_agency_id"] for r in rows}
        agency_ids |= {r["agency_id"] for r in rows if r["agency_id"]}
        components: dict[int, list[DossierComponent]] = defaultdict(list)
        results: dict[int, list[DossierResult]] = defaultdict(list)
        paid_online: set[int] = set()
        record_dossiers = {r["dossier_id"] for r in rows if r["with_record"]}
        if record_dossiers:
            for component in DossierComponent.objects.filter(dossier_id__in=record_dossiers):
                components[component.dossier_id].append(component)
            for result in DossierResult.objects.filter(dossier_id__in=record_dossiers):
                results[result.dossier_id].append(result)
            paid_online = dossiers_paid_online(dossier_ids=record_dossiers)
        return cls(
            codes=status_codes(),
            procedures=_procedures({r["procedure_id"] for r in rows}),
            agencies={
                pk: (code, name)
                for pk, code, name in Agency.objects.filter(pk__in=agency_ids).values_list(
                    "pk", "code", "name"
                )
            },
            people=_people({r["actor_id"] for r in rows if r["actor_id"]}),
            components=components,
            results=results,
            paid_online=paid_online,
        )


def _procedures(ids: set[int]) -> dict[int, _Procedure]:
    rows = Procedure.objects.filter(pk__in=ids).values_list(
        *("pk", "code", "name", "field__code", "field__name"),
        "national_mapping__national_code",
    )
    return {
        pk: _Procedure(mapped or code, name, field_code or "", field_name or "")
        for pk, code, name, field_code, field_name, mapped in rows
    }


def _people(ids: set[int]) -> dict[int, tuple[str, str]]:
    if not ids:
        return {}
    rows = get_user_model().objects.filter(pk__in=ids)
    return {
        pk: (f"{first} {last}".strip() or username, username)
        for pk, first, last, username in rows.values_list(
            "pk", "first_name", "last_name", "username"
        )
    }


def dossier_record(row: dict[str, Any], *, key: str, lookups: _Lookups) -> dict[str, Any]:
    """One `DongBoHoSoMC` item: the dossier as it stands, with the status of this event."""
    procedure = lookups.procedures[row["procedure_id"]]
    components = lookups.components[row["dossier_id"]]
    id_number = row["applicant_id_number"]
    return {
        "MaSuKien": key,
        "MaHoSo": row["code"],
        "MaTTHC": procedure.code,
        "TenTTHC": procedure.name,
        "MaLinhVuc": procedure.field_code,
        "TenLinhVuc": procedure.field_name,
        "SoBienNhan": row["code"],
        "ChuHoSo": row["applicant_name"],
        "LoaiDoiTuong": 2 if row["applicant_organisation_id"] else 1,
        "MaDoiTuong": "",
        "LoaiDinhDanh": 1 if len(id_number) == 12 else (2 if len(id_number) == 9 else 0),
        "SoDinhDanh": id_number,
        "Email": row["applicant_email"],
        "SoDienThoai": row["applicant_phone"],
        "DiaChiThuongTru": row["applicant_address"],
        "TrichYeuHoSo": (row["summary"] or procedure.name)[:1000],
        "NgayNopHoSo": row["submitted"],
        "NgayTiepNhan": row["accepted"],
        "NgayHenTra": row["due"],
        "TrangThaiHoSo": lookups.codes.get(row["to_state"]),
        "NgayTra": row["returned"],
        "NgayKetThucXuLy": row["processing_ended"],
        "KenhThucHien": CHANNEL_CODES.get(row["channel"], 1),
        "NoiNopHoSo": lookups.agencies[row["receiving_agency_id"]][0],
        "DonViXuLy": lookups.agencies[row["competent_agency_id"]][0],
        "HoSoCoThanhPhanSoHoa": int(any(c.digitised for c in components)),
        "TaiKhoanDuocXacThucVoiVNeID": int(row["vneid_authenticated"]),
        "DuocThanhToanTrucTuyen": (
            PAID_ONLINE_CODE if row["dossier_id"] in lookups.paid_online else 0
        ),
        "TaiLieuNop": [_component(c) for c in components],
        "DanhSachGiayToKetQua": [_result(r) for r in lookups.results[row["dossier_id"]]],
        "GhiChu": row["note"][:500],
    }


def progress_line(row: dict[str, Any], *, key: str, lookups: _Lookups) -> dict[str, Any]:
    """One `CapNhatTienDoHoSoMC` item: who did what to the dossier, and when."""
    actor_name, username = lookups.people.get(row["actor_id"], ("", ""))
    agency_code, agency_name = lookups.agencies.get(row["agency_id"], ("", ""))
    return {
        "MaSuKien": key,
        "MaHoSo": row["code"],
        "NguoiXuLy": actor_name,
        "TaiKhoanXuLy": username,
        "ChucDanh": "",
        "ThoiDiemXuLy": row["occurred"],
        "PhongBanXuLy": agency_name,
        "DonViXuLy": agency_code,
        "NoiDungXuLy": (row["note"] or _action_label(row["action"]))[:1000],
        "TrangThai": lookups.codes.get(row["to_state"]),
        "NgayBatDau": row["accepted"],
        "NgayKetThucTheoQuyDinh": row["due"],
    }


def _action_label(action: str) -> str:
    try:
        return str(EventAction(action).label)
    except ValueError:
        return action


def batch_items(
    rows: list[dict[str, Any]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """For outbox rows read with `item_values`: new dossier records, updated records, progress
    lines, with a fixed number of queries whatever the size of the batch.

    Events whose state the administrator maps to no national code are left out of the
    records and progress (they are still marked sent: there is nothing to report).
    """
    lookups = _Lookups.read(rows)
    prefix = f"{settings.CONGSO_PROVINCE_CODE}-"
    new, updated, progress = [], [], []
    for row in rows:
        if lookups.codes.get(row["to_state"]) is None:
            continue
        key = f"{prefix}{row['event_id']}"
        if row["with_record"]:
            record = dossier_record(row, key=key, lookups=lookups)
            (new if row["action"] == "register" else updated).append(record)
        progress.append(progress_line(row, key=key, lookups=lookups))
    return new, updated, progress
