# SPDX-License-Identifier: MIT
"""Citizen sign-in through OpenID Connect against the built-in development provider.

The client's back-channel calls (discovery, token, JWKS) reach the development provider
in-process through httpx's WSGI transport, exactly as in the demo, so every test runs the
real flow: redirect, authorize page, code, PKCE, signed ID token, verification, login.
"""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from joserfc.jwk import RSAKey

from congso.accounts import devidp, oidc
from congso.accounts.models import Citizen, IdentityLevel, User

pytestmark = pytest.mark.django_db

DUC = devidp.DEMO_CITIZENS[0]


@pytest.fixture(autouse=True)
def _no_configured_provider(settings):
    settings.CONGSO_OIDC_ISSUER = ""
    settings.ALLOWED_HOSTS = ["testserver"]


def _start(client, next_url: str | None = None):
    query = {"next": next_url} if next_url else {}
    response = client.get("/dang-nhap/", query)
    assert response.status_code == 302, response.content
    location = urlsplit(response["Location"])
    assert location.path == "/dev-idp/authorize/"
    return location, parse_qs(location.query)


def _authorize(client, location, post: dict[str, str]):
    params = {key: values[0] for key, values in parse_qs(location.query).items()}
    page = client.get(location.path, params)
    assert page.status_code == 200
    response = client.post(location.path, {**params, **post})
    assert response.status_code == 302, response.content
    return urlsplit(response["Location"])


def _sign_in(client, *, next_url: str | None = None, post: dict[str, str] | None = None):
    location, _params = _start(client, next_url)
    back = _authorize(client, location, post or {"demo": DUC["citizen_id"]})
    assert back.path == "/dang-nhap/callback/"
    return client.get(back.path, parse_qs(back.query))


def test_full_round_trip_creates_a_verified_citizen(client):
    response = _sign_in(client, next_url="/thu-tuc/")
    assert response.status_code == 302
    assert response["Location"] == "/thu-tuc/"
    citizen = Citizen.objects.get(citizen_id=DUC["citizen_id"])
    assert citizen.full_name == "Nguyễn Văn Đức"
    assert citizen.vneid_verified is True
    assert citizen.identity_level == IdentityLevel.LEVEL_2
    assert citizen.identity_provider == devidp.DEV_PROVIDER_NAME
    assert citizen.identity_subject == devidp.subject_for(DUC["citizen_id"])
    assert citizen.phone == "+84912345678"
    assert str(citizen.date_of_birth) == "1985-06-15"
    assert int(client.session["_auth_user_id"]) == citizen.user_id
    assert not citizen.user.has_usable_password()


def test_second_sign_in_finds_the_same_citizen(client):
    _sign_in(client)
    first = Citizen.objects.get(citizen_id=DUC["citizen_id"])
    client.post("/dang-xuat/")
    assert "_auth_user_id" not in client.session
    response = _sign_in(client)
    assert response.status_code == 302
    assert Citizen.objects.filter(citizen_id=DUC["citizen_id"]).count() == 1
    assert User.objects.filter(citizen__isnull=False).count() == 1
    assert int(client.session["_auth_user_id"]) == first.user_id


def test_a_typed_person_signs_in(client):
    response = _sign_in(
        client,
        post={
            "name": "Võ Thị Ngọc Ánh",
            "citizen_id": "079 195 001122",
            "birthdate": "1995-04-12",
            "gender": "female",
            "identity_level": "2",
        },
    )
    assert response.status_code == 302
    citizen = Citizen.objects.get(citizen_id="079195001122")
    assert citizen.full_name == "Võ Thị Ngọc Ánh"
    assert citizen.vneid_verified


def test_tampered_state_is_refused(client):
    location, _params = _start(client)
    back = _authorize(client, location, {"demo": DUC["citizen_id"]})
    query = parse_qs(back.query)
    query["state"] = ["forged-" + query["state"][0]]
    response = client.get(back.path, query)
    assert response.status_code == 400
    assert b'role="alert"' in response.content
    assert not Citizen.objects.exists()
    assert "_auth_user_id" not in client.session


def test_state_is_single_use(client):
    location, _params = _start(client)
    back = _authorize(client, location, {"demo": DUC["citizen_id"]})
    assert client.get(back.path, parse_qs(back.query)).status_code == 302
    client.post("/dang-xuat/")
    assert client.get(back.path, parse_qs(back.query)).status_code == 400


def test_provider_error_is_a_clear_400(client):
    location, _params = _start(client)
    back = _authorize(client, location, {"cancel": "1"})
    assert parse_qs(back.query)["error"] == ["access_denied"]
    response = client.get(back.path, parse_qs(back.query))
    assert response.status_code == 400
    assert not Citizen.objects.exists()


def test_token_signed_with_another_key_is_refused(client, monkeypatch):
    other = RSAKey.generate_key(2048, {"use": "sig", "alg": "RS256"})
    monkeypatch.setattr(devidp, "_id_token_key", lambda: other)
    response = _sign_in(client)
    assert response.status_code == 403
    assert not Citizen.objects.exists()
    assert "_auth_user_id" not in client.session


def test_wrong_nonce_is_refused(client):
    location, _params = _start(client)
    back = _authorize(client, location, {"demo": DUC["citizen_id"]})
    session = client.session
    state = parse_qs(back.query)["state"][0]
    pending = session[oidc.SESSION_KEY]
    pending[state]["nonce"] = "another-nonce"
    session[oidc.SESSION_KEY] = pending
    session.save()
    response = client.get(back.path, parse_qs(back.query))
    assert response.status_code == 403
    assert not Citizen.objects.exists()


def test_expired_token_is_refused(client, settings):
    settings.CONGSO_DEV_IDP_TOKEN_LIFETIME = -(oidc.LEEWAY_SECONDS + 60)
    response = _sign_in(client)
    assert response.status_code == 403
    assert not Citizen.objects.exists()


def test_wrong_pkce_verifier_is_refused_by_the_provider(client):
    location, _params = _start(client)
    back = _authorize(client, location, {"demo": DUC["citizen_id"]})
    session = client.session
    state = parse_qs(back.query)["state"][0]
    pending = session[oidc.SESSION_KEY]
    pending[state]["verifier"] = "x" * 64
    session[oidc.SESSION_KEY] = pending
    session.save()
    response = client.get(back.path, parse_qs(back.query))
    assert response.status_code == 400
    assert not Citizen.objects.exists()


def test_next_to_another_host_is_ignored(client):
    location, _params = _start(client, next_url="https://evil.example.com/steal")
    back = _authorize(client, location, {"demo": DUC["citizen_id"]})
    response = client.get(back.path, parse_qs(back.query))
    assert response.status_code == 302
    assert "evil.example.com" not in response["Location"]
    assert urlsplit(response["Location"]).netloc == ""


def test_refused_identity_is_a_403(client, agency):
    """An officer's account is never opened by a citizen sign-in."""
    _sign_in(client)
    citizen = Citizen.objects.get(citizen_id=DUC["citizen_id"])
    citizen.user.is_staff = True
    citizen.user.save()
    client.post("/dang-xuat/")
    response = _sign_in(client)
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "path",
    [
        "/dev-idp/.well-known/openid-configuration",
        "/dev-idp/jwks/",
        "/dev-idp/authorize/",
    ],
)
def test_dev_idp_is_404_when_not_enabled(client, settings, path):
    settings.DEMO_MODE = False
    settings.DEBUG = False
    settings.CONGSO_DEV_IDP = False
    assert client.get(path).status_code == 404
    assert client.post("/dev-idp/token/", {"grant_type": "authorization_code"}).status_code == 404
    # No provider at all: the sign-in page says so instead of failing.
    assert client.get("/dang-nhap/").status_code == 503


def test_dev_idp_can_be_enabled_alone(client, settings):
    settings.DEMO_MODE = False
    settings.DEBUG = False
    settings.CONGSO_DEV_IDP = True
    response = client.get("/dev-idp/.well-known/openid-configuration")
    assert response.status_code == 200
    assert response.json()["issuer"] == "http://testserver/dev-idp"


def test_discovery_and_jwks_describe_the_provider(client):
    metadata = client.get("/dev-idp/.well-known/openid-configuration").json()
    assert metadata["code_challenge_methods_supported"] == ["S256"]
    keys = client.get(metadata["jwks_uri"]).json()["keys"]
    assert keys[0]["kty"] == "RSA" and "d" not in keys[0]


def test_authorize_refuses_a_foreign_redirect_uri(client):
    location, params = _start(client)
    query = {key: values[0] for key, values in params.items()}
    query["redirect_uri"] = "https://evil.example.com/cb"
    assert client.get(location.path, query).status_code == 400


def test_demo_citizen_ids_are_valid():
    from django.utils.dateparse import parse_date

    from congso.accounts.validators import validate_citizen_id

    for person in devidp.DEMO_CITIZENS:
        validate_citizen_id(
            person["citizen_id"],
            date_of_birth=parse_date(person["birthdate"]),
            sex=person["gender"],
        )


# --- verify_id_token on its own -------------------------------------------------------------


def _claims(**overrides):
    now = int(time.time())
    claims = {
        "iss": "https://idp.example",
        "aud": "client",
        "sub": "s-1",
        "iat": now,
        "exp": now + 300,
        "nonce": "n-1",
        "name": "Nguyễn Văn Đức",
    }
    claims.update(overrides)
    return claims


def _jwks(key: RSAKey) -> dict:
    public = key.as_dict(private=False)
    public["kid"] = key.thumbprint()
    return {"keys": [public]}


def _verify(token: str, key: RSAKey, **expected):
    return oidc.verify_id_token(
        token,
        jwks=_jwks(key),
        issuer=expected.get("issuer", "https://idp.example"),
        client_id=expected.get("client_id", "client"),
        nonce=expected.get("nonce", "n-1"),
    )


def test_verify_accepts_a_good_token():
    key = devidp.signing_key()
    claims = _verify(devidp.sign_id_token(_claims(), key), key)
    assert claims["sub"] == "s-1"


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"iss": "https://other.example"}, {}),
        ({"aud": "another-client"}, {}),
        ({"nonce": "n-2"}, {}),
        ({"exp": int(time.time()) - 3600}, {}),
        ({}, {"nonce": "n-other"}),
    ],
)
def test_verify_refuses_wrong_claims(overrides, expected):
    key = devidp.signing_key()
    with pytest.raises(oidc.OidcError) as info:
        _verify(devidp.sign_id_token(_claims(**overrides), key), key, **expected)
    assert info.value.status == 403


def test_verify_refuses_a_missing_nonce():
    key = devidp.signing_key()
    claims = _claims()
    del claims["nonce"]
    with pytest.raises(oidc.OidcError):
        _verify(devidp.sign_id_token(claims, key), key)


def test_verify_refuses_another_key_and_alg_none():
    key = devidp.signing_key()
    other = RSAKey.generate_key(2048, {"use": "sig", "alg": "RS256"})
    with pytest.raises(oidc.OidcError):
        _verify(devidp.sign_id_token(_claims(), other), key)
    good = devidp.sign_id_token(_claims(), key)
    _header, payload, _sig = good.split(".")
    import base64
    import json

    none_header = base64.urlsafe_b64encode(json.dumps({"alg": "none"}).encode()).rstrip(b"=")
    with pytest.raises(oidc.OidcError):
        _verify(f"{none_header.decode()}.{payload}.", key)
    with pytest.raises(oidc.OidcError):
        _verify("not-a-token", key)
