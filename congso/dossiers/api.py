# SPDX-License-Identifier: MIT
"""Dossier API: submit (idempotent), list and read your dossiers, act on them, track them.

Every read goes through a selector scoped to the caller; reading a dossier's personal data
is audited.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Header, Query, Router, Schema, Status
from ninja.security import django_auth
from pydantic import Field

from congso.catalog.models import Procedure
from congso.core.audit import audit_record
from congso.core.exceptions import NotFoundError
from congso.core.models import Agency
from congso.workflow.states import NATIONAL_STATUS
from congso.workflow.states import DossierState as S

from . import routing, selectors, services
from .documents import receipt_pdf
from .exceptions import DossierConflictError, DossierPermissionError
from .idempotency import run_idempotently
from .models import Dossier
from .schemas import (
    DossierActionIn,
    DossierListOut,
    DossierOut,
    DossierRatingIn,
    DossierRatingOut,
    DossierSubmitIn,
    InboxOut,
    TimelineOut,
)

router = Router(tags=["dossiers"], auth=django_auth)


class Paging(Schema):
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=1_000_000)


def _out(dossier: Dossier, *, with_pin: bool = False) -> dict[str, Any]:
    return {
        "code": dossier.code,
        "state": dossier.state,
        "state_label": str(S(dossier.state).label),
        "national_status": NATIONAL_STATUS[S(dossier.state)],
        "procedure_code": dossier.procedure.code,
        "procedure_name": dossier.procedure.name,
        "channel": dossier.channel,
        "submitted_at": dossier.submitted_at,
        "accepted_at": dossier.accepted_at,
        "due_at": dossier.due_at,
        "original_due_at": dossier.original_due_at,
        "supplement_count": dossier.supplement_count,
        "pin": dossier.pin if with_pin else None,
    }


def register_online(
    request: HttpRequest,
    payload: DossierSubmitIn,
    procedure: Procedure,
    agency: Agency,
    attach: Callable[[Dossier], dict[str, Any]] | None = None,
) -> Dossier:
    """Register the caller's online submission (with its files: `attach`)."""
    return services.dossier_register(
        attach=attach,
        procedure=procedure,
        receiving_agency=agency,
        channel="online",
        source="portal",
        applicant_name=payload.applicant_name,
        applicant_user=request.user,
        applicant_fields={
            "applicant_phone": payload.applicant_phone,
            "applicant_email": payload.applicant_email,
        },
        summary=payload.summary,
        form_data=payload.form_data,
        actor=request.user,
        request=request,
    )


@router.post(
    "/",
    response={201: DossierOut, 400: dict, 404: dict, 422: dict},
    summary="Submit a dossier online",
)
def dossier_submit(
    request: HttpRequest,
    payload: DossierSubmitIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),
) -> Status:
    procedure = Procedure.objects.filter(code=payload.procedure_code).first()
    agency = Agency.objects.filter(code=payload.receiving_agency).first()
    if procedure is None or agency is None:
        raise NotFoundError(_("Unknown procedure or receiving agency."))

    def produce() -> tuple[int, dict[str, Any]]:
        dossier = register_online(request, payload, procedure, agency)
        return 201, DossierOut(**_out(dossier, with_pin=True)).model_dump(mode="json")

    status, body = run_idempotently(
        user=request.user,
        key=idempotency_key,
        payload=payload.model_dump(mode="json"),
        produce=produce,
    )
    return Status(status, body)


@router.get("/", response=DossierListOut, summary="Your dossiers (or your agencies')")
def dossier_list(request: HttpRequest, paging: Query[Paging]) -> dict[str, Any]:
    queryset = selectors.dossier_list_for(user=request.user).order_by("-created_at")
    page = queryset[paging.offset : paging.offset + paging.limit]
    return {"items": [_out(d) for d in page], "count": queryset.count()}


@router.get("/inbox", response=InboxOut, summary="An officer's open dossiers, most urgent first")
def dossier_inbox(request: HttpRequest, paging: Query[Paging]) -> dict[str, Any]:
    rows, count = selectors.dossier_inbox_page(
        user=request.user, limit=paging.limit, offset=paging.offset
    )
    items = [
        {
            **_out(row.dossier),
            "applicant_name": row.dossier.applicant_name,
            "working_hours_left": row.working_hours_left,
            "overdue": row.overdue,
            "step_name": getattr(row.dossier, "step_name", None),
            "step_due_at": getattr(row.dossier, "step_due_at", None),
            "step_assignee": getattr(row.dossier, "step_assignee", None),
        }
        for row in rows
    ]
    with transaction.atomic():
        audit_record(
            actor=request.user,
            action="dossier.list",
            changes={"codes": [item["code"] for item in items]},
            request=request,
        )
    return {"items": items, "count": count}


@router.get("/{code}", response={200: DossierOut, 404: dict}, summary="Read one dossier")
def dossier_detail(request: HttpRequest, code: str) -> dict[str, Any]:
    dossier = selectors.dossier_get_for(user=request.user, code=code)
    with transaction.atomic():
        audit_record(actor=request.user, action="dossier.view", target=dossier, request=request)
    return _out(dossier, with_pin=dossier.applicant_user_id == request.user.pk)


@router.get(
    "/{code}/receipt.pdf",
    response={200: None, 404: dict, 409: dict},
    summary="The receipt (Mẫu 01) of an accepted dossier, as PDF",
)
def dossier_receipt(request: HttpRequest, code: str) -> HttpResponse:
    dossier = selectors.dossier_get_for(user=request.user, code=code)
    if dossier.accepted_at is None:
        raise DossierConflictError(_("The dossier has not been accepted yet: there is no receipt."))
    pdf = receipt_pdf(dossier)
    with transaction.atomic():
        audit_record(
            actor=request.user,
            action="file.download",
            target=dossier,
            note="Mẫu 01",
            request=request,
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="giay-tiep-nhan-{dossier.code}.pdf"'
    return response


def _agency(code: str | None) -> Agency | None:
    if code is None:
        return None
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise NotFoundError(_("Unknown agency %(code)s.") % {"code": code})
    return agency


def _officer(username: str | None) -> Any:
    user = get_user_model().objects.filter(username=username or "", is_active=True).first()
    if user is None:
        raise NotFoundError(_("Unknown officer %(name)s.") % {"name": (username or "")[:150]})
    return user


# What an applicant does on their own dossier; every other action is an officer's.
APPLICANT_ACTIONS = frozenset({"withdraw", "supplement_received"})


def require_second_factor(request: HttpRequest) -> None:
    """Officers act only from a session that passed the TOTP check, as on their pages."""
    if not getattr(settings, "CONGSO_OFFICER_REQUIRE_OTP", True):
        return
    if not getattr(request.user, "is_verified", lambda: False)():
        raise DossierPermissionError(
            _("Sign in as an officer with your authenticator code to act on dossiers.")
        )


_ACTIONS = {
    "accept": lambda d, u, p, r: services.dossier_accept(
        dossier=d, actor=u, expected_state=p.expected_state or S.AWAITING_RECEPTION, request=r
    ),
    "refuse": lambda d, u, p, r: services.dossier_refuse(
        dossier=d,
        actor=u,
        reason=p.reason,
        basis=p.basis,
        expected_state=p.expected_state or S.AWAITING_RECEPTION,
        request=r,
    ),
    "request_supplement": lambda d, u, p, r: services.dossier_request_supplement(
        dossier=d,
        actor=u,
        items=p.items,
        reason=p.reason,
        basis=p.basis,
        expected_state=p.expected_state,
        request=r,
    )[0],
    "supplement_received": lambda d, u, p, r: services.dossier_supplement_received(
        dossier=d, actor=u, note=p.reason, request=r
    ),
    "forward": lambda d, u, p, r: routing.dossier_forward(
        dossier=d,
        actor=u,
        note=p.reason,
        to_agency=_agency(p.to_agency),
        working_days=p.working_days,
        request=r,
    ),
    "claim": lambda d, u, p, r: routing.dossier_task_claim(dossier=d, actor=u, request=r).dossier,
    "assign": lambda d, u, p, r: (
        routing.dossier_task_assign(
            dossier=d, actor=u, assignee=_officer(p.assignee), request=r
        ).dossier
    ),
    "send_back": lambda d, u, p, r: routing.dossier_send_back(
        dossier=d, actor=u, reason=p.reason, request=r
    ),
    "stop": lambda d, u, p, r: services.dossier_stop(
        dossier=d, actor=u, reason=p.reason, basis=p.basis, request=r
    ),
    "processed": lambda d, u, p, r: services.dossier_mark_processed(
        dossier=d, actor=u, expected_state=p.expected_state or S.PROCESSING, request=r
    ),
    "returned": lambda d, u, p, r: services.dossier_return_result(dossier=d, actor=u, request=r),
    "withdraw": lambda d, u, p, r: services.dossier_withdraw(
        dossier=d, actor=u, reason=p.reason, request=r
    ),
}


@router.post(
    "/{code}/actions",
    response={200: DossierOut, 400: dict, 403: dict, 404: dict, 409: dict},
    summary="Act on a dossier (accept, refuse, ask to complete, forward, …)",
)
def dossier_act(request: HttpRequest, code: str, payload: DossierActionIn) -> dict[str, Any]:
    dossier = selectors.dossier_get_for(user=request.user, code=code)
    if payload.action not in APPLICANT_ACTIONS or dossier.applicant_user_id != request.user.pk:
        require_second_factor(request)
    dossier = _ACTIONS[payload.action](dossier, request.user, payload, request)
    return _out(dossier)


@router.post(
    "/{code}/rating",
    response={201: DossierRatingOut, 400: dict, 403: dict, 404: dict, 409: dict},
    summary="Rate a finished dossier (the applicant, once)",
)
def dossier_rating(request: HttpRequest, code: str, payload: DossierRatingIn) -> Status:
    dossier = selectors.dossier_get_for(user=request.user, code=code)
    rating = services.dossier_rate(
        dossier=dossier,
        actor=request.user,
        grade=payload.grade,
        comment=payload.comment,
        request=request,
    )
    return Status(
        201, {"grade": rating.grade, "comment": rating.comment, "rated_at": rating.rated_at}
    )


tracking_router = Router(tags=["dossiers"])


class TrackingQuery(Schema):
    pin: str = Field(min_length=4, max_length=12)


@tracking_router.get(
    "/{code}",
    response={200: TimelineOut, 404: dict},
    auth=None,
    summary="Track a dossier with its PIN",
)
def dossier_track(
    request: HttpRequest, code: str, query: Query[TrackingQuery]
) -> HttpResponse | dict:
    return selectors.dossier_public_timeline(code=code, pin=query.pin)
