# SPDX-License-Identifier: MIT
from __future__ import annotations

from typing import Literal

from ninja import Schema
from pydantic import BaseModel

from .records import ProcedureRecord

# Search results are plain pydantic models, not ninja Schemas: they are built from dicts,
# and ninja's Schema resolves every attribute through a Django-aware getter, which costs
# more than the search itself on a 20-item page.


class FieldOut(BaseModel):
    code: str
    name: str
    name_en: str


class FieldCountOut(Schema):
    code: str
    name: str
    name_en: str
    procedure_count: int


class ProcedureListItemOut(BaseModel):
    code: str
    name: str
    name_en: str
    field: FieldOut
    levels: list[str]
    online_level: Literal["full", "partial", "none"]
    full_online_eligible: bool
    score: float | None = None


class ProcedureListOut(BaseModel):
    items: list[ProcedureListItemOut]
    count: int


class ProcedureDetailOut(ProcedureRecord):
    version: int
    url: str


class ErrorOut(Schema):
    code: str
    detail: str
