# SPDX-License-Identifier: MIT
"""Errors of the accounts rules; each carries a translated, user-facing message."""

from __future__ import annotations

from congso.core.exceptions import DomainError


class CitizenIdTakenError(DomainError):
    """The citizen ID already belongs to another person or login."""

    code = "citizen_id_taken"
    http_status = 409


class IdentityMismatchError(DomainError):
    """The identity provider says something that contradicts what we already hold."""

    code = "identity_mismatch"
    http_status = 409


class OrganisationExistsError(DomainError):
    code = "organisation_exists"
    http_status = 409


class RepresentationExistsError(DomainError):
    code = "representation_exists"
    http_status = 409


class RoleAlreadyGrantedError(DomainError):
    code = "role_already_granted"
    http_status = 409


class AlreadyRevokedError(DomainError):
    code = "already_revoked"
    http_status = 409


class NotAllowedError(DomainError):
    """The actor may not make this change (granting roles, authorisations, enrolments)."""

    code = "not_allowed"
    http_status = 403


class SignInConflictError(DomainError):
    """Two sign-ins of the same person raced; the second is asked to try again."""

    code = "sign_in_conflict"
    http_status = 409
