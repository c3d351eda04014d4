# SPDX-License-Identifier: MIT
from __future__ import annotations

import pytest

from congso.accounts.models import OfficerRole
from congso.dossiers import routing, services
from congso.dossiers.models import Dossier, DossierRating
from congso.dossiers.tests.helpers import submit

pytestmark = pytest.mark.django_db


def finished(client, world) -> str:
    code = submit(client, world["alice"]).json()["code"]
    dossier = Dossier.objects.get(code=code)
    for role in ("specialist", "head"):
        OfficerRole.objects.create(user=world["desk"], agency=dossier.competent_agency, role=role)
    dossier = services.dossier_accept(dossier=dossier, actor=world["desk"])
    dossier = services.dossier_start_processing(dossier=dossier, actor=world["desk"])
    dossier = routing.dossier_forward(dossier=dossier, actor=world["desk"])
    services.dossier_mark_processed(dossier=dossier, actor=world["desk"])
    return code


def rate(client, user, code, body):
    client.force_login(user)
    return client.post(f"/api/dossiers/{code}/rating", body, content_type="application/json")


def test_the_applicant_rates_a_finished_dossier_once(client, world):
    code = finished(client, world)
    response = rate(
        client, world["alice"], code, {"grade": "satisfied", "comment": "Nhanh, chu đáo"}
    )
    assert response.status_code == 201
    assert DossierRating.objects.get(dossier__code=code).grade == "satisfied"
    again = rate(client, world["alice"], code, {"grade": "not_satisfied"})
    assert again.status_code == 409
    assert DossierRating.objects.get(dossier__code=code).grade == "satisfied"


def test_a_dossier_in_progress_cannot_be_rated(client, world):
    code = submit(client, world["alice"]).json()["code"]
    assert rate(client, world["alice"], code, {"grade": "acceptable"}).status_code == 400


def test_only_the_applicant_rates(client, world):
    code = finished(client, world)
    assert rate(client, world["desk"], code, {"grade": "satisfied"}).status_code == 403
    assert rate(client, world["bob"], code, {"grade": "satisfied"}).status_code == 404


def test_an_unknown_grade_is_a_400(client, world):
    code = finished(client, world)
    response = rate(client, world["alice"], code, {"grade": "5 stars"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "grade"
