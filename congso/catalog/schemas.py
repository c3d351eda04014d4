# SPDX-License-Identifier: MIT
from __future__ import annotations

from typing import Literal

from ninja import Schema

from .records import ProcedureRecord


class FieldOut(Schema):
    code: str
    name: str
    name_en: str


class FieldCountOut(FieldOut):
    procedure_count: int


class ProcedureListItemOut(Schema):
    code: str
    name: str
    name_en: str
    field: FieldOut
    levels: list[str]
    online_level: Literal["full", "partial", "none"]
    full_online_eligible: bool
    score: float | None = None


class ProcedureListOut(Schema):
    items: list[ProcedureListItemOut]
    count: int


class ProcedureDetailOut(ProcedureRecord):
    version: int
    url: str


class ErrorOut(Schema):
    code: str
    detail: str
