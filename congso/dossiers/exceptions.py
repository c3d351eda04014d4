# SPDX-License-Identifier: MIT
from congso.core.exceptions import DomainError


class DossierConflictError(DomainError):
    """Someone else changed the dossier between reading it and acting on it."""

    code = "dossier_conflict"
    http_status = 409


class DossierPermissionError(DomainError):
    code = "forbidden"
    http_status = 403


class DossierRuleError(DomainError):
    code = "dossier_rule"
    http_status = 400
