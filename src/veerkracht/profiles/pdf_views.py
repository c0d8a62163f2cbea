# SPDX-License-Identifier: EUPL-1.2
"""Pages of the profile PDF: ask for it, follow it while it is made, download it (ADR 0024).

Every answer is about the person's own PDF; anyone else's answers 404, exactly as one that does not exist.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veerkracht.core.permissions import permission_required
from veerkracht.profiles import pdf_queries, queries
from veerkracht.profiles.pdf_services import record_pdf_download, request_profile_pdf

VIEW = "programme.view"


def _year(text: str) -> int:
    today = timezone.localdate().year
    return int(text) if text.isdigit() and 2000 <= int(text) <= today else today


@require_POST
@permission_required(VIEW)
def pdf_request(request: HttpRequest, code: str) -> HttpResponse:
    """Ask for the PDF of the profile as the person sees it; a background task makes it."""
    area = queries.find_area(code)
    if area is None:
        raise Http404("onbekend gebied")
    year = _year(request.POST.get("jaar", ""))
    request_profile_pdf(request.user, area, year=year, language=get_language() or "nl")  # type: ignore[arg-type]
    messages.success(request, _("De PDF wordt gemaakt. U kunt hem hieronder downloaden zodra hij klaar is."))
    query = f"?jaar={year}" if year != timezone.localdate().year else ""
    return redirect(reverse("profiles-area", args=[area.code]) + query + "#pdf")


@permission_required(VIEW)
def pdf_state(request: HttpRequest, pk: int) -> JsonResponse:
    """The state of the person's PDF as JSON, for the page's progress."""
    found = pdf_queries.own_pdf(request.user, pk)
    if found is None:
        raise Http404("onbekende PDF")
    return JsonResponse(pdf_queries.pdf_state(found), headers={"Cache-Control": "no-store"})


@permission_required(VIEW)
def pdf_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The finished PDF, for the person it was made for only."""
    found = pdf_queries.own_pdf(request.user, pk)
    content = pdf_queries.pdf_content(found) if found is not None else None
    if found is None or content is None:
        raise Http404("onbekende PDF")
    area = queries.find_area(found.area_code)
    name = slugify(area.name if area else found.area_code)
    record_pdf_download(request.user, found)  # type: ignore[arg-type]
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="wijkprofiel-{name}-{found.year}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
