# SPDX-License-Identifier: MIT
"""Public catalog API: search and read procedures. No login needed."""

from __future__ import annotations

import json
from typing import Literal

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from congso.core.exceptions import InvalidInputError

from . import selectors
from .schemas import ErrorOut, FieldCountOut, ProcedureDetailOut, ProcedureListOut
from .search import SearchFilters, search_procedures
from .services import procedure_to_record

router = Router(tags=["catalog"])


class ProcedureQuery(Schema):
    q: str = Field("", description="Words to search, with or without accents, or a code")
    field: str = Field("", max_length=40, description="Field (lĩnh vực) code")
    agency: str = Field("", max_length=13, description="Agency code")
    level: Literal["", "central", "province", "district", "commune"] = ""
    online_level: Literal["", "full", "partial", "none"] = ""
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=100_000)


def checked_query(text: str) -> str:
    limit = settings.CONGSO_SEARCH_MAX_QUERY_CHARS
    if len(text) > limit:
        raise InvalidInputError(
            _("The search text is too long: at most %(limit)s characters.") % {"limit": limit},
            extra={"field": "q"},
        )
    return text


@router.get(
    "/procedures",
    response={200: ProcedureListOut, 400: ErrorOut},
    summary="Search procedures",
)
def procedure_search(request: HttpRequest, params: Query[ProcedureQuery]) -> HttpResponse:
    result = search_procedures(
        checked_query(params.q),
        filters=SearchFilters(
            field=params.field,
            agency=params.agency,
            level=params.level,
            online_level=params.online_level,
        ),
        limit=params.limit,
        offset=params.offset,
    )
    # The hottest endpoint: items are plain dicts of str/bool/list built by the index, already
    # in the documented shape (ProcedureListOut, checked by the schemathesis tests), so they
    # are encoded directly instead of being validated again field by field.
    body = json.dumps({"items": result.items, "count": result.count}, ensure_ascii=False)
    return HttpResponse(body, content_type="application/json; charset=utf-8")


@router.get(
    "/procedures/{code}",
    response={200: ProcedureDetailOut, 404: ErrorOut},
    summary="Read one procedure",
)
def procedure_detail(request: HttpRequest, code: str) -> ProcedureDetailOut:
    procedure = selectors.procedure_get_public(code=code)
    record = procedure_to_record(procedure).model_dump()
    return ProcedureDetailOut(
        **record,
        version=procedure.version,
        url=request.build_absolute_uri(reverse("portal:procedure_detail", args=[procedure.code])),
    )


@router.get("/fields", response=list[FieldCountOut], summary="Fields with published procedures")
def field_list(request: HttpRequest) -> list[FieldCountOut]:
    return list(selectors.field_list_public())
