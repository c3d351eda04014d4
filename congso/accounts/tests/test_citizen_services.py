# SPDX-License-Identifier: MIT
"""Citizens from OpenID Connect claims and from the desk; organisations."""

from __future__ import annotations

from datetime import date

import pytest

from congso.accounts import services
from congso.accounts.exceptions import (
    CitizenIdTakenError,
    IdentityMismatchError,
    NotAllowedError,
    OrganisationExistsError,
)
from congso.accounts.models import Citizen, Organisation, Representation, User
from congso.core.exceptions import DomainError, InvalidInputError

pytestmark = pytest.mark.django_db


def claims(**extra):
    return {
        "name": "Lê Thị Hoa",
        "birthdate": "1999-05-06",
        "gender": "female",
        "phone_number": "0912 345 678",
        "email": "hoa@example.vn",
        "citizen_id": "046199004321",
        "identity_level": 2,
        **extra,
    }


def register(subject="sub-1", provider="dev-vneid", **extra):
    return services.citizen_register_or_update_from_identity(
        provider=provider, subject=subject, claims=claims(**extra)
    )


def test_a_first_sign_in_creates_a_verified_citizen_and_a_login_without_password():
    citizen = register()
    assert citizen.full_name == "Lê Thị Hoa"
    assert citizen.citizen_id == "046199004321"
    assert citizen.date_of_birth == date(1999, 5, 6)
    assert citizen.sex == "female"
    assert citizen.phone == "+84912345678"
    assert citizen.vneid_verified and citizen.verified_at is not None
    assert citizen.identity_level == 2
    user = citizen.user
    assert user.full_name == "Lê Thị Hoa" and user.email == "hoa@example.vn"
    assert not user.has_usable_password()
    assert not user.is_staff


def test_a_second_sign_in_updates_the_same_citizen():
    first = register()
    verified_at = first.verified_at
    again = register(phone_number="0987654321", name="Lê Thị Hoa  ", email="")
    assert again.pk == first.pk and again.user_id == first.user_id
    assert again.phone == "+84987654321"
    assert again.email == "hoa@example.vn"  # not erased by an empty claim
    assert again.verified_at == verified_at
    assert Citizen.objects.count() == 1 and User.objects.count() == 1


def test_a_citizen_registered_at_the_desk_is_linked_on_first_verified_sign_in(officer):
    desk = services.citizen_create(actor=officer, full_name="Le Thi Hoa", citizen_id="046199004321")
    citizen = register()
    assert citizen.pk == desk.pk
    assert citizen.full_name == "Lê Thị Hoa"  # the identity provider is authoritative
    assert citizen.user is not None


def test_the_same_citizen_id_from_another_login_is_a_clear_conflict_not_a_500():
    register(subject="sub-1")
    with pytest.raises(CitizenIdTakenError) as exc_info:
        register(subject="sub-2")
    assert exc_info.value.http_status == 409
    assert exc_info.value.extra == {"field": "citizen_id"}
    assert Citizen.objects.count() == 1


def test_a_provider_that_changes_the_citizen_id_of_a_login_is_refused():
    register()
    with pytest.raises(IdentityMismatchError):
        register(citizen_id="046099001111", birthdate="1999-01-01", gender="male")
    assert Citizen.objects.get().citizen_id == "046199004321"


def test_an_unverified_login_does_not_claim_a_citizen_id():
    citizen = register(identity_level=0)
    assert citizen.citizen_id is None and not citizen.vneid_verified
    # The real holder can still sign in later.
    assert register(subject="sub-2").citizen_id == "046199004321"


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ({"citizen_id": "04619900432"}, "citizen_id"),
        ({"citizen_id": "046199004321x"}, "citizen_id"),
        ({"citizen_id": "046099004321"}, "citizen_id"),  # century/sex vs female born 1999
        ({"birthdate": "1998-05-06"}, "citizen_id"),  # year vs the ID
        ({"birthdate": "1999-02-30"}, "birthdate"),
        ({"birthdate": "2999-01-01", "citizen_id": None}, "birthdate"),
        ({"name": "", "family_name": None}, "name"),
        ({"name": "x" * 151}, "name"),
    ],
)
def test_bad_claims_are_refused_with_the_field_named(bad, field):
    with pytest.raises(InvalidInputError) as exc_info:
        register(**bad)
    assert exc_info.value.extra["field"] == field
    assert not Citizen.objects.exists() and not User.objects.exists()


def test_unusable_contact_claims_are_dropped_not_fatal():
    citizen = register(phone_number="12345", email="not-an-address")
    assert citizen.phone == "" and citizen.email == ""


def test_name_from_parts_and_partial_birthdates():
    citizen = register(
        name=None, family_name="Lê", middle_name="Thị", given_name="Hoa", birthdate="0000-05-06"
    )
    assert citizen.full_name == "Lê Thị Hoa" and citizen.date_of_birth is None


def test_the_address_claim_sets_the_commune(commune):
    citizen = register(address={"street_address": "12 Lê Lợi", "commune_code": "19753"})
    assert citizen.address_line == "12 Lê Lợi" and citizen.address_unit == commune


@pytest.mark.parametrize("provider,subject", [("", "s"), ("p", ""), ("p" * 65, "s")])
def test_an_incomplete_identity_is_refused(provider, subject):
    with pytest.raises(InvalidInputError):
        services.citizen_register_or_update_from_identity(
            provider=provider, subject=subject, claims=claims()
        )


# --- the desk ------------------------------------------------------------------------------------


def test_the_desk_registers_a_citizen_and_refuses_a_duplicate(officer):
    citizen = services.citizen_create(
        actor=officer,
        full_name="  Phạm   Văn  Cường ",
        citizen_id="046 085 000 777",
        date_of_birth=date(1985, 1, 2),
        phone="0912.345.678",
    )
    assert citizen.full_name == "Phạm Văn Cường"
    assert citizen.citizen_id == "046085000777" and citizen.sex == "male"
    assert citizen.phone == "+84912345678"
    with pytest.raises(CitizenIdTakenError):
        services.citizen_create(actor=officer, full_name="Ai đó", citizen_id="046085000777")


def test_only_desk_officers_register_citizens(plain_user, citizen):
    for actor in (plain_user, citizen.user):
        with pytest.raises(NotAllowedError):
            services.citizen_create(actor=actor, full_name="X", citizen_id="046085000777")


@pytest.mark.parametrize(
    "bad",
    [
        {"citizen_id": "04608500077"},
        {"citizen_id": "046085000777", "date_of_birth": date(1986, 1, 1)},
        {"citizen_id": "046085000777", "sex": "female"},
        {"citizen_id": "046085000777", "sex": "other"},
        {"citizen_id": "046085000777", "phone": "12345"},
        {"citizen_id": "046085000777", "email": "nope"},
        {"citizen_id": "046085000777", "full_name": "   "},
    ],
)
def test_the_desk_gets_clear_errors(officer, bad):
    with pytest.raises(InvalidInputError):
        services.citizen_create(actor=officer, **{"full_name": "Phạm Văn Cường", **bad})


# --- organisations -------------------------------------------------------------------------------


def test_an_organisation_with_its_legal_representative(officer, citizen):
    company = services.organisation_create(
        actor=officer,
        name="Công ty TNHH Sông Hương",
        kind="business",
        tax_code="0314409058 - 002",
        phone="0234 3825 123",
        representative=citizen,
        representative_title="Giám đốc",
    )
    assert company.tax_code == "0314409058-002"
    assert company.phone == "+842343825123"
    assert company.representative_name == citizen.full_name
    link = Representation.objects.get(for_organisation=company)
    assert link.kind == "legal_representative" and link.granted_by == officer


def test_a_duplicate_tax_code_is_a_clear_error(officer):
    services.organisation_create(actor=officer, name="A", kind="business", tax_code="0100233488")
    with pytest.raises(OrganisationExistsError):
        services.organisation_create(
            actor=officer, name="B", kind="business", tax_code="0100233488"
        )
    assert Organisation.objects.count() == 1


@pytest.mark.parametrize(
    "bad",
    [
        {"kind": "business"},
        {"kind": "cooperative", "tax_code": ""},
        {"kind": "business", "tax_code": "0100233480"},
        {"kind": "company", "tax_code": "0100233488"},
        {"kind": "other", "name": ""},
        {"kind": "other", "phone": "999"},
    ],
)
def test_bad_organisations_are_refused(officer, bad):
    with pytest.raises(InvalidInputError):
        services.organisation_create(actor=officer, **{"name": "Công ty", **bad})
    assert not Organisation.objects.exists()


def test_only_desk_officers_register_organisations(plain_user):
    with pytest.raises(NotAllowedError):
        services.organisation_create(actor=plain_user, name="X", kind="other")


def test_every_domain_error_has_a_vietnamese_message(officer):
    from django.utils.translation import override

    with override("vi"), pytest.raises(DomainError) as exc_info:
        services.organisation_create(actor=officer, name="X", kind="business")
    assert str(exc_info.value) == "Doanh nghiệp hoặc hợp tác xã phải có mã số thuế."


def test_a_sign_in_never_opens_an_officer_account(officer):
    Citizen.objects.create(full_name="Cán bộ một cửa", citizen_id="046199004321", user=officer)
    with pytest.raises(CitizenIdTakenError):
        register()
    Citizen.objects.update(identity_provider="dev-vneid", identity_subject="sub-1")
    with pytest.raises(NotAllowedError):
        register()
    Citizen.objects.all().delete()
    citizen = register()
    citizen.user.is_staff = True
    citizen.user.save()
    with pytest.raises(NotAllowedError):
        register()


def test_a_later_sign_in_cannot_contradict_the_stored_id():
    register()
    with pytest.raises(InvalidInputError):
        register(citizen_id=None, birthdate="1990-01-01")
