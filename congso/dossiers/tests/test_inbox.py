# SPDX-License-Identifier: MIT
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from congso.dossiers import services
from congso.dossiers.models import Dossier
from congso.dossiers.tests.helpers import submit

HUE = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def accept(dossier: Dossier, officer) -> Dossier:
    return services.dossier_accept(dossier=dossier, actor=officer)


def test_the_inbox_puts_reception_first_then_the_most_urgent(client, world):
    with time_machine.travel(dt.datetime(2025, 11, 3, 9, tzinfo=HUE), tick=False):
        early = Dossier.objects.get(code=submit(client, world["alice"]).json()["code"])
        accept(early, world["desk"])
    with time_machine.travel(dt.datetime(2025, 11, 5, 9, tzinfo=HUE), tick=False):
        later = Dossier.objects.get(code=submit(client, world["alice"]).json()["code"])
        accept(later, world["desk"])
        fresh = submit(client, world["bob"]).json()["code"]
    with time_machine.travel(dt.datetime(2025, 11, 7, 9, tzinfo=HUE), tick=False):
        client.force_login(world["desk"])
        body = client.get("/api/dossiers/inbox").json()
    codes = [item["code"] for item in body["items"]]
    assert codes == [fresh, early.code, later.code]
    by_code = {item["code"]: item for item in body["items"]}
    assert by_code[early.code]["overdue"] is True  # due Thursday 6 Nov 09:00
    assert by_code[early.code]["working_hours_left"] < 0
    assert by_code[later.code]["overdue"] is False
    assert by_code[later.code]["working_hours_left"] == 8.0  # Friday 09:00 → Monday 09:00
    assert by_code[fresh]["applicant_name"] == "Nguyễn Thị Bình"


def test_the_inbox_is_scoped_to_the_officers_agencies(client, world):
    submit(client, world["alice"])
    for name, expected in (("desk", 1), ("stranger", 0), ("alice", 0)):
        client.force_login(world[name])
        assert client.get("/api/dossiers/inbox").json()["count"] == expected, name


def test_the_inbox_query_count_does_not_grow(client, world, django_assert_max_num_queries):
    for _ in range(25):
        submit(client, world["alice"])
    client.force_login(world["desk"])
    with django_assert_max_num_queries(14):
        body = client.get("/api/dossiers/inbox", {"limit": 25}).json()
    assert len(body["items"]) == 25


def test_the_state_label_is_the_states_name_in_the_active_language():
    dossier = Dossier(state="processing")
    with translation.override("vi"):
        assert dossier.state_label == "Đang xử lý" == str(dossier.get_state_display())
    with translation.override("en"):
        assert dossier.state_label == "Being processed"
    assert Dossier(state="no-such-state").state_label == "no-such-state"
