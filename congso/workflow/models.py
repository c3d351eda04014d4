# SPDX-License-Identifier: MIT
"""Process definitions: the ordered steps a procedure's dossiers go through after acceptance.

Each step names the agency that does it (empty: the dossier's competent agency), the role
that may do it and its share of the processing time in working days. These shares are
internal targets (DOMAIN §1.3: Hà Nội's QĐ 663 gives reception 2h, appraisal 3h, …); the
legal deadline stays the procedure's processing time. A province administrator edits the
definition; a dossier copies the plan in force when it is accepted, so later edits never
change the steps of a dossier already under way.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congso.accounts.models import OfficerRoleKind
from congso.core.models import Agency, BaseModel


class ProcessDefinition(BaseModel):
    procedure = models.OneToOneField(
        "catalog.Procedure",
        verbose_name=_("procedure"),
        on_delete=models.CASCADE,
        related_name="process_definition",
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("process definition")
        verbose_name_plural = _("process definitions")

    def __str__(self) -> str:
        return str(self.procedure)


class ProcessStep(models.Model):
    definition = models.ForeignKey(
        ProcessDefinition, on_delete=models.CASCADE, related_name="steps"
    )
    position = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("step"), max_length=120)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leave empty for the dossier's competent agency."),
    )
    role = models.CharField(
        _("role"),
        max_length=16,
        choices=[
            (OfficerRoleKind.SPECIALIST.value, OfficerRoleKind.SPECIALIST.label),
            (OfficerRoleKind.HEAD.value, OfficerRoleKind.HEAD.label),
            (OfficerRoleKind.RECEPTION.value, OfficerRoleKind.RECEPTION.label),
        ],
    )
    working_days = models.DecimalField(
        _("working days allotted"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )

    class Meta:
        verbose_name = _("process step")
        verbose_name_plural = _("process steps")
        ordering = ["definition_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["definition", "position"], name="process_step_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(working_days__gte=0), name="process_step_days_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"
