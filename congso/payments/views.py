# SPDX-License-Identifier: MIT
"""The applicant's fee page, the gateway's way back, and the gateway's callback endpoint."""

from __future__ import annotations

import contextlib
from urllib.parse import parse_qsl

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from congso.core.audit import audit_record, request_client_ip
from congso.core.exceptions import DomainError, NotFoundError

from . import gateway_protocol as protocol
from . import selectors, services
from .callbacks import callback_process
from .methods import methods_for
from .methods.gateway import gateway_config
from .models import PaymentStatus
from .receipts import request_pdf
from .requery import payment_requery

MAX_CALLBACK_BYTES = 64 * 1024


def _applicant_dossier(request: HttpRequest, code: str):
    try:
        return selectors.applicant_dossier_get(user=request.user, code=code)
    except NotFoundError as exc:
        raise Http404(exc.detail) from exc


@login_required
def citizen_page(request: HttpRequest, code: str) -> HttpResponse:
    dossier = _applicant_dossier(request, code)
    status, error = 200, ""
    if request.method == "POST":
        try:
            paid_request = selectors.request_get_for_applicant(
                user=request.user, reference=request.POST.get("reference", "")
            )
            return_url = request.build_absolute_uri(
                reverse("payments:return", kwargs={"order_id": "ORDER"})
            )
            url = services.payment_gateway_start(
                paid_request=paid_request,
                actor=request.user,
                return_url=return_url,
                request=request,
            )
            return redirect(url)
        except DomainError as exc:
            status, error = exc.http_status, exc.detail
    requests = list(selectors.requests_of(dossier))
    offers = {r.pk: methods_for(r) for r in requests if r.is_open}
    with transaction.atomic():
        audit_record(actor=request.user, action="payment.view", target=dossier, request=request)
    context = {"dossier": dossier, "requests": requests, "offers": offers, "error": error}
    return render(request, "payments/citizen.html", context, status=status)


@login_required
def citizen_pdf(request: HttpRequest, code: str, reference: str) -> HttpResponse:
    dossier = _applicant_dossier(request, code)
    try:
        paid_request = selectors.request_get_for_applicant(user=request.user, reference=reference)
    except NotFoundError as exc:
        raise Http404(exc.detail) from exc
    if paid_request.dossier_id != dossier.pk:
        raise Http404(_("No such payment request for this dossier."))
    return pdf_response(request, paid_request)


def pdf_response(request: HttpRequest, paid_request) -> HttpResponse:
    data = request_pdf(paid_request)
    with transaction.atomic():
        audit_record(
            actor=request.user,
            action="payment.receipt_download",
            target=paid_request,
            request=request,
        )
    response = HttpResponse(data, content_type="application/pdf")
    name = f"bien-lai-{paid_request.reference}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def gateway_return(request: HttpRequest, order_id: str) -> HttpResponse:
    """The payer is back from the gateway. Its word is checked but settles nothing: a pending
    payment is asked about server-to-server, whose signed answer is what counts."""
    try:
        payment = selectors.payment_get_for_applicant(user=request.user, order_id=order_id)
    except NotFoundError as exc:
        raise Http404(exc.detail) from exc
    config = gateway_config()
    try:
        back = protocol.from_query(parse_qsl(request.META.get("QUERY_STRING", "")))
        genuine = config is not None and protocol.verify(back, config.secret)
    except protocol.MessageError:
        genuine = False
    if genuine and payment.status == PaymentStatus.PENDING:
        with contextlib.suppress(DomainError):
            payment_requery(payment)
        payment.refresh_from_db()
    if payment.status == PaymentStatus.SUCCEEDED:
        messages.success(request, _("Payment received. Your receipt is ready."))
    elif payment.status == PaymentStatus.PENDING:
        messages.info(
            request,
            _("The payment is being confirmed; this page will show it once the gateway answers."),
        )
    elif payment.status == PaymentStatus.FLAGGED:
        messages.warning(
            request,
            _("The payment received does not match the amount due: an officer will contact you."),
        )
    else:
        messages.warning(request, _("The payment was not completed. You can try again."))
    return redirect("payments:citizen", code=payment.request.dossier.code)


@csrf_exempt
@require_POST
def gateway_callback(request: HttpRequest) -> JsonResponse:
    """The gateway's server-to-server notification (signed JSON). 200 when applied or already
    applied, 400 when refused; every message is logged."""
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if length > MAX_CALLBACK_BYTES:
        return JsonResponse({"result": "malformed", "detail": "too large"}, status=400)
    verdict = callback_process(raw=request.body, remote_addr=request_client_ip(request))
    return JsonResponse(verdict.as_body(), status=verdict.http_status)
