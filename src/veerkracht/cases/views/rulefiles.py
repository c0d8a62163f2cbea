# SPDX-License-Identifier: EUPL-1.2
"""Read-only pages of two rule files: the categories and the service levels, with their version.

They are data files, not settings in the database: the page says which file is in force and where to
change it, so a change goes through review and a new version like any other rule file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from veerkracht.cases.queries import labels
from veerkracht.cases.rulebook import rulebook
from veerkracht.cases.rules.service_levels import CLOCK_KINDS, Promise
from veerkracht.cases.services.routing import MANAGE
from veerkracht.core.permissions import permission_required

_PACKAGE = Path(__file__).resolve().parents[2]


def _where(source: str) -> dict[str, Any]:
    """Where a rule file lives: shipped with Veerkracht, or in the installation's own rules folder."""
    path = Path(source).resolve()
    shipped = path.is_relative_to(_PACKAGE)
    return {
        "shipped": shipped,
        "path": path.relative_to(_PACKAGE).as_posix() if shipped else str(path),
        "name": path.name,
    }


@permission_required(MANAGE)
@require_GET
def categories_page(request: HttpRequest) -> HttpResponse:
    book = rulebook().categories
    levels = book.levels()
    pillars = []
    for pillar_code in book.file.pillars:
        items = []
        for code, spec in book.file.categories.items():
            subs = []
            for sub in spec.subcategories:
                found = book.classify(code, sub)
                if found.pillar == pillar_code:
                    subs.append(
                        {
                            "code": sub,
                            "label": labels.subcategory(code, sub),
                            "confidentiality": labels.confidentiality(found.confidentiality),
                            "confidential": levels.get(found.confidentiality) is not None,
                            "workflow": found.workflow,
                        }
                    )
            if subs:
                items.append({"code": code, "label": labels.category(code), "subcategories": subs})
        pillars.append({"code": pillar_code, "label": labels.pillar(pillar_code), "categories": items})
    return render(
        request,
        "cases/admin/categories.html",
        {
            "version": book.version,
            "where": _where(book.file.source),
            "pillars": pillars,
            "levels": [(labels.confidentiality(code), permission) for code, permission in levels.items()],
        },
    )


def _promise(promise: Promise | None) -> dict[str, Any] | None:
    if promise is None:
        return None
    return {"days": promise.working_days, "target": promise.target_working_days}


@permission_required(MANAGE)
@require_GET
def service_levels_page(request: HttpRequest) -> HttpResponse:
    levels = rulebook().service_levels
    file = levels.file
    rows: list[dict[str, Any]] = [
        {
            "scope": "default",
            "label": "",
            "promises": [_promise(getattr(file.default, k)) for k in CLOCK_KINDS],
        }
    ]
    for key, promises in file.categories.items():
        code, _slash, sub = key.partition("/")
        rows.append(
            {
                "scope": "category",
                "label": labels.kind(code, sub) if sub else labels.category(code),
                "promises": [_promise(getattr(promises, k)) for k in CLOCK_KINDS],
            }
        )
    for slug, own in file.organisations.items():
        rows.append(
            {
                "scope": "organisation",
                "label": slug,
                "promises": [_promise(getattr(own.default, k)) for k in CLOCK_KINDS],
            }
        )
        for key, promises in own.categories.items():
            code, _slash, sub = key.partition("/")
            what = labels.kind(code, sub) if sub else labels.category(code)
            rows.append(
                {
                    "scope": "organisation",
                    "label": f"{slug}: {what}",
                    "promises": [_promise(getattr(promises, k)) for k in CLOCK_KINDS],
                }
            )
    return render(
        request,
        "cases/admin/service_levels.html",
        {"version": levels.version, "where": _where(file.source), "rows": rows},
    )
