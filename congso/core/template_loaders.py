# SPDX-License-Identifier: MIT
"""Templates kept compiled per language, their fixed texts and addresses written in.

A `{% translate "Sign in" %}` looks its text up on every render (a lazy string, the active
language read from a context-local, the text escaped), a `{% url 'portal:home' %}` walks
the URL resolver and a `{% static 'portal/portal.css' %}` the static files manifest: 20 to
60 µs each, and every page's shell has a score of them. This loader is Django's cached
loader with the active language, script prefix and URLconf added to the cache key; when it
compiles a template it renders once each of those tags whose argument is a literal (no
variable, no filter, no `as`) and puts the result in its place.

Left alone: a tag inside `{% language %}`; a translate tag with a context; one whose text
would come out differently with autoescape on and off. A folded `{% url %}` is reversed
without the request's current application, which is the same address as long as each
application namespace is included once (congso's are).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import Context, Node, NodeList, engines
from django.template.base import FilterExpression, TextNode, Variable
from django.template.defaulttags import URLNode
from django.template.loaders import cached
from django.templatetags.i18n import LanguageNode, TranslateNode
from django.templatetags.static import StaticNode
from django.urls import get_script_prefix, get_urlconf
from django.utils import translation

# Settings a folded text or address depends on; a test that changes one gets fresh templates.
FOLDED_FROM = frozenset(
    {"LANGUAGE_CODE", "LANGUAGES", "LOCALE_PATHS", "USE_I18N", "ROOT_URLCONF", "STATIC_URL"}
    | {"STORAGES", "FORCE_SCRIPT_NAME"}
)


class Loader(cached.Loader):
    def cache_key(self, template_name: str, skip: Any = None) -> str:
        urlconf = get_urlconf() or settings.ROOT_URLCONF
        where = f"{translation.get_language()}|{get_script_prefix()}|{urlconf}"
        return f"{super().cache_key(template_name, skip)}@{where}"

    def get_template(self, template_name: str, skip: Any = None) -> Any:
        fresh = self.cache_key(template_name, skip) not in self.get_template_cache
        template = super().get_template(template_name, skip)
        if fresh:  # folding twice (two threads compiling at once) gives the same nodes
            fold_fixed_tags(template.nodelist)
        return template


def _literal(expression: FilterExpression) -> bool:
    var = expression.var
    literal = isinstance(var, str) or (isinstance(var, Variable) and var.lookups is None)
    return literal and not expression.filters


def _is_fixed(node: Node) -> bool:
    if isinstance(node, TranslateNode):
        return not node.asvar and node.message_context is None and _literal(node.filter_expression)
    if isinstance(node, URLNode):
        return not (node.asvar or node.args or node.kwargs) and _literal(node.view_name)
    if isinstance(node, StaticNode):
        return node.varname is None and _literal(node.path)
    return False


def _fixed_text(node: Node) -> str | None:
    """What `node` renders whatever the context, or None when that may depend on it."""
    if not _is_fixed(node):
        return None
    try:
        escaped = node.render(Context(autoescape=True))
        plain = node.render(Context(autoescape=False))
    except Exception:  # left as it is: the tag fails at render, as it would unfolded
        return None
    return escaped if escaped == plain else None


def _child_nodelists(node: Node) -> list[NodeList]:
    found = [getattr(node, name, None) for name in node.child_nodelists]
    # {% if %} keeps each branch's nodes in conditions_nodelists, not under child_nodelists.
    found += [nodelist for _condition, nodelist in getattr(node, "conditions_nodelists", ())]
    return [nodelist for nodelist in found if isinstance(nodelist, NodeList)]


def fold_fixed_tags(nodelist: NodeList) -> None:
    """Replace, in place, each fixed translate, url and static tag of `nodelist` by its
    output, in the language, script prefix and URLconf active now."""
    for index, node in enumerate(nodelist):
        text = _fixed_text(node)
        if text is not None:
            folded = TextNode(text)
            folded.origin, folded.token = node.origin, node.token
            nodelist[index] = folded
        elif not isinstance(node, LanguageNode):
            for child in _child_nodelists(node):
                fold_fixed_tags(child)


@receiver(setting_changed)
def _forget_folded(*, setting: str, **kwargs: Any) -> None:
    if setting in FOLDED_FROM:
        for engine in engines.all():
            for loader in getattr(getattr(engine, "engine", None), "template_loaders", ()):
                if isinstance(loader, Loader):
                    loader.reset()
