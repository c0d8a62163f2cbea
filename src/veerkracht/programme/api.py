# SPDX-License-Identifier: EUPL-1.2
"""API of the programme: applications to the liveability fund from a municipal form builder (ADR 0018).

A form in Open Forms (or another form builder that can send its "generic JSON registration") posts each
submission here with its own API key; see ``services/fund_forms.py`` for the payload and the fields read.
"""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from veerkracht.programme.models import FormChannel
from veerkracht.programme.services.fund_forms import RegistrationInvalid, channel_for_key, register_from_form


class FormKeyAuthentication(BaseAuthentication):
    """A form's API key: ``Authorization: Token <key>`` (or ``Api-Key <key>``) or ``X-Api-Key: <key>``."""

    def authenticate(self, request: Request) -> tuple[AnonymousUser, FormChannel] | None:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        scheme, _space, value = header.partition(" ")
        key = value.strip() if scheme.lower() in ("token", "api-key") else ""
        key = key or request.META.get("HTTP_X_API_KEY", "").strip()
        if not key:
            return None
        channel = channel_for_key(key)
        if channel is None:
            raise AuthenticationFailed(_("Onbekende of ingetrokken sleutel van het formulier."))
        return AnonymousUser(), channel

    def authenticate_header(self, request: Request) -> str:
        return 'Token realm="veerkracht-formulieren"'


class FormKeyScheme(OpenApiAuthenticationExtension):
    """How the API documentation describes a form's key."""

    target_class = "veerkracht.programme.api.FormKeyAuthentication"
    name = "formuliersleutel"

    def get_security_definition(self, auto_schema: object) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Token <sleutel van het formulier>, of X-Api-Key (veerkracht fund form-key).",
        }


class FromAForm(BasePermission):
    """Only a form with a valid key may post; people (logged in or not) may not."""

    def has_permission(self, request: Request, view: object) -> bool:
        return isinstance(request.auth, FormChannel)


class RegistrationResultSerializer(serializers.Serializer[dict[str, Any]]):
    referentie = serializers.CharField(help_text="Onze referentie van de aanvraag, zoals LF-2026-0001.")
    status = serializers.CharField()
    budget = serializers.CharField(allow_blank=True)
    nieuw = serializers.BooleanField(
        help_text="Onwaar als dezelfde registratie (public_reference) al binnen was."
    )
    bericht = serializers.CharField()


EXAMPLE = {
    "values": {
        "buurt": "BU09350203",
        "naam_initiatief": "Buurtbarbecue Poortgebouw",
        "omschrijving": "Een middag voor alle bewoners rond het nieuwe Poortgebouw.",
        "gevraagd_bedrag": 750,
        "naam_aanvrager": "A. Bewoner",
        "email": "bewoner@example.org",
    },
    "values_schema": {"type": "object"},
    "metadata": {
        "public_reference": "OF-ABC123",
        "form_version": "1",
        "auth_type": "",
        "registration_timestamp": "",
    },
    "metadata_schema": {"type": "object"},
}


class FundRegistrationView(APIView):
    """Receive one submission of a form as an application to the fund."""

    authentication_classes = [FormKeyAuthentication]
    permission_classes = [FromAForm]

    @extend_schema(
        summary="Aanvraag voor het leefbaarheidsfonds uit een formulier (Open Forms generic JSON)",
        request=OpenApiTypes.OBJECT,
        responses={
            201: OpenApiResponse(RegistrationResultSerializer, description="De aanvraag is geregistreerd."),
            200: OpenApiResponse(
                RegistrationResultSerializer, description="Deze registratie was al ontvangen."
            ),
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="{'fouten': {veld: wat er mis is}}"),
            401: OpenApiResponse(description="Geen of een onbekende sleutel."),
        },
        examples=[OpenApiExample("Open Forms", value=EXAMPLE, request_only=True)],
    )
    def post(self, request: Request) -> Response:
        channel: FormChannel = request.auth
        try:
            application, created = register_from_form(channel, request.data)
        except RegistrationInvalid as invalid:
            return Response({"fouten": invalid.errors}, status=status.HTTP_400_BAD_REQUEST)
        body = {
            "referentie": application.reference,
            "status": application.status,
            "budget": application.budget.name if application.budget else "",
            "nieuw": created,
            "bericht": _("Uw aanvraag is ontvangen onder referentie %(reference)s.")
            % {"reference": application.reference},
        }
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
