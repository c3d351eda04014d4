# SPDX-License-Identifier: MIT
"""The citizen's preferences form: shape only; the rules are in services.preference_update."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from congso.accounts.validators import normalise_phone

from .models import Language


class PreferenceForm(forms.Form):
    use_zalo = forms.BooleanField(label=_("Zalo"), required=False)
    use_sms = forms.BooleanField(label=_("SMS"), required=False)
    use_email = forms.BooleanField(label=_("E-mail"), required=False)
    language = forms.ChoiceField(label=_("Language of the messages"), choices=Language.choices)
    phone = forms.CharField(
        label=_("Mobile phone for messages"),
        required=False,
        max_length=20,
        help_text=_("Leave empty to use the number of your profile."),
    )
    email = forms.EmailField(
        label=_("E-mail for messages"),
        required=False,
        help_text=_("Leave empty to use the address of your profile."),
    )

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        return normalise_phone(phone) if phone else ""

    def clean(self) -> dict:
        data = super().clean()
        if not (data.get("use_zalo") or data.get("use_sms") or data.get("use_email")):
            raise ValidationError(
                _("Keep at least one channel: we must be able to tell you about your dossiers.")
            )
        return data
