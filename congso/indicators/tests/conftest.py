# SPDX-License-Identifier: MIT
"""The dossier tests' small province, with a desk officer who may also process and decide."""

from __future__ import annotations

import datetime as dt

import pytest

from congso.accounts.models import OfficerRole


@pytest.fixture
def office(world):
    for role in ("specialist", "head"):
        OfficerRole.objects.create(
            user=world["desk"], agency=world["centre"], role=role, valid_from=dt.date(2020, 1, 1)
        )
    return world
