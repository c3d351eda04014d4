# SPDX-License-Identifier: MIT
"""The forms officers fill on a dossier: one per action, validated before any service runs."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from congso.core.models import Agency

REASON = {"rows": 3, "maxlength": 2000}


class RefuseForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(REASON))
    basis = forms.CharField(label=_("Legal basis"), max_length=255)


class SupplementForm(forms.Form):
    """What to complete: ticked from the catalog list, plus any item typed one per line."""

    documents = forms.MultipleChoiceField(
        label=_("Documents to complete"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_items = forms.CharField(
        label=_("Other items, one per line"),
        required=False,
        max_length=4000,
        widget=forms.Textarea({"rows": 3}),
    )
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(REASON))
    basis = forms.CharField(label=_("Legal basis"), max_length=255, required=False)

    def __init__(self, *args, document_names: list[str] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["documents"].choices = [(name, name) for name in document_names]

    def items(self) -> list[str]:
        typed = [line.strip() for line in self.cleaned_data["other_items"].splitlines()]
        return [*self.cleaned_data["documents"], *[line for line in typed if line]]

    def clean(self):
        data = super().clean()
        if not self.errors and not self.items():
            raise forms.ValidationError(_("Tick or type at least one item to complete."))
        return data


class ForwardForm(forms.Form):
    to_agency = forms.ModelChoiceField(
        label=_("Send to another agency (inter-agency)"),
        queryset=Agency.objects.filter(valid_to__isnull=True).order_by("name"),
        required=False,
        empty_label=_("— next step of the process —"),
        to_field_name="code",
    )
    working_days = forms.DecimalField(
        label=_("Working days for the other agency"),
        min_value=Decimal("0.25"),
        max_value=Decimal(365),
        decimal_places=2,
        required=False,
    )
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)


class AssignForm(forms.Form):
    assignee = forms.ChoiceField(label=_("Assign to"))

    def __init__(self, *args, officers: list[tuple[str, str]] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = officers


class SendBackForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(REASON))


class StopForm(RefuseForm):
    pass


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)


class ExtensionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the delay"), max_length=2000, widget=forms.Textarea(REASON)
    )
    new_due_date = forms.DateField(
        label=_("New return date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    signer_name = forms.CharField(label=_("Signed by"), max_length=150)
    signer_title = forms.CharField(label=_("Title of the signer"), max_length=150)


class ResultForm(forms.Form):
    title = forms.CharField(label=_("Title of the result"), max_length=255)
    decision_text = forms.CharField(
        label=_("Decision (congso writes and signs the document)"),
        required=False,
        max_length=20000,
        widget=forms.Textarea({"rows": 4}),
    )
    file = forms.FileField(label=_("Or upload the result as PDF"), required=False)

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("decision_text") and not data.get("file"):
            raise forms.ValidationError(_("Write the decision or upload the result."))
        return data


class DeskRegistrationForm(forms.Form):
    """A dossier brought to the desk or received by post."""

    agency = forms.ModelChoiceField(
        label=_("Receiving agency"), queryset=Agency.objects.none(), to_field_name="code"
    )
    procedure_code = forms.RegexField(label=_("Procedure code"), regex=r"^\d\.\d{6}$", max_length=8)
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("direct", _("In person")), ("postal", _("By post"))]
    )
    applicant_name = forms.CharField(label=_("Applicant"), min_length=2, max_length=255)
    applicant_id_number = forms.RegexField(
        label=_("Citizen ID or tax code"), regex=r"^\d{10}(-\d{3})?$|^\d{12}$", required=False
    )
    applicant_phone = forms.CharField(label=_("Phone"), max_length=16, required=False)
    applicant_email = forms.EmailField(label=_("E-mail"), required=False)
    applicant_address = forms.CharField(label=_("Address"), max_length=500, required=False)
    summary = forms.CharField(
        label=_("Request"), max_length=1000, required=False, widget=forms.Textarea({"rows": 2})
    )

    def __init__(self, *args, agencies=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["agency"].queryset = agencies


class ScanForm(forms.Form):
    document = forms.CharField(label=_("Document"), max_length=500)
    file = forms.FileField(label=_("Scanned file"), required=False)
    originals = forms.IntegerField(label=_("Originals"), min_value=0, max_value=99, initial=0)
    copies = forms.IntegerField(label=_("Copies"), min_value=0, max_value=99, initial=1)


class EcopyForm(forms.Form):
    title = forms.CharField(label=_("Original presented"), max_length=255)
    file = forms.FileField(label=_("Scan of the original (PDF, JPEG or PNG)"))
