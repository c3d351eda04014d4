# SPDX-License-Identifier: MIT
"""Who may act for whom: granting, revoking and reading representations."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from congso.accounts import selectors, services
from congso.accounts.exceptions import (
    AlreadyRevokedError,
    NotAllowedError,
    RepresentationExistsError,
)
from congso.accounts.models import Organisation, Representation, RepresentationKind
from congso.core.exceptions import InvalidInputError

from .conftest import make_citizen, make_user

pytestmark = pytest.mark.django_db
K = RepresentationKind


@pytest.fixture
def company(officer, citizen):
    return services.organisation_create(
        actor=officer,
        name="Công ty Sông Hương",
        kind="business",
        tax_code="0100233488",
        representative=citizen,
    )


@pytest.fixture
def employee(db):
    return make_citizen("046095000111", "Võ Văn Công", user=make_user("nhanvien"))


def test_the_legal_representative_sends_an_employee(company, citizen, employee):
    row = services.representation_grant(
        actor=citizen.user,
        representative=employee,
        kind=K.EMPLOYEE,
        for_organisation=company,
        authorisation_reference="Giấy giới thiệu 05/GGT ngày 02/01/2026",
    )
    assert row.granted_by == citizen.user
    assert [r.for_organisation for r in selectors.representations_for(citizen=employee)] == [
        company
    ]
    assert selectors.representation_get_active(representative=employee, organisation=company) == row


def test_a_citizen_authorises_a_family_member(citizen, other_citizen):
    row = services.representation_grant(
        actor=other_citizen.user,
        representative=citizen,
        kind=K.FAMILY_MEMBER,
        for_citizen=other_citizen,
        authorisation_reference="Giấy ủy quyền chứng thực 12/2026",
        valid_to=timezone.localdate() + timedelta(days=30),
    )
    assert selectors.representation_get_active(representative=citizen, citizen=other_citizen) == row
    assert (
        selectors.representation_get_active(representative=other_citizen, citizen=citizen) is None
    )


def test_nobody_authorises_for_someone_else(citizen, other_citizen, employee, company):
    with pytest.raises(NotAllowedError):  # not the principal
        services.representation_grant(
            actor=employee.user,
            representative=employee,
            kind=K.AUTHORISED,
            for_citizen=other_citizen,
            authorisation_reference="giả mạo",
        )
    with pytest.raises(NotAllowedError):  # not the organisation's legal representative
        services.representation_grant(
            actor=employee.user,
            representative=employee,
            kind=K.EMPLOYEE,
            for_organisation=company,
            authorisation_reference="tự cấp",
        )
    with pytest.raises(NotAllowedError):  # a legal representative is recorded by an officer
        services.representation_grant(
            actor=citizen.user,
            representative=employee,
            kind=K.LEGAL_REPRESENTATIVE,
            for_organisation=company,
        )
    assert Representation.objects.count() == 1


@pytest.mark.parametrize(
    "bad",
    [
        {"kind": K.AUTHORISED},  # no principal
        {"kind": K.AUTHORISED, "both": True},
        {"kind": K.AUTHORISED, "self": True},
        {"kind": K.EMPLOYEE, "citizen": True},
        {"kind": K.FAMILY_MEMBER, "org": True},
        {"kind": K.AUTHORISED, "citizen": True, "authorisation_reference": "  "},
        {"kind": "friend", "citizen": True},
    ],
)
def test_malformed_representations_are_refused(officer, citizen, other_citizen, company, bad):
    bad = dict(bad)
    kwargs = {
        "kind": bad.pop("kind"),
        "authorisation_reference": bad.pop("authorisation_reference", "GUQ 1"),
    }
    if bad.pop("both", False):
        kwargs.update(for_citizen=other_citizen, for_organisation=company)
    if bad.pop("self", False):
        kwargs.update(for_citizen=citizen)
    if bad.pop("citizen", False):
        kwargs.update(for_citizen=other_citizen)
    if bad.pop("org", False):
        kwargs.update(for_organisation=company)
    with pytest.raises(InvalidInputError):
        services.representation_grant(actor=officer, representative=citizen, **kwargs)


def test_a_duplicate_is_refused_and_revocation_keeps_history(officer, citizen, other_citizen):
    args = {
        "representative": citizen,
        "kind": K.AUTHORISED,
        "for_citizen": other_citizen,
        "authorisation_reference": "GUQ 7",
    }
    row = services.representation_grant(actor=officer, **args)
    with pytest.raises(RepresentationExistsError):
        services.representation_grant(actor=officer, **args)
    services.representation_revoke(
        actor=other_citizen.user, representation=row, reason="Hết nhu cầu"
    )
    row.refresh_from_db()
    assert row.revoked_by == other_citizen.user and row.revoke_reason == "Hết nhu cầu"
    assert list(selectors.representations_for(citizen=citizen)) == []
    with pytest.raises(AlreadyRevokedError):
        services.representation_revoke(actor=officer, representation=row)
    again = services.representation_grant(actor=officer, **args)
    assert Representation.objects.filter(for_citizen=other_citizen).count() == 2
    assert list(selectors.representations_for(citizen=citizen)) == [again]


def test_the_representative_may_renounce_but_a_stranger_may_not_revoke(
    officer, citizen, other_citizen, employee
):
    row = services.representation_grant(
        actor=officer,
        representative=citizen,
        kind=K.AUTHORISED,
        for_citizen=other_citizen,
        authorisation_reference="GUQ 8",
    )
    with pytest.raises(NotAllowedError):
        services.representation_revoke(actor=employee.user, representation=row)
    services.representation_revoke(actor=citizen.user, representation=row)


def test_an_expired_authorisation_is_not_active(officer, citizen, other_citizen):
    today = timezone.localdate()
    Representation.objects.create(
        representative=citizen,
        for_citizen=other_citizen,
        kind=K.AUTHORISED,
        authorisation_reference="GUQ 9",
        valid_from=today - timedelta(days=10),
        valid_to=today - timedelta(days=1),
    )
    assert (
        selectors.representation_get_active(representative=citizen, citizen=other_citizen) is None
    )
    assert selectors.representation_get_active(
        representative=citizen, citizen=other_citizen, on=today - timedelta(days=5)
    )


def test_the_legal_representative_is_preferred(officer, company, citizen):
    services.representation_grant(
        actor=officer,
        representative=citizen,
        kind=K.AUTHORISED,
        for_organisation=company,
        authorisation_reference="GUQ 10",
    )
    found = selectors.representation_get_active(representative=citizen, organisation=company)
    assert found.kind == K.LEGAL_REPRESENTATIVE
    assert Organisation.objects.get().representative == citizen
