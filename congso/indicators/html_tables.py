# SPDX-License-Identifier: MIT
"""The operations centre's long tables written in Python (congso.core.html_rows): the
operations view's agencies (through the template engine its 25 rows, four links each, cost
as much as the rest of the page) and an agency page's procedures."""

from __future__ import annotations

from html import escape
from typing import Any, NamedTuple
from urllib.parse import quote, quote_plus

from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from congso.core.html_rows import url_around

from .periods import Period
from .templatetags.indicators_tags import dossiers_url, num, pct


class AgencyShown(NamedTuple):
    """The columns of an agency the operations view shows (not a model instance each)."""

    pk: int
    code: str
    name: str
    unit_id: int | None


AGENCY_ROW = (
    '<tr><th scope="row"><a href="{}{}{}?from={}&amp;to={}">{}</a></th>\n'
    '<td class="n">{}</td><td class="n">{}</td>\n'
    '<td class="n"><a href="{}">{}</a></td>\n'
    '<td class="n">{}</td><td class="n">{}</td>\n'
    '<td class="n"><a href="{}">{}</a></td><td class="n">{}</td></tr>'
)


def agency_rows_html(rows: list[dict[str, Any]], period: Period) -> SafeString:
    """Each agency: its page, received, ended, on time (to its late dossiers), online,
    digitised, being processed now and overdue now (to those dossiers)."""
    before, after = (escape(part) for part in url_around("indicators:agency", "code"))
    start, end = period.start.isoformat(), period.end.isoformat()
    # dossiers_url(kind, period, agency=code), its common part encoded once per page
    lists = {
        kind: dossiers_url(kind, period) + "&agency=" for kind in ("late", "pending", "overdue")
    }

    def link(kind: str, code: str) -> str:
        return escape(lists[kind] + quote_plus(code))

    def line(row: dict[str, Any]) -> str:
        agency: AgencyShown = row["agency"]
        rates, pending = row["rates"], row["pending"]
        overdue = "0"
        if pending["overdue"]:
            overdue = f'<a class="bad" href="{link("overdue", agency.code)}">'
            overdue += f"{num(pending['overdue'])}</a>"
        return AGENCY_ROW.format(
            *(before, escape(quote(agency.code)), after, start, end, escape(agency.name)),
            num(row["flows"]["received"]),
            num(row["flows"]["ended"]),
            *(link("late", agency.code), pct(rates["on_time"])),
            *(pct(rates["online"]), pct(rates["digitised"])),
            *(link("pending", agency.code), num(pending["pending"]), overdue),
        )

    return mark_safe("\n".join(line(row) for row in rows))  # every text escaped above


PROCEDURE_ROW = (
    '<tr><th scope="row">{} {}</th>\n'
    '<td class="n"><a href="{}">{}</a></td>\n'
    '<td class="n">{}</td>\n'
    '<td class="n"><a href="{}">{}</a></td>\n'
    '<td class="n">{}</td></tr>'
)


def procedure_rows_html(rows: list[dict[str, Any]], period: Period, agency_code: str) -> SafeString:
    """An agency page's busiest procedures: received (to those dossiers), ended, on time (to
    the late ones) and the average working days. Through the template engine its hundred
    rows were three fifths of the page's time."""
    lists = {
        kind: dossiers_url(kind, period, agency=agency_code) + "&procedure="
        for kind in ("received", "late")
    }

    def line(row: dict[str, Any]) -> str:
        code = row["procedure"].code
        return PROCEDURE_ROW.format(
            escape(code),
            escape(Truncator(row["procedure"].name).chars(90)),
            escape(lists["received"] + quote_plus(code)),
            num(row["flows"]["received"]),
            num(row["flows"]["ended"]),
            escape(lists["late"] + quote_plus(code)),
            pct(row["rates"]["on_time"]),
            num(row["average_days"]),
        )

    return mark_safe("\n".join(line(row) for row in rows))  # every text escaped above
