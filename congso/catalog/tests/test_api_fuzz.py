# SPDX-License-Identifier: MIT
"""Property-based tests of the public API from its own OpenAPI document (schemathesis).

Whatever the generated request, the answer is never a server error and always matches the
documented responses.
"""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")

from django.core import signals  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import close_old_connections  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

from congso.catalog import services  # noqa: E402
from congso.catalog.tests.factories import sample_records  # noqa: E402

# The catalog's public endpoints; the dossier API needs a session and has its own tests.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application()).include(
    path_regex="^/api/catalog/"
)


@pytest.fixture
def catalog(db):
    # The raw WSGI app closes database connections at the end of each request; inside a
    # test's transaction that would close the test's own connection (Django's test client
    # disconnects the same handlers).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    services.procedures_upsert(records=sample_records())
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_answers_every_generated_request_as_documented(case, catalog):
    response = case.call()
    assert response.status_code < 500, response.text[:500]
    case.validate_response(response)
