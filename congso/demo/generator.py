# SPDX-License-Identifier: MIT
"""Deterministic SYNTHETIC catalogs of any size, for benchmarks and load tests.

`generate_procedures(n)` returns the demo catalog (`catalog_data.demo_procedures`) followed by
synthetic variants built from `data.variants`: a verb, an object and an optional qualifier
of one field ("Gia hạn giấy phép khai thác nước mặt đối với tổ chức"), with the agencies,
channels, laws and subjects of a demo procedure of the same field. Variants say so in their
description and carry `is_demo: True`; their codes (`d.5xxxxx`) never collide with the demo
codes (`1.0xxxxx` / `2.0xxxxx`).
"""

from __future__ import annotations

import random
from functools import cache

from congso.demo.catalog_data import demo_procedures, fee_text
from congso.demo.data.fields import FIELDS
from congso.demo.data.variants import LEVEL_QUALIFIERS, VARIANTS, VERBS

VARIANT_BLOCK = 500_000
SYNTHETIC_NOTE = "Thủ tục mô phỏng (dữ liệu demo sinh tự động), không phải thủ tục thật."
FREE_VERBS = ("Thu hồi", "Xóa đăng ký", "Xác nhận", "Cung cấp thông tin về", "Thông báo")
PAPER_OBJECTS = ("giấy phép", "giấy chứng nhận", "chứng chỉ", "thẻ", "hộ chiếu", "biển số")

# (field key, kind, object, object_en, verb, verb_en, qualifier, qualifier_en, level or "")
Candidate = tuple[str, str, str, str, str, str, str, str, str]


def _variant_code(index: int) -> str:
    return f"{1 + index // VARIANT_BLOCK}.{VARIANT_BLOCK + index % VARIANT_BLOCK:06d}"


def _single_levels(templates: list[dict]) -> set[str]:
    return {t["levels"][0] for t in templates if len(t["levels"]) == 1}


@cache
def _templates() -> dict[str, tuple[dict, ...]]:
    by_field: dict[str, list[dict]] = {}
    codes = {f["code"]: key for key, f in FIELDS.items()}
    for record in demo_procedures():
        by_field.setdefault(codes[record["field_code"]], []).append(record)
    return {key: tuple(records) for key, records in by_field.items()}


@cache
def candidates() -> tuple[Candidate, ...]:
    """Every synthetic name the vocabulary can make, minus the demo names, in a fixed order."""
    taken = {p["name"] for p in demo_procedures()}
    out: list[Candidate] = []
    for field_key, (objects, qualifiers) in VARIANTS.items():
        levels = _single_levels(list(_templates()[field_key]))
        quals = [("", "", ""), *((q, q_en, "") for q, q_en in qualifiers)]
        for lv in sorted(levels):
            lq, lq_en = LEVEL_QUALIFIERS[lv]
            quals.append((lq, lq_en, lv))
            quals.extend((f"{q} {lq}", f"{q_en} {lq_en}", lv) for q, q_en in qualifiers)
        for kind, obj, obj_en in objects:
            for verb, verb_en in VERBS[kind]:
                for qual, qual_en, level in quals:
                    name = " ".join(part for part in (verb, obj, qual) if part)
                    if name not in taken:
                        taken.add(name)
                        out.append(
                            (field_key, kind, obj, obj_en, verb, verb_en, qual, qual_en, level)
                        )
    return tuple(out)


def _result(kind: str, verb: str, obj: str) -> str:
    if kind == "L":
        if verb == "Thu hồi":
            return f"Quyết định thu hồi {obj}"
        if verb == "Cấp bản sao":
            return f"Bản sao {obj}"
        suffix = "" if verb == "Cấp" else f" ({verb.lower()})"
        return obj[0].upper() + obj[1:] + suffix
    if kind == "D" and verb.startswith("Thẩm định"):
        return f"Văn bản thông báo kết quả {verb.lower()} {obj}"
    if kind in ("D", "S"):
        return f"Quyết định {verb.lower()} {obj}"
    return f"Thông báo kết quả {verb.lower()} {obj}"


def _documents(kind: str, verb: str, obj: str, name: str) -> list[dict]:
    form = "Tờ khai" if kind == "R" else "Đơn đề nghị"
    docs = [
        (f"{form} {name[0].lower()}{name[1:]}", 1, 0, f"{form} (mẫu demo)", False),
        ("Giấy tờ, tài liệu chứng minh nội dung đề nghị", 0, 1, "", False),
    ]
    if kind == "L" and verb != "Cấp":
        docs.append((f"{obj[0].upper()}{obj[1:]} đã được cấp (nếu có)", 1, 0, "", True))
    docs.append(
        ("Văn bản ủy quyền (trường hợp thực hiện thông qua người được ủy quyền)", 1, 0, "", True)
    )
    return [
        {"name": n, "originals": o, "copies": c, "template_name": t, "optional": opt}
        for n, o, c, t, opt in docs
    ]


def _fees(template: dict, kind: str, verb: str, obj: str, rng: random.Random) -> list[dict]:
    paid = [f["amount"] for f in template["fees"] if f["amount"]]
    if not paid or kind == "S" or verb in FREE_VERBS:
        return [{"name": "Không thu phí, lệ phí", "kind": "charge", "amount": 0, "basis": "fixed",
                 "channel": "", "exemption": ""}]  # fmt: skip
    factor = rng.choice((0.5, 1, 1, 1.5))
    amount = max(1000, int(paid[0] * factor) // 1000 * 1000)
    name = f"Phí thẩm định {verb.lower()} {obj}" if kind == "D" else f"Lệ phí {verb.lower()} {obj}"
    return [{"name": name, "kind": "fee" if kind == "D" else "charge", "amount": amount,
             "basis": "fixed", "channel": "", "exemption": ""}]  # fmt: skip


def _variant(index: int, candidate: Candidate, rng: random.Random) -> dict:
    field_key, kind, obj, obj_en, verb, verb_en, qual, qual_en, level = candidate
    pool = [t for t in _templates()[field_key] if not level or t["levels"] == [level]]
    template = rng.choice(pool)
    name = " ".join(part for part in (verb, obj, qual) if part)
    name_en = " ".join(part for part in (verb_en, obj_en, qual_en) if part)
    result = _result(kind, verb, obj)
    fees = _fees(template, kind, verb, obj, rng)
    channels = [{**c, "fee_text": fee_text(fees, c["kind"])} for c in template["channels"]]
    competent = [a["name"] for a in template["agencies"] if a["role"] == "competent"]
    wording = channels[0]["description"]
    return {
        **template,
        "code": _variant_code(index),
        "name": name,
        "name_en": name_en,
        "description": (
            f"Thủ tục “{name}” thuộc lĩnh vực {template['field_name']}, do "
            f"{(competent or ['cơ quan có thẩm quyền'])[0]} giải quyết. Kết quả: {result}. "
            f"Thời hạn giải quyết: {wording}. {SYNTHETIC_NOTE}"
        ),
        "steps": [dict(s) for s in template["steps"]],
        "channels": channels,
        "fees": fees,
        "documents": _documents(kind, verb, obj, name),
        "subjects": list(template["subjects"]),
        "agencies": [dict(a) for a in template["agencies"]],
        "results": [{"code": "", "name": result}],
        "legal_bases": [dict(b) for b in template["legal_bases"]],
        "levels": list(template["levels"]),
        "conditions": "",
        "paper_result_required": kind == "L"
        and verb != "Thu hồi"
        and obj.startswith(PAPER_OBJECTS),
        "is_demo": True,
    }


def generate_procedures(n: int, seed: int = 0) -> list[dict]:
    """The demo catalog plus deterministic synthetic variants: exactly `n` records.

    Each record validates as `ProcedureRecord`; codes and names are unique; the same `n` and
    `seed` always give the same list.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    records = demo_procedures()
    if n <= len(records):
        return records[:n]
    pool = list(candidates())
    wanted = n - len(records)
    if wanted > len(pool):
        raise ValueError(f"the variant vocabulary makes at most {len(records) + len(pool)} records")
    rng = random.Random(seed)
    chosen = rng.sample(pool, wanted)
    records.extend(_variant(i, candidate, rng) for i, candidate in enumerate(chosen))
    return records
