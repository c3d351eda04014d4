# SPDX-License-Identifier: MIT
from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections, transaction

from congso.core.models import AdministrativeUnit, Agency
from congso.dossiers.models import DossierCodeCounter
from congso.dossiers.reference_numbers import dossier_code_allocate

UTC = dt.UTC


@pytest.fixture
def agency(db):
    unit = AdministrativeUnit.objects.create(
        scheme="2025",
        level="province",
        code="46",
        name="Thành phố Huế",
        division_type="thành phố trung ương",
    )
    return Agency.objects.create(
        code="000.00.12.H46", name="Sở Tư pháp", kind="department", level="province", unit=unit
    )


def allocate(agency, moment):
    with transaction.atomic():
        return dossier_code_allocate(agency=agency, received_at=moment)


def test_codes_follow_the_agency_date_number_format(agency):
    moment = dt.datetime(2025, 11, 5, 3, 0, tzinfo=UTC)  # 10:00 in Huế
    assert allocate(agency, moment) == "000.00.12.H46-251105-0001"
    assert allocate(agency, moment) == "000.00.12.H46-251105-0002"


def test_the_day_is_the_local_date_of_reception(agency):
    late_evening_utc = dt.datetime(2025, 11, 5, 18, 30, tzinfo=UTC)  # 01:30 on 6 Nov in Huế
    assert allocate(agency, late_evening_utc) == "000.00.12.H46-251106-0001"


def test_each_day_and_agency_counts_from_one(agency):
    other = Agency.objects.create(
        code="000.00.13.H46",
        name="Sở Xây dựng",
        kind="department",
        level="province",
        unit=agency.unit,
    )
    day1 = dt.datetime(2025, 11, 5, 3, tzinfo=UTC)
    day2 = dt.datetime(2025, 11, 6, 3, tzinfo=UTC)
    assert allocate(agency, day1).endswith("-0001")
    assert allocate(other, day1) == "000.00.13.H46-251105-0001"
    assert allocate(agency, day2) == "000.00.12.H46-251106-0001"
    assert allocate(agency, day1).endswith("-0002")


def test_a_rolled_back_submission_gives_its_number_back(agency):
    moment = dt.datetime(2025, 11, 5, 3, tzinfo=UTC)
    allocate(agency, moment)
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        dossier_code_allocate(agency=agency, received_at=moment)
        raise ZeroDivisionError  # the dossier's transaction fails after the number was taken
    assert allocate(agency, moment).endswith("-0002")


def test_numbers_past_9999_keep_counting(agency):
    DossierCodeCounter.objects.create(agency=agency, day=dt.date(2025, 11, 5), last=9999)
    assert allocate(agency, dt.datetime(2025, 11, 5, 3, tzinfo=UTC)).endswith("-10000")


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_allocation_is_refused(agency):
    with pytest.raises(RuntimeError):
        dossier_code_allocate(agency=agency, received_at=dt.datetime(2025, 11, 5, 3, tzinfo=UTC))


def test_the_format_is_a_setting(agency, settings):
    settings.CONGSO_DOSSIER_CODE_FORMATTER = (
        "congso.dossiers.tests.test_reference_numbers.format_2025_example"
    )
    assert allocate(agency, dt.datetime(2025, 11, 5, 3, tzinfo=UTC)) == "H46.251105.000001"


def format_2025_example(agency_code: str, day: dt.date, number: int) -> str:
    return f"{agency_code[-3:]}.{day:%y%m%d}.{number:06d}"


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_unique_gapless_codes():
    unit = AdministrativeUnit.objects.create(
        scheme="2025",
        level="province",
        code="46",
        name="Thành phố Huế",
        division_type="thành phố trung ương",
    )
    agency = Agency.objects.create(
        code="000.00.12.H46", name="Sở Tư pháp", kind="department", level="province", unit=unit
    )
    moment = dt.datetime(2025, 11, 5, 3, tzinfo=UTC)
    codes: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker() -> None:
        try:
            for _ in range(15):
                code = allocate(agency, moment)
                with lock:
                    codes.append(code)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(int(code.rsplit("-", 1)[1]) for code in codes)
    assert numbers == list(range(1, 91))
    assert connection.vendor in ("sqlite", "postgresql")
