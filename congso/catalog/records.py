# SPDX-License-Identifier: MIT
"""The canonical procedure record: one shape for import, export, snapshots and the API.

CSV and XLSX rows, JSON objects and `ProcedureVersion.data` all go through
`ProcedureRecord`, so a rule about what a valid procedure is lives in one place.
docs/catalog-import.md documents the columns.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

LevelCode = Literal["central", "province", "district", "commune"]
OnlineLevelCode = Literal["full", "partial", "none"]
ChannelCode = Literal["direct", "online", "postal"]
TimeUnitCode = Literal["hour", "day", "working_day", "month"]
PublicationCode = Literal["draft", "published", "suspended", "abolished"]
AgencyRoleCode = Literal["implementing", "competent", "coordinating", "authorised"]

Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20_000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]

PROCEDURE_CODE_RE = re.compile(r"^\d\.\d{6}$")
AGENCY_CODE_RE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")


def nfc(value: object) -> object:
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _nfc(cls, value: object) -> object:
        return nfc(value)


class CaseRecord(_Record):
    code: ShortText = ""
    name: NonEmpty


class StepRecord(_Record):
    case: ShortText = ""
    description: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)
    ]


class ChannelRecord(_Record):
    kind: ChannelCode
    processing_time: Annotated[Decimal, Field(ge=0, le=99999, decimal_places=2)]
    time_unit: TimeUnitCode
    description: Text = ""
    fee_text: Text = ""

    @field_validator("processing_time")
    @classmethod
    def _two_places(cls, value: Decimal) -> Decimal:
        """3, 3.0 and 3.00 are the same time; store and compare them one way."""
        return value.quantize(Decimal("0.01"))


class FeeReductionRecord(_Record):
    """A group that pays less: a percentage off (100 = exempt) or an amount off, and why."""

    group: NonEmpty
    percent: Annotated[int, Field(ge=1, le=100)] | None = None
    amount: Annotated[int, Field(ge=1, le=10**12)] | None = None
    basis: NonEmpty

    @model_validator(mode="after")
    def _percent_or_amount(self) -> FeeReductionRecord:
        if (self.percent is None) == (self.amount is None):
            raise ValueError("mỗi mức giảm là một tỷ lệ phần trăm hoặc một số tiền, không cả hai")
        return self


class FeeRecord(_Record):
    name: NonEmpty
    kind: Literal["charge", "fee"] = "charge"
    amount: Annotated[int, Field(ge=0, le=10**12)]
    basis: Literal["fixed", "per_copy", "per_item"] = "fixed"
    channel: ChannelCode | Literal[""] = ""
    exemption: Text = ""
    due: Literal["submission", "before_processing", "before_result"] = "submission"
    reductions: list[FeeReductionRecord] = []


class DocumentRecord(_Record):
    code: ShortText = ""
    case: ShortText = ""
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
    name_en: Text = ""
    originals: Annotated[int, Field(ge=0, le=99)] = 0
    copies: Annotated[int, Field(ge=0, le=99)] = 0
    template_name: ShortText = ""
    template_url: ShortText = ""
    optional: bool = False


class LegalBasisRecord(_Record):
    number: NonEmpty
    title: Text = ""
    issued_on: dt.date | None = None
    issuer: ShortText = ""


class AgencyRef(_Record):
    role: AgencyRoleCode
    code: ShortText = ""
    name: ShortText = ""

    @field_validator("code")
    @classmethod
    def _code_format(cls, value: str) -> str:
        if value and not AGENCY_CODE_RE.match(value):
            raise ValueError("mã cơ quan phải có dạng 000.00.00.H00")
        return value


class ResultRecord(_Record):
    code: ShortText = ""
    name: NonEmpty


class ProcedureRecord(_Record):
    code: str
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=500)]
    name_en: ShortText = ""
    description: Text = ""
    description_en: Text = ""
    decision_number: Annotated[str, StringConstraints(strip_whitespace=True, max_length=80)] = ""
    decision_date: dt.date | None = None
    levels: Annotated[list[LevelCode], Field(min_length=1)]
    procedure_type: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = ""
    field_code: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)
    ]
    field_name: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
    ]
    field_name_en: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = ""
    cases: list[CaseRecord] = []
    steps: list[StepRecord] = []
    channels: list[ChannelRecord] = []
    fees: list[FeeRecord] = []
    documents: list[DocumentRecord] = []
    subjects: list[ShortText] = []
    agencies: list[AgencyRef] = []
    results: list[ResultRecord] = []
    legal_bases: list[LegalBasisRecord] = []
    conditions: Text = ""
    reception_address: Text = ""
    online_level: OnlineLevelCode = "none"
    full_online_eligible: bool = False
    paper_result_required: bool = False
    boundary_free: bool = False
    cutoff_time: dt.time | None = None
    publication_status: PublicationCode = "published"
    is_demo: bool = False

    @field_validator("code")
    @classmethod
    def _code_format(cls, value: str) -> str:
        if not PROCEDURE_CODE_RE.match(value):
            raise ValueError("mã thủ tục phải có dạng 1.004227")
        return value

    @field_validator("channels")
    @classmethod
    def _one_channel_per_kind(cls, value: list[ChannelRecord]) -> list[ChannelRecord]:
        kinds = [c.kind for c in value]
        if len(kinds) != len(set(kinds)):
            raise ValueError("mỗi cách thức nộp chỉ được khai một lần")
        return value

    @field_validator("full_online_eligible")
    @classmethod
    def _eligible_needs_online(cls, value: bool, info) -> bool:
        if value and info.data.get("online_level") == "none":
            raise ValueError("thủ tục không trực tuyến thì không thể đủ điều kiện toàn trình")
        return value
