# SPDX-License-Identifier: MIT
"""Dossiers (hồ sơ). This first part holds the dossier-code counters (DOMAIN §2.2)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from congso.core.models import Agency


class DossierCodeCounter(models.Model):
    """The last sequence number given to dossiers received by one agency on one day.

    One row per (agency, day), locked with SELECT … FOR UPDATE while a code is taken, so
    codes are unique under concurrent submissions and gapless: a rolled-back submission
    rolls its number back too.
    """

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("day"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("dossier code counter")
        verbose_name_plural = _("dossier code counters")
        constraints = [
            models.UniqueConstraint(fields=["agency", "day"], name="dossier_counter_per_agency_day")
        ]

    def __str__(self) -> str:
        return f"{self.agency.code} {self.day:%y%m%d} {self.last}"
