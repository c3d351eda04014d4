# SPDX-License-Identifier: MIT
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from congso.accounts.models import OfficerRole
from congso.dossiers import routing, services
from congso.dossiers.models import Dossier, DossierTask, TaskState
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


def test_each_row_names_its_open_step_and_who_holds_it(client, world):
    dossier = Dossier.objects.get(code=submit(client, world["alice"]).json()["code"])
    dossier = accept(dossier, world["desk"])
    routing.dossier_forward(dossier=dossier, actor=world["desk"])
    task = DossierTask.objects.get(dossier=dossier, state=TaskState.OPEN)
    OfficerRole.objects.create(
        user=world["desk"], agency=task.agency, role=task.role, valid_from=dt.date(2020, 1, 1)
    )
    routing.dossier_task_claim(dossier=dossier, actor=world["desk"])
    task = DossierTask.objects.get(dossier=dossier, state=TaskState.OPEN)
    client.force_login(world["desk"])
    item = client.get("/api/dossiers/inbox").json()["items"][0]
    assert item["code"] == dossier.code
    assert item["step_name"] == task.name
    assert item["step_assignee"] == world["desk"].get_username()
    due = dt.datetime.fromisoformat(item["step_due_at"])  # JSON keeps milliseconds
    assert abs(due - task.due_at) < dt.timedelta(milliseconds=1)


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


def _inbox_index():
    return next(i for i in Dossier._meta.indexes if i.name == "dossier_inbox_order")


def test_the_inbox_states_repeat_the_partial_index_condition_in_its_order():
    from congso.dossiers.selectors import OPEN_STATES

    ((_lookup, states),) = _inbox_index().condition.children
    assert list(states) == list(OPEN_STATES)


def test_the_inbox_page_is_read_in_index_order_without_sorting(client, world):
    from django.db import connection

    from congso.dossiers.selectors import dossier_inbox_for

    for _ in range(3):
        submit(client, world["alice"])
    page = dossier_inbox_for(user=world["desk"])[:20]
    sql, params = page.query.sql_with_params()
    assert "'awaiting_reception', 'accepted'" in sql  # the states written, not bound
    if connection.vendor != "sqlite":
        # PostgreSQL matches the condition through parameters too; the plan on a test
        # database this small is a sequential scan, so only SQLite's is checked.
        return
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "dossier_inbox_order" in plan and "TEMP B-TREE" not in plan, plan


def test_only_fixed_codes_are_written_into_a_statement():
    from congso.core.lookups import in_literal

    with pytest.raises(ValueError):
        in_literal("state", ["processing", "x') OR 1=1 --"])
