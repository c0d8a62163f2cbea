# SPDX-License-Identifier: EUPL-1.2
"""The categories a melding can have, from ``categories.yaml``: what a submitting system offers."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from veerkracht.cases.api.authentication import AUTHENTICATION
from veerkracht.cases.api.base import REFUSED, ApiView
from veerkracht.cases.api.outgoing import CategoriesOut
from veerkracht.cases.api.permissions import MayReport
from veerkracht.cases.queries.texts import text
from veerkracht.cases.rulebook import rulebook


class CategoriesView(ApiView):
    authentication_classes = AUTHENTICATION
    permission_classes = [MayReport]

    @extend_schema(
        operation_id="categories",
        summary="Categories and subcategories of meldingen",
        responses={200: CategoriesOut, 403: REFUSED},
    )
    def get(self, request: Request) -> Response:
        """Every category with its subcategories, pillar and confidentiality level, in file order."""
        book = rulebook().categories
        categories = []
        for code, spec in book.file.categories.items():
            subcategories = []
            for sub_code in spec.subcategories:
                kind = book.classify(code, sub_code)
                subcategories.append(
                    {
                        "code": sub_code,
                        "label": text(spec.subcategories[sub_code].label),
                        "pillar": kind.pillar,
                        "confidentiality": kind.confidentiality,
                    }
                )
            categories.append(
                {
                    "code": code,
                    "label": text(spec.label),
                    "pillar": spec.pillar,
                    "confidentiality": spec.confidentiality,
                    "subcategories": subcategories,
                }
            )
        return Response(CategoriesOut({"version": book.version, "categories": categories}).data)
