# SPDX-License-Identifier: MIT
"""Who reaches what: every dossier page and API route, for every kind of caller.

Alice filed the dossier; Bob is another citizen; the desk officer works at the receiving
(and competent) agency; the stranger is an officer of another agency the dossier was never
routed to. Nobody but Alice and the agency reaches her dossier, its files or its result;
"not yours" answers like "does not exist" (404), so codes cannot be probed.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest

from congso.accounts.models import OfficerRole
from congso.dossiers import attachments, results, routing, services
from congso.dossiers.models import Dossier
from congso.dossiers.tests.helpers import login_officer, submit
from congso.files.tests.samples import pdf_bytes

pytestmark = pytest.mark.django_db

OK, LOGIN, FORBIDDEN, NOT_FOUND, UNAUTHORISED = 200, 302, 403, 404, 401


@pytest.fixture
def case(client, world):
    for role in ("specialist", "head"):
        OfficerRole.objects.create(
            user=world["desk"], agency=world["centre"], role=role, valid_from=dt.date(2020, 1, 1)
        )
    dossier = Dossier.objects.get(code=submit(client, world["alice"]).json()["code"])
    component = attachments.component_upload(
        dossier=dossier,
        actor=world["alice"],
        document_name="Tờ khai",
        fileobj=BytesIO(pdf_bytes()),
        filename="to-khai.pdf",
    )
    services.dossier_accept(dossier=dossier, actor=world["desk"])
    routing.dossier_forward(dossier=dossier, actor=world["desk"])
    routing.dossier_task_claim(dossier=dossier, actor=world["desk"])
    routing.dossier_forward(dossier=dossier, actor=world["desk"])
    result = results.result_issue(
        dossier=dossier, actor=world["desk"], title="Kết quả", decision_text="Đồng ý."
    )
    client.logout()
    return {"code": dossier.code, "component": component.pk, "result": result.pk}


def routes(case):
    code, component, result = case["code"], case["component"], case["result"]
    api = f"/api/dossiers/{code}"
    mine = f"/ho-so-cua-toi/{code}"
    office = f"/can-bo/ho-so/{code}"
    return {
        "api": [
            api,
            f"{api}/receipt.pdf",
            f"{api}/components",
            f"{api}/components/{component}/file",
            f"{api}/results",
            f"{api}/results/{result}/file",
        ],
        "portal": [
            f"{mine}/",
            f"{mine}/mau/receipt.pdf",
            f"{mine}/thanh-phan/{component}/",
            f"{mine}/ket-qua/{result}/",
        ],
        "backoffice": [f"{office}/", f"{office}/mau/receipt.pdf", f"{office}/mau/control-slip.pdf"],
    }


EXPECTED = {
    # caller: (api, portal, backoffice)
    "anonymous": (UNAUTHORISED, LOGIN, LOGIN),
    "alice": (OK, OK, FORBIDDEN),
    "bob": (NOT_FOUND, NOT_FOUND, FORBIDDEN),
    "desk": (OK, NOT_FOUND, OK),
    "stranger": (NOT_FOUND, NOT_FOUND, NOT_FOUND),
}


@pytest.mark.parametrize("caller", sorted(EXPECTED))
def test_every_route_answers_each_caller_as_expected(client, world, case, caller):
    if caller in ("desk", "stranger"):
        login_officer(client, world[caller])
    elif caller != "anonymous":
        client.force_login(world[caller])
    expected = dict(zip(("api", "portal", "backoffice"), EXPECTED[caller], strict=True))
    seen = {}
    for group, urls in routes(case).items():
        for url in urls:
            seen[url] = (client.get(url).status_code, expected[group])
    wrong = {url: got for url, got in seen.items() if got[0] != got[1]}
    assert not wrong, f"{caller}: (got, expected) {wrong}"


@pytest.mark.parametrize(
    ("caller", "status"),
    [("anonymous", 401), ("alice", 403), ("bob", 404), ("stranger", 404)],
)
def test_only_the_agency_acts_on_the_dossier(client, world, caller, status):
    code = submit(client, world["alice"]).json()["code"]
    client.logout()
    if caller == "stranger":
        login_officer(client, world[caller])
    elif caller != "anonymous":
        client.force_login(world[caller])
    response = client.post(
        f"/api/dossiers/{code}/actions", {"action": "accept"}, content_type="application/json"
    )
    assert response.status_code == status
    assert Dossier.objects.get(code=code).state == "awaiting_reception"


def test_an_officer_without_the_second_factor_cannot_act_through_the_api(client, world):
    code = submit(client, world["alice"]).json()["code"]
    client.force_login(world["desk"])  # password only
    response = client.post(
        f"/api/dossiers/{code}/actions", {"action": "accept"}, content_type="application/json"
    )
    assert response.status_code == 403
    login_officer(client, world["desk"])
    response = client.post(
        f"/api/dossiers/{code}/actions", {"action": "accept"}, content_type="application/json"
    )
    assert response.status_code == 200
