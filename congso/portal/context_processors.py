# SPDX-License-Identifier: MIT
from django.conf import settings
from django.http import HttpRequest, QueryDict
from django.urls import translate_url
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
    path = request.path + (f"?{params.urlencode()}" if params else "")
    return {"other_language": other, "other_language_url": translate_url(path, other)}
