# SPDX-License-Identifier: MIT
"""The accounts catalog (until merged into congso/locale) is complete, placeholders intact."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

PO = Path(__file__).resolve().parents[1] / "locale" / "vi" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


@pytest.mark.skipif(not PO.exists(), reason="merged into the project catalog")
def test_every_accounts_message_is_translated_and_keeps_its_placeholders():
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="vi")
    problems = []
    for message in catalog:
        if not message.id:
            continue
        if message.fuzzy or not message.string:
            problems.append(f"untranslated: {message.id!r}")
        elif set(PLACEHOLDER.findall(message.id)) != set(PLACEHOLDER.findall(message.string)):
            problems.append(f"placeholders differ: {message.id!r}")
    assert problems == []
