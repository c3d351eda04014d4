# SPDX-License-Identifier: MIT
"""The development CA, agency certificates, PKCS#12 configuration and trust roots."""

from __future__ import annotations

import datetime as dt
import stat
from concurrent.futures import ThreadPoolExecutor

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from congso.signing import keys, services
from congso.signing.exceptions import SigningFailedError, SigningNotConfiguredError
from congso.signing.models import SignedDocument

from .conftest import make_pki


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_dev_ca_is_made_once_and_kept_private(settings, tmp_path):
    settings.CONGSO_SIGNING_DEV_DIR = str(tmp_path / "dev")

    first = keys.dev_ca()
    again = keys.dev_ca()

    assert again.fingerprint_sha256 == first.fingerprint_sha256
    assert _mode(first.path) == 0o600
    assert _mode(first.path.parent) == 0o700
    pem = first.path.with_name(keys.DEV_CA_CERT_FILE)
    assert x509.load_pem_x509_certificate(pem.read_bytes()) == first.certificate
    certificate = first.certificate
    assert certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == (
        "congso DEV CA — not for production"
    )
    constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints)
    assert constraints.critical and constraints.value.ca
    usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.key_cert_sign and usage.crl_sign and not usage.digital_signature
    assert list(tmp_path.joinpath("dev").glob(".tmp-*")) == []


def test_the_dev_dir_defaults_to_the_var_dir(settings, tmp_path):
    settings.CONGSO_SIGNING_DEV_DIR = ""
    settings.VAR_DIR = tmp_path
    assert keys.signing_dev_dir() == tmp_path / "signing"


def test_concurrent_creation_agrees_on_one_ca(settings, tmp_path):
    settings.CONGSO_SIGNING_DEV_DIR = str(tmp_path)
    with ThreadPoolExecutor(max_workers=8) as pool:
        fingerprints = set(pool.map(lambda _: keys.dev_ca().fingerprint_sha256, range(16)))
    assert len(fingerprints) == 1


def test_the_first_writer_wins(tmp_path):
    path = tmp_path / "ca.p12"
    first_key, second_key = (
        ec.generate_private_key(ec.SECP256R1()),
        ec.generate_private_key(ec.SECP256R1()),
    )
    first = keys._publish(path, first_key, keys._ca_certificate(first_key), replace=False)
    second = keys._publish(path, second_key, keys._ca_certificate(second_key), replace=False)
    assert second.fingerprint_sha256 == first.fingerprint_sha256
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ca.p12"]


def test_an_agency_certificate_names_the_agency_and_is_for_signing(agency):
    credentials = keys.dev_agency_credentials(agency)
    certificate = credentials.certificate

    subject = certificate.subject
    assert subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == agency.name
    assert subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value.startswith("Trung tâm")
    assert subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)[0].value == agency.code
    assert subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)[0].value == agency.code
    usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign
    purposes = certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert keys.DOCUMENT_SIGNING in purposes
    assert ExtendedKeyUsageOID.EMAIL_PROTECTION in purposes  # NSS and older Acrobat need it
    assert ExtendedKeyUsageOID.SERVER_AUTH not in purposes
    assert not certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    certificate.verify_directly_issued_by(keys.dev_ca().certificate)
    assert _mode(credentials.path) == 0o600


def test_an_agency_certificate_is_reused_then_reissued_when_the_name_changes(agency):
    first = keys.dev_agency_credentials(agency)
    assert keys.dev_agency_credentials(agency).certificate == first.certificate

    agency.name = "Trung tâm Phục vụ hành chính công tỉnh (tên mới)"
    renamed = keys.dev_agency_credentials(agency)

    assert renamed.certificate.serial_number != first.certificate.serial_number
    assert agency.name in renamed.certificate.subject.rfc4514_string()


def test_a_long_agency_name_fits_the_certificate(agency):
    agency.name = "Ủy ban nhân dân " + "xã Quảng Điền, Phong Điền, Phú Vang, Phú Lộc, " * 3
    certificate = keys.dev_agency_credentials(agency).certificate
    common_name = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
    assert len(common_name.encode()) <= 64
    assert agency.name.startswith(common_name)


def test_without_a_key_and_outside_demo_signing_is_refused(settings, agency, result_pdf):
    settings.DEMO_MODE = False
    settings.DEBUG = False

    with pytest.raises(SigningNotConfiguredError) as refused:
        keys.agency_signer(agency)
    assert refused.value.code == "signing_not_configured"
    assert "CONGSO_SIGNING_PKCS12_PATH" in refused.value.detail

    with pytest.raises(SigningNotConfiguredError):
        services.signed_document_create(pdf=result_pdf, agency=agency, title="x", kind="result")
    assert not SignedDocument.objects.exists()


def test_the_dev_ca_can_be_allowed_explicitly(settings, agency):
    settings.DEMO_MODE = False
    settings.DEBUG = False
    settings.CONGSO_SIGNING_ALLOW_DEV_CA = True
    assert keys.agency_signer(agency).signing_cert is not None


def test_a_configured_pkcs12_signs_and_its_ca_is_trusted(
    settings, tmp_path, agency, result_pdf, foreign_pki
):
    settings.DEMO_MODE = False
    settings.DEBUG = False
    p12 = tmp_path / "province.p12"
    p12.write_bytes(foreign_pki.pkcs12(b"mat-khau"))
    roots = tmp_path / "roots.pem"
    roots.write_bytes(foreign_pki.ca_pem)
    settings.CONGSO_SIGNING_PKCS12_PATH = str(p12)
    settings.CONGSO_SIGNING_PKCS12_PASSWORD = "mat-khau"
    settings.CONGSO_SIGNING_TRUST_ROOTS = str(roots)

    document, _ = services.signed_document_create(
        pdf=result_pdf, agency=agency, title="Bản sao", kind="ecopy"
    )

    assert document.signer_fingerprint_sha256 == foreign_pki.cert.fingerprint(hashes.SHA256()).hex()
    assert "Sở Tư pháp" in document.signer_subject
    # No dev CA outside demo: only the configured bundle.
    assert [root.sha256 for root in keys.trust_roots()] == [foreign_pki.ca_asn1.sha256]


def test_a_per_agency_pkcs12_wins_over_the_shared_one(settings, tmp_path, agency, foreign_pki):
    own = make_pki("Trung tâm Phục vụ hành chính công")
    directory = tmp_path / "agencies"
    directory.mkdir()
    (directory / f"{agency.code}.p12").write_bytes(own.pkcs12(None))
    shared = tmp_path / "shared.p12"
    shared.write_bytes(foreign_pki.pkcs12(None))
    settings.CONGSO_SIGNING_PKCS12_DIR = str(directory)
    settings.CONGSO_SIGNING_PKCS12_PATH = str(shared)

    assert keys.agency_signer(agency).signing_cert.sha256 == own.cert.fingerprint(hashes.SHA256())

    (directory / f"{agency.code}.p12").unlink()
    assert keys.agency_signer(agency).signing_cert.sha256 == foreign_pki.cert.fingerprint(
        hashes.SHA256()
    )


def test_a_pkcs12_directory_without_the_agency_is_not_configured(settings, tmp_path, agency):
    settings.CONGSO_SIGNING_PKCS12_DIR = str(tmp_path)
    with pytest.raises(SigningNotConfiguredError) as refused:
        keys.agency_signer(agency)
    assert agency.code in refused.value.detail


@pytest.mark.parametrize("password", ["wrong", ""])
def test_a_pkcs12_with_the_wrong_password_is_refused(
    settings, tmp_path, agency, foreign_pki, password
):
    p12 = tmp_path / "province.p12"
    p12.write_bytes(foreign_pki.pkcs12(b"mat-khau"))
    settings.CONGSO_SIGNING_PKCS12_PATH = str(p12)
    settings.CONGSO_SIGNING_PKCS12_PASSWORD = password
    with pytest.raises(SigningNotConfiguredError):
        keys.agency_signer(agency)


def test_an_expired_certificate_is_refused_before_signing(settings, tmp_path, agency):
    p12 = tmp_path / "old.p12"
    p12.write_bytes(make_pki("Hết hạn", expires_in=-dt.timedelta(days=1)).pkcs12(None))
    settings.CONGSO_SIGNING_PKCS12_PATH = str(p12)
    with pytest.raises(SigningFailedError, match="expired"):
        keys.agency_signer(agency)


def test_a_missing_pkcs12_file_is_not_configured(settings, tmp_path, agency):
    settings.CONGSO_SIGNING_PKCS12_PATH = str(tmp_path / "missing.p12")
    with pytest.raises(SigningNotConfiguredError):
        keys.agency_signer(agency)


def test_a_key_whose_ca_is_not_trusted_makes_no_record(
    settings, tmp_path, agency, result_pdf, foreign_pki
):
    p12 = tmp_path / "province.p12"
    p12.write_bytes(foreign_pki.pkcs12(None))
    settings.CONGSO_SIGNING_PKCS12_PATH = str(p12)  # and no CONGSO_SIGNING_TRUST_ROOTS

    with pytest.raises(SigningFailedError) as failed:
        services.signed_document_create(pdf=result_pdf, agency=agency, title="x", kind="result")

    assert failed.value.code == "signing_failed"
    assert "trusts" in failed.value.detail
    assert not SignedDocument.objects.exists()


def test_trust_roots_hold_the_dev_ca_only_where_it_is_allowed(settings, tmp_path, foreign_pki):
    dev = keys.dev_ca()
    assert [root.sha256.hex() for root in keys.trust_roots()] == [dev.fingerprint_sha256]

    bundle = tmp_path / "roots.pem"
    bundle.write_bytes(foreign_pki.ca_pem + make_pki("Khác").ca_pem)
    settings.CONGSO_SIGNING_TRUST_ROOTS = str(bundle)
    assert len(keys.trust_roots()) == 3

    settings.DEMO_MODE = False
    settings.DEBUG = False
    assert len(keys.trust_roots()) == 2


def test_trust_roots_are_not_made_up_when_the_dev_ca_does_not_exist(settings, tmp_path):
    settings.CONGSO_SIGNING_DEV_DIR = str(tmp_path / "empty")
    assert keys.trust_roots() == []
    assert not (tmp_path / "empty").exists()


def test_an_unreadable_trust_bundle_is_a_configuration_error(settings, tmp_path):
    bundle = tmp_path / "roots.pem"
    bundle.write_text("not a certificate")
    settings.CONGSO_SIGNING_TRUST_ROOTS = str(bundle)
    with pytest.raises(SigningNotConfiguredError):
        keys.trust_roots()


def test_a_damaged_dev_ca_file_is_reported(settings, tmp_path):
    settings.CONGSO_SIGNING_DEV_DIR = str(tmp_path)
    (tmp_path / keys.DEV_CA_KEY_FILE).write_bytes(b"garbage")
    with pytest.raises(SigningNotConfiguredError) as damaged:
        keys.dev_ca()
    assert "delete it" in damaged.value.detail
