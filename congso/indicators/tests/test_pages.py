# SPDX-License-Identifier: MIT
"""The operations centre's pages: figures from the counters, drill-down to the dossiers,
exports, the 766 index, targets, the public page; who may see what; bad input."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from congso.accounts.models import OfficerRole
from congso.catalog.models import Procedure
from congso.core.models import AuditEvent
from congso.dossiers import routing, services
from congso.dossiers.models import Dossier
from congso.dossiers.tests.helpers import login_officer
from congso.indicators.index766 import IndicatorScore, index_compute
from congso.indicators.models import FLOWS, Target
from congso.indicators.periods import Period

HUE = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db
DAY = dt.datetime(2026, 11, 2, 9, 0, tzinfo=HUE)  # a Monday
PERIOD = "?from=2026-11-01&to=2026-11-20"


@pytest.fixture
def office(office, django_user_model):
    """The indicators' office (conftest.py) and a province administrator."""
    world = office
    leader = django_user_model.objects.create_user("lanhdao", password="x")
    OfficerRole.objects.create(
        user=leader, agency=world["centre"], role="province_admin", valid_from=dt.date(2020, 1, 1)
    )
    world["leader"] = leader
    return world


def _accepted(office, applicant: str = "Nguyễn Văn An"):
    dossier = services.dossier_register(
        procedure=Procedure.objects.get(code="1.000001"),
        receiving_agency=office["centre"],
        channel="online",
        source="portal",
        applicant_name=applicant,
        applicant_user=office["alice"],
        actor=office["alice"],
    )
    return services.dossier_accept(dossier=dossier, actor=office["desk"])


def _dossier(office, *, late: bool) -> None:
    dossier = _accepted(office)
    routing.dossier_forward(dossier=dossier, actor=office["desk"])
    routing.dossier_task_claim(dossier=dossier, actor=office["desk"])
    routing.dossier_forward(dossier=dossier, actor=office["desk"])
    if late:
        with time_machine.travel(dossier.due_at + dt.timedelta(days=3), tick=False):
            services.dossier_mark_processed(dossier=dossier, actor=office["desk"])
    else:
        services.dossier_mark_processed(dossier=dossier, actor=office["desk"])


@pytest.fixture
def history(office):
    with time_machine.travel(DAY, tick=False):
        _dossier(office, late=False)
        _dossier(office, late=False)
        _dossier(office, late=True)
    return office


def test_the_operations_view_shows_figures_from_the_counters(client, history):
    login_officer(client, history["leader"])
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, tzinfo=HUE), tick=False):
        page = client.get("/dieu-hanh/" + PERIOD)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-figure="on_time">66,67%' in html
    assert 'data-figure="online">100,00%' in html
    agency_page = "/dieu-hanh/co-quan/000.00.01.H46/?from=2026-11-01&amp;to=2026-11-20"
    assert f'<a href="{agency_page}">Trung tâm</a>' in html  # the agencies' table


def test_dossiers_being_processed_and_overdue_are_counted_now(client, history):
    """Pending: accepted and not yet processed (waiting for the applicant included);
    overdue: those whose clock runs past the due date. Whatever the period asked."""

    def accepted(name):
        dossier = services.dossier_register(
            procedure=Procedure.objects.get(code="1.000001"),
            receiving_agency=history["centre"],
            channel="online",
            source="portal",
            applicant_name=name,
            applicant_user=history["alice"],
            actor=history["alice"],
        )
        return services.dossier_accept(dossier=dossier, actor=history["desk"])

    with time_machine.travel(DAY, tick=False):
        running = accepted("Trần Thị Chờ")
        waiting = accepted("Lê Văn Bổ Sung")
        waiting = routing.dossier_forward(dossier=waiting, actor=history["desk"])
        services.dossier_request_supplement(
            dossier=waiting, actor=history["desk"], items=["Bản sao"], reason="Thiếu"
        )
    login_officer(client, history["leader"])
    late_now = running.due_at + dt.timedelta(days=30)
    with time_machine.travel(late_now, tick=False):
        html = client.get("/dieu-hanh/?period=2025").content.decode()
        assert 'data-figure="pending">2<' in html and 'data-figure="overdue">1<' in html
        # The agencies' table: the centre's row links its figures to their dossiers.
        html = client.get("/dieu-hanh/" + PERIOD).content.decode()
        lists = "/dieu-hanh/ho-so/?kind={}&amp;from=2026-11-01&amp;to=2026-11-20&amp;agency="
        row = html[html.index('<a href="/dieu-hanh/co-quan/000.00.01.H46/?from=2026-11-01') :]
        row = row[: row.index("</tr>")]
        assert '<td class="n">5</td><td class="n">3</td>' in row  # received, ended
        assert f'<a href="{lists.format("late")}000.00.01.H46">66,67%</a>' in row
        assert f'<a href="{lists.format("pending")}000.00.01.H46">2</a>' in row
        assert f'<a class="bad" href="{lists.format("overdue")}000.00.01.H46">1</a>' in row
        overdue = client.get("/dieu-hanh/ho-so/?period=2025&kind=overdue")
        assert [d.pk for d in overdue.context["page"]] == [running.pk]
        pending = client.get("/dieu-hanh/ho-so/?period=2025&kind=pending&agency=000.00.01.H46")
        assert {d.pk for d in pending.context["page"]} == {running.pk, waiting.pk}
        agency = client.get("/dieu-hanh/co-quan/000.00.01.H46/" + PERIOD)
        assert agency.context["pending"] == {"pending": 2, "overdue": 1}
    with time_machine.travel(DAY, tick=False):
        html = client.get("/dieu-hanh/" + PERIOD).content.decode()
        assert 'data-figure="overdue">0<' in html


def test_each_figure_leads_to_its_dossiers_and_the_list_is_audited(client, history):
    login_officer(client, history["leader"])
    late = client.get("/dieu-hanh/ho-so/" + PERIOD + "&kind=late")
    assert late.status_code == 200
    assert late.context["page"].paginator.count == 1
    assert (
        client.get("/dieu-hanh/ho-so/" + PERIOD + "&kind=on_time").context["page"].paginator.count
        == 2
    )
    assert AuditEvent.objects.filter(action="indicators.dossier_list").count() == 2


def test_the_lists_of_what_ended_run_from_the_last_ended(client, history):
    """The period of an "ended" list is about end dates, so the last ended comes first (and
    a page is read off the end-date index instead of sorting every row)."""
    ended = list(
        Dossier.objects.filter(ended_late=False, processing_ended_at__isnull=False).order_by(
            "accepted_at", "pk"
        )
    )
    assert len(ended) == 2
    first_accepted, last_accepted = ended
    # The first accepted ended last (ties on the end date fall back to acceptance).
    Dossier.objects.filter(pk=first_accepted.pk).update(
        processing_ended_at=last_accepted.processing_ended_at + dt.timedelta(hours=1)
    )
    login_officer(client, history["leader"])
    for kind in ("on_time", "ended"):
        page = client.get("/dieu-hanh/ho-so/" + PERIOD + "&kind=" + kind).context["page"]
        listed = [d.pk for d in page if d.pk in (first_accepted.pk, last_accepted.pk)]
        assert listed == [first_accepted.pk, last_accepted.pk], kind
    received = client.get("/dieu-hanh/ho-so/" + PERIOD + "&kind=received").context["page"]
    listed = [d.pk for d in received if d.pk in (first_accepted.pk, last_accepted.pk)]
    assert listed == [last_accepted.pk, first_accepted.pk]  # received: the last accepted first


def test_an_officer_sees_only_the_dossiers_of_his_agencies(client, history):
    login_officer(client, history["stranger"])  # reception officer of another agency
    own = client.get("/dieu-hanh/ho-so/" + PERIOD + "&kind=received")
    assert own.status_code == 200 and own.context["page"].paginator.count == 0
    other = client.get("/dieu-hanh/ho-so/" + PERIOD + "&kind=received&agency=000.00.01.H46")
    assert other.status_code == 403


def test_citizens_and_anonymous_users_are_kept_out(client, history):
    assert client.get("/dieu-hanh/").status_code == 302
    client.force_login(history["alice"])
    assert client.get("/dieu-hanh/").status_code == 403
    assert client.get("/dieu-hanh/ho-so/").status_code == 403


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("?period=2026-13", 400),
        ("?period=yesterday", 400),
        ("?from=2026-11-20&to=2026-11-01", 400),
        ("?from=2020-01-01&to=2026-11-01", 400),
        ("?from=20-11-2026&to=2026-11-21", 400),
        ("?period=1999", 400),
        ("?period=0000", 400),
        ("?period=0000-01", 400),
        ("?period=9999-12", 400),
        ("?period=9999-Q4", 400),
        ("?from=0001-01-01&to=0001-01-02", 400),
        ("?format=pdf", 400),
    ],
)
def test_impossible_periods_and_formats_get_a_clear_400(client, office, query, status):
    login_officer(client, office["leader"])
    response = client.get("/dieu-hanh/" + query)
    assert response.status_code == status
    assert response.context["message"]


def test_unknown_agencies_and_lists_are_refused(client, office):
    login_officer(client, office["leader"])
    assert client.get("/dieu-hanh/co-quan/000.99.99.H46/").status_code == 404
    assert client.get("/dieu-hanh/ho-so/?agency=000.99.99.H46").status_code == 404
    assert client.get("/dieu-hanh/ho-so/?kind=everything").status_code == 400
    assert client.get("/dieu-hanh/chi-so-766/?agency=nope").status_code == 404


def test_tables_export_as_csv_and_xlsx(client, history):
    login_officer(client, history["leader"])
    csv_response = client.get("/dieu-hanh/" + PERIOD + "&format=csv")
    text = b"".join(csv_response.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[1].startswith("000.00.01.H46,Trung tâm,3,3,66.67")
    xlsx = client.get("/dieu-hanh/ho-so/" + PERIOD + "&kind=received&format=xlsx")
    book = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    rows = list(book.active.values)
    assert len(rows) == 4 and rows[1][0].startswith("000.00.01.H46-")


def test_an_agency_page_shows_its_busiest_procedures_and_exports_them_all(
    client, history, monkeypatch
):
    from congso.indicators import views

    login_officer(client, history["leader"])
    url = "/dieu-hanh/co-quan/000.00.01.H46/" + PERIOD
    page = client.get(url)
    assert [r["procedure"].code for r in page.context["procedures"]] == ["1.000001"]
    assert page.context["procedures"][0]["flows"]["received"] == 3
    monkeypatch.setattr(views, "PROCEDURE_ROWS", 0)
    page = client.get(url)
    assert page.context["procedures"] == [] and page.context["procedure_count"] == 1
    csv_response = client.get(url + "&format=csv")
    text = b"".join(csv_response.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[1].startswith("1.000001,")


def test_an_agency_page_shares_its_procedure_table_and_the_export_reads_afresh(
    client, history, settings
):
    from django.core.cache import cache

    cache.clear()
    settings.CONGSO_INDICATORS_CACHE_SECONDS = 300
    login_officer(client, history["leader"])
    url = "/dieu-hanh/co-quan/000.00.01.H46/" + PERIOD
    assert client.get(url).context["procedures"][0]["flows"]["received"] == 3
    with time_machine.travel(DAY, tick=False):
        _dossier(history, late=False)
    assert client.get(url).context["procedures"][0]["flows"]["received"] == 3  # shared
    csv_response = client.get(url + "&format=csv")
    text = b"".join(csv_response.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[1].startswith("1.000001,") and ",4," in text.splitlines()[1]
    cache.clear()


def test_the_index_page_scores_and_lists_what_cost_points(client, history):
    login_officer(client, history["leader"])
    page = client.get("/dieu-hanh/chi-so-766/" + PERIOD)
    assert page.status_code == 200
    index = page.context["index"]
    on_time = next(i for i in index.indicators if i.code == "2.1")
    assert on_time.value == Decimal("66.67")
    assert on_time.earned == Decimal("13.33")  # 66.67 % of 20 points, no cap
    online = next(i for i in index.indicators if i.code == "3.3")
    assert online.earned == online.points  # 100 % online, capped at 50 %
    assert not next(i for i in index.indicators if i.code == "1.1").measured
    assert "chi-so-766" not in page.content.decode() or "kind=2.1" in page.content.decode()


def test_the_index_counts_a_dossier_still_open_and_late_at_the_end(client, history):
    with time_machine.travel(DAY, tick=False):
        _accepted(history, "Lê Thị Cúc")
    login_officer(client, history["leader"])
    page = client.get("/dieu-hanh/chi-so-766/" + PERIOD)
    on_time = next(i for i in page.context["index"].indicators if i.code == "2.1")
    assert on_time.value == Decimal("50.00")  # 2 on time of 3 ended + 1 open and late
    text = page.content.decode()
    assert "tính cả 1 hồ sơ còn đang xử lý vào cuối kỳ (20/11/2026), trong đó 1 hồ sơ" in text


def test_the_2_1_list_of_an_ended_month_is_judged_once_and_paged_by_key(client, history, settings):
    settings.CONGSO_INDICATORS_CACHE_SECONDS = 300
    cache.clear()
    with time_machine.travel(DAY + dt.timedelta(hours=1), tick=False):
        open_one = _accepted(history, "Lê Thị Cúc")
    ended_late = Dossier.objects.get(ended_late=True)
    login_officer(client, history["leader"])
    url = "/dieu-hanh/ho-so/?period=2026-11&kind=2.1"
    with time_machine.travel(dt.datetime(2026, 12, 3, 9, 0, tzinfo=HUE), tick=False):
        first = client.get(url)
        with CaptureQueriesContext(connection) as again:
            second = client.get(url)
    try:
        for page in (first, second):
            listed = [d.code for d in page.context["page"]]
            # Still open and late at the end of November, then the one that ended late;
            # the last accepted first.
            assert listed == [open_one.code, ended_late.code]
            assert page.context["page"].paginator.count == 2
        read = " ".join(query["sql"] for query in again.captured_queries)
        assert "dossiers_applicantwait" not in read  # the kept keys: nothing judged again
    finally:
        cache.clear()


def test_the_length_of_a_long_list_is_counted_once_while_kept(client, history, settings):
    """The second page of the late list, or the same page refreshed, reads its rows again
    but not the list's length; with nothing kept (cache 0) every request counts."""
    settings.CONGSO_INDICATORS_CACHE_SECONDS = 300
    cache.clear()
    login_officer(client, history["leader"])
    url = "/dieu-hanh/ho-so/" + PERIOD + "&kind=late"
    try:
        first = client.get(url)
        with CaptureQueriesContext(connection) as again:
            second = client.get(url)
        for page in (first, second):
            assert page.context["page"].paginator.count == 1
            assert [d.ended_late for d in page.context["page"]] == [True]
        read = [query["sql"] for query in again.captured_queries]
        assert not any("COUNT(" in sql for sql in read)
        assert any('"dossiers_dossier"' in sql for sql in read)  # the rows, afresh
        settings.CONGSO_INDICATORS_CACHE_SECONDS = 0
        with CaptureQueriesContext(connection) as uncached:
            client.get(url)
        assert any("COUNT(" in query["sql"] for query in uncached.captured_queries)
    finally:
        cache.clear()


def test_caps_and_grades_follow_the_editable_rows(office):
    capped = IndicatorScore("4.2", 4, "x", Decimal("4.4"), Decimal("80"), Decimal("40"))
    assert capped.earned == Decimal("2.20")
    assert IndicatorScore(
        "4.2", 4, "x", Decimal("4.4"), Decimal("80"), Decimal("85")
    ).earned == Decimal("4.4")
    result = index_compute(Period(dt.date(2026, 1, 1), dt.date(2026, 1, 31), "01/2026"))
    # No dossier in January: only the catalog-based indicators are measured.
    measured = {i.code for i in result.indicators if i.measured}
    assert "3.1" in measured and measured <= {"3.1", "3.2", "3.5"}
    assert result.total < 50 and result.grade == "Yếu"


def test_targets_show_their_status_and_take_measurements(client, office):
    Target.objects.create(
        code="CĐS-01",
        name="Tỷ lệ hồ sơ số hóa",
        baseline=Decimal(40),
        baseline_date=dt.date(2025, 1, 1),
        target_value=Decimal(80),
        due_date=dt.date(2026, 12, 31),
        source="manual",
        agency=office["centre"],
    )
    Target.objects.create(
        code="CĐS-02",
        name="Tỷ lệ đúng hạn",
        baseline=Decimal(90),
        baseline_date=dt.date(2025, 1, 1),
        target_value=Decimal(98),
        due_date=dt.date(2026, 12, 31),
        source="indicator",
        indicator="on_time",
    )
    login_officer(client, office["desk"])  # head of the responsible agency
    response = client.post(
        "/dieu-hanh/muc-tieu/CĐS-01/do/", {"value": "85", "measured_on": "2026-11-01"}
    )
    assert response.status_code == 302
    page = client.get("/dieu-hanh/muc-tieu/")
    assert 'id="targets-met">1/2<' in page.content.decode()
    bad = client.post("/dieu-hanh/muc-tieu/CĐS-01/do/", {"value": "-3", "measured_on": "x"})
    assert bad.status_code == 400
    login_officer(client, office["stranger"])
    assert (
        client.post(
            "/dieu-hanh/muc-tieu/CĐS-01/do/", {"value": "1", "measured_on": "2026-11-01"}
        ).status_code
        == 403
    )


def test_the_public_page_needs_no_sign_in_and_shows_no_names(client, history):
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, tzinfo=HUE), tick=False):
        page = client.get("/minh-bach/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-figure="on_time">66,67%' in html
    assert "Nguyễn Văn An" not in html


def test_online_payment_rate_counts_dossiers_paid_by_gateway_or_transfer(history):
    """Rows written behind the services' back reach the counters through the rebuild
    (congso/indicators/tests/test_payment_counters.py covers the live path)."""
    from congso.dossiers.models import Dossier
    from congso.indicators.rebuild import indicators_rebuild
    from congso.payments.models import Payment, PaymentRequest

    dossiers = list(Dossier.objects.order_by("pk"))
    for index, dossier in enumerate(dossiers[:2]):
        request = PaymentRequest.objects.create(
            reference=f"REF{index}",
            dossier=dossier,
            agency=history["centre"],
            due="submission",
            amount=50_000,
        )
        if index == 0:
            Payment.objects.create(
                request=request,
                method="gateway",
                status="succeeded",
                order_id="O1",
                amount=50_000,
            )
    indicators_rebuild()
    result = index_compute(Period(dt.date(2026, 11, 1), dt.date(2026, 11, 20), ""))
    online_payment = next(i for i in result.indicators if i.code == "3.6")
    assert online_payment.value == Decimal("50.00")  # one of the two dossiers with fees


def test_rebuild_command_gives_back_every_table_with_its_levels(history):
    """The command rebuilds the daily counters from the history and adds up the five coarser
    tables from them: every row, level included, as the live upserts wrote it."""
    from django.core.management import call_command

    from congso.indicators.counters import TABLES

    def rows():
        return {
            model.__name__: sorted(model.objects.values_list(period, "level", *keys, *FLOWS))
            for model, period, keys in TABLES
        }

    live = rows()
    assert all(live.values())
    out = io.StringIO()
    call_command("rebuild_indicators", stdout=out)
    assert rows() == live
    assert all(phase in out.getvalue() for phase in ("history", "roll-up", "stock", "commit"))


def test_the_rebuild_stages_in_a_temporary_table_and_drops_no_table_of_the_database():
    from congso.indicators.bulk_write import STAGING
    from congso.indicators.rebuild import indicators_rebuild

    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {STAGING} (kept integer)")
        cursor.execute(f"INSERT INTO {STAGING} VALUES (7)")
    indicators_rebuild()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT kept FROM {STAGING}")
        assert cursor.fetchall() == [(7,)]


def test_list_links_follow_the_language_of_the_page():
    from django.urls import reverse
    from django.utils import translation

    from congso.indicators.templatetags.indicators_tags import dossiers_url

    november = Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30), "11/2026")
    query = "?kind=late&from=2026-11-01&to=2026-11-30&agency=000.00.01.H46"
    for language in ("vi", "en", "vi"):
        with translation.override(language):
            expected = reverse("indicators:dossiers") + query
            assert dossiers_url("late", november, agency="000.00.01.H46") == expected
    with translation.override("en"):
        assert dossiers_url("late", november).startswith("/en/")
