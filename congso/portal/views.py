# SPDX-License-Identifier: MIT
from django.http import HttpRequest, HttpResponse


def home(request: HttpRequest) -> HttpResponse:
    return HttpResponse("congso")


def procedure_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("list")


def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    return HttpResponse(code)
