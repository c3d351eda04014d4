# SPDX-License-Identifier: MIT
"""GeoReport v2 documents in JSON and XML, from the same plain data.

XML follows the spec's examples: a root element (<services>, <service_requests>,
<service_definition>, <discovery>, <errors>) holding one element per item, lists inside
items wrapped in a plural element (<attributes><attribute>…), booleans as true/false,
a missing value as an empty element, UTF-8 with its declaration.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring

from django.http import HttpResponse
from django.utils import timezone

XML_CHILD = {
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}


def w3c(moment: datetime | None) -> str | None:
    """2025-07-01T08:15:30+07:00: W3C date-time with the offset, in the local time zone."""
    if moment is None:
        return None
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return w3c(value)
    return str(value)


def _fill(parent: Element, name: str, value: Any) -> None:
    if isinstance(value, dict):
        node = SubElement(parent, name)
        for key, item in value.items():
            _fill(node, key, item)
    elif isinstance(value, list):
        node = SubElement(parent, name)
        for item in value:
            _fill(node, XML_CHILD.get(name, "item"), item)
    else:
        node = SubElement(parent, name)
        node.text = _text(value)


def xml_document(root: str, item: str | None, data: Any) -> bytes:
    """`data` is a list of items (named `item`) or, with item None, one dict for the root."""
    top = Element(root)
    if item is None:
        for key, value in data.items():
            _fill(top, key, value)
    else:
        for entry in data:
            _fill(top, item, entry)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(
        top, encoding="utf-8", xml_declaration=False
    )


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return w3c(value)
    raise TypeError(type(value).__name__)


def respond(fmt: str, root: str, item: str | None, data: Any, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        body = xml_document(root, item, data)
    else:
        body = json.dumps(data, ensure_ascii=False, default=_json_default).encode("utf-8")
    response = HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])
    response["Access-Control-Allow-Origin"] = "*"
    return response


def errors(fmt: str, status: int, description: str) -> HttpResponse:
    """[{"code": 400, "description": "…"}] or <errors><error><code>…"""
    return respond(fmt, "errors", "error", [{"code": status, "description": description}], status)
