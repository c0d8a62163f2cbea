# SPDX-License-Identifier: EUPL-1.2
"""How the city report's template becomes PDF bytes, handed over when Django starts (ADR 0025).

The web layer's ``render_pdf`` (ADR 0014) lays out every PDF; the city report is made by the background
worker through the analysis app's services, and a domain module imports no web module. So the app's
``ready()`` registers the renderer here, in a module light enough to import at start-up.
"""

from collections.abc import Callable

#: ``render(template_name, context, language=...) -> bytes``
PdfRenderer = Callable[..., bytes]
_RENDERERS: dict[str, PdfRenderer] = {}


def use_pdf_renderer(render: PdfRenderer) -> None:
    """Register the function that lays out a template as a PDF."""
    _RENDERERS["pdf"] = render


def pdf_renderer() -> PdfRenderer:
    """The registered renderer; an error that says what is missing when none is."""
    render = _RENDERERS.get("pdf")
    if render is None:
        raise RuntimeError("no PDF renderer registered (the analysis app registers one when Django starts)")
    return render
