# SPDX-License-Identifier: MIT
"""A dossier's documents: uploaded, scanned at the desk, or reused from the data store.

Files are inspected by `congso.files` (content, size, active content) before anything is
written; the dossier's total stays within CONGSO_UPLOAD_MAX_DOSSIER_BYTES. Who may add:
the applicant while the dossier is theirs to complete, a reception officer of the
receiving agency while it is at the desk. A document from the data store is never
uploaded again: the component points at it (DOMAIN §4, DuocTaiSuDung).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from congso.core.audit import audit_record
from congso.core.exceptions import InvalidInputError, NotFoundError
from congso.files.inspect import ensure_total_within
from congso.files.models import StoredFile
from congso.files.responses import stored_file_response
from congso.files.services import stored_file_create
from congso.workflow.states import DossierState as S

from .exceptions import DossierPermissionError, DossierRuleError
from .models import (
    ComponentOrigin,
    Dossier,
    DossierComponent,
    PersonalDocument,
    PersonalDocumentKind,
)
from .services import RECEPTION_ROLES, _has_any_role

APPLICANT_MAY_ADD = (S.DRAFT, S.AWAITING_RECEPTION, S.AWAITING_SUPPLEMENT)
DESK_MAY_ADD = (S.AWAITING_RECEPTION, S.ACCEPTED, S.AWAITING_SUPPLEMENT)


def catalog_document_names(dossier: Dossier) -> list[str]:
    return [d["name"] for d in dossier.procedure_version.data.get("documents", [])]


def document_name_clean(document_name: str) -> str:
    """A component's document name: one line, spaces collapsed, at most 500 characters."""
    name = " ".join(document_name.split())[:500]
    if not name:
        raise InvalidInputError(_("Say which document this file is."), extra={"field": "document"})
    return name


def stored_file_download(
    request: HttpRequest, dossier: Dossier, stored: StoredFile, *, note: str
) -> HttpResponse:
    """Serve one of the dossier's files, recording who downloaded it (caller checked access)."""
    with transaction.atomic():
        audit_record(
            actor=request.user,
            action="file.download",
            target=dossier,
            note=note[:100],
            request=request,
        )
    return stored_file_response(stored)


def _origin_for(dossier: Dossier, actor: AbstractBaseUser) -> str:
    """The applicant uploads; a reception officer scans (digitises) papers at the desk."""
    if dossier.applicant_user_id == actor.pk and dossier.state in APPLICANT_MAY_ADD:
        return ComponentOrigin.UPLOADED
    if dossier.state in DESK_MAY_ADD and _has_any_role(
        actor, dossier.receiving_agency, RECEPTION_ROLES
    ):
        return ComponentOrigin.DIGITISED
    raise DossierPermissionError(_("You cannot add documents to this dossier now."))


def _dossier_bytes(dossier: Dossier) -> int:
    return dossier.components.aggregate(total=Sum("file__size"))["total"] or 0


def component_upload(
    *,
    dossier: Dossier,
    actor: AbstractBaseUser,
    document_name: str,
    fileobj: IO[bytes] | Any,
    filename: str,
    originals: int = 0,
    copies: int = 0,
    request: HttpRequest | None = None,
) -> DossierComponent:
    """Add a file for one document of the dossier, checked by content and size.

    The file is inspected and stored before the dossier is locked, so the slow part of an
    upload never holds the dossier (or the audit chain) while it runs.
    """
    _origin_for(dossier, actor)  # refuse early, before any work on the file
    stored = stored_file_create(
        fileobj=fileobj, filename=filename, uploaded_by=actor, field="files", audit=False
    )
    return component_attach(
        dossier=dossier,
        actor=actor,
        document_name=document_name,
        stored=stored,
        originals=originals,
        copies=copies,
        request=request,
    )


@dataclass(frozen=True)
class Attachment:
    """A file already inspected and stored, for one document of a dossier."""

    document_name: str
    stored: StoredFile
    originals: int = 0
    copies: int = 0


def component_attach(
    *,
    dossier: Dossier,
    actor: AbstractBaseUser,
    document_name: str,
    stored: StoredFile,
    originals: int = 0,
    copies: int = 0,
    request: HttpRequest | None = None,
) -> DossierComponent:
    """Add a file already inspected and stored (`stored_file_create`) to the dossier."""
    item = Attachment(document_name, stored, originals, copies)
    return components_attach(dossier=dossier, actor=actor, items=[item], request=request)[0]


@transaction.atomic
def components_attach(
    *,
    dossier: Dossier,
    actor: AbstractBaseUser,
    items: list[Attachment],
    request: HttpRequest | None = None,
) -> list[DossierComponent]:
    """Add files already inspected and stored to the dossier: one lock, one size check, one
    INSERT and one audit record for all of them (a submission's documents arrive together)."""
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    return _components_insert(
        dossier, actor, items, request=request, held_bytes=lambda: _dossier_bytes(dossier)
    )


def components_attach_registered(
    *, dossier: Dossier, actor: AbstractBaseUser, items: list[Attachment]
) -> dict[str, Any]:
    """`components_attach` for a dossier being registered in the current transaction; returns
    what the registration's audit record says of them (`dossier_register(attach=…)`).

    Nobody else can see the dossier before the commit, so it needs no lock, and it holds no
    file yet, so the new files' total is the whole size check. Files prepared but not saved
    (`stored_file_prepare`) are saved here, all in one INSERT: a submission's files cost no
    transaction of their own, and no audit record of their own.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("components_attach_registered runs inside the registering transaction")
    StoredFile.objects.bulk_create([item.stored for item in items if item.stored.pk is None])
    _components, changes = _components_write(dossier, actor, items, held_bytes=lambda: 0)
    return changes


def _components_insert(
    dossier: Dossier,
    actor: AbstractBaseUser,
    items: list[Attachment],
    *,
    request: HttpRequest | None,
    held_bytes: Callable[[], int],
) -> list[DossierComponent]:
    components, changes = _components_write(dossier, actor, items, held_bytes=held_bytes)
    audit_record(
        actor=actor,
        action="dossier.component_add",
        target=dossier,
        changes=changes,
        request=request,
    )
    return components


def _components_write(
    dossier: Dossier,
    actor: AbstractBaseUser,
    items: list[Attachment],
    *,
    held_bytes: Callable[[], int],
) -> tuple[list[DossierComponent], dict[str, Any]]:
    """Insert the components; return them and what an audit record says of them."""
    origin = _origin_for(dossier, actor)
    if any(item.stored.uploaded_by_id != actor.pk for item in items):
        raise DossierPermissionError(_("You cannot add documents to this dossier now."))
    names = [document_name_clean(item.document_name) for item in items]
    ensure_total_within([held_bytes(), *(item.stored.size for item in items)])
    for_supplement = dossier.state == S.AWAITING_SUPPLEMENT
    components = DossierComponent.objects.bulk_create(
        DossierComponent(
            dossier=dossier,
            document_name=name,
            origin=origin,
            file=item.stored,
            originals=max(0, min(item.originals, 99)),
            copies=max(0, min(item.copies, 99)),
            added_by=actor,
            for_supplement=for_supplement,
        )
        for name, item in zip(names, items, strict=True)
    )
    added = [{"document": n, "sha256": i.stored.sha256} for n, i in zip(names, items, strict=True)]
    changes = added[0] if len(added) == 1 else {"documents": added}
    return components, {**changes, "origin": origin}


def component_record_received(
    *, dossier: Dossier, document_name: str, stored: StoredFile, reused: bool
) -> DossierComponent:
    """A file that arrived with the dossier from another system (the national portal).

    Called inside the transaction that registers the dossier; no officer or applicant of
    congso added it, so there is no actor. The file was inspected like any upload.
    """
    ensure_total_within([_dossier_bytes(dossier), stored.size])
    return DossierComponent.objects.create(
        dossier=dossier,
        document_name=document_name_clean(document_name),
        origin=ComponentOrigin.REUSED if reused else ComponentOrigin.UPLOADED,
        file=stored,
    )


@transaction.atomic
def component_paper(
    *,
    dossier: Dossier,
    actor: AbstractBaseUser,
    document_name: str,
    originals: int,
    copies: int,
    request: HttpRequest | None = None,
) -> DossierComponent:
    """Record a paper document received at the desk that is not scanned (yet)."""
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if not _has_any_role(actor, dossier.receiving_agency, RECEPTION_ROLES):
        raise DossierPermissionError(_("Only the reception desk records papers received."))
    component = DossierComponent.objects.create(
        dossier=dossier,
        document_name=document_name_clean(document_name),
        origin=ComponentOrigin.PAPER,
        originals=max(0, min(originals, 99)),
        copies=max(0, min(copies, 99)),
        added_by=actor,
    )
    audit_record(
        actor=actor,
        action="dossier.component_add",
        target=dossier,
        changes={"document": component.document_name, "origin": "paper"},
        request=request,
    )
    return component


@transaction.atomic
def component_reuse(
    *,
    dossier: Dossier,
    actor: AbstractBaseUser,
    document_name: str,
    personal_document: PersonalDocument,
    request: HttpRequest | None = None,
) -> DossierComponent:
    """Use a document of the applicant's data store for this dossier: nothing is uploaded."""
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if dossier.applicant_user_id != actor.pk or dossier.state not in APPLICANT_MAY_ADD:
        raise DossierPermissionError(_("You cannot add documents to this dossier now."))
    if personal_document.owner_id != actor.pk:
        raise NotFoundError(_("No such document in your data store."))
    if dossier.components.filter(personal_document=personal_document).exists():
        raise DossierRuleError(_("This document is already in the dossier."))
    origin = (
        ComponentOrigin.REUSED
        if personal_document.kind in (PersonalDocumentKind.RESULT, PersonalDocumentKind.ECOPY)
        else ComponentOrigin.PERSONAL_STORE
    )
    component = DossierComponent.objects.create(
        dossier=dossier,
        document_name=document_name_clean(document_name),
        origin=origin,
        file_id=personal_document.file_id,
        personal_document=personal_document,
        added_by=actor,
        for_supplement=dossier.state == S.AWAITING_SUPPLEMENT,
    )
    audit_record(
        actor=actor,
        action="dossier.component_reuse",
        target=dossier,
        changes={"document": component.document_name, "personal_document": personal_document.pk},
        request=request,
    )
    return component


def completeness(dossier: Dossier) -> list[tuple[str, bool, list[DossierComponent]]]:
    """Each document the catalog lists for this procedure, whether something covers it."""
    components = list(dossier.components.select_related("file"))
    rows = []
    for name in catalog_document_names(dossier):
        matching = [c for c in components if c.document_name == name]
        rows.append((name, bool(matching), matching))
    return rows
