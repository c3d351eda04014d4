# SPDX-License-Identifier: MIT
from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from congso.catalog.models import Level, OnlineLevel


class ProcedureSearchForm(forms.Form):
    """The portal's search and filter form; it only checks the shape of the input."""

    q = forms.CharField(label=_("Search procedures"), required=False, strip=True)
    field = forms.ChoiceField(label=_("Field"), required=False)
    level = forms.ChoiceField(
        label=_("Level"),
        required=False,
        choices=[
            ("", _("All levels")),
            *[(c.value, c.label) for c in Level if c != Level.DISTRICT],
        ],
    )
    online = forms.ChoiceField(
        label=_("Online service"),
        required=False,
        choices=[("", _("All")), *OnlineLevel.choices],
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)

    def __init__(self, *args: object, fields: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", _("All fields")), *fields]

    def clean_q(self) -> str:
        value = self.cleaned_data.get("q") or ""
        limit = settings.CONGSO_SEARCH_MAX_QUERY_CHARS
        if len(value) > limit:
            raise forms.ValidationError(
                _("The search text is too long: at most %(limit)s characters."),
                params={"limit": limit},
            )
        return value


class DossierTrackingForm(forms.Form):
    ma = forms.CharField(label=_("Dossier code"), max_length=40, strip=True)
    pin = forms.CharField(label=_("PIN on the receipt"), max_length=12, min_length=4, strip=True)
