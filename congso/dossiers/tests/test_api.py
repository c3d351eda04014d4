# SPDX-License-Identifier: MIT
"""The dossier API, including who may reach what (the authorisation matrix)."""

from __future__ import annotations

import pytest

from congso.core.models import AuditEvent
from congso.dossiers.models import Dossier
from congso.dossiers.tests.helpers import SUBMISSION, login_officer, submit

pytestmark = pytest.mark.django_db


def test_submit_post_201_returns_the_code_and_pin(client, world):
    response = submit(client, world["alice"])
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["code"].startswith("000.00.01.H46-")
    assert body["state"] == "awaiting_reception" and body["national_status"] == 1
    assert len(body["pin"]) == 6


def test_submit_post_retried_with_the_same_key_makes_one_dossier(client, world):
    first = submit(client, world["alice"], key="phone-42")
    second = submit(client, world["alice"], key="phone-42")
    assert first.status_code == second.status_code == 201
    assert first.json()["code"] == second.json()["code"]
    assert Dossier.objects.count() == 1


def test_submit_post_422_same_key_different_request(client, world):
    submit(client, world["alice"], key="k1")
    response = submit(
        client, world["alice"], body={**SUBMISSION, "applicant_name": "Người khác"}, key="k1"
    )
    assert response.status_code == 422
    assert Dossier.objects.count() == 1


def test_submit_post_keys_are_per_user(client, world):
    submit(client, world["alice"], key="same")
    submit(client, world["bob"], key="same")
    assert Dossier.objects.count() == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"procedure_code": "1.000001; DROP"}, "procedure_code"),
        ({"applicant_email": "not-an-email"}, "applicant_email"),
        ({"applicant_name": "x" * 300}, "applicant_name"),
        ({"receiving_agency": "H46"}, "receiving_agency"),
    ],
)
def test_submit_post_400_bad_field_names_the_field(client, world, change, field):
    response = submit(client, world["alice"], body={**SUBMISSION, **change})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == field
    assert not Dossier.objects.exists()


def test_submit_post_400_offline_procedure(client, world):
    response = submit(client, world["alice"], body={**SUBMISSION, "procedure_code": "1.000003"})
    assert response.status_code == 400
    assert not Dossier.objects.exists()


def test_submit_post_401_anonymous(client, world):
    response = client.post("/api/dossiers/", SUBMISSION, content_type="application/json")
    assert response.status_code == 401


def test_authorisation_matrix_for_reading(client, world):
    code = submit(client, world["alice"]).json()["code"]
    expected = {"alice": 200, "bob": 404, "desk": 200, "stranger": 404}
    for name, status in expected.items():
        client.force_login(world[name])
        assert client.get(f"/api/dossiers/{code}").status_code == status, name
        listed = [item["code"] for item in client.get("/api/dossiers/").json()["items"]]
        assert (code in listed) == (status == 200), name
    client.logout()
    assert client.get(f"/api/dossiers/{code}").status_code == 401


def test_reading_a_dossier_is_audited(client, world):
    code = submit(client, world["alice"]).json()["code"]
    login_officer(client, world["desk"])
    client.get(f"/api/dossiers/{code}", REMOTE_ADDR="10.1.2.3")
    view = AuditEvent.objects.filter(action="dossier.view").get()
    assert view.actor == world["desk"] and view.ip_address == "10.1.2.3"


def test_the_pin_is_shown_to_the_applicant_only(client, world):
    code = submit(client, world["alice"]).json()["code"]
    login_officer(client, world["desk"])
    assert client.get(f"/api/dossiers/{code}").json()["pin"] is None


def test_actions_follow_roles_and_the_transition_table(client, world):
    code = submit(client, world["alice"]).json()["code"]

    def act(who, body):
        login_officer(client, world[who])
        return client.post(f"/api/dossiers/{code}/actions", body, content_type="application/json")

    assert (
        act("alice", {"action": "accept"}).status_code == 403
    )  # a citizen forging an officer's act
    assert act("stranger", {"action": "accept"}).status_code == 404  # not their agency: invisible
    accepted = act("desk", {"action": "accept"})
    assert accepted.status_code == 200 and accepted.json()["due_at"]
    again = act("desk", {"action": "accept"})
    assert again.status_code == 409
    assert again.json()["code"] == "dossier_conflict"
    wrong = act("desk", {"action": "returned"})
    assert wrong.status_code == 409
    assert wrong.json()["code"] == "transition_not_allowed"


def test_actions_post_400_unknown_action(client, world):
    code = submit(client, world["alice"]).json()["code"]
    login_officer(client, world["desk"])
    response = client.post(
        f"/api/dossiers/{code}/actions",
        {"action": "approve_everything"},
        content_type="application/json",
    )
    assert response.status_code == 400


def test_tracking_with_the_pin_needs_no_login(client, world):
    body = submit(client, world["alice"]).json()
    client.logout()
    ok = client.get(f"/api/tracking/{body['code']}", {"pin": body["pin"]})
    assert ok.status_code == 200
    assert ok.json()["events"][0]["state"] == "awaiting_reception"
    assert "Bình" not in ok.content.decode()
    assert (
        client.get(
            f"/api/tracking/{body['code']}",
            {"pin": "999999" if body["pin"] != "999999" else "111111"},
        ).status_code
        == 404
    )
    assert client.get("/api/tracking/nonexistent", {"pin": "123456"}).status_code == 404


def test_messages_follow_the_callers_language(client, world):
    code = submit(client, world["alice"]).json()["code"]
    login_officer(client, world["desk"])
    client.post(
        f"/api/dossiers/{code}/actions", {"action": "accept"}, content_type="application/json"
    )
    vi = client.post(
        f"/api/dossiers/{code}/actions", {"action": "accept"}, content_type="application/json"
    )
    en = client.post(
        f"/api/dossiers/{code}/actions",
        {"action": "accept"},
        content_type="application/json",
        headers={"accept-language": "en"},
    )
    assert "Hồ sơ" in vi.json()["detail"]
    assert "changed by someone else" in en.json()["detail"]
