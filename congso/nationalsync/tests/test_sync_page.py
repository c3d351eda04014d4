# SPDX-License-Identifier: MIT
from __future__ import annotations

import datetime as dt

import pytest

from congso.accounts.models import OfficerRole
from congso.dossiers.tests.helpers import login_officer, submit
from congso.nationalsync.client import NationalPortalClient
from congso.nationalsync.models import OutboxEvent
from congso.nationalsync.sender import outbox_drain_once

pytestmark = pytest.mark.django_db


def test_province_administrators_see_backlog_failures_and_the_synced_share(
    client, world, dvcqg, portal, django_user_model
):
    for _ in range(4):
        submit(client, world["alice"])
    portal.state.rejected_codes = {OutboxEvent.objects.first().dossier.code}
    national = NationalPortalClient()
    outbox_drain_once(national, batch_size=3)  # 2 sent, 1 dead; 1 left waiting
    national.close()
    admin = django_user_model.objects.create_user("tinh", password="x")
    OfficerRole.objects.create(
        user=admin, agency=world["centre"], role="province_admin", valid_from=dt.date(2020, 1, 1)
    )
    client.logout()
    login_officer(client, admin)
    page = client.get("/can-bo/dong-bo-dvcqg/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="backlog">1<' in html
    assert 'id="dead">1<' in html
    assert "50,00%" in html or "50.00%" in html  # 2 of 4 dossiers fully reported


def test_other_officers_and_citizens_are_kept_out(client, world, dvcqg):
    login_officer(client, world["desk"])
    assert client.get("/can-bo/dong-bo-dvcqg/").status_code == 403
    client.logout()
    client.force_login(world["alice"])
    assert client.get("/can-bo/dong-bo-dvcqg/").status_code == 403
