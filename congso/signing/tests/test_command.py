# SPDX-License-Identifier: MIT
"""manage.py signing_dev_ca: the development CA and agency certificates on demand."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from congso.signing import keys


def run(*args: str) -> str:
    out = StringIO()
    call_command("signing_dev_ca", *args, stdout=out)
    return out.getvalue()


def test_it_prints_the_ca_path_and_fingerprint(settings, tmp_path):
    settings.CONGSO_SIGNING_DEV_DIR = str(tmp_path)
    output = run()
    fingerprint = keys.dev_ca().fingerprint_sha256.upper()
    assert str(tmp_path / keys.DEV_CA_CERT_FILE) in output
    assert ":".join(fingerprint[i : i + 2] for i in range(0, 64, 2)) in output
    assert (tmp_path / keys.DEV_CA_CERT_FILE).read_bytes().startswith(b"-----BEGIN CERTIFICATE")


@pytest.mark.django_db
def test_it_issues_an_agency_certificate(agency, tmp_path, settings):
    settings.CONGSO_SIGNING_DEV_DIR = str(tmp_path)
    output = run("--agency", agency.code)
    assert f"{agency.code}.p12" in output
    assert (tmp_path / keys.AGENCY_DIR / f"{agency.code}.p12").exists()


@pytest.mark.django_db
def test_an_unknown_agency_is_an_error():
    with pytest.raises(CommandError, match="No agency"):
        run("--agency", "999.99.99.H99")


def test_it_refuses_outside_demo_and_debug(settings):
    settings.DEMO_MODE = False
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refused"):
        run()
