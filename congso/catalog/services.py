# SPDX-License-Identifier: MIT
"""Writes to the catalog. Every change goes through here so that a version snapshot is kept
and search indexes learn that the catalog changed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F

from congso.core.models import Agency

from .models import (
    CatalogRevision,
    Field,
    Procedure,
    ProcedureAgency,
    ProcedureChannel,
    ProcedureFee,
    ProcedureVersion,
    RequiredDocument,
)
from .records import ProcedureRecord

_SCALARS = (
    "name",
    "name_en",
    "description",
    "description_en",
    "decision_number",
    "decision_date",
    "levels",
    "procedure_type",
    "conditions",
    "reception_address",
    "online_level",
    "full_online_eligible",
    "paper_result_required",
    "boundary_free",
    "cutoff_time",
    "publication_status",
    "is_demo",
)
_JSON_LISTS = ("cases", "steps", "subjects", "results", "legal_bases")


def catalog_revision_bump() -> None:
    """Tell every process that its search index is stale (called inside the writing transaction)."""
    updated = CatalogRevision.objects.filter(pk=1).update(number=F("number") + 1)
    if not updated:
        CatalogRevision.objects.create(pk=1, number=1)


def catalog_revision_current() -> int:
    return CatalogRevision.objects.filter(pk=1).values_list("number", flat=True).first() or 0


def _field_for(record: ProcedureRecord, cache: dict[str, Field]) -> Field:
    field = cache.get(record.field_code)
    if field is None:
        field, _created = Field.objects.get_or_create(
            code=record.field_code,
            defaults={"name": record.field_name, "name_en": record.field_name_en},
        )
        changed = field.name != record.field_name or (
            record.field_name_en and field.name_en != record.field_name_en
        )
        if changed:
            field.name = record.field_name
            field.name_en = record.field_name_en or field.name_en
            field.save(update_fields=["name", "name_en", "updated_at"])
        cache[record.field_code] = field
    return field


def _replace_children(
    procedure: Procedure, record: ProcedureRecord, agencies: dict[str, int], *, is_new: bool
) -> None:
    if not is_new:
        procedure.channels.all().delete()
        procedure.fees.all().delete()
        procedure.documents.all().delete()
        procedure.agency_links.all().delete()
    ProcedureChannel.objects.bulk_create(
        ProcedureChannel(procedure=procedure, **channel.model_dump()) for channel in record.channels
    )
    ProcedureFee.objects.bulk_create(
        ProcedureFee(procedure=procedure, **fee.model_dump()) for fee in record.fees
    )
    RequiredDocument.objects.bulk_create(
        RequiredDocument(
            procedure=procedure,
            position=position,
            is_optional=document.optional,
            **document.model_dump(exclude={"optional"}),
        )
        for position, document in enumerate(record.documents)
    )
    links = {
        (agencies[ref.code], ref.role)
        for ref in record.agencies
        if ref.code and ref.code in agencies
    }
    ProcedureAgency.objects.bulk_create(
        ProcedureAgency(procedure=procedure, agency_id=agency_id, role=role)
        for agency_id, role in sorted(links)
    )


def procedure_to_record(procedure: Procedure) -> ProcedureRecord:
    """The canonical record of a procedure as stored now (used by export and snapshots)."""
    data: dict[str, Any] = {name: getattr(procedure, name) for name in _SCALARS}
    data.update({name: getattr(procedure, name) for name in _JSON_LISTS})
    data["code"] = procedure.code
    data["field_code"] = procedure.field.code
    data["field_name"] = procedure.field.name
    data["field_name_en"] = procedure.field.name_en
    data["channels"] = [
        {
            "kind": c.kind,
            "processing_time": c.processing_time,
            "time_unit": c.time_unit,
            "description": c.description,
            "fee_text": c.fee_text,
        }
        for c in procedure.channels.all()
    ]
    data["fees"] = [
        {
            "name": f.name,
            "kind": f.kind,
            "amount": f.amount,
            "basis": f.basis,
            "channel": f.channel,
            "exemption": f.exemption,
            "due": f.due,
            "reductions": f.reductions,
        }
        for f in procedure.fees.all()
    ]
    data["documents"] = [
        {
            "code": d.code,
            "case": d.case,
            "name": d.name,
            "name_en": d.name_en,
            "originals": d.originals,
            "copies": d.copies,
            "template_name": d.template_name,
            "template_url": d.template_url,
            "optional": d.is_optional,
        }
        for d in procedure.documents.all()
    ]
    agencies = [
        {"role": link.role, "code": link.agency.code, "name": link.agency.name}
        for link in procedure.agency_links.all()
    ]
    agencies += [
        {"role": ref["role"], "code": "", "name": ref["name"]}
        for ref in procedure.agency_names
        if ref.get("name")
    ]
    data["agencies"] = sorted(agencies, key=lambda ref: (ref["role"], ref["code"], ref["name"]))
    return ProcedureRecord.model_validate(data)


def _canonical(record: ProcedureRecord) -> dict[str, Any]:
    data = record.model_dump(mode="json")
    data["agencies"] = sorted(
        data["agencies"], key=lambda ref: (ref["role"], ref["code"], ref["name"])
    )
    return data


def _resolved(record: ProcedureRecord, agency_ids: dict[str, int]) -> ProcedureRecord:
    """The record as it will read back: unknown agency codes are kept by name only."""
    refs = [
        ref if (ref.code in agency_ids) else ref.model_copy(update={"code": ""})
        for ref in record.agencies
        if ref.code in agency_ids or ref.name
    ]
    return record.model_copy(update={"agencies": refs})


def _snapshot(
    procedure: Procedure, note: str, record: ProcedureRecord | None = None
) -> ProcedureVersion:
    """Record the next version. `record`, when given, is what was just written (saves a
    re-read); it must be the resolved form (`_resolved`), which reads back identically."""
    procedure.version += 1
    procedure.save(update_fields=["version", "updated_at"])
    if record is None:
        record = procedure_to_record(procedure)
    else:
        record = ProcedureRecord.model_validate(_canonical(record))
    return ProcedureVersion.objects.create(
        procedure=procedure,
        number=procedure.version,
        data=record.model_dump(mode="json"),
        decision_number=procedure.decision_number,
        note=note,
    )


@transaction.atomic
def procedures_upsert(
    *, records: Iterable[ProcedureRecord], note: str = ""
) -> tuple[int, int, int]:
    """Create or update procedures from validated records.

    An unchanged record writes nothing; a changed one becomes a new version, so an amended
    procedure keeps its history (DOMAIN §1.3: dossiers pin the version they were received
    under). Returns (created, updated, unchanged).
    """
    field_cache: dict[str, Field] = {}
    agency_ids = dict(Agency.objects.values_list("code", "id"))
    created = updated = unchanged = 0
    for record in records:
        existing = (
            Procedure.objects.select_for_update()
            .filter(code=record.code)
            .select_related("field")
            .first()
        )
        if existing is not None and _canonical(procedure_to_record(existing)) == _canonical(
            _resolved(record, agency_ids)
        ):
            unchanged += 1
            continue
        procedure = existing or Procedure(code=record.code)
        for name in (*_SCALARS, *_JSON_LISTS):
            value = getattr(record, name)
            if name in _JSON_LISTS:
                value = [
                    item if isinstance(item, str) else item.model_dump(mode="json")
                    for item in value
                ]
            setattr(procedure, name, value)
        procedure.agency_names = [
            {"role": ref.role, "name": ref.name}
            for ref in record.agencies
            if ref.name and ref.code not in agency_ids
        ]
        procedure.field = _field_for(record, field_cache)
        procedure.save()
        _replace_children(procedure, record, agency_ids, is_new=existing is None)
        _snapshot(
            procedure,
            note or ("created" if existing is None else "amended"),
            _resolved(record, agency_ids),
        )
        if existing is None:
            created += 1
        else:
            updated += 1
    if created or updated:
        catalog_revision_bump()
    return created, updated, unchanged


@transaction.atomic
def procedure_record_change(*, procedure: Procedure, note: str = "") -> ProcedureVersion:
    """Snapshot a procedure edited in place (the admin) and mark the catalog changed."""
    version = _snapshot(procedure, note or "edited")
    catalog_revision_bump()
    return version
