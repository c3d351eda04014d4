# SPDX-License-Identifier: MIT
"""Keys, agencies and PDFs for the signing tests.

Keys are elliptic-curve (fast) and made once per session; each test still gets its own
settings, and tests that need a fresh key directory take one from tmp_path.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from congso.core.models import AdministrativeUnit, Agency
from congso.signing import services

CITIZEN = "Nguyễn Thị Bình"


@pytest.fixture(scope="session")
def dev_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("signing-dev")


@pytest.fixture(autouse=True)
def _signing_settings(settings, dev_dir):
    settings.CONGSO_SIGNING_DEV_DIR = str(dev_dir)
    settings.CONGSO_PUBLIC_BASE_URL = "https://dichvucong.example.vn"
    settings.DEMO_MODE = True
    for name in (
        "CONGSO_SIGNING_PKCS12_PATH",
        "CONGSO_SIGNING_PKCS12_PASSWORD",
        "CONGSO_SIGNING_PKCS12_DIR",
        "CONGSO_SIGNING_TRUST_ROOTS",
        "CONGSO_SIGNING_ALLOW_DEV_CA",
    ):
        setattr(settings, name, "")


@pytest.fixture(autouse=True)
def _in_english(settings):
    """These tests read the messages in English: pages (no /en/ prefix) and services alike.

    The Vietnamese wording is checked by the translation tests and the dossier pages.
    """
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def html_pdf(body: str) -> bytes:
    from weasyprint import HTML

    page = f"<html lang='vi'><body style='font-family: DejaVu Sans'>{body}</body></html>"
    return HTML(string=page).write_pdf()


@pytest.fixture(scope="session")
def result_pdf() -> bytes:
    """A result of two pages, in Vietnamese, naming a citizen."""
    return html_pdf(
        "<h1>GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH</h1>"
        f"<p>Chủ hộ: {CITIZEN}, sinh ngày 01/02/1990.</p>"
        "<p>Địa chỉ: phường Thuận Hóa, thành phố Huế.</p>"
        "<p style='page-break-before: always'>Trang cuối — Ủy ban nhân dân phường.</p>"
    )


@pytest.fixture
def agency(db) -> Agency:
    unit = AdministrativeUnit.objects.create(
        scheme="2025", level="province", code="46", name="Huế", division_type="Thành phố"
    )
    return Agency.objects.create(
        code="000.00.01.H46",
        name="Trung tâm Phục vụ hành chính công thành phố Huế",
        kind="province_centre",
        level="province",
        unit=unit,
    )


@pytest.fixture
def signed(agency, result_pdf):
    """A result signed by the agency with the development CA: (record, signed bytes)."""
    return services.signed_document_create(
        pdf=result_pdf,
        agency=agency,
        title="Giấy chứng nhận đăng ký hộ kinh doanh",
        kind="result",
        reference="H46.01-251105-0001",
    )


@dataclass(frozen=True)
class Pki:
    """A CA of its own (not the dev CA) and one agency certificate it issued."""

    ca_key: ec.EllipticCurvePrivateKey
    ca_cert: x509.Certificate
    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate

    @property
    def ca_pem(self) -> bytes:
        return self.ca_cert.public_bytes(serialization.Encoding.PEM)

    @property
    def ca_asn1(self) -> asn1_x509.Certificate:
        return asn1_x509.Certificate.load(self.ca_cert.public_bytes(serialization.Encoding.DER))

    def pkcs12(self, password: bytes | None) -> bytes:
        encryption = (
            serialization.BestAvailableEncryption(password)
            if password
            else serialization.NoEncryption()
        )
        return pkcs12.serialize_key_and_certificates(
            b"agency", self.key, self.cert, [self.ca_cert], encryption
        )


def make_pki(organisation: str, *, expires_in: dt.timedelta = dt.timedelta(days=365)) -> Pki:
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"{organisation} Root CA")])
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=400))
        .not_valid_after(now + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(
            x509.Name(
                [
                    x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
                    x509.NameAttribute(NameOID.COMMON_NAME, organisation),
                ]
            )
        )
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=400))
        .not_valid_after(now + expires_in)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    return Pki(ca_key=ca_key, ca_cert=ca_cert, key=key, cert=cert)


@pytest.fixture(scope="session")
def foreign_pki() -> Pki:
    return make_pki("Sở Tư pháp (khóa riêng)")
