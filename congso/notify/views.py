# SPDX-License-Identifier: MIT
"""The signed-in person's notification preferences: their own, never anyone else's."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from congso.core.exceptions import DomainError

from . import selectors, services
from .forms import PreferenceForm
from .services import PREFERENCE_FIELDS


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    preference = selectors.preference_get_for(user=request.user)
    if request.method == "POST":
        form = PreferenceForm(request.POST)
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in PREFERENCE_FIELDS}
            try:
                services.preference_update(
                    user=request.user, actor=request.user, request=request, **values
                )
            except DomainError as exc:
                form.add_error(None, exc.detail)
            else:
                messages.success(request, _("Your notification preferences are saved."))
                return redirect("notify:preferences")
    else:
        form = PreferenceForm(
            initial={name: getattr(preference, name) for name in PREFERENCE_FIELDS}
        )
    recent = selectors.message_list_for(user=request.user).only(
        "created_at", "event", "channel", "status", "subject_label"
    )[:20]
    return render(
        request,
        "notify/preferences.html",
        {
            "form": form,
            "contacts": selectors.profile_contacts_for(user=request.user),
            "recent": recent,
        },
        status=400 if request.method == "POST" else 200,
    )
