# SPDX-License-Identifier: MIT
"""Field-report indicators in the operations centre: the figures against the reports
themselves, the pages and who sees what, the lists behind the figures, exports, the
commune map's shapes, the public page and targets fed by these figures."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from openpyxl import load_workbook

from congso.core.models import AuditEvent
from congso.feedback import services
from congso.feedback.models import FieldReport
from congso.feedback.tests.conftest import (  # noqa: F401 (fixtures)
    IN_A,
    IN_B,
    _fresh_boundaries,
    city,
    make_report,
)
from congso.indicators.commune_map import commune_features
from congso.indicators.field_reports import (
    field_report_figures,
    field_report_figures_by_agency,
)
from congso.indicators.models import Target
from congso.indicators.periods import Period
from congso.indicators.targets import target_view

HUE = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db
MONDAY = dt.datetime(2026, 11, 2, 9, 0, tzinfo=HUE)
NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=HUE)
PERIOD = Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30), "11/2026")
QUERY = "?from=2026-11-01&to=2026-11-30"


@pytest.fixture
def reports(city):  # noqa: F811
    """Ward A: one answered on time, one answered late, one overdue; ward B: one open."""
    with time_machine.travel(MONDAY, tick=False):
        on_time, _ = make_report(city)
        late, _ = make_report(city)
        overdue, _ = make_report(city)
        waiting, _ = make_report(city, point=IN_B)
    with time_machine.travel(MONDAY + dt.timedelta(hours=26), tick=False):
        services.field_report_answer(report=on_time, actor=city["officer_a"], answer="Đã dọn.")
    with time_machine.travel(MONDAY + dt.timedelta(days=7), tick=False):
        services.field_report_answer(report=late, actor=city["officer_a"], answer="Đã dọn muộn.")
    # Ward B's report was sent later and is still within its deadline on NOW.
    FieldReport.objects.filter(pk=waiting.pk).update(
        created_at=NOW - dt.timedelta(hours=2), due_at=NOW + dt.timedelta(days=2)
    )
    with time_machine.travel(NOW, tick=False):
        services.field_report_rate(report=on_time, key=_key(on_time), rating=5)
    return {**city, "on_time": on_time, "late": late, "overdue": overdue, "waiting": waiting}


def _key(report: FieldReport) -> str:
    """Give the report a known manage key (the real one is only shown to the reporter)."""
    FieldReport.objects.filter(pk=report.pk).update(manage_key_hash=services.key_hash("k"))
    return "k"


def test_the_figures_match_the_reports(reports):
    with time_machine.travel(NOW, tick=False):
        figures = field_report_figures(PERIOD)
    assert (figures.received, figures.answered, figures.answered_late) == (4, 2, 1)
    assert figures.on_time_rate == Decimal("50.00")
    assert (figures.open, figures.overdue) == (2, 1)
    assert (figures.rated, figures.rated_good, figures.satisfied_rate) == (1, 1, Decimal("100.00"))
    # 26 hours and 7 days: the average of the two answers, in hours.
    assert figures.answer_hours == Decimal("97.0")


def test_the_figures_per_agency_add_up_to_the_total(reports):
    with time_machine.travel(NOW, tick=False):
        total = field_report_figures(PERIOD)
        by_agency = field_report_figures_by_agency(PERIOD)
    a, b = reports["committees"]["a"].pk, reports["committees"]["b"].pk
    assert set(by_agency) == {a, b}
    assert by_agency[a].answered == 2 and by_agency[a].overdue == 1
    assert by_agency[b].received == 1 and by_agency[b].answered == 0
    assert by_agency[b].on_time_rate is None  # nothing answered: no rate, not 0%
    for name in ("received", "answered", "answered_late", "open", "overdue"):
        assert sum(getattr(f, name) for f in by_agency.values()) == getattr(total, name)


def test_a_period_without_answers_has_no_rate(reports):
    october = Period(dt.date(2026, 10, 1), dt.date(2026, 10, 31), "10/2026")
    with time_machine.travel(NOW, tick=False):
        figures = field_report_figures(october)
    assert (figures.received, figures.answered) == (0, 0)
    assert figures.on_time_rate is None and figures.answer_hours is None


def test_a_coordinator_sees_every_agency_and_the_reports_behind_a_figure(client, reports):
    client.force_login(reports["coord"])
    with time_machine.travel(NOW, tick=False):
        page = client.get("/dieu-hanh/phan-anh/" + QUERY)
        late = client.get("/dieu-hanh/phan-anh/danh-sach/" + QUERY + "&kind=answered_late")
        overdue = client.get("/dieu-hanh/phan-anh/danh-sach/" + QUERY + "&kind=overdue")
    assert page.status_code == 200
    assert 'data-figure="fr-on-time">50,00%' in page.content.decode()
    assert {r["agency"].pk for r in page.context["rows"]} == {
        reports["committees"]["a"].pk,
        reports["committees"]["b"].pk,
    }
    assert [r.pk for r in late.context["page"]] == [reports["late"].pk]
    assert [r.pk for r in overdue.context["page"]] == [reports["overdue"].pk]
    assert AuditEvent.objects.filter(action="indicators.field_report_list").count() == 2


def test_an_officer_sees_only_his_agency(client, reports):
    client.force_login(reports["officer_b"])
    with time_machine.travel(NOW, tick=False):
        page = client.get("/dieu-hanh/phan-anh/" + QUERY)
        own = client.get("/dieu-hanh/phan-anh/danh-sach/" + QUERY + "&kind=received")
        other = client.get(
            "/dieu-hanh/phan-anh/danh-sach/" + QUERY + "&kind=received&agency=000.00.40.H46"
        )
    assert [r["agency"].pk for r in page.context["rows"]] == [reports["committees"]["b"].pk]
    assert page.context["total"].received == 1
    assert [r.pk for r in own.context["page"]] == [reports["waiting"].pk]
    assert other.status_code == 403


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("&kind=everything", 400),
        ("&kind=received&agency=NO.SUCH", 404),
        ("&kind=received&format=pdf", 400),
    ],
)
def test_bad_requests_get_a_clear_4xx(client, reports, query, status):
    client.force_login(reports["coord"])
    with time_machine.travel(NOW, tick=False):
        assert client.get("/dieu-hanh/phan-anh/danh-sach/" + QUERY + query).status_code == status
    with time_machine.travel(NOW, tick=False):
        bad_period = client.get("/dieu-hanh/phan-anh/?from=2026-11-30&to=2026-11-01")
    assert bad_period.status_code == 400


def test_citizens_are_kept_out(client, reports):
    assert client.get("/dieu-hanh/phan-anh/").status_code == 302
    client.force_login(reports["citizen"])
    assert client.get("/dieu-hanh/phan-anh/").status_code == 403
    assert client.get("/dieu-hanh/phan-anh/danh-sach/").status_code == 403


def test_tables_export_as_csv_and_xlsx(client, reports):
    client.force_login(reports["coord"])
    with time_machine.travel(NOW, tick=False):
        table = client.get("/dieu-hanh/phan-anh/" + QUERY + "&format=csv")
        listing = client.get("/dieu-hanh/phan-anh/danh-sach/" + QUERY + "&kind=open&format=xlsx")
    lines = list(csv.reader(io.StringIO(b"".join(table.streaming_content).decode("utf-8-sig"))))
    assert len(lines) == 3  # header and two agencies
    assert {row[0] for row in lines[1:]} == {"000.00.40.H46", "000.00.41.H46"}
    sheet = load_workbook(io.BytesIO(b"".join(listing.streaming_content))).active
    ids = sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True))
    assert ids == sorted([reports["overdue"].pk, reports["waiting"].pk])


def test_the_commune_map_draws_polygons_and_centres(reports):
    wards = reports["wards"]
    collection = commune_features(
        {
            wards["a"].pk: {"name": "A", "received": 3, "on_time": Decimal("50.00"), "url": "/a"},
            wards["c"].pk: {"name": "C", "received": 1, "on_time": None, "url": ""},
            999_999: {"name": "no boundary", "received": 1, "on_time": None},
        }
    )
    shapes = {f["properties"]["name"]: f for f in collection["features"]}
    assert set(shapes) == {"A", "C"}  # a commune with nothing on file is only in the table
    assert shapes["A"]["geometry"]["type"] == "Polygon"
    assert shapes["A"]["properties"]["on_time"] == 50.0
    assert shapes["C"]["geometry"] == {"type": "Point", "coordinates": [107.7, 16.49]}


def test_the_public_page_and_targets_use_the_figures(client, reports):
    Target.objects.create(
        code="PA-1",
        name="Phản ánh được trả lời đúng hạn",
        unit="%",
        baseline=Decimal("0"),
        baseline_date=dt.date(2026, 1, 1),
        target_value=Decimal("90"),
        due_date=dt.date(2026, 12, 31),
        source="indicator",
        indicator="field_reports_on_time",
    )
    with time_machine.travel(NOW, tick=False):
        public = client.get("/minh-bach/")
        view = target_view(Target.objects.get(code="PA-1"))
    assert 'data-figure="fr-on-time">50,00%' in public.content.decode()
    assert view.value == Decimal("50.00")


def test_province_wide_figures_are_cached_and_per_agency_figures_are_not(
    reports, settings, recwarn
):
    from django.core.cache import cache

    cache.clear()
    settings.CONGSO_INDICATORS_CACHE_SECONDS = 300
    a = (reports["committees"]["a"].pk,)
    with time_machine.travel(NOW, tick=False):
        before = field_report_figures(PERIOD)
        make_report(reports)
        assert field_report_figures(PERIOD) == before  # the cached figures, a few minutes old
        assert field_report_figures(PERIOD, a).received == 4  # live
    assert not [w for w in recwarn if "CacheKeyWarning" in str(w.category)]
    cache.clear()
