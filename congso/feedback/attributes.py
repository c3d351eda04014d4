# SPDX-License-Identifier: MIT
"""Check the answers to a category's extra questions (Open311 `attribute[code]`)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import datetime

from django.utils.translation import gettext as _

from .exceptions import FieldReportInvalidError
from .models import AttributeType, Category, CategoryAttribute

MAX_ANSWER = 500


def _one(question: CategoryAttribute, values: list[str]) -> object:
    kind = question.datatype
    if kind == AttributeType.MULTI:
        unknown = [v for v in values if v not in question.keys]
        if unknown:
            raise _bad(question)
        return sorted(set(values))
    value = values[-1].strip()
    if kind == AttributeType.SINGLE and value not in question.keys:
        raise _bad(question)
    if kind == AttributeType.NUMBER:
        try:
            number = float(value.replace(",", "."))
        except ValueError:
            raise _bad(question) from None
        if not math.isfinite(number):
            raise _bad(question)
        return number
    if kind == AttributeType.DATETIME:
        try:
            datetime.fromisoformat(value)
        except ValueError:
            raise _bad(question) from None
    if len(value) > (MAX_ANSWER * 4 if kind == AttributeType.TEXT else MAX_ANSWER):
        raise _bad(question)
    return value


def _bad(question: CategoryAttribute) -> FieldReportInvalidError:
    return FieldReportInvalidError(
        _("The answer to “%(question)s” is not valid.") % {"question": question.description},
        field=f"attribute[{question.code}]",
    )


def attributes_clean(*, category: Category, raw: Mapping[str, Iterable[str]]) -> dict[str, object]:
    """Answers keyed by question code; unknown codes are ignored, missing required refused."""
    answers: dict[str, object] = {}
    for question in category.attributes.all():
        if not question.variable:
            continue
        values = [str(v) for v in raw.get(question.code, []) if str(v).strip()]
        if not values:
            if question.required:
                raise FieldReportInvalidError(
                    _("Please answer “%(question)s”.") % {"question": question.description},
                    field=f"attribute[{question.code}]",
                )
            continue
        answers[question.code] = _one(question, values)
    return answers
