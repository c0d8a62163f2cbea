# SPDX-License-Identifier: EUPL-1.2
"""PDFs of the pages: a Django template rendered to A4 with page numbers and a table of contents.

Independent of the request on purpose: the caller passes the context (and the language), so the same
function runs in a view today and in a background task later (ADR 0014). WeasyPrint lays out the HTML with
the print stylesheet ``veerkracht/print.css``; fonts come from the system (Debian's DejaVu, which the print
stylesheet names first), never from the network. The URL fetcher refuses everything except ``data:`` URLs,
so a template cannot make the renderer read a file or reach a host; images go in as data URLs.

A template extends ``veerkracht/pdf_base.html`` and marks the place of the table of contents with
``{% include "veerkracht/pdf_toc.html" %}`` (the marker ``<!--pdf:toc-->``); every ``<h2>`` and ``<h3>``
with an ``id`` becomes an entry, with its page number filled in by the layout (``target-counter``).
"""

from collections.abc import Mapping
from html import escape
from html.parser import HTMLParser
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

TOC_MARKER = "<!--pdf:toc-->"
PRINT_STYLESHEET = "veerkracht/print.css"


class PdfError(RuntimeError):
    """The PDF could not be made (a missing stylesheet or a template without a table-of-contents marker)."""


class _Headings(HTMLParser):
    """Collect (level, id, text) of the h2 and h3 elements that have an id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str]] = []
        self._open: tuple[int, str] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h2", "h3"):
            ident = dict(attrs).get("id")
            if ident:
                self._open, self._text = (int(tag[1]), ident), []

    def handle_endtag(self, tag: str) -> None:
        if self._open and tag == f"h{self._open[0]}":
            level, ident = self._open
            self.found.append((level, ident, " ".join("".join(self._text).split())))
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open:
            self._text.append(data)


def headings(html: str) -> list[tuple[int, str, str]]:
    """The headings that go into the table of contents, in document order."""
    parser = _Headings()
    parser.feed(html)
    parser.close()
    return parser.found


def with_table_of_contents(html: str) -> str:
    """Replace the marker with a list of links to the headings; the print stylesheet adds page numbers."""
    if TOC_MARKER not in html:
        raise PdfError("the template has no table-of-contents marker (include veerkracht/pdf_toc.html)")
    items = "".join(
        f'<li class="toc-level-{level}"><a href="#{escape(ident)}">{escape(text)}</a></li>'
        for level, ident, text in headings(html)
    )
    title = escape(_("Inhoud"))
    toc = f'<nav class="pdf-toc" aria-label="{title}"><h2>{title}</h2><ol>{items}</ol></nav>'
    return html.replace(TOC_MARKER, toc, 1)


def _data_only_fetcher() -> Any:
    """A URL fetcher for data: URLs only; a PDF never makes the server read a file or reach another host."""
    import weasyprint

    class DataOnlyFetcher(weasyprint.URLFetcher):
        def fetch(self, url: str, headers: object = None) -> Any:
            if not url.startswith("data:"):
                raise ValueError(f"PDF rendering fetches no external resources: {url[:80]}")
            return super().fetch(url, headers)

    return DataOnlyFetcher()


def render_pdf(template_name: str, context: Mapping[str, object], *, language: str | None = None) -> bytes:
    """Render a template to PDF bytes (A4, page numbers in the footer, a table of contents)."""
    import weasyprint

    stylesheet = finders.find(PRINT_STYLESHEET)
    if not stylesheet:
        raise PdfError(f"print stylesheet {PRINT_STYLESHEET} not found among the static files")
    with translation.override(language or translation.get_language()):
        html = with_table_of_contents(render_to_string(template_name, dict(context)))
    document = weasyprint.HTML(string=html, base_url="data:,", url_fetcher=_data_only_fetcher())
    return document.write_pdf(stylesheets=[weasyprint.CSS(filename=str(stylesheet))])
