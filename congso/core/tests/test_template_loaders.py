# SPDX-License-Identifier: MIT
"""Templates compiled per language with their fixed texts and addresses written in must
render exactly what Django's own cached loader renders, in each language."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Engine, engines
from django.template.base import TextNode
from django.templatetags.i18n import TranslateNode
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import translation

from congso.core.template_loaders import Loader, fold_fixed_tags

LIBRARIES = {"i18n": "django.templatetags.i18n", "static": "django.templatetags.static"}
SOURCES = {
    "page.html": (
        "{% load i18n static %}<a href=\"{% url 'portal:home' %}\">{% translate 'Sign in' %}</a>"
        "<link href=\"{% static 'portal/portal.css' %}\">"
        "{% if flag %}<b>{% translate 'Sign in' %}</b>{% endif %}"
        "{% for x in items %}{% translate 'Sign in' %}{{ x }}{% endfor %}"
        "<i>{% translate word %}</i>"
        "{% language 'en' %}<u>{% translate 'Sign in' %}</u>{% endlanguage %}"
        "{% autoescape off %}<s>{% translate 'a & b' %}</s>{% endautoescape %}"
        "<q>{% translate 'a & b' %}</q>"
    ),
    "child.html": "{% extends 'page.html' %}",
}


def _engine(loader: str) -> Engine:
    locmem = ("django.template.loaders.locmem.Loader", SOURCES)
    return Engine(loaders=[(loader, [locmem])], libraries=LIBRARIES)


FOLDING = "congso.core.template_loaders.Loader"
PLAIN = "django.template.loaders.cached.Loader"
CONTEXT = {"flag": True, "items": [1, 2], "word": "Sign out"}


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("name", ["page.html", "child.html"])
def test_folded_templates_render_what_django_renders(language: str, name: str) -> None:
    with translation.override(language):
        folded = _engine(FOLDING).get_template(name).render(Context(CONTEXT))
        plain = _engine(PLAIN).get_template(name).render(Context(CONTEXT))
        home = reverse("portal:home")  # "/" in Vietnamese, "/en/" in English
    assert folded == plain
    # Four in the active language; `{% language 'en' %}` keeps its fifth in English.
    expected = {"vi": ("Đăng nhập", 4), "en": ("Sign in", 5)}[language]
    assert folded.count(expected[0]) == expected[1]
    assert "<u>Sign in</u>" in folded
    # A literal's translation is safe text for Django: not escaped, folded or not.
    assert "<s>a & b</s>" in folded and "<q>a & b</q>" in folded
    assert f'<a href="{home}">' in folded


def test_each_language_has_its_own_compiled_template() -> None:
    engine = _engine(FOLDING)
    with translation.override("vi"):
        vi = engine.get_template("page.html").render(Context(CONTEXT))
    with translation.override("en"):
        en = engine.get_template("page.html").render(Context(CONTEXT))
    with translation.override("vi"):
        again = engine.get_template("page.html").render(Context(CONTEXT))
    assert "Đăng nhập" in vi and "Đăng nhập" not in en and again == vi


def test_only_literal_tags_are_folded() -> None:
    template = _engine(PLAIN).from_string(
        "{% load i18n %}{% translate 'Sign in' %}{% translate word %}"
        "{% translate 'Sign in' as label %}{% translate 'a & b' %}{% translate 'May' context 'month' %}"
    )
    with translation.override("vi"):
        fold_fixed_tags(template.nodelist)
    kinds = [type(node) for node in template.nodelist]
    assert kinds[1:] == [TextNode, TranslateNode, TranslateNode, TextNode, TranslateNode]
    assert template.nodelist[1].s == "Đăng nhập"


def test_a_variable_text_still_follows_its_context() -> None:
    template = _engine(FOLDING).get_template("page.html")
    with translation.override("vi"):
        first = template.render(Context({**CONTEXT, "word": "Sign out"}))
        second = template.render(Context({**CONTEXT, "word": "Sign in"}))
    assert "<i>Đăng xuất</i>" in first and "<i>Đăng nhập</i>" in second


def test_a_changed_setting_gives_fresh_templates() -> None:
    loader = next(
        loader for loader in engines["django"].engine.template_loaders if isinstance(loader, Loader)
    )
    with translation.override("vi"):
        engines["django"].get_template("base.html")
        assert loader.get_template_cache
        with override_settings(STATIC_URL="/elsewhere/"):
            assert not loader.get_template_cache


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_public_shell_renders_as_with_djangos_loader(language: str) -> None:
    """base.html through the project's engine and through a plain cached loader."""
    from django.conf import settings
    from django.template.backends.django import DjangoTemplates

    options = dict(settings.TEMPLATES[0]["OPTIONS"])
    options["loaders"] = [(PLAIN, list(options["loaders"][0][1]))]
    plain = DjangoTemplates(
        {"NAME": "plain", "DIRS": settings.TEMPLATES[0]["DIRS"], "APP_DIRS": False,
         "OPTIONS": options}
    )  # fmt: skip
    request = RequestFactory().get("/phan-anh/?bbox=1,2,3,4")
    request.user = AnonymousUser()
    request.session = {}
    with translation.override(language):
        ours = engines["django"].get_template("base.html").render({}, request)
        theirs = plain.get_template("base.html").render({}, request)
    assert ours == theirs
    assert ("Đăng nhập" if language == "vi" else "Sign in") in ours
