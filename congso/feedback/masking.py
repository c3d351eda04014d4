# SPDX-License-Identifier: MIT
"""Mask phone numbers and ID numbers that people type into what is published.

Vietnamese mobile and landline numbers have 10–11 digits (0xx…, +84…), citizen ID numbers
(CCCD) 12 and old ID cards (CMND) 9. Any run of 9 to 13 digits, possibly split by spaces,
dots or dashes and possibly starting with +84, is shown as "•••" and its last two digits.
Shorter numbers (house numbers, dates, amounts) stay.
"""

from __future__ import annotations

import re

_NUMBER = re.compile(r"(?<![\w])(?:\+84[\s.\-]?)?\d(?:[\s.\-]?\d){8,12}(?![\w])")


def _mask(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    return "•••••" + digits[-2:]


def mask_personal_numbers(text: str) -> str:
    return _NUMBER.sub(_mask, text)
