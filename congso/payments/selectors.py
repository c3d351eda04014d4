# SPDX-License-Identifier: MIT
"""Reads of fees and payments, always scoped to who is asking.

An applicant sees the requests of the dossiers filed from their account; an officer those
of the agencies where they hold a role (as the collecting, receiving or competent agency).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from congso.accounts.selectors import officer_agencies_for
from congso.core.exceptions import NotFoundError
from congso.core.models import Agency
from congso.dossiers.models import Dossier

from .models import Method, Payment, PaymentRequest, PaymentStatus, StatementImport

OFFICER_ROLES = ("reception", "specialist", "head", "agency_admin")
ONLINE_METHODS = (Method.GATEWAY, Method.TRANSFER)


def _active(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def officer_fee_agencies(*, user: AbstractBaseUser | AnonymousUser | None) -> QuerySet[Agency]:
    if not _active(user):
        return Agency.objects.none()
    if user.is_superuser:
        return Agency.objects.all()
    return officer_agencies_for(user=user, role=OFFICER_ROLES)


def applicant_dossier_get(*, user: AbstractBaseUser | AnonymousUser | None, code: str) -> Dossier:
    """One of the user's own dossiers (as applicant), else NotFoundError."""
    dossier = None
    if _active(user):
        dossier = (
            Dossier.objects.select_related("procedure", "receiving_agency")
            .filter(code=code[:40], applicant_user=user)
            .first()
        )
    if dossier is None:
        raise NotFoundError(_("No dossier %(code)s among yours.") % {"code": code[:40]})
    return dossier


def officer_dossier_get(*, user: AbstractBaseUser | AnonymousUser | None, code: str) -> Dossier:
    """A dossier received or decided by one of the officer's agencies, else NotFoundError."""
    agencies = officer_fee_agencies(user=user)
    dossier = (
        Dossier.objects.select_related("procedure", "receiving_agency", "competent_agency")
        .filter(Q(receiving_agency__in=agencies) | Q(competent_agency__in=agencies), code=code[:40])
        .first()
    )
    if dossier is None:
        raise NotFoundError(_("No dossier %(code)s in your agencies.") % {"code": code[:40]})
    return dossier


def requests_of(dossier: Dossier) -> QuerySet[PaymentRequest]:
    return (
        PaymentRequest.objects.filter(dossier=dossier)
        .select_related("agency", "dossier")
        .prefetch_related("lines", "payments")
        .order_by("requested_at", "pk")
    )


def request_get_for_applicant(*, user, reference: str) -> PaymentRequest:
    found = None
    if _active(user):
        found = (
            PaymentRequest.objects.select_related("dossier", "agency")
            .filter(reference=reference[:16], dossier__applicant_user=user)
            .first()
        )
    if found is None:
        raise NotFoundError(_("No payment request %(ref)s among yours.") % {"ref": reference[:16]})
    return found


def request_get_for_officer(*, user, reference: str) -> PaymentRequest:
    agencies = officer_fee_agencies(user=user)
    found = (
        PaymentRequest.objects.select_related("dossier", "agency")
        .filter(
            Q(agency__in=agencies)
            | Q(dossier__receiving_agency__in=agencies)
            | Q(dossier__competent_agency__in=agencies),
            reference=reference[:16],
        )
        .first()
    )
    if found is None:
        raise NotFoundError(
            _("No payment request %(ref)s in your agencies.") % {"ref": reference[:16]}
        )
    return found


def payment_get_for_applicant(*, user, order_id: str) -> Payment:
    found = None
    if _active(user):
        found = (
            Payment.objects.select_related("request__dossier", "request__agency")
            .filter(order_id=order_id[:32], request__dossier__applicant_user=user)
            .first()
        )
    if found is None:
        raise NotFoundError(_("No payment %(ref)s among yours.") % {"ref": order_id[:32]})
    return found


def statements_for(*, user) -> QuerySet[StatementImport]:
    return StatementImport.objects.filter(
        agency__in=officer_fee_agencies(user=user)
    ).select_related("agency", "uploaded_by")


def flagged_payments_for(*, agencies) -> QuerySet[Payment]:
    return Payment.objects.filter(
        status="flagged", resolved_at__isnull=True, request__agency__in=agencies
    ).select_related("request__dossier")


def fee_requests() -> QuerySet[PaymentRequest]:
    """Requests that asked for money (an amount above 0, whatever became of them)."""
    return PaymentRequest.objects.filter(amount__gt=0)


def online_payments() -> QuerySet[Payment]:
    """Money received through the gateway or by VietQR transfer (cash at the desk is not
    online)."""
    return Payment.objects.filter(status=PaymentStatus.SUCCEEDED, method__in=ONLINE_METHODS)


def dossier_has_fees(dossier_id: int, *, besides: int | None = None) -> bool:
    """Whether fees were asked for the dossier; `besides`: leave that request out."""
    return fee_requests().filter(dossier_id=dossier_id).exclude(pk=besides).exists()


def dossier_paid_online(dossier_id: int, *, besides: int | None = None) -> bool:
    """Whether the dossier paid a fee online; `besides`: leave that payment out."""
    return online_payments().filter(request__dossier_id=dossier_id).exclude(pk=besides).exists()


def dossiers_with_fees(*, dossier_ids: Iterable[int]) -> set[int]:
    """Of these dossiers, those fees were asked for. One query; a system read."""
    asked = fee_requests().filter(dossier_id__in=dossier_ids)
    return set(asked.values_list("dossier_id", flat=True).distinct())


def dossiers_paid_online(*, dossier_ids: Iterable[int]) -> set[int]:
    """Of these dossiers, those with a fee paid online. One query, for any number of
    dossiers; a system read (the national-portal sync), not scoped to a user."""
    paid = online_payments().filter(request__dossier_id__in=dossier_ids)
    return set(paid.values_list("request__dossier_id", flat=True).distinct())
