# SPDX-License-Identifier: MIT
"""Online applications in progress: what you need → form → documents → fee → review → submit.

A draft belongs to one applicant and one procedure, keeps answers per question group and
the files already inspected and stored, and is resumable. Submitting validates the whole
form and turns the draft into a dossier with its components in one transaction.
"""

from __future__ import annotations

from typing import IO, Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from congso.accounts.selectors import citizen_for_user, representations_for
from congso.catalog.formschema import form_prefill, form_validate
from congso.catalog.models import AgencyRole, Procedure, PublicationStatus
from congso.core.exceptions import InvalidInputError, NotFoundError
from congso.core.models import Agency
from congso.files.inspect import ensure_total_within
from congso.files.models import StoredFile
from congso.files.services import stored_file_create

from . import services
from .attachments import document_name_clean
from .exceptions import DossierPermissionError, DossierRuleError
from .models import (
    ComponentOrigin,
    Dossier,
    DossierComponent,
    PersonalDocument,
    PersonalDocumentKind,
    SubmissionDraft,
)

GENERIC_FORM: dict[str, Any] = {
    "type": "object",
    "x-order": ["applicant", "request"],
    "properties": {
        "applicant": {
            "type": "object",
            "title": "Người yêu cầu",
            "x-title-en": "Applicant",
            "x-order": ["full_name", "phone", "email", "address"],
            "required": ["full_name", "phone"],
            "properties": {
                "full_name": {
                    "type": "string",
                    "title": "Họ và tên",
                    "x-title-en": "Full name",
                    "maxLength": 150,
                    "x-prefill": "citizen.full_name",
                },
                "phone": {
                    "type": "string",
                    "title": "Số điện thoại",
                    "x-title-en": "Phone",
                    "format": "phone-vn",
                    "x-prefill": "citizen.phone",
                },
                "email": {
                    "type": "string",
                    "title": "Thư điện tử",
                    "x-title-en": "E-mail",
                    "format": "email",
                    "x-prefill": "citizen.email",
                },
                "address": {
                    "type": "string",
                    "title": "Địa chỉ",
                    "x-title-en": "Address",
                    "maxLength": 500,
                    "x-prefill": "citizen.address",
                },
            },
        },
        "request": {
            "type": "object",
            "title": "Nội dung yêu cầu",
            "x-title-en": "Your request",
            "required": ["content"],
            "properties": {
                "content": {
                    "type": "string",
                    "title": "Nội dung đề nghị giải quyết",
                    "x-title-en": "What you ask for",
                    "x-widget": "textarea",
                    "maxLength": 4000,
                }
            },
        },
    },
}


def form_schema_of(procedure: Procedure) -> dict[str, Any]:
    return procedure.form_schema or GENERIC_FORM


def receiving_agency_for(procedure: Procedure):
    """Where an online dossier is received: the implementing agency, else the competent one."""
    for role in (AgencyRole.IMPLEMENTING, AgencyRole.COMPETENT):
        link = procedure.agency_links.filter(role=role).select_related("agency").first()
        if link is not None:
            return link.agency
    # The province's public administration service centre, when the catalog names no agency.
    fallback = getattr(settings, "CONGSO_DEFAULT_RECEIVING_AGENCY", "")
    agency = Agency.objects.filter(code=fallback).first() if fallback else None
    if agency is None:
        raise DossierRuleError(
            _("No agency receives this procedure online: the catalog must be fixed.")
        )
    return agency


def _previous_answers(user: AbstractBaseUser, procedure: Procedure) -> dict[str, Any]:
    last = (
        Dossier.objects.filter(applicant_user=user, procedure=procedure)
        .order_by("-submitted_at")
        .values_list("form_data", flat=True)
        .first()
    )
    return last or {}


def _representation(user: AbstractBaseUser, representation_id: int | None):
    """The active representation of `user` with this id (acting for someone), or None."""
    if not representation_id:
        return None
    citizen = citizen_for_user(user=user)
    found = (
        representations_for(citizen=citizen).filter(pk=representation_id).first()
        if citizen
        else None
    )
    if found is None:
        raise DossierPermissionError(_("You may not file on behalf of this person or body."))
    return found


@transaction.atomic
def draft_start(
    *, user: AbstractBaseUser, procedure: Procedure, representation_id: int | None = None
) -> SubmissionDraft:
    """Resume the applicant's open draft for `procedure`, or start one prefilled.

    With `representation_id` the applicant files for an organisation or another citizen
    they represent (checked to be active today); the dossier records that representation.
    """
    representation = _representation(user, representation_id)
    if procedure.publication_status != PublicationStatus.PUBLISHED or not procedure.is_online:
        raise DossierRuleError(_("This procedure cannot be filed online."))
    draft = SubmissionDraft.objects.filter(
        owner=user, procedure=procedure, dossier__isnull=True
    ).first()
    if draft is not None:
        if draft.on_behalf_of_id != (representation.pk if representation else None):
            draft.on_behalf_of = representation
            draft.save(update_fields=["on_behalf_of", "updated_at"])
        return draft
    schema = form_schema_of(procedure)
    answers = form_prefill(
        schema,
        citizen=(representation.for_citizen if representation else None)
        or citizen_for_user(user=user),
        organisation=representation.for_organisation if representation else None,
        previous=_previous_answers(user, procedure),
    )
    return SubmissionDraft.objects.create(
        owner=user, procedure=procedure, form_data=answers, on_behalf_of=representation
    )


def draft_get(*, user: AbstractBaseUser, pk: int) -> SubmissionDraft:
    draft = (
        SubmissionDraft.objects.select_related("procedure")
        .filter(pk=pk, owner=user, dossier__isnull=True)
        .first()
    )
    if draft is None:
        raise NotFoundError(_("No such application in progress."))
    return draft


@transaction.atomic
def draft_save_group(*, draft: SubmissionDraft, group_key: str, values: dict[str, Any]) -> None:
    draft = SubmissionDraft.objects.select_for_update().get(pk=draft.pk)
    draft.form_data = {**draft.form_data, group_key: values}
    draft.save(update_fields=["form_data", "updated_at"])


def _draft_bytes(draft: SubmissionDraft) -> int:
    ids = [a["file"] for a in draft.attachments if not a.get("personal_document")]
    return sum(StoredFile.objects.filter(pk__in=ids).values_list("size", flat=True))


@transaction.atomic
def draft_add_file(
    *, draft: SubmissionDraft, document_name: str, fileobj: IO[bytes] | Any, filename: str
) -> None:
    """Inspect and keep a file for one document of the application."""
    draft = SubmissionDraft.objects.select_for_update().get(pk=draft.pk)
    name = document_name_clean(document_name)
    stored = stored_file_create(
        fileobj=fileobj, filename=filename, uploaded_by=draft.owner, field="file"
    )
    ensure_total_within([_draft_bytes(draft), stored.size])
    draft.attachments = [*draft.attachments, {"document": name, "file": stored.pk}]
    draft.save(update_fields=["attachments", "updated_at"])


@transaction.atomic
def draft_reuse(*, draft: SubmissionDraft, document_name: str, personal_document_id: int) -> None:
    """Use a document of the applicant's data store: one click, nothing uploaded."""
    draft = SubmissionDraft.objects.select_for_update().get(pk=draft.pk)
    document = PersonalDocument.objects.filter(pk=personal_document_id, owner=draft.owner).first()
    if document is None:
        raise NotFoundError(_("No such document in your data store."))
    if any(a.get("personal_document") == document.pk for a in draft.attachments):
        raise DossierRuleError(_("This document is already in the dossier."))
    draft.attachments = [
        *draft.attachments,
        {
            "document": " ".join(document_name.split())[:500] or document.title,
            "file": document.file_id,
            "personal_document": document.pk,
        },
    ]
    draft.save(update_fields=["attachments", "updated_at"])


@transaction.atomic
def draft_remove_attachment(*, draft: SubmissionDraft, index: int) -> None:
    draft = SubmissionDraft.objects.select_for_update().get(pk=draft.pk)
    if not 0 <= index < len(draft.attachments):
        raise NotFoundError(_("No such file in the application."))
    draft.attachments = [a for i, a in enumerate(draft.attachments) if i != index]
    draft.save(update_fields=["attachments", "updated_at"])


def _origin(attachment: dict[str, Any], kinds: dict[int, str]) -> str:
    personal = attachment.get("personal_document")
    if not personal:
        return ComponentOrigin.UPLOADED
    if kinds.get(personal) in (PersonalDocumentKind.RESULT, PersonalDocumentKind.ECOPY):
        return ComponentOrigin.REUSED
    return ComponentOrigin.PERSONAL_STORE


@transaction.atomic
def draft_submit(*, draft: SubmissionDraft, request: HttpRequest | None = None) -> Dossier:
    """Validate everything and file the dossier with its documents, all or nothing."""
    draft = SubmissionDraft.objects.select_for_update().select_related("procedure").get(pk=draft.pk)
    if draft.dossier_id is not None:
        return draft.dossier
    schema = form_schema_of(draft.procedure)
    errors = form_validate(schema, draft.form_data)
    if errors:
        raise InvalidInputError(
            _("Some answers are missing or wrong: %(errors)s")
            % {"errors": "; ".join(list(errors.values())[:5])},
            extra={"fields": errors},
        )
    applicant = draft.form_data.get("applicant", {})
    representation = draft.on_behalf_of
    if representation is not None:  # still active today?
        representation = _representation(draft.owner, representation.pk)
    citizen = citizen_for_user(user=draft.owner)
    if representation is not None and representation.for_citizen is not None:
        citizen = representation.for_citizen
    organisation = representation.for_organisation if representation else None
    name = (
        (organisation.name if organisation else "")
        or applicant.get("full_name")
        or (citizen.full_name if citizen else "")
        or str(draft.owner)
    )
    dossier = services.dossier_register(
        procedure=draft.procedure,
        receiving_agency=receiving_agency_for(draft.procedure),
        channel="online",
        source="portal",
        applicant_name=name,
        applicant_user=draft.owner,
        applicant_fields={
            "applicant_phone": str(applicant.get("phone", ""))[:16],
            "applicant_email": str(applicant.get("email", ""))[:254],
            "applicant_address": str(applicant.get("address", ""))[:500],
            "applicant_id_number": (organisation.tax_code if organisation else "")
            or (citizen.citizen_id if citizen else ""),
            "applicant_citizen": citizen,
            "applicant_organisation": organisation,
            "on_behalf_of": representation,
            "vneid_authenticated": bool(citizen and citizen.vneid_verified),
        },
        form_data=draft.form_data,
        actor=draft.owner,
        request=request,
    )
    personal_ids = [a["personal_document"] for a in draft.attachments if a.get("personal_document")]
    kinds = dict(
        PersonalDocument.objects.filter(pk__in=personal_ids, owner=draft.owner).values_list(
            "pk", "kind"
        )
    )
    DossierComponent.objects.bulk_create(
        DossierComponent(
            dossier=dossier,
            document_name=attachment["document"],
            origin=_origin(attachment, kinds),
            file_id=attachment["file"],
            personal_document_id=attachment.get("personal_document")
            if attachment.get("personal_document") in kinds
            else None,
            added_by=draft.owner,
        )
        for attachment in draft.attachments
        if not attachment.get("personal_document") or attachment["personal_document"] in kinds
    )
    draft.dossier = dossier
    draft.save(update_fields=["dossier", "updated_at"])
    return dossier
