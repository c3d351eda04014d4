# SPDX-License-Identifier: MIT
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, QueryDict
from django.urls import get_script_prefix, translate_url
from django.utils.translation import get_language
from django.utils.translation import gettext as _


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "site_name": settings.CONGSO_SITE_NAME or _("Public Service Portal"),
        "demo_mode": settings.DEMO_MODE,
        **language_switch(request),
    }


def language_switch(request: HttpRequest) -> dict[str, str]:
    """The address of the current page in the other language, query string included.

    Translated while the current language is active: Django can only resolve a path in the
    language it is written in, and the Vietnamese pages have no prefix.
    """
    current = (get_language() or settings.LANGUAGE_CODE)[:2]
    other = "en" if current == "vi" else "vi"
    params = QueryDict(request.META.get("QUERY_STRING", ""), mutable=True)
    for transient in ("suggest", "page"):
        params.pop(transient, None)
    query = f"?{params.urlencode()}" if params else ""
    translated = _translated_path(request.path, current, other, get_script_prefix())
    return {"other_language": other, "other_language_url": translated + query}


@lru_cache(maxsize=4096)
def _translated_path(path: str, current: str, other: str, script_prefix: str) -> str:
    """`path` in `other`, read while `current` is active: a resolve and a reverse that every
    page would otherwise repeat (the URL patterns do not change while a process runs)."""
    return translate_url(path, other)
