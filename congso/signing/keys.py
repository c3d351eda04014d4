# SPDX-License-Identifier: MIT
"""Signing keys: a configured PKCS#12 in production, a development CA for the demo and tests.

A real deployment sets CONGSO_SIGNING_PKCS12_PATH (one key for the province's agencies)
or CONGSO_SIGNING_PKCS12_DIR (one `<agency code>.p12` per agency), and lists the CAs it
trusts in CONGSO_SIGNING_TRUST_ROOTS. Without either, and only in demo, debug or with
CONGSO_SIGNING_ALLOW_DEV_CA, a self-signed "congso DEV CA" issues one certificate per
agency. Its files live in CONGSO_SIGNING_DEV_DIR (default VAR_DIR/signing), as PKCS#12
without a password and mode 0600. Files are written to a temporary name and linked into
place, so two processes starting at once agree on one CA instead of each keeping its own.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings
from django.utils.translation import gettext as _

from .exceptions import SigningFailedError, SigningNotConfiguredError

if TYPE_CHECKING:
    from pyhanko.sign.signers import SimpleSigner

    from congso.core.models import Agency

DEV_CA_COMMON_NAME = "congso DEV CA — not for production"
DEV_CA_KEY_FILE = "dev-ca.p12"
DEV_CA_CERT_FILE = "dev-ca.pem"
AGENCY_DIR = "agencies"

# Key purposes of an agency certificate: id-kp-documentSigning (RFC 9336), Microsoft's
# document signing, and emailProtection, without which NSS-based readers (Poppler: Okular,
# Evince) and older Acrobat refuse a certificate that has an extendedKeyUsage at all.
DOCUMENT_SIGNING = x509.ObjectIdentifier("1.3.6.1.5.5.7.3.36")
MS_DOCUMENT_SIGNING = x509.ObjectIdentifier("1.3.6.1.4.1.311.10.3.12")
AGENCY_PURPOSES = (DOCUMENT_SIGNING, MS_DOCUMENT_SIGNING, ExtendedKeyUsageOID.EMAIL_PROTECTION)

CA_VALIDITY = timedelta(days=3650)
AGENCY_VALIDITY = timedelta(days=730)
RENEW_BEFORE = timedelta(days=30)
# Development certificates are dated a year back, so tests that travel in time can sign.
BACKDATE = timedelta(days=366)
MAX_NAME_LENGTH = 64  # X.520 upper bound for CN and O (cryptography counts CN in bytes)


@dataclass(frozen=True)
class Credentials:
    """A private key and its certificate, read from (or just written to) `path`."""

    path: Path
    private_key: pkcs12.PKCS12PrivateKeyTypes
    certificate: x509.Certificate

    @property
    def fingerprint_sha256(self) -> str:
        return self.certificate.fingerprint(hashes.SHA256()).hex()


# --- settings ------------------------------------------------------------------------------------


def signing_dev_dir() -> Path:
    """Where the development CA and agency certificates are kept."""
    configured = getattr(settings, "CONGSO_SIGNING_DEV_DIR", "")
    return Path(configured) if configured else Path(settings.VAR_DIR) / "signing"


def dev_ca_allowed() -> bool:
    """The development CA may sign only in demo or debug mode, or when explicitly allowed."""
    return bool(
        getattr(settings, "DEMO_MODE", False)
        or getattr(settings, "CONGSO_DEMO", False)
        or settings.DEBUG
        or getattr(settings, "CONGSO_SIGNING_ALLOW_DEV_CA", False)
    )


def _pkcs12_password() -> bytes | None:
    password = getattr(settings, "CONGSO_SIGNING_PKCS12_PASSWORD", "") or ""
    return password.encode() if password else None


# --- the development CA --------------------------------------------------------------------------


def dev_ca() -> Credentials:
    """The development root CA, created on first use and kept on disk afterwards."""
    directory = signing_dev_dir()
    path = directory / DEV_CA_KEY_FILE
    credentials = _read_credentials(path)
    if credentials is None:
        key = ec.generate_private_key(ec.SECP256R1())
        credentials = _publish(path, key, _ca_certificate(key), replace=False)
    _write_public(directory / DEV_CA_CERT_FILE, credentials.certificate)
    return credentials


def _ca_certificate(key: ec.EllipticCurvePrivateKey) -> x509.Certificate:
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "congso (development)"),
            x509.NameAttribute(NameOID.COMMON_NAME, DEV_CA_COMMON_NAME),
        ]
    )
    now = datetime.now(UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - BACKDATE)
        .not_valid_after(now + CA_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(key_cert_sign=True, crl_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )


def _key_usage(**flags: bool) -> x509.KeyUsage:
    names = (
        "digital_signature",
        "content_commitment",
        "key_encipherment",
        "data_encipherment",
        "key_agreement",
        "key_cert_sign",
        "crl_sign",
        "encipher_only",
        "decipher_only",
    )
    return x509.KeyUsage(**{name: flags.get(name, False) for name in names})


# --- development agency certificates -------------------------------------------------------------


def dev_agency_credentials(agency: Agency) -> Credentials:
    """The agency's development certificate, issued by the dev CA (again, when stale)."""
    ca = dev_ca()
    path = signing_dev_dir() / AGENCY_DIR / f"{agency.code}.p12"
    subject = _agency_subject(agency)
    credentials = _read_credentials(path)
    if credentials is not None and _still_good(credentials.certificate, ca, subject):
        return credentials
    key = ec.generate_private_key(ec.SECP256R1())
    certificate = _agency_certificate(key, subject, ca)
    # A stale certificate is replaced; a missing one is created by whoever comes first.
    return _publish(path, key, certificate, replace=credentials is not None, chain=[ca])


def _agency_subject(agency: Agency) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, agency.name[:MAX_NAME_LENGTH]),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, agency.code),
            x509.NameAttribute(NameOID.COMMON_NAME, _cut_utf8(agency.name, MAX_NAME_LENGTH)),
            x509.NameAttribute(NameOID.SERIAL_NUMBER, agency.code),
        ]
    )


def _cut_utf8(text: str, limit: int) -> str:
    """At most `limit` bytes of UTF-8, cut between letters (cryptography counts bytes)."""
    return text.encode()[:limit].decode(errors="ignore").strip()


def _agency_certificate(
    key: ec.EllipticCurvePrivateKey, subject: x509.Name, ca: Credentials
) -> x509.Certificate:
    now = datetime.now(UTC)
    ca_key = ca.private_key
    if not isinstance(ca_key, ec.EllipticCurvePrivateKey):  # pragma: no cover - ours is EC
        raise SigningFailedError(_("The development CA key has an unexpected type."))
    ca_ski = ca.certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - BACKDATE)
        .not_valid_after(now + AGENCY_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(digital_signature=True, content_commitment=True), critical=True)
        .add_extension(x509.ExtendedKeyUsage(list(AGENCY_PURPOSES)), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski.value),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )


def _still_good(certificate: x509.Certificate, ca: Credentials, subject: x509.Name) -> bool:
    """Issued by today's CA, for the agency's current name and purposes, not about to expire."""
    if certificate.subject != subject or certificate.issuer != ca.certificate.subject:
        return False
    try:
        certificate.verify_directly_issued_by(ca.certificate)
        purposes = certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    except (InvalidSignature, ValueError, TypeError, x509.ExtensionNotFound):
        return False
    if set(purposes.value) != set(AGENCY_PURPOSES):
        return False
    return certificate.not_valid_after_utc > datetime.now(UTC) + RENEW_BEFORE


# --- signers -------------------------------------------------------------------------------------


def agency_signer(agency: Agency) -> SimpleSigner:
    """A pyHanko signer holding the key `agency` signs with.

    A configured PKCS#12 wins; the development CA is used only when nothing is configured
    and it is allowed (demo, debug, CONGSO_SIGNING_ALLOW_DEV_CA).
    """
    configured = _configured_pkcs12(agency)
    if configured is not None:
        try:
            data = configured.read_bytes()
        except OSError as error:
            raise SigningNotConfiguredError(
                _("The signing key file %(path)s cannot be read.") % {"path": configured}
            ) from error
        return _signer_from_pkcs12(data, _pkcs12_password())
    if not dev_ca_allowed():
        raise SigningNotConfiguredError(
            _(
                "No signing key is configured: set CONGSO_SIGNING_PKCS12_PATH or "
                "CONGSO_SIGNING_PKCS12_DIR. The development CA is refused outside demo "
                "and debug mode."
            )
        )
    return _signer_from_pkcs12(dev_agency_credentials(agency).path.read_bytes(), None)


def _configured_pkcs12(agency: Agency) -> Path | None:
    directory = getattr(settings, "CONGSO_SIGNING_PKCS12_DIR", "") or ""
    if directory:
        candidate = Path(directory) / f"{agency.code}.p12"
        if candidate.is_file():
            return candidate
    single = getattr(settings, "CONGSO_SIGNING_PKCS12_PATH", "") or ""
    if single:
        return Path(single)
    if directory:
        raise SigningNotConfiguredError(
            _("There is no signing key for agency %(code)s in CONGSO_SIGNING_PKCS12_DIR.")
            % {"code": agency.code}
        )
    return None


def _signer_from_pkcs12(data: bytes, password: bytes | None) -> SimpleSigner:
    # pyHanko's signers (~45 MB with aiohttp) are loaded by the first signature, not by
    # every worker at start-up.
    from pyhanko.sign.signers import SimpleSigner

    try:
        signer = SimpleSigner.load_pkcs12_data(data, other_certs=(), passphrase=password)
    except ValueError as error:
        raise SigningNotConfiguredError(
            _("The signing key file cannot be opened: wrong password or not a PKCS#12 file.")
        ) from error
    certificate = signer.signing_cert
    if certificate is None:  # pragma: no cover - load_pkcs12_data always sets it
        raise SigningNotConfiguredError(_("The signing key file holds no certificate."))
    if certificate.not_valid_after <= datetime.now(UTC):
        raise SigningFailedError(
            _("The signing certificate expired on %(date)s.")
            % {"date": f"{certificate.not_valid_after:%d/%m/%Y}"}
        )
    return signer


# --- trust ---------------------------------------------------------------------------------------


def trust_roots() -> list[asn1_x509.Certificate]:
    """The CAs a signature must chain to: the dev CA (when allowed) and the configured bundle.

    The dev CA is only read here, never created: if it does not exist, nothing it signed
    can exist either.
    """
    roots: list[asn1_x509.Certificate] = []
    if dev_ca_allowed():
        credentials = _read_credentials(signing_dev_dir() / DEV_CA_KEY_FILE)
        if credentials is not None:
            roots.append(_to_asn1(credentials.certificate))
    bundle = getattr(settings, "CONGSO_SIGNING_TRUST_ROOTS", "") or ""
    if bundle:
        try:
            certificates = x509.load_pem_x509_certificates(Path(bundle).read_bytes())
        except (OSError, ValueError) as error:
            raise SigningNotConfiguredError(
                _("The trust roots in %(path)s cannot be read.") % {"path": bundle}
            ) from error
        roots.extend(_to_asn1(certificate) for certificate in certificates)
    return roots


def _to_asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


# --- files ---------------------------------------------------------------------------------------


def _read_credentials(path: Path) -> Credentials | None:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        key, certificate, _chain = pkcs12.load_key_and_certificates(data, None)
    except ValueError as error:
        raise SigningNotConfiguredError(
            _("The development key file %(path)s is damaged: delete it to make a new one.")
            % {"path": path}
        ) from error
    if key is None or certificate is None:
        raise SigningNotConfiguredError(
            _("The development key file %(path)s is damaged: delete it to make a new one.")
            % {"path": path}
        )
    return Credentials(path=path, private_key=key, certificate=certificate)


def _publish(
    path: Path,
    key: ec.EllipticCurvePrivateKey,
    certificate: x509.Certificate,
    *,
    replace: bool,
    chain: list[Credentials] | None = None,
) -> Credentials:
    """Write key and certificate as one PKCS#12 file (mode 0600), atomically.

    With `replace` false the first writer wins: the file is hard-linked into place, which
    fails if another process got there first, and then that process's file is used.
    """
    data = pkcs12.serialize_key_and_certificates(
        name=_cut_utf8(certificate.subject.rfc4514_string(), 128).encode(),
        key=key,
        cert=certificate,
        cas=[item.certificate for item in chain or []] or None,
        encryption_algorithm=serialization.NoEncryption(),
    )
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".p12")
    try:
        with os.fdopen(handle, "wb") as stream:  # mkstemp creates the file with mode 0600
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if replace:
            os.replace(temporary, path)
        else:
            try:
                os.link(temporary, path)
            except FileExistsError:
                existing = _read_credentials(path)
                if existing is not None:
                    return existing
                raise
            except OSError:  # a file system without hard links: last writer wins
                os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    return Credentials(path=path, private_key=key, certificate=certificate)


def _write_public(path: Path, certificate: x509.Certificate) -> None:
    """The CA certificate as PEM, for people to import into their PDF reader."""
    data = certificate.public_bytes(serialization.Encoding.PEM)
    with contextlib.suppress(FileNotFoundError):
        if path.read_bytes() == data:
            return
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pem")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
