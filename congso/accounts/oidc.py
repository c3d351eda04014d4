# SPDX-License-Identifier: MIT
"""Citizen sign-in through OpenID Connect: authorization code flow with PKCE, state and nonce.

The provider comes from settings (CONGSO_OIDC_ISSUER, CONGSO_OIDC_CLIENT_ID,
CONGSO_OIDC_CLIENT_SECRET) and its discovery document. With no issuer configured and the
development provider enabled (devidp.py), congso signs in against itself, so the demo needs
no configuration; its back-channel calls then stay inside the process.

The ID token's signature is checked against the provider's JWKS and its iss, aud, exp and
nonce claims against what this login expects; only then does
services.citizen_register_or_update_from_identity run, and the person is signed in.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx
from authlib.common.security import generate_token
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from django.conf import settings
from django.contrib.auth import login, logout
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import NoReverseMatch, get_script_prefix, reverse, set_script_prefix
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jwt import JWTClaimsRegistry

from congso.core.exceptions import DomainError, InvalidInputError

from . import devidp, services

log = logging.getLogger(__name__)

SESSION_KEY = "congso_oidc_pending"
#: How long a started sign-in may wait for the provider's answer.
PENDING_MAX_AGE_SECONDS = 600
#: At most this many sign-ins pending in one session (several tabs); the oldest go first.
PENDING_MAX = 5
#: Clock skew accepted on exp, iat and nbf.
LEEWAY_SECONDS = 60
METADATA_CACHE_SECONDS = 3600
HTTP_TIMEOUT_SECONDS = 10.0
SCOPES = "openid profile email phone"


class OidcError(Exception):
    """A sign-in that cannot go on; `message` is user-facing and already translated."""

    def __init__(self, message: str, *, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Provider:
    """Where and as whom congso signs citizens in."""

    issuer: str
    client_id: str
    client_secret: str
    name: str  # stored in Citizen.identity_provider
    in_process: bool  # the built-in development provider, reached without the network


def provider_for(request: HttpRequest) -> Provider:
    """The configured provider, or the development provider when none is configured."""
    issuer = str(getattr(settings, "CONGSO_OIDC_ISSUER", "") or "").rstrip("/")
    if issuer:
        client_id = str(getattr(settings, "CONGSO_OIDC_CLIENT_ID", "") or "")
        if not client_id:
            raise OidcError(_("Citizen sign-in is not configured."), status=503)
        name = str(getattr(settings, "CONGSO_OIDC_PROVIDER_NAME", "") or "")
        return Provider(
            issuer=issuer,
            client_id=client_id,
            client_secret=str(getattr(settings, "CONGSO_OIDC_CLIENT_SECRET", "") or ""),
            name=(name or urlsplit(issuer).netloc or issuer)[:64],
            in_process=False,
        )
    if devidp.dev_idp_enabled():
        return Provider(
            issuer=devidp.issuer_for(request),
            client_id=devidp.DEV_CLIENT_ID,
            client_secret=str(getattr(settings, "CONGSO_DEV_IDP_CLIENT_SECRET", "") or ""),
            name=devidp.DEV_PROVIDER_NAME,
            in_process=True,
        )
    raise OidcError(_("Citizen sign-in is not configured."), status=503)


# --- back channel ----------------------------------------------------------------------------

_wsgi_handler: WSGIHandler | None = None


def _in_process_app(environ: dict[str, Any], start_response: Any) -> Any:
    global _wsgi_handler
    if _wsgi_handler is None:
        _wsgi_handler = WSGIHandler()
    return _wsgi_handler(environ, start_response)


@contextmanager
def _in_process_request() -> Iterator[None]:
    """Run a request to ourselves without disturbing the request being served.

    As Django's test client does: the database connection must not be closed under the
    outer request (it may be inside a transaction), and its script prefix and language stay.
    """
    prefix, language = get_script_prefix(), translation.get_language()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        set_script_prefix(prefix)
        translation.activate(language) if language else translation.deactivate()


@contextmanager
def http_client(provider: Provider) -> Iterator[httpx.Client]:
    """An HTTP client toward the provider; the development provider is called in-process."""
    if provider.in_process:
        with (
            _in_process_request(),
            httpx.Client(
                transport=httpx.WSGITransport(app=_in_process_app),
                timeout=HTTP_TIMEOUT_SECONDS,
            ) as client,
        ):
            yield client
        return
    with httpx.Client(timeout=HTTP_TIMEOUT_SECONDS, follow_redirects=False) as client:
        yield client


def _get_json(client: httpx.Client, url: str) -> dict[str, Any]:
    try:
        response = client.get(url, headers={"Accept": "application/json"})
        response.raise_for_status()
        data = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        log.warning("oidc: %s failed: %s", url, type(exc).__name__)
        raise OidcError(_("The identity provider cannot be reached."), status=502) from exc
    if not isinstance(data, dict):
        raise OidcError(_("The identity provider sent an invalid answer."), status=502)
    return data


def provider_metadata(provider: Provider, client: httpx.Client) -> dict[str, Any]:
    """The discovery document, checked against the issuer (OIDC Discovery §4.3)."""
    cache_key = f"congso:oidc:metadata:{provider.issuer}"
    metadata = None if provider.in_process else cache.get(cache_key)
    if metadata is None:
        metadata = _get_json(client, f"{provider.issuer}/.well-known/openid-configuration")
        if metadata.get("issuer") != provider.issuer:
            raise OidcError(_("The identity provider sent an invalid answer."), status=502)
        needed = ("authorization_endpoint", "token_endpoint", "jwks_uri")
        if not all(isinstance(metadata.get(key), str) for key in needed):
            raise OidcError(_("The identity provider sent an invalid answer."), status=502)
        if not provider.in_process:
            cache.set(cache_key, metadata, METADATA_CACHE_SECONDS)
    return metadata


def verify_id_token(
    id_token: str,
    *,
    jwks: Mapping[str, Any],
    issuer: str,
    client_id: str,
    nonce: str,
    now: int | None = None,
) -> dict[str, Any]:
    """Check an ID token's RS256 signature against `jwks`, then iss, aud, exp and nonce.

    Raises OidcError (403) on any failure. OpenID Connect Core 1.0 §3.1.3.7.
    """
    try:
        key_set = KeySet.import_key_set(dict(jwks))
        token = jwt.decode(id_token, key_set, algorithms=["RS256"])
        registry = JWTClaimsRegistry(
            now=now,
            leeway=LEEWAY_SECONDS,
            iss={"essential": True, "value": issuer},
            aud={"essential": True, "value": client_id},
            exp={"essential": True},
            sub={"essential": True},
            nonce={"essential": True, "value": nonce},
        )
        registry.validate(token.claims)
    except (JoseError, ValueError, TypeError, KeyError) as exc:
        log.warning("oidc: ID token refused: %s", type(exc).__name__)
        message = _("The identity provider's answer could not be verified.")
        raise OidcError(message, status=403) from exc
    claims = dict(token.claims)
    audience = claims["aud"]
    if isinstance(audience, list) and len(audience) > 1 and claims.get("azp") != client_id:
        raise OidcError(_("The identity provider's answer could not be verified."), status=403)
    return claims


def _redirect_uri(request: HttpRequest) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return request.build_absolute_uri(reverse("accounts:citizen_login_callback"))


def _default_next() -> str:
    target = getattr(settings, "CONGSO_CITIZEN_HOME_URL", "portal:home")
    try:
        return resolve_url(target)
    except NoReverseMatch:
        return "/"


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return _default_next()


def _error_page(request: HttpRequest, error: OidcError) -> HttpResponse:
    return render(
        request,
        "accounts/citizen_login_error.html",
        {"message": error.message},
        status=error.status,
    )


# --- views ---------------------------------------------------------------------------------


@never_cache
@require_GET
def citizen_login(request: HttpRequest) -> HttpResponse:
    """Start a sign-in: remember state, nonce and PKCE verifier, send the person away."""
    next_url = _safe_next(request, request.GET.get("next"))
    try:
        provider = provider_for(request)
        with http_client(provider) as client:
            metadata = provider_metadata(provider, client)
    except OidcError as exc:
        return _error_page(request, exc)
    state, nonce, verifier = generate_token(32), generate_token(32), generate_token(64)
    pending = dict(request.session.get(SESSION_KEY) or {})
    pending[state] = {
        "nonce": nonce,
        "verifier": verifier,
        "next": next_url,
        "issuer": provider.issuer,
        "created": int(time.time()),
    }
    oldest_first = sorted(pending.items(), key=lambda item: item[1].get("created", 0))
    request.session[SESSION_KEY] = dict(oldest_first[-PENDING_MAX:])
    query = urlencode(
        {
            "response_type": "code",
            "client_id": provider.client_id,
            "redirect_uri": _redirect_uri(request),
            "scope": SCOPES,
            "state": state,
            "nonce": nonce,
            "code_challenge": create_s256_code_challenge(verifier),
            "code_challenge_method": "S256",
        }
    )
    endpoint = metadata["authorization_endpoint"]
    separator = "&" if urlsplit(endpoint).query else "?"
    return HttpResponseRedirect(f"{endpoint}{separator}{query}")


def _take_pending(request: HttpRequest, state: str) -> dict[str, Any]:
    pending = dict(request.session.get(SESSION_KEY) or {})
    entry = pending.pop(state, None) if state else None
    request.session[SESSION_KEY] = pending
    if not isinstance(entry, dict):
        raise OidcError(_("This sign-in link is not valid any more. Please sign in again."))
    if int(time.time()) - int(entry.get("created", 0)) > PENDING_MAX_AGE_SECONDS:
        raise OidcError(_("This sign-in took too long. Please sign in again."))
    return entry


def _exchange_code(
    provider: Provider, client: httpx.Client, metadata: Mapping[str, Any], data: dict[str, str]
) -> dict[str, Any]:
    methods = metadata.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    auth = None
    if provider.client_secret and "client_secret_basic" in methods:
        auth = httpx.BasicAuth(provider.client_id, provider.client_secret)
    else:
        data["client_id"] = provider.client_id
        if provider.client_secret:
            data["client_secret"] = provider.client_secret
    try:
        response = client.post(
            metadata["token_endpoint"], data=data, auth=auth, headers={"Accept": "application/json"}
        )
        answer = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        log.warning("oidc: token endpoint failed: %s", type(exc).__name__)
        raise OidcError(_("The identity provider cannot be reached."), status=502) from exc
    if response.status_code != 200 or not isinstance(answer, dict):
        log.warning(
            "oidc: token endpoint refused the code: %s",
            answer.get("error") if isinstance(answer, dict) else response.status_code,
        )
        raise OidcError(_("The identity provider refused the sign-in. Please sign in again."))
    if not isinstance(answer.get("id_token"), str):
        raise OidcError(_("The identity provider sent an invalid answer."), status=502)
    return answer


def _finish(request: HttpRequest) -> str:
    """Check the provider's answer and sign the person in; return where to go next."""
    entry = _take_pending(request, str(request.GET.get("state", "")))
    if request.GET.get("error"):
        log.info("oidc: provider answered %s", str(request.GET["error"])[:64])
        raise OidcError(_("The sign-in was cancelled or refused by the identity provider."))
    code = str(request.GET.get("code", ""))
    if not code:
        raise OidcError(_("The identity provider's answer is incomplete."))
    provider = provider_for(request)
    if provider.issuer != entry["issuer"]:
        raise OidcError(_("This sign-in link is not valid any more. Please sign in again."))
    with http_client(provider) as client:
        metadata = provider_metadata(provider, client)
        answer = _exchange_code(
            provider,
            client,
            metadata,
            {
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": _redirect_uri(request),
                "code_verifier": entry["verifier"],
            },
        )
        jwks = _get_json(client, metadata["jwks_uri"])
    claims = verify_id_token(
        answer["id_token"],
        jwks=jwks,
        issuer=provider.issuer,
        client_id=provider.client_id,
        nonce=entry["nonce"],
    )
    try:
        citizen = services.citizen_register_or_update_from_identity(
            provider=provider.name, subject=str(claims["sub"]), claims=claims
        )
    except InvalidInputError as exc:
        raise OidcError(exc.detail, status=400) from exc
    except DomainError as exc:
        raise OidcError(exc.detail, status=403) from exc
    if citizen.user is None or not citizen.user.is_active:
        raise OidcError(_("This account is disabled."), status=403)
    login(request, citizen.user, backend="django.contrib.auth.backends.ModelBackend")
    return str(entry.get("next") or _default_next())


@never_cache
@require_GET
def citizen_login_callback(request: HttpRequest) -> HttpResponse:
    """The provider sends the person back here with a code (or an error)."""
    try:
        next_url = _finish(request)
    except OidcError as exc:
        return _error_page(request, exc)
    return HttpResponseRedirect(_safe_next(request, next_url))


@never_cache
@require_http_methods(["GET", "POST"])
def citizen_logout(request: HttpRequest) -> HttpResponse:
    """Sign out: a POST ends the session; a GET shows the button (no sign-out by link)."""
    if request.method == "POST":
        logout(request)
        return HttpResponseRedirect(_safe_next(request, request.POST.get("next")))
    return render(request, "accounts/citizen_logout.html", {"next": request.GET.get("next", "")})
