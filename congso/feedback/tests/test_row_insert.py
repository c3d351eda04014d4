# SPDX-License-Identifier: MIT
"""congso.core.row_insert on the models of the Open311 write path: a row written with the
statement kept per process reads back exactly as the ORM's `create` writes it."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.forms.models import model_to_dict
from django.utils import timezone

from congso.core.row_insert import insert_row, insert_rows
from congso.feedback.models import Category, FieldReport, FieldReportEvent

pytestmark = pytest.mark.django_db


def _report(category: Category, **extra: Any) -> FieldReport:
    values: dict[str, Any] = {
        "category": category,
        "description": "Đèn đường hỏng ở ngõ 5 — gọi 0905123456",
        "description_public": "Đèn đường hỏng ở ngõ 5 — gọi 09******56",
        "attributes": {"loai": ["sinh-hoat"], "số": 3, "ghi chú": None},
        "lat": 16.4231234567,
        "lon": 107.5812345678,
        "grid_cell": 383212755,
        "address": "Phường Thuận Hoá",
        "status": "assigned",
        "channel": "open311",
        "manage_key_hash": "a" * 64,
        "due_at": timezone.make_aware(dt.datetime(2026, 12, 8, 15, 30, 1, 250_000)),
        "is_demo": True,
    }
    values.update(extra)
    return FieldReport(**values)


def _stored(report: FieldReport) -> dict[str, Any]:
    fresh = FieldReport.objects.get(pk=report.pk)
    row = model_to_dict(fresh)
    row.update(public_id=fresh.public_id, created_at=fresh.created_at)
    row.update(updated_at=fresh.updated_at, description_public=fresh.description_public)
    row.update(grid_cell=fresh.grid_cell, manage_key_hash=fresh.manage_key_hash)
    row.pop("id")
    return row


def test_a_row_inserted_reads_back_as_the_orm_writes_it(city: dict[str, Any]) -> None:
    category = city["rubbish"]
    moment = timezone.now()
    by_orm = _report(category, public_id=uuid.uuid4(), created_at=moment)
    by_orm.save()
    by_helper = insert_row(_report(category, public_id=uuid.uuid4(), created_at=moment))

    assert by_helper.pk is not None and by_helper.pk != by_orm.pk
    assert by_helper._state.adding is False
    written, expected = _stored(by_helper), _stored(by_orm)
    assert written.pop("public_id") == by_helper.public_id
    expected.pop("public_id")
    # auto_now: each row's own moment of writing, set on the instance as save() does
    assert written.pop("updated_at") == by_helper.updated_at
    assert expected.pop("updated_at") >= moment
    assert written == expected
    assert written["attributes"] == {"loai": ["sinh-hoat"], "số": 3, "ghi chú": None}


def test_defaults_are_filled_and_several_rows_get_their_keys_in_order(
    city: dict[str, Any],
) -> None:
    report = insert_row(_report(city["rubbish"]))
    assert FieldReport.objects.filter(pk=report.pk, is_public=True).exists()  # a default
    when = timezone.now()
    events = [
        FieldReportEvent(report=report, kind="received", to_status="received", created_at=when),
        FieldReportEvent(report=report, kind="assigned", to_status="assigned", created_at=when),
    ]
    insert_rows(events)

    stored = list(report.events.order_by("id").values_list("id", "kind", "is_public"))
    assert stored == [(events[0].pk, "received", True), (events[1].pk, "assigned", True)]


def test_rows_of_two_models_in_one_call_are_refused(city: dict[str, Any]) -> None:
    report = insert_row(_report(city["rubbish"]))
    event = FieldReportEvent(report=report, kind="received", created_at=timezone.now())
    with pytest.raises(TypeError):
        insert_rows([event, _report(city["rubbish"])])
    assert FieldReportEvent.objects.count() == 0


def test_nothing_to_insert_runs_no_statement(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(0):
        insert_rows([])
