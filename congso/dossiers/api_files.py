# SPDX-License-Identifier: MIT
"""Dossier API with files: submit with attachments (multipart), add documents, download
components and signed results. Every download is audited; files are served as attachments.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Header, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.security import django_auth
from pydantic import Field, ValidationError

from congso.catalog.models import Procedure
from congso.core.exceptions import InvalidInputError, NotFoundError
from congso.core.models import Agency
from congso.files.inspect import ensure_total_within
from congso.files.services import stored_file_prepare

from . import attachments, selectors
from .idempotency import run_idempotently
from .models import DossierComponent, DossierResult
from .schemas import DossierOut, DossierSubmitIn

router = Router(tags=["dossiers"], auth=django_auth)
MAX_FILES = 30


class DossierSubmitWithFilesIn(DossierSubmitIn):
    documents: list[str] = Field(
        default_factory=list,
        max_length=MAX_FILES,
        description="for each file, in order, the catalog name of the document it is",
    )


class ComponentOut(Schema):
    id: int
    document_name: str
    origin: str
    file_name: str | None
    size: int | None
    sha256: str | None
    digitised: bool
    reused: int


class ResultOut(Schema):
    id: int
    title: str
    kind: str
    issued_at: Any
    sha256: str
    verification_token: str


def _component_out(component: DossierComponent) -> dict[str, Any]:
    stored = component.file
    return {
        "id": component.pk,
        "document_name": component.document_name,
        "origin": component.origin,
        "file_name": stored.original_name if stored else None,
        "size": stored.size if stored else None,
        "sha256": stored.sha256 if stored else None,
        "digitised": component.digitised,
        "reused": component.reuse_flag,
    }


def _parse(data: str) -> DossierSubmitWithFilesIn:
    try:
        return DossierSubmitWithFilesIn.model_validate_json(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first.get("loc", ())) or "data"
        raise InvalidInputError(
            _("The field “%(field)s” is invalid: %(reason)s")
            % {"field": field, "reason": first.get("msg", "")},
            extra={"field": field},
        ) from exc


@router.post(
    "/with-files",
    response={201: DossierOut, 400: dict, 404: dict, 422: dict},
    summary="Submit a dossier online with its attachments (multipart/form-data)",
)
def dossier_submit_with_files(
    request: HttpRequest,
    data: Form[str],
    files: File[list[UploadedFile]] = None,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),
) -> Status:
    """`data` is the JSON of a submission plus `documents`, naming each file's document.

    Every file is inspected before anything is registered: one refused file, no dossier.
    """
    from .api import _out, register_online

    payload = _parse(data)
    files = files or []
    if len(files) > MAX_FILES:
        raise InvalidInputError(_("At most %(n)s files.") % {"n": MAX_FILES})
    if len(payload.documents) != len(files):
        raise InvalidInputError(
            _("Name the document of each file: %(files)s files, %(names)s names.")
            % {"files": len(files), "names": len(payload.documents)},
            extra={"field": "documents"},
        )
    procedure = Procedure.objects.filter(code=payload.procedure_code).first()
    agency = Agency.objects.filter(code=payload.receiving_agency).first()
    if procedure is None or agency is None:
        raise NotFoundError(_("Unknown procedure or receiving agency."))

    # Inspect the files and put them in storage first, outside the transaction that
    # registers the dossier: a refused file stops here, and the slow part holds no lock.
    # Their rows are written with the dossier (a retried request writes none).
    stored = [
        stored_file_prepare(
            fileobj=upload, filename=upload.name or "file", uploaded_by=request.user, field="files"
        )
        for upload in files
    ]
    ensure_total_within([item.size for item in stored])

    def attach(dossier: Any) -> dict[str, Any]:
        return attachments.components_attach_registered(
            dossier=dossier,
            actor=request.user,
            items=[
                attachments.Attachment(document, item)
                for item, document in zip(stored, payload.documents, strict=True)
            ],
        )

    def produce() -> tuple[int, dict[str, Any]]:
        dossier = register_online(request, payload, procedure, agency, attach if stored else None)
        return 201, DossierOut(**_out(dossier, with_pin=True)).model_dump(mode="json")

    fingerprint = {
        **payload.model_dump(mode="json"),
        "files": [item.sha256 for item in stored],
    }
    status, body = run_idempotently(
        user=request.user, key=idempotency_key, payload=fingerprint, produce=produce
    )
    return Status(status, body)


@router.get("/{code}/components", response={200: list[ComponentOut], 404: dict})
def dossier_components(request: HttpRequest, code: str) -> list[dict[str, Any]]:
    dossier = selectors.dossier_get_for(user=request.user, code=code)
    return [_component_out(c) for c in dossier.components.select_related("file")]


@router.post(
    "/{code}/components",
    response={201: ComponentOut, 400: dict, 403: dict, 404: dict},
    summary="Add a document (the applicant completing the dossier, or the desk scanning)",
)
def dossier_component_add(
    request: HttpRequest, code: str, document: Form[str], file: File[UploadedFile]
) -> Status:
    dossier = selectors.dossier_get_for(user=request.user, code=code)
    if dossier.applicant_user_id != request.user.pk:
        from .api import require_second_factor

        require_second_factor(request)
    component = attachments.component_upload(
        dossier=dossier,
        actor=request.user,
        document_name=document,
        fileobj=file,
        filename=file.name or "file",
        request=request,
    )
    return Status(201, _component_out(component))


@router.get("/{code}/components/{component_id}/file", response={200: None, 404: dict})
def dossier_component_file(request: HttpRequest, code: str, component_id: int) -> HttpResponse:
    dossier = selectors.dossier_get_for(user=request.user, code=code)
    component = dossier.components.select_related("file").filter(pk=component_id).first()
    if component is None or component.file is None:
        raise NotFoundError(_("This dossier has no such document."))
    return attachments.stored_file_download(
        request, dossier, component.file, note=component.document_name
    )


@router.get("/{code}/results", response={200: list[ResultOut], 404: dict})
def dossier_results(request: HttpRequest, code: str) -> list[dict[str, Any]]:
    dossier = selectors.dossier_get_for(user=request.user, code=code)
    results = DossierResult.objects.filter(dossier=dossier).select_related(
        "file", "signed_document"
    )
    return [
        {
            "id": r.pk,
            "title": r.title,
            "kind": r.kind,
            "issued_at": r.issued_at,
            "sha256": r.file.sha256,
            "verification_token": r.signed_document.token,
        }
        for r in results
    ]


@router.get("/{code}/results/{result_id}/file", response={200: None, 404: dict})
def dossier_result_file(request: HttpRequest, code: str, result_id: int) -> HttpResponse:
    dossier = selectors.dossier_get_for(user=request.user, code=code)
    result = DossierResult.objects.filter(dossier=dossier, pk=result_id).select_related("file")
    result = result.first()
    if result is None:
        raise NotFoundError(_("This dossier has no such result."))
    return attachments.stored_file_download(request, dossier, result.file, note=result.title)
