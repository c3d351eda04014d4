# SPDX-License-Identifier: MIT
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from ninja import Schema
from pydantic import Field, field_validator


class DossierSubmitIn(Schema):
    procedure_code: str = Field(pattern=r"^\d\.\d{6}$")
    receiving_agency: str = Field(pattern=r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")
    applicant_name: str = Field(min_length=2, max_length=255)
    applicant_phone: str = Field("", max_length=16)
    applicant_email: str = Field("", max_length=254)
    summary: str = Field("", max_length=1000)
    form_data: dict[str, Any] = Field(default_factory=dict)

    @field_validator("applicant_email")
    @classmethod
    def _email(cls, value: str) -> str:
        if value:
            try:
                validate_email(value)
            except ValidationError as exc:
                raise ValueError("not an e-mail address") from exc
        return value


class DossierActionIn(Schema):
    action: Literal[
        "accept",
        "refuse",
        "request_supplement",
        "supplement_received",
        "forward",
        "claim",
        "assign",
        "send_back",
        "processed",
        "stop",
        "returned",
        "withdraw",
    ]
    expected_state: str | None = Field(None, max_length=24)
    reason: str = Field("", max_length=2000)
    basis: str = Field("", max_length=255)
    items: list[str] = Field(default_factory=list, max_length=50)
    to_agency: str | None = Field(
        None, pattern=r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$", description="liên thông target"
    )
    working_days: Decimal | None = Field(None, gt=0, le=365, decimal_places=2)
    assignee: str | None = Field(None, max_length=150, description="username, for assign")


class DossierOut(Schema):
    code: str
    state: str
    state_label: str
    national_status: int | None
    procedure_code: str
    procedure_name: str
    channel: str
    submitted_at: dt.datetime | None
    accepted_at: dt.datetime | None
    due_at: dt.datetime | None
    original_due_at: dt.datetime | None
    supplement_count: int
    pin: str | None = None


class DossierListOut(Schema):
    items: list[DossierOut]
    count: int


class InboxItemOut(DossierOut):
    applicant_name: str
    working_hours_left: float | None
    overdue: bool
    step_name: str | None = None
    step_due_at: dt.datetime | None = None
    step_assignee: str | None = None


class InboxOut(Schema):
    items: list[InboxItemOut]
    count: int


class TimelineEventOut(Schema):
    at: dt.datetime
    state: str
    state_label: str
    note: str
    due_before: dt.datetime | None
    due_after: dt.datetime | None


class TimelineOut(Schema):
    code: str
    procedure: str
    state: str
    due_at: dt.datetime | None
    events: list[TimelineEventOut]


class DossierRatingIn(Schema):
    grade: Literal["satisfied", "acceptable", "not_satisfied"]
    comment: str = Field("", max_length=2000)


class DossierRatingOut(Schema):
    grade: str
    comment: str
    rated_at: dt.datetime
