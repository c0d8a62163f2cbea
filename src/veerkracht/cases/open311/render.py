# SPDX-License-Identifier: EUPL-1.2
"""Open311 answers as JSON or XML, in the spec's shapes: the same data, two renderings.

XML follows the spec's examples: a declaration with UTF-8, a root element per resource (``services``,
``service_requests``, ``service_definition``, ``discovery``, ``errors``), list items in their own element
(``service``, ``request``, ``endpoint``, ``format``, ``attribute``, ``error``), an empty element for an
empty value, ``true``/``false`` for flags. JSON is the same structure (the Spark convention).
"""

from __future__ import annotations

import json
import re
from typing import Any
from xml.etree import ElementTree

from django.http import HttpResponse

FORMATS = ("json", "xml")
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
# The element of one item of a list, by the list's name.
ITEM = {
    "services": "service",
    "service_requests": "request",
    "endpoints": "endpoint",
    "formats": "format",
    "attributes": "attribute",
    "values": "value",
    "errors": "error",
}
# Characters XML 1.0 cannot hold, not even escaped; a description typed on a phone may contain them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def _fill(element: ElementTree.Element, value: Any, name: str) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _fill(ElementTree.SubElement(element, key), inner, key)
    elif isinstance(value, list | tuple):
        for inner in value:
            _fill(ElementTree.SubElement(element, ITEM.get(name, "item")), inner, ITEM.get(name, "item"))
    else:
        element.text = _text(value)


def to_xml(root: str, data: Any) -> bytes:
    """One resource as XML with its declaration.

    >>> print(to_xml("services", [{"service_code": "a", "metadata": False}]).decode())
    <?xml version="1.0" encoding="utf-8"?>
    <services><service><service_code>a</service_code><metadata>false</metadata></service></services>
    """
    element = ElementTree.Element(root)
    _fill(element, data, root)
    body = ElementTree.tostring(element, encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n{body}'.encode()


def render(root: str, data: Any, file_format: str, *, status: int = 200) -> HttpResponse:
    """An answer in the format the URL asked for (``.json`` or ``.xml``)."""
    body = to_xml(root, data) if file_format == "xml" else json.dumps(data, ensure_ascii=False).encode()
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[file_format])


def errors(file_format: str, status: int, messages: list[str]) -> HttpResponse:
    """The spec's error answer: a list of (code, description), the HTTP status as the code."""
    return render(
        "errors", [{"code": status, "description": text} for text in messages], file_format, status=status
    )
