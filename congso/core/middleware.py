# SPDX-License-Identifier: MIT
"""The API speaks the caller's language (Accept-Language), Vietnamese by default.

Django's LocaleMiddleware forces the default language on every path without a language
prefix when `i18n_patterns(prefix_default_language=False)` is used; that is right for the
Vietnamese portal pages but not for `/api/`, whose clients say what they want in a header.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation

API_PREFIX = "/api/"


class ApiLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(API_PREFIX):
            language = translation.get_language_from_request(request, check_path=False)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
