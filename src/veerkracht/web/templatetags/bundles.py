# SPDX-License-Identifier: EUPL-1.2
"""``{% bundle "monitor" %}``: the hashed script (and its shared chunks) or stylesheet of a frontend entry.

``frontend/build.mjs`` writes ``build/manifest.json``; the names in it carry content hashes, so
WhiteNoise serves them with a long cache and a page always asks for the files it was built with.
"""

import json
from functools import lru_cache
from pathlib import Path

from django import template
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.templatetags.static import static
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()
MANIFEST = "veerkracht/build/manifest.json"


@lru_cache(maxsize=4)
def _read(path: str, modified: float) -> dict[str, dict[str, object]]:
    data: dict[str, dict[str, object]] = json.loads(Path(path).read_text(encoding="utf-8"))
    return data


def manifest() -> dict[str, dict[str, object]]:
    """The build manifest (re-read when the build changes it)."""
    found = finders.find(MANIFEST)
    if not found:
        raise ImproperlyConfigured(f"{MANIFEST} is missing: run 'make static' (node frontend/build.mjs)")
    path = str(found if isinstance(found, str) else found[0])
    return _read(path, Path(path).stat().st_mtime if settings.DEBUG else 0.0)


def _url(name: str) -> str:
    return static(f"veerkracht/build/{name}")


@register.simple_tag
def bundle(entry: str) -> SafeString:
    """``<script type="module">`` for a JavaScript entry (with modulepreload for its chunks), or
    ``<link rel="stylesheet">`` for a CSS entry."""
    files = manifest().get(entry)
    if files is None:
        raise ImproperlyConfigured(f"no frontend entry {entry!r} in {MANIFEST}")
    if "css" in files:
        return format_html('<link rel="stylesheet" href="{}">', _url(str(files["css"])))
    imports = [str(i) for i in files.get("imports", [])]  # type: ignore[attr-defined]
    preload = format_html_join("", '<link rel="modulepreload" href="{}">', ((_url(i),) for i in imports))
    return format_html('{}<script type="module" src="{}"></script>', preload, _url(str(files["js"])))
