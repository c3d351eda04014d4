# SPDX-License-Identifier: MIT
"""The demo province's procedure catalog (DEMO DATA), as `ProcedureRecord` dicts.

The names follow the national catalog's wording, but the codes (`1.0FFSSS` for procedures
handled at province level, `2.0FFSSS` for commune-only ones, FF = field number), the
publication decisions, the council-set fees and the agency codes are demo values, and every
record carries `is_demo: True`.

The tables in `congso.demo.data` are compact; each procedure entry may have:

- `name`, `en` (English name), `lv` ("commune", "province", "province+commune",
  "central+province") — required;
- `time`: working days as a number, or `[value, unit]` / `[value, unit, wording]`;
- `ol`: online level (default: the field's), `postal`: postal channel (default: the field's);
- `fees`: `[name, amount]`, `[name, amount, basis]` or `[name, amount, basis, channel]`
  (no fees = free), `exempt`: exemption wording for the first fee, `fee_note`: a fee
  that is not a fixed amount (e.g. a percentage of the investment), shown in the channel text;
- `docs`: `[name, originals, copies]` or `[name, originals, copies, template]`; a document
  whose name says "(nếu có)" or "(trường hợp …" is optional;
- `res`: result(s); `cond`: conditions; `subj`: subjects (default: the field's);
- `laws`: extra law keys; `ag` / `impl` / `coord`: agency keys (competent / receiving /
  coordinating); `cutoff`: "15:00"; `bf`: filed anywhere in the province; `paper`: paper
  result required (default: guessed from the result); `desc`, `steps`: overrides.
"""

from __future__ import annotations

import copy
import datetime as dt
from functools import cache

from congso.demo.agencies import agency_addresses, agency_codes, agency_names
from congso.demo.data import (
    cong_an,
    dat_dai_nong_nghiep,
    giao_duc_y_te_khcn,
    kinh_te,
    noi_vu_xa_hoi,
    tu_phap,
    van_hoa_du_lich,
    xay_dung_giao_thong,
)
from congso.demo.data.fields import FIELDS, GENERIC_HANDLE, PSEUDO_AGENCIES
from congso.demo.data.laws import LAWS

MODULES = (
    tu_phap,
    xay_dung_giao_thong,
    kinh_te,
    dat_dai_nong_nghiep,
    cong_an,
    noi_vu_xa_hoi,
    van_hoa_du_lich,
    giao_duc_y_te_khcn,
)

UNIT_WORDS = {
    "working_day": "ngày làm việc",
    "day": "ngày",
    "hour": "giờ làm việc",
    "month": "tháng",
}
PAPER_RESULTS = (
    "giấy phép",
    "giấy chứng nhận",
    "chứng chỉ",
    "thẻ ",
    "giấy khai sinh",
    "bằng khen",
    "hộ chiếu",
    "biển số",
    "bản sao văn bằng",
)
ONLINE_PORTAL = "Cổng Dịch vụ công quốc gia (dichvucong.gov.vn)"
COMMUNE_RECEPTION = "Trung tâm Phục vụ hành chính công xã, phường thuộc thành phố Huế"
POLICE_COMMUNE_RECEPTION = "Trụ sở Công an xã, phường nơi người yêu cầu cư trú"
UQ_DOC = "Văn bản ủy quyền (trường hợp thực hiện thủ tục thông qua người được ủy quyền)"


def _money(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đồng"


def _agency(role: str, key: str) -> dict:
    if key in PSEUDO_AGENCIES:
        return {"role": role, "code": "", "name": PSEUDO_AGENCIES[key]}
    return {"role": role, "code": agency_codes()[key], "name": agency_names()[key]}


def _agency_name(key: str) -> str:
    return PSEUDO_AGENCIES.get(key) or agency_names()[key]


def _levels(entry: dict) -> list[str]:
    return entry["lv"].split("+")


def _time(entry: dict) -> tuple[float, str, str]:
    spec = entry.get("time", 5)
    if isinstance(spec, int | float):
        spec = [spec, "working_day"]
    value, unit = spec[0], spec[1]
    wording = spec[2] if len(spec) > 2 else ""
    if not wording:
        shown = f"{value:02d}" if isinstance(value, int) else f"{value:g}".replace(".", ",")
        wording = f"{shown} {UNIT_WORDS[unit]} kể từ ngày nhận đủ hồ sơ hợp lệ"
    return value, unit, wording


def _fees(entry: dict) -> list[dict]:
    specs = entry.get("fees") or ([] if entry.get("fee_note") else [["Không thu phí, lệ phí", 0]])
    fees = []
    for spec in specs:
        name, amount = spec[0], spec[1]
        fees.append(
            {
                "name": name,
                "kind": "fee" if name.startswith("Phí") else "charge",
                "amount": amount,
                "basis": spec[2] if len(spec) > 2 else "fixed",
                "channel": spec[3] if len(spec) > 3 else "",
                "exemption": "",
            }
        )
    if entry.get("exempt") and fees:
        fees[0]["exemption"] = entry["exempt"]
    return fees


def fee_text(fees: list[dict], channel: str, note: str = "") -> str:
    """The published fee wording of one channel, e.g. "Lệ phí …: 100.000 đồng"."""
    parts = []
    for fee in fees:
        if fee["channel"] not in ("", channel):
            continue
        if fee["amount"]:
            unit = {"fixed": "", "per_item": "/trường hợp"}.get(fee["basis"], "")
            if fee["basis"] == "per_copy":
                unit = "/trang" if "trang" in fee["name"] else "/bản"
            parts.append(f"{fee['name']}: {_money(fee['amount'])}{unit}")
        elif fee["name"].startswith("Không thu"):
            parts.append(fee["name"])
        else:
            parts.append(f"{fee['name']}: không thu")
    if note:
        parts.append(note)
    return "; ".join(parts)


def _channels(entry: dict, field: dict, fees: list[dict]) -> list[dict]:
    value, unit, wording = _time(entry)
    kinds = ["direct"]
    if entry.get("ol", field["online"]) != "none":
        kinds.append("online")
    if entry.get("postal", field["postal"]):
        kinds.append("postal")
    return [
        {
            "kind": kind,
            # A string with two decimals: what the database gives back (DecimalField(…, 2)).
            "processing_time": f"{value:.2f}",
            "time_unit": unit,
            "description": wording,
            "fee_text": fee_text(fees, kind, entry.get("fee_note", "")),
        }
        for kind in kinds
    ]


def _documents(entry: dict) -> list[dict]:
    specs = list(entry.get("docs", []))
    if len(specs) < 2:
        specs.append([UQ_DOC, 1, 0])
    docs = []
    for spec in specs:
        name = spec[0]
        docs.append(
            {
                "name": name,
                "originals": spec[1],
                "copies": spec[2],
                "template_name": spec[3] if len(spec) > 3 else "",
                "optional": "(nếu có)" in name or "(trường hợp" in name,
            }
        )
    return docs


def _agencies(entry: dict, field: dict, levels: list[str]) -> tuple[list[dict], str]:
    """Agency references and the reception address."""
    refs = []
    if levels == ["commune"]:
        impl = entry.get("impl", field.get("impl_xa", "ubnd_xa"))
        comp = entry.get("ag", field.get("ag_xa", impl))
        refs.append(_agency("implementing", impl))
        refs.append(_agency("competent", comp))
        address = POLICE_COMMUNE_RECEPTION if impl == "ca_xa" else COMMUNE_RECEPTION
    else:
        impl = entry.get("impl", field.get("impl", "ttpvhcc"))
        comp = entry.get("ag", field["ag"])
        refs.append(_agency("implementing", impl))
        if "commune" in levels:
            refs.append(_agency("implementing", field.get("impl_xa", "ubnd_xa")))
        refs.append(_agency("competent", comp))
        address = f"{_agency_name(impl)}, {agency_addresses()[impl]}"
        if "commune" in levels:
            address += f"; hoặc {COMMUNE_RECEPTION} (đối với việc thuộc thẩm quyền cấp xã)"
    refs.extend(_agency("coordinating", key) for key in entry.get("coord", []))
    return refs, address


def _steps(entry: dict, field: dict, comp_name: str, channels: list[dict]) -> list[dict]:
    if "steps" in entry:
        return [{"case": "", "description": text} for text in entry["steps"]]
    kinds = {c["kind"] for c in channels}
    ways = ["trực tiếp tại bộ phận tiếp nhận và trả kết quả"]
    if "postal" in kinds:
        ways.append("qua dịch vụ bưu chính công ích")
    if "online" in kinds:
        ways.append(f"trực tuyến trên {ONLINE_PORTAL}")
    returns = ["tại nơi nộp hồ sơ"]
    if "postal" in kinds:
        returns.append("qua dịch vụ bưu chính công ích")
    if "online" in kinds:
        returns.append("trả bản điện tử vào Kho quản lý dữ liệu điện tử của tổ chức, cá nhân")
    handle = field.get("handle", GENERIC_HANDLE).format(comp=comp_name)
    if "central" in _levels(entry) and entry.get("coord"):
        handle = (
            f"{_agency_name(entry['coord'][0])} thẩm tra, xác minh hồ sơ và báo cáo UBND thành phố "
            f"đề xuất; hồ sơ được chuyển cơ quan trung ương có thẩm quyền trình {comp_name} "
            "xem xét, quyết định."
        )
    texts = [
        "Tổ chức, cá nhân chuẩn bị hồ sơ và nộp " + ", ".join(ways[:-1])
        + (" hoặc " if len(ways) > 1 else "") + ways[-1] + ".",
        "Cán bộ tiếp nhận kiểm tra tính đầy đủ, hợp lệ của hồ sơ: hồ sơ đầy đủ thì cấp Giấy "
        "tiếp nhận hồ sơ và hẹn trả kết quả; chưa đầy đủ thì hướng dẫn bổ sung, hoàn thiện "
        "một lần bằng Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ.",
        handle,
        "Trả kết quả " + ", ".join(returns[:-1])
        + (" hoặc " if len(returns) > 1 else "") + returns[-1] + ".",
    ]  # fmt: skip
    return [{"case": "", "description": text} for text in texts]


def _laws(entry: dict, field: dict) -> list[dict]:
    keys = list(dict.fromkeys([*field["laws"], *entry.get("laws", [])]))
    out = []
    for key in keys:
        number, title, issued_on, issuer = LAWS[key]
        out.append(
            {"number": number, "title": title, "issued_on": issued_on or None, "issuer": issuer}
        )
    return out


def _paper(entry: dict, results: list[str]) -> bool:
    if "paper" in entry:
        return entry["paper"]
    first = results[0].lower() + " "
    return any(first.startswith(word) for word in PAPER_RESULTS)


def _description(entry: dict, field: dict, comp_name: str, results: list[str]) -> str:
    if entry.get("desc"):
        return entry["desc"]
    _value, _unit, wording = _time(entry)
    return (
        f"Thủ tục “{entry['name']}” thuộc lĩnh vực {field['name']}, do {comp_name} giải quyết. "
        f"Kết quả: {'; '.join(results)}. Thời hạn giải quyết: {wording}."
    )


def _code(field: dict, seq: int, levels: list[str]) -> str:
    prefix = 2 if levels == ["commune"] else 1
    return f"{prefix}.0{field['no']:02d}{seq:03d}"


def expand(field_key: str, seq: int, entry: dict) -> dict:
    """Turn one compact table entry into a `ProcedureRecord` dict."""
    field = FIELDS[field_key]
    levels = _levels(entry)
    results = entry["res"] if isinstance(entry["res"], list) else [entry["res"]]
    fees = _fees(entry)
    channels = _channels(entry, field, fees)
    agencies, address = _agencies(entry, field, levels)
    competent = [a["name"] for a in agencies if a["role"] == "competent"] or [agencies[0]["name"]]
    online = entry.get("ol", field["online"])
    decided = dt.date(2025, 7, 1) + dt.timedelta(days=field["no"])
    return {
        "code": _code(field, seq, levels),
        "name": entry["name"],
        "name_en": entry["en"],
        "description": _description(entry, field, competent[0], results),
        "decision_number": f"{1500 + 7 * field['no']}/QĐ-UBND",
        "decision_date": decided.isoformat(),
        "levels": levels,
        "field_code": field["code"],
        "field_name": field["name"],
        "field_name_en": field["en"],
        "steps": _steps(entry, field, competent[0], channels),
        "channels": channels,
        "fees": fees,
        "documents": _documents(entry),
        "subjects": list(entry.get("subj", field["subjects"])),
        "agencies": agencies,
        "results": [{"code": "", "name": name} for name in results],
        "legal_bases": _laws(entry, field),
        "conditions": entry.get("cond", ""),
        "reception_address": address,
        "online_level": online,
        "full_online_eligible": online == "full",
        "paper_result_required": _paper(entry, results),
        "boundary_free": entry.get("bf", False),
        "cutoff_time": entry.get("cutoff"),
        "publication_status": "published",
        "is_demo": True,
    }


def table() -> list[tuple[str, dict]]:
    """Every compact entry with its field key, in catalog order."""
    return [
        (field_key, entry)
        for module in MODULES
        for field_key, entries in module.PROCEDURES.items()
        for entry in entries
    ]


@cache
def _built() -> tuple[dict, ...]:
    seqs: dict[str, int] = {}
    out = []
    for field_key, entry in table():
        seqs[field_key] = seqs.get(field_key, 0) + 1
        out.append(expand(field_key, seqs[field_key], entry))
    return tuple(out)


def demo_procedures() -> list[dict]:
    """The demo catalog: every procedure as a dict that validates as `ProcedureRecord`."""
    return copy.deepcopy(list(_built()))
