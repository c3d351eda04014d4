# SPDX-License-Identifier: MIT
"""Forms of the field-report pages: shape only; the rules are in services.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from congso.core.models import Agency

from .models import DESCRIPTION_MAX, Category, RejectReason
from .states import Status


class ReportForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("What is the problem?"),
        queryset=Category.objects.none(),
        to_field_name="code",
        empty_label=_("Choose a category"),
    )
    description = forms.CharField(
        label=_("Describe it"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=DESCRIPTION_MAX,
    )
    lat = forms.CharField(
        label=_("Latitude"), widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    lon = forms.CharField(
        label=_("Longitude"), widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    address = forms.CharField(label=_("Address or landmark"), max_length=255, required=False)
    name = forms.CharField(label=_("Your name"), max_length=120, required=False)
    email = forms.EmailField(label=_("Your e-mail"), required=False)
    phone = forms.CharField(label=_("Your phone"), max_length=20, required=False)

    def __init__(self, *args: object, categories: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories


class FilterForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("All categories"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), ("open", _("Open")), ("closed", _("Closed")), *Status.choices],
    )
    bbox = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: object, categories: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories


class SupportForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail, to hear about changes"), required=False)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("What is still wrong?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How satisfied are you with the answer?"),
        coerce=int,
        choices=[(i, str(i)) for i in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )


class AssignForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    reason = forms.CharField(label=_("Reason"), max_length=2000, required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(valid_to=None).order_by("name")


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Public answer"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=DESCRIPTION_MAX,
    )


class RejectForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[(RejectReason.SPAM, RejectReason.SPAM.label),
                 (RejectReason.OUT_OF_SCOPE, RejectReason.OUT_OF_SCOPE.label)],
    )  # fmt: skip
    note = forms.CharField(label=_("Public note"), max_length=2000)


class MergeForm(forms.Form):
    into = forms.IntegerField(label=_("Number of the report to keep"), min_value=1)
    note = forms.CharField(label=_("Public note"), max_length=2000, required=False)


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255)
