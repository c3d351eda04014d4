# SPDX-License-Identifier: MIT
"""A development OpenID Connect provider that behaves like VNeID, for the demo and tests.

Enabled only in demo or debug mode, or with settings.CONGSO_DEV_IDP; every page answers 404
otherwise. It is a real provider: discovery document, JWKS, an authorize page where one
picks a demo citizen (or types one), and a token endpoint that checks PKCE and returns an
ID token signed RS256. Authorization codes are signed, short-lived and single use, so
several web processes can serve it; the signing key is kept under VAR_DIR.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
import time
from collections.abc import Callable, Mapping
from functools import lru_cache, wraps
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlencode, urlsplit, urlunsplit

from authlib.oauth2.rfc7636 import create_s256_code_challenge
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_date
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from joserfc import jwt
from joserfc.jwk import RSAKey

from congso.core.text import nfc

from .validators import validate_citizen_id

#: The client id the built-in client uses toward this provider.
DEV_CLIENT_ID = "congso-dev"
#: The provider name stored on a citizen who signed in here (Citizen.identity_provider).
DEV_PROVIDER_NAME = "congso-dev-idp"
CODE_SALT = "congso.accounts.devidp.code"
CODE_MAX_AGE_SECONDS = 300
SCOPES = ("openid", "profile", "email", "phone")

#: Demo people, clearly labelled as such on the page. Their citizen IDs pass
#: validators.validate_citizen_id (province 046, century/sex digit, year of birth).
DEMO_CITIZENS: tuple[dict[str, Any], ...] = (
    {
        "citizen_id": "046085012345",
        "name": "Nguyễn Văn Đức",
        "birthdate": "1985-06-15",
        "gender": "male",
        "phone_number": "0912345678",
        "email": "duc.nguyen@example.com",
        "identity_level": 2,
        "commune_code": "19753",
    },
    {
        "citizen_id": "046192004321",
        "name": "Trần Thị Hồng Nhung",
        "birthdate": "1992-11-02",
        "gender": "female",
        "phone_number": "0987654321",
        "email": "nhung.tran@example.com",
        "identity_level": 2,
        "commune_code": "19753",
    },
    {
        "citizen_id": "046203007788",
        "name": "Lê Hoàng Phúc",
        "birthdate": "2003-01-20",
        "gender": "male",
        "phone_number": "0356789012",
        "email": "",
        "identity_level": 1,
        "commune_code": "",
    },
    {
        "citizen_id": "046168009900",
        "name": "Phạm Thị Thu Hà",
        "birthdate": "1968-09-30",
        "gender": "female",
        "phone_number": "",
        "email": "",
        "identity_level": 2,
        "commune_code": "",
    },
)

_AUTHORIZE_PARAMS = (
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
)


def dev_idp_enabled() -> bool:
    """Whether the development provider answers at all (demo, debug, or CONGSO_DEV_IDP)."""
    return bool(
        getattr(settings, "DEMO_MODE", False)
        or getattr(settings, "DEBUG", False)
        or getattr(settings, "CONGSO_DEV_IDP", False)
    )


def _enabled_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not dev_idp_enabled():
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _url(request: HttpRequest, name: str) -> str:
    # The default language has no prefix: the provider's addresses do not change with it.
    with translation.override(settings.LANGUAGE_CODE):
        return request.build_absolute_uri(reverse(name))


def issuer_for(request: HttpRequest) -> str:
    """The issuer identifier of this provider as seen through `request` (no trailing slash)."""
    return _url(request, "accounts:devidp_discovery").removesuffix(
        "/.well-known/openid-configuration"
    )


def _client_secret() -> str:
    return str(getattr(settings, "CONGSO_DEV_IDP_CLIENT_SECRET", "") or "")


def _key_path() -> Path:
    var_dir = Path(getattr(settings, "VAR_DIR", settings.BASE_DIR / "var"))
    return var_dir / "dev-idp-signing-key.pem"


@lru_cache(maxsize=1)
def signing_key() -> RSAKey:
    """The provider's RSA key: read from VAR_DIR, created there once (mode 0600) if absent."""
    key_path = _key_path()
    try:
        return RSAKey.import_key(key_path.read_bytes(), {"use": "sig", "alg": "RS256"})
    except FileNotFoundError:
        pass
    key = RSAKey.generate_key(2048, {"use": "sig", "alg": "RS256"})
    try:
        key_path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        # Another process won the race: use its key.
        return RSAKey.import_key(key_path.read_bytes(), {"use": "sig", "alg": "RS256"})
    except OSError:
        return key  # read-only file system: a key for this process only
    with os.fdopen(fd, "wb") as handle:
        handle.write(key.as_pem(private=True))
    return key


def _kid(key: RSAKey) -> str:
    return key.thumbprint()


def _id_token_key() -> RSAKey:
    """The key the token endpoint signs with (tests replace it to forge a bad signature)."""
    return signing_key()


def subject_for(citizen_id: str) -> str:
    """A stable, opaque subject for a person, as VNeID gives one per citizen."""
    return "dev-" + hashlib.sha256(f"congso-dev-idp\n{citizen_id}".encode()).hexdigest()[:32]


def person_claims(person: Mapping[str, Any]) -> dict[str, Any]:
    claims = {
        "sub": subject_for(person["citizen_id"]),
        "name": person["name"],
        "birthdate": person["birthdate"],
        "gender": person["gender"],
        "citizen_id": person["citizen_id"],
        "identity_level": int(person["identity_level"]),
    }
    for optional in ("phone_number", "email", "commune_code"):
        if person.get(optional):
            claims[optional] = person[optional]
    return claims


# --- views ---------------------------------------------------------------------------------


@_enabled_only
@require_GET
def discovery(request: HttpRequest) -> JsonResponse:
    """OpenID Provider metadata (OpenID Connect Discovery 1.0 §3)."""
    return JsonResponse(
        {
            "issuer": issuer_for(request),
            "authorization_endpoint": _url(request, "accounts:devidp_authorize"),
            "token_endpoint": _url(request, "accounts:devidp_token"),
            "jwks_uri": _url(request, "accounts:devidp_jwks"),
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "scopes_supported": list(SCOPES),
            "claims_supported": [
                "sub",
                "name",
                "birthdate",
                "gender",
                "phone_number",
                "email",
                "citizen_id",
                "identity_level",
                "commune_code",
            ],
        }
    )


@_enabled_only
@require_GET
def jwks(request: HttpRequest) -> JsonResponse:
    """The public signing key (RFC 7517)."""
    key = signing_key()
    public = key.as_dict(private=False)
    public.update({"kid": _kid(key), "use": "sig", "alg": "RS256"})
    return JsonResponse({"keys": [public]})


def _bad_request(request: HttpRequest, message: str, status: int = 400) -> HttpResponse:
    return render(request, "accounts/devidp/error.html", {"message": message}, status=status)


def _check_authorize_params(request: HttpRequest, params: Mapping[str, str]) -> str | None:
    """The reason these authorization parameters are refused, or None when they are fine."""
    if params.get("client_id") != DEV_CLIENT_ID:
        return _("Unknown client.")
    redirect_uri = params.get("redirect_uri", "")
    if not redirect_uri or not url_has_allowed_host_and_scheme(
        redirect_uri, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return _("The return address is not allowed.")
    if not urlsplit(redirect_uri).netloc:
        return _("The return address is not allowed.")
    if params.get("response_type") != "code":
        return _("Only the authorization code flow is supported.")
    if "openid" not in params.get("scope", "").split():
        return _("The openid scope is required.")
    if not params.get("state") or not params.get("nonce"):
        return _("State and nonce are required.")
    if params.get("code_challenge_method") != "S256" or len(params.get("code_challenge", "")) < 43:
        return _("PKCE with S256 is required.")
    return None


def _redirect_back(redirect_uri: str, **query: str) -> HttpResponseRedirect:
    parts = urlsplit(redirect_uri)
    joined = "&".join(filter(None, [parts.query, urlencode(query)]))
    return HttpResponseRedirect(urlunsplit(parts._replace(query=joined)))


def _typed_person(data: Mapping[str, str]) -> tuple[dict[str, Any] | None, str]:
    """A person typed on the page, or None and the reason it was refused."""
    name = " ".join(nfc(str(data.get("name") or "")).split())
    if not name or len(name) > 150:
        return None, _("Enter the person's full name.")
    try:
        birthdate = parse_date(str(data.get("birthdate") or "").strip())
    except ValueError:
        birthdate = None
    if birthdate is None or birthdate > timezone.localdate():
        return None, _("Enter a date of birth as YYYY-MM-DD.")
    gender = str(data.get("gender") or "")
    if gender not in ("male", "female"):
        return None, _("Choose male or female.")
    try:
        info = validate_citizen_id(
            str(data.get("citizen_id") or ""), date_of_birth=birthdate, sex=gender
        )
    except ValidationError as exc:
        return None, " ".join(exc.messages)
    try:
        level = int(data.get("identity_level") or 2)
    except ValueError:
        level = 2
    return {
        "citizen_id": info.number,
        "name": name,
        "birthdate": birthdate.isoformat(),
        "gender": gender,
        "phone_number": str(data.get("phone_number") or "").strip(),
        "email": str(data.get("email") or "").strip(),
        "identity_level": level if level in (0, 1, 2) else 2,
        "commune_code": str(data.get("commune_code") or "").strip(),
    }, ""


@never_cache
@_enabled_only
@require_http_methods(["GET", "POST"])
def authorize(request: HttpRequest) -> HttpResponse:
    """Authorization endpoint: pick a demo citizen or type one, then return with a code."""
    source = request.GET if request.method == "GET" else request.POST
    params = {name: str(source.get(name, "")) for name in _AUTHORIZE_PARAMS}
    refused = _check_authorize_params(request, params)
    if refused:
        return _bad_request(request, refused)
    context: dict[str, Any] = {
        "params": params,
        "demo_citizens": DEMO_CITIZENS,
        "typed": {},
        "error": "",
    }
    if request.method == "GET":
        return render(request, "accounts/devidp/authorize.html", context)
    if "cancel" in request.POST:
        return _redirect_back(params["redirect_uri"], error="access_denied", state=params["state"])
    chosen = request.POST.get("demo", "")
    if chosen:
        person = next((p for p in DEMO_CITIZENS if p["citizen_id"] == chosen), None)
        error = "" if person else _("Choose one of the demo citizens.")
    else:
        person, error = _typed_person(request.POST)
    if person is None:
        context.update(typed=request.POST, error=error)
        return render(request, "accounts/devidp/authorize.html", context, status=400)
    code = signing.dumps(
        {
            "claims": person_claims(person),
            "client_id": params["client_id"],
            "redirect_uri": params["redirect_uri"],
            "nonce": params["nonce"],
            "code_challenge": params["code_challenge"],
            "jti": secrets.token_urlsafe(16),
        },
        salt=CODE_SALT,
        compress=True,
    )
    return _redirect_back(params["redirect_uri"], code=code, state=params["state"])


def _token_error(error: str, description: str, status: int = 400) -> JsonResponse:
    response = JsonResponse({"error": error, "error_description": description}, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _client_credentials(request: HttpRequest) -> tuple[str, str]:
    header = request.headers.get("Authorization", "")
    if header.startswith("Basic "):
        try:
            raw = base64.b64decode(header[6:]).decode()
        except (ValueError, UnicodeDecodeError):
            return "", ""
        client_id, _sep, secret = raw.partition(":")
        return unquote(client_id), unquote(secret)
    return str(request.POST.get("client_id", "")), str(request.POST.get("client_secret", ""))


def sign_id_token(claims: Mapping[str, Any], key: RSAKey | None = None) -> str:
    """An ID token with these claims, signed RS256 with `key` (the provider's by default)."""
    key = key or _id_token_key()
    return jwt.encode({"alg": "RS256", "kid": _kid(key), "typ": "JWT"}, dict(claims), key)


@csrf_exempt
@never_cache
@_enabled_only
@require_POST
def token(request: HttpRequest) -> JsonResponse:
    """Token endpoint: authorization code (+ PKCE verifier) for an ID token."""
    if request.POST.get("grant_type") != "authorization_code":
        return _token_error("unsupported_grant_type", "Only authorization_code is supported.")
    client_id, secret = _client_credentials(request)
    if client_id != DEV_CLIENT_ID or (
        _client_secret() and not secrets.compare_digest(secret, _client_secret())
    ):
        return _token_error("invalid_client", "Unknown client or wrong secret.", status=401)
    try:
        grant = signing.loads(
            str(request.POST.get("code", "")), salt=CODE_SALT, max_age=CODE_MAX_AGE_SECONDS
        )
    except signing.BadSignature:
        return _token_error("invalid_grant", "The code is invalid or expired.")
    if grant["client_id"] != client_id or grant["redirect_uri"] != request.POST.get("redirect_uri"):
        return _token_error("invalid_grant", "The code was issued to another client.")
    verifier = str(request.POST.get("code_verifier", ""))
    if not verifier or not secrets.compare_digest(
        create_s256_code_challenge(verifier), grant["code_challenge"]
    ):
        return _token_error("invalid_grant", "PKCE verification failed.")
    if not cache.add(f"congso:devidp:code:{grant['jti']}", 1, CODE_MAX_AGE_SECONDS * 2):
        return _token_error("invalid_grant", "The code was already used.")
    now = int(time.time())
    lifetime = int(getattr(settings, "CONGSO_DEV_IDP_TOKEN_LIFETIME", 300))
    claims = {
        **grant["claims"],
        "iss": issuer_for(request),
        "aud": client_id,
        "iat": now,
        "auth_time": now,
        "exp": now + lifetime,
        "nonce": grant["nonce"],
    }
    response = JsonResponse(
        {
            "access_token": secrets.token_urlsafe(32),
            "token_type": "Bearer",
            "expires_in": max(lifetime, 0),
            "scope": " ".join(SCOPES),
            "id_token": sign_id_token(claims),
        }
    )
    response["Cache-Control"] = "no-store"
    return response


urlpatterns = [
    path(
        "dev-idp/.well-known/openid-configuration",
        discovery,
        name="devidp_discovery",
    ),
    path("dev-idp/jwks/", jwks, name="devidp_jwks"),
    path("dev-idp/authorize/", authorize, name="devidp_authorize"),
    path("dev-idp/token/", token, name="devidp_token"),
]
