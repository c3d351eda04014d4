# SPDX-License-Identifier: MIT
from __future__ import annotations

from array import array

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congso.core.models import AdministrativeUnit, Agency
from congso.core.pagination import IdsFirstPaginator, KeyListPaginator

pytestmark = pytest.mark.django_db


@pytest.fixture
def agencies():
    unit = AdministrativeUnit.objects.create(
        scheme="2025", level="province", code="46", name="Thành phố Huế", division_type="thành phố"
    )
    parent = Agency.objects.create(
        code="000.00.00.H46", name="UBND", kind="people_committee", level="province", unit=unit
    )
    for n in range(1, 12):
        Agency.objects.create(
            code=f"000.00.{n:02d}.H46",
            name=f"Sở {n % 4}",
            kind="department",
            level="province",
            unit=unit,
            parent=parent,
        )
    return Agency.objects.filter(parent=parent).select_related("parent", "unit")


def test_pages_hold_the_rows_the_plain_paginator_gives_in_its_order(agencies):
    listing = agencies.order_by("-name", "code")
    plain = Paginator(listing, 4, orphans=1)
    keyed = IdsFirstPaginator(listing, 4, orphans=1)
    assert keyed.num_pages == plain.num_pages == 3
    for number in keyed.page_range:
        assert list(keyed.page(number)) == list(plain.page(number))
    assert [a.code for a in keyed.page(3)] == [a.code for a in plain.page(3)]
    assert len(keyed.page(3)) == 3  # the orphan stays on the last page


def test_a_page_reads_its_rows_with_their_joins_in_one_statement(agencies):
    page = IdsFirstPaginator(agencies.order_by("code"), 5).page(2)
    with CaptureQueriesContext(connection) as queries:
        names = [(a.parent.code, a.unit.code) for a in page]
    assert names == [("000.00.00.H46", "46")] * 5
    assert len(queries) == 0


def test_a_list_of_keys_is_counted_without_a_query_and_paged_like_its_queryset(agencies):
    listing = agencies.order_by("-name", "code")
    keys = list(listing.values_list("pk", flat=True))
    plain = Paginator(listing, 4, orphans=1)
    keyed = KeyListPaginator(keys, agencies, 4, orphans=1)
    assert plain.num_pages == 3
    with CaptureQueriesContext(connection) as queries:
        assert (keyed.count, keyed.num_pages) == (11, 3)
    assert len(queries) == 0
    for number in keyed.page_range:
        assert list(keyed.page(number)) == list(plain.page(number))
    gone = agencies.get(pk=keys[0])
    gone.delete()
    assert gone not in list(KeyListPaginator(keys, agencies, 4).page(1))


def test_a_count_given_is_taken_without_counting(agencies):
    listing = agencies.order_by("code")
    with CaptureQueriesContext(connection) as queries:
        given = IdsFirstPaginator(listing, 4, count=11)
        assert (given.count, given.num_pages) == (11, 3)
    assert len(queries) == 0
    assert list(given.page(3)) == list(Paginator(listing, 4).page(3))


def test_keys_kept_as_an_array_page_like_a_list(agencies):
    listing = agencies.order_by("-name", "code")
    keys = list(listing.values_list("pk", flat=True))
    packed = KeyListPaginator(array("q", keys), agencies, 4)
    assert packed.count == 11
    for number in packed.page_range:
        assert list(packed.page(number)) == list(KeyListPaginator(keys, agencies, 4).page(number))
