# SPDX-License-Identifier: MIT
"""The officer's fee page of a dossier: ask for fees, take cash, see payments, resolve flags."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from congso.accounts.access import officer_required
from congso.core.audit import audit_record
from congso.core.exceptions import DomainError, NotFoundError

from . import selectors, services
from .fee_lines import dossier_fees
from .forms import PaymentRequestForm, ResolveForm
from .models import Payment, PaymentStatus
from .views import pdf_response

ACTIONS = {"request", "cash", "resolve"}


def _dossier(request: HttpRequest, code: str):
    try:
        return selectors.officer_dossier_get(user=request.user, code=code)
    except NotFoundError as exc:
        raise Http404(exc.detail) from exc


def _act(request: HttpRequest, dossier, action: str, form) -> Any:
    if action == "request":
        return services.payment_request_create(
            dossier=dossier,
            actor=request.user,
            due=form.cleaned_data["due"],
            choices=form.choices(),
            note=form.cleaned_data["note"],
            request=request,
        )
    if action == "cash":
        paid_request = selectors.request_get_for_officer(
            user=request.user, reference=request.POST.get("reference", "")
        )
        if paid_request.dossier_id != dossier.pk:
            raise NotFoundError(_("No such payment request for this dossier."))
        return services.payment_cash_record(
            paid_request=paid_request, actor=request.user, request=request
        )
    payment = Payment.objects.filter(
        order_id=form.cleaned_data["order_id"], request__dossier=dossier
    ).first()
    if payment is None:
        raise NotFoundError(_("No such payment for this dossier."))
    return services.payment_flag_resolve(
        payment=payment,
        actor=request.user,
        resolution=form.cleaned_data["resolution"],
        request=request,
    )


@officer_required
def officer_page(request: HttpRequest, code: str) -> HttpResponse:
    dossier = _dossier(request, code)
    fees = dossier_fees(dossier.procedure_version.data, dossier.channel)
    status, error, failed = 200, "", ""
    request_form = PaymentRequestForm(fees=fees, prefix="fees")
    if request.method == "POST":
        action = request.POST.get("action", "")
        form = None
        if action == "request":
            form = request_form = PaymentRequestForm(request.POST, fees=fees, prefix="fees")
        elif action == "resolve":
            form = ResolveForm(request.POST)
        if action not in ACTIONS:
            status, error = 400, _("Unknown action.")
        elif form is not None and not form.is_valid():
            status, failed = 400, action
            error = _("Check the form: some fields are missing or wrong.")
        else:
            try:
                _act(request, dossier, action, form)
            except DomainError as exc:
                status, failed, error = exc.http_status, action, exc.detail
            else:
                messages.success(request, _("Done."))
                return redirect("payments:officer", code=dossier.code)
    requests = list(selectors.requests_of(dossier))
    with transaction.atomic():
        audit_record(actor=request.user, action="payment.view", target=dossier, request=request)
    context = {
        "dossier": dossier,
        "fees": fees,
        "requests": requests,
        "request_form": request_form,
        "flagged": [
            p
            for r in requests
            for p in r.payments.all()
            if p.status == PaymentStatus.FLAGGED and p.resolved_at is None
        ],
        "error": error,
        "failed": failed,
    }
    return render(request, "payments/officer.html", context, status=status)


@officer_required
def officer_pdf(request: HttpRequest, code: str, reference: str) -> HttpResponse:
    dossier = _dossier(request, code)
    try:
        paid_request = selectors.request_get_for_officer(user=request.user, reference=reference)
    except NotFoundError as exc:
        raise Http404(exc.detail) from exc
    if paid_request.dossier_id != dossier.pk:
        raise Http404(_("No such payment request for this dossier."))
    return pdf_response(request, paid_request)
