# SPDX-License-Identifier: MIT
"""The tables written in Python give what the template loop they replaced gave: the same
cells, links and escaping, in both languages."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template import engines
from django.utils import translation

from congso.indicators.html_tables import procedure_rows_html
from congso.indicators.periods import Period

FORMER_LOOP = """{% load indicators_tags %}{% for row in procedures %}
<tr><th scope="row">{{ row.procedure.code }} {{ row.procedure.name|truncatechars:90 }}</th>
<td class="n"><a href="{% dossiers_url 'received' period agency=agency.code procedure=row.procedure.code %}">{{ row.flows.received|num }}</a></td>
<td class="n">{{ row.flows.ended|num }}</td>
<td class="n"><a href="{% dossiers_url 'late' period agency=agency.code procedure=row.procedure.code %}">{{ row.rates.on_time|pct }}</a></td>
<td class="n">{{ row.average_days|num }}</td></tr>
{% endfor %}"""


def _rows() -> list[dict]:
    long_name = "Đăng ký khai sinh, kết hợp đăng ký nhận cha, mẹ, con & cấp " * 3
    procedures = [
        ("1.001193", long_name, 12345, 1200, Decimal("98.40"), Decimal("3.25")),
        ("2.000 <b>&", 'Cấp "giấy phép" <script>', 7, 0, None, None),
        ("1.004/x y", "Thủ tục ngắn", 0, 3, Decimal("0.00"), Decimal("12.00")),
    ]
    return [
        {
            "procedure": SimpleNamespace(code=code, name=name),
            "flows": {"received": received, "ended": ended},
            "rates": {"on_time": on_time},
            "average_days": days,
        }
        for code, name, received, ended, on_time, days in procedures
    ]


def _cells(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_procedure_rows_are_the_former_templates(language):
    period = Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31), "2026")
    agency = SimpleNamespace(code="000.00.03.H46")
    with translation.override(language):
        expected = (
            engines["django"]
            .from_string(FORMER_LOOP)
            .render({"procedures": _rows(), "period": period, "agency": agency})
        )
        written = procedure_rows_html(_rows(), period, agency.code)
    assert _cells(written) == _cells(expected)
    assert "<script>" not in written and "&lt;script&gt;" in written
    assert "procedure=2.000+%3Cb%3E%26" in written  # the code encoded in the link
    assert written.count("<tr>") == 3


def test_no_procedure_no_rows():
    period = Period(dt.date(2026, 1, 1), dt.date(2026, 1, 31), "01/2026")
    assert procedure_rows_html([], period, "000.00.03.H46") == ""
