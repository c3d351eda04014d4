# SPDX-License-Identifier: MIT
"""Writes: keep an inspected upload, or a document congso generated itself."""

from __future__ import annotations

import io
from typing import IO, TYPE_CHECKING, Any

from django.core.files import File
from django.core.files.storage import Storage
from django.db import transaction

from congso.core.audit import audit_record

from .inspect import Inspected, inspected_copy
from .kinds import DOSSIER_KINDS, storage_name
from .models import StoredFile

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser


def stored_file_create(
    *,
    fileobj: IO[bytes] | Any,
    filename: str,
    uploaded_by: AbstractBaseUser | None = None,
    max_bytes: int | None = None,
    allowed: frozenset[str] = DOSSIER_KINDS,
    field: str | None = None,
    audit: bool = True,
) -> StoredFile:
    """Inspect `fileobj` (see `inspect_upload()`), then keep it; a refused file leaves no trace.

    `audit=False` when the caller records the file in its own audit record (a dossier's
    component names the file's SHA-256), so one upload is not audited twice.

    The bytes go to the default storage under files/ab/cd/<sha256>.<ext>. Identical content
    is written once: a second upload of the same bytes reuses the object already there
    (when its size matches) but gets its own row, so each uploader's name, ownership and
    audit record stay separate, and removing one row never touches another's file.

    What is stored is the private copy that was inspected, never `fileobj` read again.
    The storage write happens before the database transaction, which then holds only the
    row and its audit record. Storage is not transactional: if the transaction rolls back,
    the object stays behind unreferenced. It is not deleted then, as another row may use
    it; a sweep of unreferenced objects can remove it later.
    """
    stored = stored_file_prepare(
        fileobj=fileobj,
        filename=filename,
        uploaded_by=uploaded_by,
        max_bytes=max_bytes,
        allowed=allowed,
        field=field,
    )
    with transaction.atomic():
        stored.save()
        if not audit:
            return stored
        audit_record(
            actor=uploaded_by,
            action="file.store",
            target=stored,
            changes={
                "sha256": stored.sha256,
                "size": stored.size,
                "kind": stored.kind,
                "original_name": stored.original_name,
            },
        )
    return stored


def stored_file_prepare(
    *,
    fileobj: IO[bytes] | Any,
    filename: str,
    uploaded_by: AbstractBaseUser | None = None,
    max_bytes: int | None = None,
    allowed: frozenset[str] = DOSSIER_KINDS,
    field: str | None = None,
) -> StoredFile:
    """Inspect `fileobj` and put its bytes in storage; return the row, not yet saved.

    For a caller that saves the rows of several uploads together, in the transaction that
    uses them (`StoredFile.objects.bulk_create`): a submission's files then cost one INSERT
    and no transaction of their own. Anyone else calls `stored_file_create()`.
    """
    with inspected_copy(
        fileobj, filename=filename, max_bytes=max_bytes, allowed=allowed, field=field
    ) as (inspected, copy):
        storage = StoredFile._meta.get_field("file").storage
        return StoredFile(
            sha256=inspected.sha256,
            size=inspected.size,
            kind=inspected.kind,
            content_type=inspected.content_type,
            original_name=inspected.name,
            file=_storage_put(storage, inspected, copy),
            uploaded_by=uploaded_by,
        )


def stored_file_create_from_bytes(
    *,
    data: bytes,
    filename: str,
    uploaded_by: AbstractBaseUser | None = None,
    max_bytes: int | None = None,
    allowed: frozenset[str] = DOSSIER_KINDS,
) -> StoredFile:
    """Keep a file congso made (a receipt, a decision): inspected like any upload.

    Our own generators are held to the same rules, so a stored file of a kind always
    means the same thing, and a generator that starts embedding scripts is caught.
    """
    return stored_file_create(
        fileobj=io.BytesIO(data),
        filename=filename,
        uploaded_by=uploaded_by,
        max_bytes=max_bytes,
        allowed=allowed,
    )


def _storage_put(storage: Storage, inspected: Inspected, copy: IO[bytes]) -> str:
    """Write the copy under its content address, or reuse the object already there."""
    name = storage_name(inspected.sha256, inspected.kind)
    if storage.exists(name) and storage.size(name) == inspected.size:
        return name
    # If a different object holds the name (damaged, or written halfway), the storage
    # picks a free variant of it instead of overwriting: rows pointing there keep theirs.
    return storage.save(name, File(copy, name=name))
