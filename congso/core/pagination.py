# SPDX-License-Identifier: MIT
"""Paging long lists whose rows carry joined columns."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator


class IdsFirstPaginator(Paginator):
    """Finds a page's primary keys first, then loads those rows with their joins.

    Sorting a long list (tens of thousands of dossiers late in a year) with every row
    joined to its procedure and agency pays the joins for every row; the keys alone sort
    from an index without reading the table. The page's rows are then read by key, with
    the queryset's joins, in the queryset's order. `object_list` must be a queryset.
    """

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        by_key = {row.pk: row for row in self.object_list.order_by().filter(pk__in=keys)}
        return self._get_page([by_key[key] for key in keys], number, self)
