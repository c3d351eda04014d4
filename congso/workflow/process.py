# SPDX-License-Identifier: MIT
"""The plan of steps a dossier follows: the procedure's definition, or one derived from the catalog.

The default, when no administrator has defined the process: appraisal by a specialist of
the competent agency, an opinion from each coordinating agency of the catalog record
(liên thông), then review and signature by the head. The shares (60/20/20, or 70/30 with no
coordination) are a starting point an administrator adjusts; the last step takes what is
left so the steps add up to the legal processing time.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from congso.accounts.models import OfficerRoleKind
from congso.core.exceptions import InvalidInputError

from .models import ProcessDefinition, ProcessStep

HUNDREDTH = Decimal("0.01")
# How many working days a unit of the catalog is worth, to split the time into steps.
DAYS_PER_UNIT = {
    "working_day": Decimal(1),
    "day": Decimal(5) / Decimal(7),
    "hour": Decimal(1) / Decimal(8),
    "month": Decimal(22),
}


@dataclass(frozen=True)
class PlanStep:
    name: str
    agency_id: int | None  # None: the dossier's competent agency
    role: str
    working_days: Decimal

    @property
    def role_label(self) -> str:
        return str(OfficerRoleKind(self.role).label)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["working_days"] = str(self.working_days)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PlanStep:
        return cls(
            name=data["name"],
            agency_id=data.get("agency_id"),
            role=data["role"],
            working_days=Decimal(data["working_days"]),
        )


def processing_days(amount: Decimal, unit: str) -> Decimal:
    return (amount * DAYS_PER_UNIT.get(unit, Decimal(1))).quantize(HUNDREDTH)


def _split(total: Decimal, shares: list[Decimal]) -> list[Decimal]:
    parts = [(total * share).quantize(HUNDREDTH, rounding=ROUND_DOWN) for share in shares[:-1]]
    return [*parts, total - sum(parts, Decimal(0))]


def default_plan(*, total_days: Decimal, coordinating_agency_ids: list[int]) -> list[PlanStep]:
    appraisal = PlanStep(_("Appraisal"), None, OfficerRoleKind.SPECIALIST, Decimal(0))
    approval = PlanStep(_("Review and signature"), None, OfficerRoleKind.HEAD, Decimal(0))
    if not coordinating_agency_ids:
        days = _split(total_days, [Decimal("0.7"), Decimal("0.3")])
        return [
            PlanStep(appraisal.name, None, appraisal.role, days[0]),
            PlanStep(approval.name, None, approval.role, days[1]),
        ]
    each = Decimal("0.2") / len(coordinating_agency_ids)
    shares = [Decimal("0.6"), *([each] * len(coordinating_agency_ids)), Decimal("0.2")]
    days = _split(total_days, shares)
    coordination = [
        PlanStep(_("Opinion of a coordinating agency"), agency_id, OfficerRoleKind.SPECIALIST, d)
        for agency_id, d in zip(coordinating_agency_ids, days[1:-1], strict=True)
    ]
    return [
        PlanStep(appraisal.name, None, appraisal.role, days[0]),
        *coordination,
        PlanStep(approval.name, None, approval.role, days[-1]),
    ]


def plan_for(*, procedure: Any, total_days: Decimal) -> list[PlanStep]:
    """The steps for a dossier of `procedure` accepted now."""
    definition = ProcessDefinition.objects.filter(procedure=procedure).first()
    if definition is not None:
        steps = list(definition.steps.order_by("position"))
        if steps:
            return [PlanStep(s.name, s.agency_id, s.role, s.working_days) for s in steps]
    coordinating = list(
        procedure.agency_links.filter(role="coordinating")
        .order_by("pk")
        .values_list("agency_id", flat=True)
    )
    # Step names are stored on the dossier and read by everyone: in Vietnamese.
    with translation.override("vi"):
        return default_plan(total_days=total_days, coordinating_agency_ids=coordinating)


@transaction.atomic
def process_definition_save(
    *, procedure: Any, steps: list[PlanStep], total_days: Decimal, note: str = ""
) -> ProcessDefinition:
    """Replace the procedure's process definition, checking it fits the legal time."""
    if not steps:
        raise InvalidInputError(_("A process needs at least one step."))
    if any(step.working_days < 0 for step in steps):
        raise InvalidInputError(_("A step cannot have negative time."))
    planned = sum((step.working_days for step in steps), Decimal(0))
    if planned > total_days:
        raise InvalidInputError(
            _(
                "The steps add up to %(planned)s working days, more than the %(total)s the"
                " procedure allows."
            )
            % {"planned": planned, "total": total_days}
        )
    definition, _created = ProcessDefinition.objects.update_or_create(
        procedure=procedure, defaults={"note": note}
    )
    definition.steps.all().delete()
    ProcessStep.objects.bulk_create(
        ProcessStep(
            definition=definition,
            position=index,
            name=step.name,
            agency_id=step.agency_id,
            role=step.role,
            working_days=step.working_days,
        )
        for index, step in enumerate(steps, start=1)
    )
    return definition
