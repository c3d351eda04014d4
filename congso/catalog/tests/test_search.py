# SPDX-License-Identifier: MIT
from __future__ import annotations

import pytest

from congso.catalog import services
from congso.catalog.search import SearchFilters, search_procedures
from congso.catalog.tests.factories import record_data, sample_records

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog():
    services.procedures_upsert(records=sample_records())


def top_names(query: str, n: int = 3, **filters: str) -> list[str]:
    result = search_procedures(query, filters=SearchFilters(**filters), limit=n)
    return [item["name"] for item in result.items]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dang ky khai sinh", "Đăng ký khai sinh"),
        ("ĐĂNG KÝ KẾT HÔN", "Đăng ký kết hôn"),
        ("dang ki ket hon", "Đăng ký kết hôn"),
        ("giấy phép xây dưng", "Cấp giấy phép xây dựng đối với công trình nhà ở riêng lẻ"),
        ("doi giay phep lai xe", "Đổi giấy phép lái xe do ngành Giao thông vận tải cấp"),
        (
            "chung thuc ban sao",
            "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan tổ chức có thẩm quyền của Việt Nam cấp hoặc chứng nhận",
        ),
        ("ho kinh doanh", "Đăng ký thành lập hộ kinh doanh"),
    ],
)
def test_everyday_queries_find_the_procedure_in_the_top_three(catalog, query, expected):
    assert expected in top_names(query)


def test_the_exact_name_ranks_first(catalog):
    assert top_names("Đăng ký khai sinh", 1) == ["Đăng ký khai sinh"]
    assert top_names("dang ky ket hon", 1) == ["Đăng ký kết hôn"]


def test_misspelt_words_still_match(catalog):
    assert "Đăng ký khai tử" in top_names("dang ky khai tuu")
    assert "Xác nhận tình trạng hôn nhân" in top_names("xac nhan tinh trang hon nhna")


def test_last_word_matches_as_a_prefix_for_search_as_you_type(catalog):
    assert top_names("dang ky khai si", 1) == ["Đăng ký khai sinh"]


def test_a_code_finds_its_procedure_first(catalog):
    result = search_procedures("1.000005")
    assert result.items[0]["code"] == "1.000005"


def test_english_names_are_searchable(catalog):
    assert "Đăng ký kết hôn" in top_names("marriage registration")


def test_exact_accents_rank_first_when_given(db):
    # Two names that fold to the same letters: the one typed with the user's accents wins.
    records = [
        record_data(0, "XD", "Cấp phép bán lẻ vật liệu", "A", ["province"], "full"),
        record_data(1, "XD", "Cấp phép bản lề vật liệu", "B", ["province"], "full"),
    ]
    from congso.catalog.records import ProcedureRecord

    services.procedures_upsert(records=[ProcedureRecord.model_validate(r) for r in records])
    assert top_names("bán lẻ", 1) == ["Cấp phép bán lẻ vật liệu"]
    assert top_names("bản lề", 1) == ["Cấp phép bản lề vật liệu"]


def test_filters_narrow_the_results(catalog):
    result = search_procedures("giay phep", filters=SearchFilters(field="DB"))
    assert result.count == 2
    assert {item["field"]["code"] for item in result.items} == {"DB"}
    only_province = search_procedures("", filters=SearchFilters(level="province"))
    assert all("province" in item["levels"] for item in only_province.items)
    assert only_province.count == 6
    full = search_procedures("", filters=SearchFilters(online_level="none"))
    assert {item["online_level"] for item in full.items} == {"none"}


def test_empty_query_lists_in_vietnamese_alphabetical_order(catalog):
    names = [item["name"] for item in search_procedures("", limit=100).items]
    assert names.index("Cấp lại giấy phép lái xe") < names.index(
        "Chứng thực chữ ký trong các giấy tờ, văn bản"
    )
    assert names.index("Đăng ký kết hôn") > names.index(
        "Chứng thực chữ ký trong các giấy tờ, văn bản"
    )
    assert names[-1] == "Xác nhận tình trạng hôn nhân"


@pytest.mark.parametrize(
    "query",
    [
        '" * : ( ) NEAR AND OR -',
        "'; DROP TABLE catalog_procedure; --",
        "🙂🙂 khai sinh",
        "\x00\ufffd",
        "x" * 200,
    ],
)
def test_hostile_queries_never_fail(catalog, query):
    result = search_procedures(query)
    assert result.count >= 0


def test_hostile_query_with_real_words_still_finds_them(catalog):
    assert "Đăng ký khai sinh" in top_names('"khai sinh" AND (dang* OR ky) -')


def test_index_follows_catalog_changes(catalog):
    assert top_names("thu tuc moi hoan toan") == []
    extra = record_data(99, "HT", "Thủ tục mới hoàn toàn", "New", ["commune"], "full")
    from congso.catalog.records import ProcedureRecord

    services.procedures_upsert(records=[ProcedureRecord.model_validate(extra)])
    assert top_names("thu tuc moi hoan toan", 1) == ["Thủ tục mới hoàn toàn"]
