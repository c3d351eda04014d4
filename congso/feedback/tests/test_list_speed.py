# SPDX-License-Identifier: MIT
"""The public list's box query (cells merged newest first), its query counts, and the
per-process copies that keep creating a report cheap (api keys, categories, routes)."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from congso.feedback import routing, selectors
from congso.feedback.geo import CELL_DEGREES, Bbox, grid_cell
from congso.feedback.models import ApiClient, CategoryRoute, FieldReport, UnitBoundary

from .conftest import IN_A, rect
from .test_open311 import BASE, post

pytestmark = pytest.mark.django_db
CENTRE = (16.4237, 107.5337)  # lat, lon: near a corner of four grid cells


def scatter(city, count, *, seed=3, spread=0.03, hidden_every=7):
    """`count` reports around CENTRE, some hidden, several at the very same moment."""
    rng = random.Random(seed)
    start = timezone.now() - dt.timedelta(days=30)
    statuses = ["assigned", "in_progress", "answered", "closed"]
    rows = []
    for i in range(count):
        lat = CENTRE[0] + rng.uniform(-spread, spread)
        lon = CENTRE[1] + rng.uniform(-spread, spread)
        hidden = i % hidden_every == 0
        rows.append(
            FieldReport(
                category=city["rubbish"] if i % 3 else city["pothole"],
                description="x",
                description_public="x",
                lat=lat,
                lon=lon,
                grid_cell=grid_cell(lat, lon),
                status=statuses[i % 4],
                channel="web",
                manage_key_hash="-" * 64,
                created_at=start + dt.timedelta(minutes=rng.randrange(0, 4000)),
                hidden=hidden,
                is_public=not hidden,
            )
        )
    FieldReport.objects.bulk_create(rows)


def expected(flt, limit, offset):
    """The same page the slow way: every public row in the box, sorted in Python."""
    rows = [
        r
        for r in FieldReport.objects.filter(is_public=True)
        if flt.bbox.contains(r.lat, r.lon)
        and (not flt.statuses or r.status in flt.statuses)
        and (not flt.categories or r.category.code in flt.categories)
        and (flt.start is None or r.created_at >= flt.start)
        and (flt.end is None or r.created_at <= flt.end)
    ]
    rows.sort(key=lambda r: (r.created_at, r.pk), reverse=True)
    ids = [r.pk for r in rows]
    return ids[offset : offset + limit], len(ids) > offset + limit


def test_cells_give_the_share_of_each_cell_the_box_covers():
    lat, lon = 16.4, 107.5  # a cell corner
    box = Bbox(
        lon + CELL_DEGREES / 2, lat + CELL_DEGREES / 4, lon + CELL_DEGREES * 1.5, lat + 0.005
    )
    shares = dict(box.cells())
    assert len(shares) == 2
    assert sorted(round(s, 6) for s in shares.values()) == [0.125, 0.125]
    assert Bbox(107.0, 16.0, 108.0, 17.0).cells() is None  # 10,000 cells: the scan instead


@pytest.mark.parametrize("one_pass_cells", [selectors.ONE_PASS_CELLS, 0])
@pytest.mark.parametrize("size", [0.004, 0.013, 0.031])
def test_box_pages_match_a_full_sort(city, size, one_pass_cells, monkeypatch):
    """Both ways of reading a box's cells (one statement; a first cell, then the others
    down to a guessed time) give the pages a full sort gives."""
    monkeypatch.setattr(selectors, "ONE_PASS_CELLS", one_pass_cells)
    scatter(city, 900)
    rng = random.Random(size)
    since = timezone.now() - dt.timedelta(days=29)
    for _ in range(6):
        lat = CENTRE[0] + rng.uniform(-0.02, 0.02)
        lon = CENTRE[1] + rng.uniform(-0.02, 0.02)
        box = Bbox(lon, lat, lon + size, lat + size)
        for flt in (
            selectors.PublicFilter(bbox=box),
            selectors.PublicFilter(bbox=box, statuses=("closed",)),
            selectors.PublicFilter(bbox=box, categories=("o-ga",)),
            selectors.PublicFilter(
                bbox=box,
                categories=("o-ga", "rac-thai"),
                statuses=("assigned", "closed"),
                start=since,
                end=since + dt.timedelta(hours=30),
            ),
        ):
            for limit, offset in ((5, 0), (5, 5), (30, 0), (7, 21)):
                rows, more = selectors.field_report_public_page(flt=flt, limit=limit, offset=offset)
                assert ([r.pk for r in rows], more) == expected(flt, limit, offset)


@pytest.mark.parametrize("one_pass_cells", [selectors.ONE_PASS_CELLS, 0])
def test_a_dense_cell_beside_sparse_ones_still_gives_the_newest(city, one_pass_cells, monkeypatch):
    """The density guess fails (one crowded cell, newest rows elsewhere): the second
    reading of the other cells must still find them."""
    monkeypatch.setattr(selectors, "ONE_PASS_CELLS", one_pass_cells)
    scatter(city, 300, spread=0.002)  # all in one cell around CENTRE
    lat, lon = CENTRE[0] + 0.012, CENTRE[1]  # another cell, newer than everything
    newest = FieldReport.objects.create(
        category=city["rubbish"], description="n", description_public="n", lat=lat, lon=lon,
        grid_cell=grid_cell(lat, lon), status="assigned", channel="web",
        manage_key_hash="-" * 64, created_at=timezone.now(),
    )  # fmt: skip
    box = Bbox(CENTRE[1] - 0.002, CENTRE[0] - 0.002, CENTRE[1] + 0.002, CENTRE[0] + 0.0125)
    flt = selectors.PublicFilter(bbox=box)
    rows, _more = selectors.field_report_public_page(flt=flt, limit=10)
    assert rows[0].pk == newest.pk
    assert ([r.pk for r in rows], _more) == expected(flt, 10, 0)


def test_hidden_reports_never_appear_in_a_box(city, client):
    scatter(city, 200, hidden_every=2)
    box = Bbox(CENTRE[1] - 0.03, CENTRE[0] - 0.03, CENTRE[1] + 0.03, CENTRE[0] + 0.03)
    hidden = set(FieldReport.objects.filter(is_public=False).values_list("pk", flat=True))
    rows, _more = selectors.field_report_public_page(
        flt=selectors.PublicFilter(bbox=box), limit=100
    )
    assert rows and not {r.pk for r in rows} & hidden
    body = client.get(f"{BASE}/requests.json", {"bbox": box.as_text()}).json()
    assert body and not {int(item["service_request_id"]) for item in body} & hidden


def test_html_list_with_a_box_stays_within_five_queries(
    city, client, django_assert_max_num_queries
):
    scatter(city, 300)
    box = f"{CENTRE[1] - 0.02},{CENTRE[0] - 0.02},{CENTRE[1] + 0.02},{CENTRE[0] + 0.02}"
    # category select, ids (two statements), rows; the category filter's lookup.
    with django_assert_max_num_queries(5):
        response = client.get("/phan-anh/", {"bbox": box, "category": "rac-thai"})
    assert response.status_code == 200
    assert response.content.count(b'class="fr-item"') == 30
    assert b'<option value="rac-thai" selected>' in response.content


def test_a_street_sized_box_reads_its_ids_in_one_statement(city, django_assert_num_queries):
    scatter(city, 300, spread=0.01)
    box = Bbox(CENTRE[1] - 0.004, CENTRE[0] - 0.004, CENTRE[1] + 0.004, CENTRE[0] + 0.004)
    assert len(box.cells()) <= selectors.ONE_PASS_CELLS
    flt = selectors.PublicFilter(bbox=box)
    with django_assert_num_queries(1):
        ids = selectors._page_ids(flt, limit=31, offset=0)
    assert (ids[:30], len(ids) > 30) == expected(flt, 30, 0)
    assert len(ids) == 31


def test_open311_search_with_a_box_stays_within_four_queries(
    city, client, django_assert_max_num_queries
):
    scatter(city, 300)
    box = f"{CENTRE[1] - 0.02},{CENTRE[0] - 0.02},{CENTRE[1] + 0.02},{CENTRE[0] + 0.02}"
    with django_assert_max_num_queries(4):  # ids (two statements), rows, photos
        response = client.get(f"{BASE}/requests.json", {"bbox": box, "page_size": "50"})
    assert len(response.json()) == 50


# --- per-process copies ----------------------------------------------------------------------


@pytest.fixture
def caching():
    """Caching on: test transactions keep it off for a few seconds after each change."""
    selectors.recent.clear(quiet=False)
    yield
    selectors.recent.clear()


def test_a_known_api_key_is_not_read_again(city, client, caching, django_assert_num_queries):
    assert post(client, city).status_code == 200
    before = FieldReport.objects.count()
    with django_assert_num_queries(0):
        assert selectors.api_client_active(key_hash=city["client"].key_hash) is not None
    assert FieldReport.objects.count() == before


def test_a_deactivated_api_key_is_refused_at_once(city, client, caching):
    assert post(client, city).status_code == 200
    api_client = city["client"]
    api_client.is_active = False
    api_client.save()  # the admin's save: the copy is dropped in this process
    assert post(client, city).status_code == 403


def test_a_key_switched_off_behind_the_orm_is_refused_within_seconds(
    city, client, caching, monkeypatch
):
    assert post(client, city).status_code == 200
    ApiClient.objects.filter(pk=city["client"].pk).update(is_active=False)  # no signal
    assert post(client, city).status_code == 200  # the copy is still fresh
    later = selectors.time.monotonic() + selectors.RECENT_SECONDS + 0.1
    monkeypatch.setattr(selectors.time, "monotonic", lambda: later)
    assert post(client, city).status_code == 403


def test_a_rotated_key_stops_working(city, client, caching):
    from congso.feedback import services

    assert post(client, city).status_code == 200
    new_key = services.api_client_rotate_key(client=city["client"])
    assert post(client, city).status_code == 403
    assert post(client, city, api_key=new_key).status_code == 200


def test_a_category_switched_off_is_unknown_at_once(city, client, caching):
    assert post(client, city).status_code == 200
    rubbish = city["rubbish"]
    rubbish.is_active = False
    rubbish.save()
    assert post(client, city).status_code == 404


def test_a_new_route_applies_to_the_next_report(city, client, caching):
    first = post(client, city)
    assert (
        FieldReport.objects.get(pk=first.json()[0]["service_request_id"]).agency
        == (city["committees"]["a"])
    )
    CategoryRoute.objects.create(
        category=city["rubbish"], unit=city["wards"]["a"], agency=city["roads"]
    )
    second = post(client, city)
    assert (
        FieldReport.objects.get(pk=second.json()[0]["service_request_id"]).agency == (city["roads"])
    )


def test_creating_a_report_reads_no_settings_twice(city, client, caching):
    assert post(client, city, email=None).status_code == 200  # fills the copies
    with CaptureQueriesContext(connection) as captured:
        assert post(client, city, email=None).status_code == 200
    everything = [q["sql"] for q in captured.captured_queries]
    # The service's transaction shows as one savepoint inside the test's; no nested one for
    # a private link nobody can receive (no e-mail, no phone).
    assert [sql.split()[0] for sql in everything if "SAVEPOINT" in sql] == ["SAVEPOINT", "RELEASE"]
    statements = [sql for sql in everything if "SAVEPOINT" not in sql]
    # Left: agency, calendar check, report + 2 events, audit head/insert/update (services.py
    # and congso.core); no api client, category, questions, boundaries, route or committee.
    assert len(statements) <= 9
    tables = " ".join(statements)
    for table in (
        "feedback_apiclient",
        "feedback_category",
        "feedback_categoryroute",
        "feedback_unitboundary",
    ):
        assert f'"{table}"' not in tables


def test_a_boundary_saved_through_the_orm_reroutes_at_once(city):
    assert routing.commune_at(*IN_A) == (city["wards"]["a"].pk, "boundary")
    row = UnitBoundary.objects.get(unit=city["wards"]["a"])
    row.geometry = rect(10.0, 100.0, 10.1, 100.1)  # moved far away
    row.save()
    assert routing.commune_at(*IN_A)[1] == "nearest"


def test_page_values_are_what_the_orm_gives(city):
    """The page's rows come from a statement compiled once per shape: the same dicts, with
    the same types (SQLite's dates converted), as `.values()`; hidden rows left out."""
    from congso.feedback.views import LIST_FIELDS

    scatter(city, 60)
    ids = list(FieldReport.objects.order_by("-id").values_list("id", flat=True)[:25])
    orm = FieldReport.objects.filter(is_public=True, pk__in=ids).values("id", *LIST_FIELDS)
    by_orm = sorted(orm, key=lambda row: row["id"])
    for _ in range(2):  # the second time from the kept statement
        rows = sorted(selectors._public_values(ids, LIST_FIELDS), key=lambda row: row["id"])
        assert rows == by_orm
    assert len(rows) < len(ids)  # every seventh is hidden
    assert all(isinstance(row["created_at"], dt.datetime) for row in rows)
    assert all(timezone.is_aware(row["created_at"]) for row in rows)
