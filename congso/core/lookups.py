# SPDX-License-Identifier: MIT
"""Query expressions the ORM does not have."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.db.models import F, Lookup

_CODE = re.compile(r"^[A-Za-z0-9_.-]+$")


class InLiteral(Lookup):
    """`column IN ('a', 'b')` with the values written into the statement, not bound.

    SQLite uses a partial index only when the query repeats the index's WHERE clause, and
    it cannot see through a bound `IN` list (a bound `= ?` it can): with `state IN (?, ?)`
    the inbox sorted every open dossier of the agency (3 ms at 1,848) instead of reading
    the page in index order (0.02 ms). Only fixed codes are accepted (letters, digits,
    `_ . -`): never user input.
    """

    lookup_name = "in_literal"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, params = self.process_lhs(compiler, connection)
        values = ", ".join(f"'{value}'" for value in self.rhs)
        return f"{lhs} IN ({values})", list(params)


def in_literal(field: str, values: Iterable[str]) -> InLiteral:
    """A filter for `.filter()`: `field` is one of `values` (fixed codes, in the order the
    partial index's condition lists them)."""
    codes = [str(value) for value in values]
    for code in codes:
        if not _CODE.match(code):
            raise ValueError(f"not a fixed code: {code!r}")
    return InLiteral(F(field), codes)
