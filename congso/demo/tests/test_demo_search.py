# SPDX-License-Identifier: MIT
"""Search quality on the demo catalog (454 procedures, with the near-duplicates real catalogs have)."""

from __future__ import annotations

import pytest

from congso.catalog import services
from congso.catalog.records import ProcedureRecord
from congso.catalog.search import SearchFilters, search_procedures
from congso.demo.catalog_data import demo_procedures

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_catalog():
    services.procedures_upsert(
        records=[ProcedureRecord.model_validate(d) for d in demo_procedures()]
    )


def top(query: str, n: int = 3) -> list[str]:
    return [item["name"] for item in search_procedures(query, limit=n).items]


EVERYDAY_QUERIES = [
    ("dang ky khai sinh", "Đăng ký khai sinh"),
    ("ĐĂNG KÝ KẾT HÔN", "Đăng ký kết hôn"),
    ("dang ki ket hon", "Đăng ký kết hôn"),
    ("giấy phép xây dưng", "Cấp giấy phép xây dựng đối với công trình nhà ở riêng lẻ"),
    ("dang ky khai tu", "Đăng ký khai tử"),
    ("thanh lap ho kinh doanh", "Đăng ký thành lập hộ kinh doanh"),
    ("doi giay phep lai xe", "Đổi giấy phép lái xe do ngành Giao thông vận tải cấp"),
    (
        "ly lich tu phap",
        "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam",
    ),
    (
        "li lich tu phap",
        "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam",
    ),
    ("dang ky thuong tru", "Đăng ký thường trú"),
    (
        "chung thuc ban sao tu ban chinh",
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan tổ chức có thẩm quyền của Việt Nam cấp hoặc chứng nhận",
    ),
    ("dang ky kahi sinh", "Đăng ký khai sinh"),
]


def test_everyday_queries_find_the_right_procedure_in_the_top_three(demo_catalog):
    # One catalog load for every query: loading 454 procedures per query would be slow.
    misses = {
        query: top(query) for query, expected in EVERYDAY_QUERIES if expected not in top(query)
    }
    assert misses == {}


def test_exact_name_with_accents_ranks_first(demo_catalog):
    assert top("Đăng ký khai sinh", 1) == ["Đăng ký khai sinh"]
    assert top("Đăng ký kết hôn", 1) == ["Đăng ký kết hôn"]


def test_filters_on_the_demo_catalog(demo_catalog):
    result = search_procedures("", filters=SearchFilters(online_level="full"), limit=100)
    assert result.count > 100
    assert {item["online_level"] for item in result.items} == {"full"}
    commune = search_procedures("khai sinh", filters=SearchFilters(level="commune"), limit=50)
    assert commune.count >= 3
    assert all("commune" in item["levels"] for item in commune.items)


def test_pages_are_consistent_with_one_long_list(demo_catalog):
    everything = search_procedures("giay phep", limit=100, offset=0)
    assert everything.count > 70
    paged = []
    for offset in range(0, everything.count, 7):
        page = search_procedures("giay phep", limit=7, offset=offset)
        assert page.count == everything.count
        paged += [item["code"] for item in page.items]
    assert paged[:100] == [item["code"] for item in everything.items]
    assert len(paged) == len(set(paged)) == everything.count
