# SPDX-License-Identifier: MIT
"""Forms of the fee pages: they check the shape of the input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from congso.catalog.models import FeeBasis, FeeDue

from .fee_lines import CatalogFee, FeeChoice


def _reduction_label(rule: dict) -> str:
    off = f"{rule['percent']}%" if rule.get("percent") else f"{rule.get('amount')} đ"
    return f"{rule['group']} (−{off}) — {rule['basis']}"


class PaymentRequestForm(forms.Form):
    """One request: the moment, then per fee of that moment a quantity and a reduction."""

    due = forms.ChoiceField(label=_("Fees due"), choices=FeeDue.choices)
    note = forms.CharField(
        label=_("Note to the applicant"), required=False, max_length=2000, widget=forms.Textarea
    )

    def __init__(self, *args, fees: list[CatalogFee] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fees = list(fees)
        for fee in self.fees:
            fixed = fee.basis == FeeBasis.FIXED
            self.fields[f"qty_{fee.index}"] = forms.IntegerField(
                label=_("%(fee)s — how many") % {"fee": fee.name},
                min_value=0,
                max_value=1 if fixed else 10_000,
                initial=1,
                help_text=_("0 leaves this fee out."),
            )
            if fee.reductions:
                self.fields[f"red_{fee.index}"] = forms.TypedChoiceField(
                    label=_("%(fee)s — reduction") % {"fee": fee.name},
                    required=False,
                    coerce=int,
                    empty_value=None,
                    choices=[("", _("None"))]
                    + [(str(i), _reduction_label(r)) for i, r in enumerate(fee.reductions)],
                )

    def choices(self) -> list[FeeChoice]:
        due = self.cleaned_data["due"]
        return [
            FeeChoice(
                index=fee.index,
                quantity=self.cleaned_data.get(f"qty_{fee.index}") or 0,
                reduction=self.cleaned_data.get(f"red_{fee.index}"),
            )
            for fee in self.fees
            if fee.due == due
        ]


class ResolveForm(forms.Form):
    order_id = forms.CharField(max_length=32, widget=forms.HiddenInput)
    resolution = forms.CharField(
        label=_("What was done (refund, completed payment, …)"), max_length=2000
    )


class StatementUploadForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=None)
    file = forms.FileField(label=_("Bank statement (CSV or XLSX)"))

    def __init__(self, *args, agencies=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class ConfirmLineForm(forms.Form):
    line = forms.IntegerField(widget=forms.HiddenInput)
    reference = forms.CharField(label=_("Payment request"), max_length=16)


class ReportForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=None)
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, agencies=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
