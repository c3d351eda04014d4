# SPDX-License-Identifier: MIT
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from congso.dossiers import services
from congso.dossiers.models import Dossier
from congso.dossiers.tests.helpers import login_officer, submit

HUE = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def test_officers_see_their_open_dossiers_with_late_ones_marked(client, world):
    with time_machine.travel(dt.datetime(2025, 11, 3, 9, tzinfo=HUE), tick=False):
        dossier = Dossier.objects.get(code=submit(client, world["alice"]).json()["code"])
        services.dossier_accept(dossier=dossier, actor=world["desk"])
    login_officer(client, world["desk"])
    html = client.get("/can-bo/ho-so/").content.decode()
    assert dossier.code in html
    assert 'class="overdue"' in html
    assert "Nguyễn Thị Bình" in html


def test_each_row_links_its_dossier_and_escapes_what_the_applicant_typed(client, world):
    from congso.dossiers.tests.helpers import SUBMISSION

    hostile = {**SUBMISSION, "applicant_name": '<script>alert("x")</script> & Đào'}
    with time_machine.travel(dt.datetime(2025, 11, 3, 9, tzinfo=HUE), tick=False):
        late = Dossier.objects.get(code=submit(client, world["alice"], hostile).json()["code"])
        services.dossier_accept(dossier=late, actor=world["desk"])
    waiting = Dossier.objects.get(code=submit(client, world["alice"]).json()["code"])
    login_officer(client, world["desk"])
    html = client.get("/can-bo/ho-so/", headers={"Accept-Language": "vi"}).content.decode()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Đào" in html
    for dossier in (late, waiting):
        assert f'<a href="/can-bo/ho-so/{dossier.code}/">{dossier.code}</a>' in html
        assert client.get(f"/can-bo/ho-so/{dossier.code}/").status_code == 200
    late_row = html[html.index(f"/can-bo/ho-so/{late.code}/") :].split("</tr>")[0]
    assert "<strong>Quá hạn (" in late_row and " giờ)</strong>" in late_row
    waiting_row = html[html.index(f"/can-bo/ho-so/{waiting.code}/") :].split("</tr>")[0]
    assert "Quá hạn" not in waiting_row and "<td>—</td>" in waiting_row


def test_citizens_are_refused_and_anonymous_users_sent_to_sign_in(client, world):
    client.force_login(world["alice"])
    assert client.get("/can-bo/ho-so/").status_code == 403
    client.logout()
    response = client.get("/can-bo/ho-so/")
    assert response.status_code == 302
    assert "/can-bo/dang-nhap/" in response["Location"]


def test_an_officer_without_the_second_factor_is_sent_to_sign_in(client, world):
    client.force_login(world["desk"])  # password only
    response = client.get("/can-bo/ho-so/")
    assert response.status_code == 302 and "/can-bo/dang-nhap/" in response["Location"]


def test_an_odd_page_number_is_not_an_error(client, world):
    login_officer(client, world["desk"])
    assert client.get("/can-bo/ho-so/", {"page": "abc"}).status_code == 200
    assert client.get("/can-bo/ho-so/", {"page": "99999999999999999999"}).status_code == 200
