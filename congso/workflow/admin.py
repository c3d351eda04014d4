# SPDX-License-Identifier: MIT
"""Process definitions, edited by a province administrator with their steps inline."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import ProcessDefinition, ProcessStep


class ProcessStepInlineFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        kept = [
            f.cleaned_data
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE", False)
        ]
        if not kept:
            raise forms.ValidationError(_("A process needs at least one step."))
        procedure = self.instance.procedure if self.instance.procedure_id else None
        channel = procedure.channels.filter(kind="direct").first() if procedure else None
        if channel is None:
            return
        from .process import processing_days

        total = processing_days(channel.processing_time, channel.time_unit)
        planned = sum((row.get("working_days") or Decimal(0) for row in kept), Decimal(0))
        if planned > total:
            raise forms.ValidationError(
                _(
                    "The steps add up to %(planned)s working days, more than the %(total)s the"
                    " procedure allows."
                )
                % {"planned": planned, "total": total}
            )


class ProcessStepInline(admin.TabularInline):
    model = ProcessStep
    formset = ProcessStepInlineFormSet
    extra = 1
    autocomplete_fields = ("agency",)


@admin.register(ProcessDefinition)
class ProcessDefinitionAdmin(admin.ModelAdmin):
    list_display = ("procedure", "note", "updated_at")
    search_fields = ("procedure__code", "procedure__name")
    autocomplete_fields = ("procedure",)
    inlines = (ProcessStepInline,)
