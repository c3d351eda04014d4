# SPDX-License-Identifier: MIT
from __future__ import annotations

import pytest

from congso.nationalsync.client import NationalPortalClient
from congso.nationalsync.fake_portal import FakeNationalPortalServer


@pytest.fixture
def portal():
    server = FakeNationalPortalServer().start()
    yield server
    server.stop()


@pytest.fixture
def dvcqg(settings, portal):
    """The national-portal link switched on, towards the fake portal."""
    settings.CONGSO_DVCQG_ENABLED = True
    settings.CONGSO_DVCQG_BASE_URL = portal.url
    settings.CONGSO_DVCQG_USERNAME = "congso"
    settings.CONGSO_DVCQG_PASSWORD = "congso"
    settings.CONGSO_DVCQG_UNIT_CODE = "000.00.00.H46"
    settings.CONGSO_DVCQG_MAX_ATTEMPTS = 3
    settings.CONGSO_DVCQG_BACKOFF_BASE_SECONDS = 10.0
    settings.CONGSO_DVCQG_INBOUND_TOKEN = "push-token-for-tests"
    settings.CONGSO_DVCQG_DEFAULT_RECEIVING_AGENCY = "000.00.01.H46"
    settings.CONGSO_DVCQG_FILE_HOSTS = ["127.0.0.1"]  # the fake portal serves the files
    return settings


@pytest.fixture
def national_client(dvcqg):
    client = NationalPortalClient(timeout=5.0)
    yield client
    client.close()
