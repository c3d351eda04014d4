# SPDX-License-Identifier: MIT
from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _


class MeasurementForm(forms.Form):
    value = forms.DecimalField(
        label=_("Measured value"), max_digits=14, decimal_places=2, min_value=Decimal(0)
    )
    measured_on = forms.DateField(
        label=_("Measured on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Source or note"), max_length=255, required=False)
