# SPDX-License-Identifier: EUPL-1.2
"""Applications from a municipal form builder: Open Forms' "Generic JSON registration" (ADR 0018).

Open Forms posts ``{"values": {...}, "values_schema": {...}, "metadata": {...}, "metadata_schema": {...}}``
(docs/configuration/registration/generic-json.rst in open-formulieren/open-forms). Version 3.1.0 encoded that
object twice, so the body is a JSON string holding the JSON (open-forms issue #5263, fixed in 3.1.1); both are
accepted. Earlier versions of the plugin ("JSON dump") sent ``schema`` instead of ``values_schema`` and no
metadata; that is accepted too. Only the fields below are read from ``values``; anything else a form sends
(a BSN, say) is not stored. ``metadata.public_reference`` makes a resent registration return the first one.

Each form gets its own API key (a :class:`FormChannel`); only its SHA-256 is kept. Open Forms sends it as
the service's "API key" header: ``Authorization: Token <key>`` or ``X-Api-Key: <key>``.
"""

import hashlib
import json
import re
import secrets
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from veerkracht.areas.models import Area
from veerkracht.core.models import User
from veerkracht.core.services import record_audit
from veerkracht.programme.models import Application, FormChannel, Fund
from veerkracht.programme.services.fund import ApplicationInput, FundStepRefused, submit_application

KEY_PREFIX = "vkf_"

#: Our field -> (the form variable's key unless the channel maps it otherwise, required, label for errors).
FIELDS: dict[str, tuple[str, bool, str]] = {
    "buurt": ("buurt", True, "buurt (CBS-code zoals BU09350203 of de naam)"),
    "title": ("naam_initiatief", True, "naam van het initiatief"),
    "description": ("omschrijving", True, "omschrijving"),
    "requested_amount": ("gevraagd_bedrag", True, "gevraagd bedrag in euro"),
    "cost_breakdown": ("begroting", False, "begroting"),
    "starts_on": ("startdatum", False, "startdatum (JJJJ-MM-DD)"),
    "ends_on": ("einddatum", False, "einddatum (JJJJ-MM-DD)"),
    "residents_involved": ("aantal_bewoners", False, "aantal betrokken bewoners"),
    "applicant_name": ("naam_aanvrager", True, "naam van de aanvrager"),
    "applicant_group": ("bewonersgroep", False, "naam van de bewonersgroep"),
    "email": ("email", True, "e-mailadres"),
    "phone": ("telefoon", False, "telefoonnummer"),
}
_LIMITS = {"title": 200, "applicant_name": 200, "applicant_group": 200, "phone": 40}


class RegistrationInvalid(ValueError):
    """A registration that cannot become an application; ``errors`` maps the form's keys to Dutch texts."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{key}: {text}" for key, text in errors.items()))


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def new_form_channel(
    fund: Fund, name: str, *, actor: User | None = None, field_map: Mapping[str, str] | None = None
) -> tuple[FormChannel, str]:
    """Make a channel for one form and return it with its key (shown once; only the hash is kept)."""
    unknown = sorted(set(field_map or {}) - set(FIELDS))
    if unknown:
        raise FundStepRefused(f"Onbekende velden in de veldnamen: {unknown}; bekend: {sorted(FIELDS)}")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    channel = FormChannel.objects.create(
        fund=fund,
        name=name.strip(),
        key_prefix=key[:12],
        key_sha256=_hash(key),
        field_map=dict(field_map or {}),
        created_by=actor,
    )
    record_audit(
        "programme.fund_form_channel_created",
        actor=actor,
        organisation=fund.holder,
        object_type="fund_form_channel",
        object_id=channel.pk,
        detail={"name": channel.name, "key_prefix": channel.key_prefix},
    )
    return channel, key


@transaction.atomic
def revoke_form_channel(channel: FormChannel, *, actor: User | None = None) -> FormChannel:
    """Stop a form's key from working (the applications it sent stay)."""
    channel.active = False
    channel.save(update_fields=["active"])
    record_audit(
        "programme.fund_form_channel_revoked",
        actor=actor,
        organisation=channel.fund.holder,
        object_type="fund_form_channel",
        object_id=channel.pk,
        detail={"name": channel.name, "key_prefix": channel.key_prefix},
    )
    return channel


def channel_for_key(key: str) -> FormChannel | None:
    """The active channel whose key this is, if any."""
    if not key.startswith(KEY_PREFIX):
        return None
    return FormChannel.objects.filter(key_sha256=_hash(key), active=True).select_related("fund").first()


def unwrap(body: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """The ``values`` and ``metadata`` of a generic JSON registration (also when encoded twice).

    >>> unwrap('{"values": {"buurt": "BU1"}, "metadata": {"public_reference": "OF-1"}}')
    ({'buurt': 'BU1'}, {'public_reference': 'OF-1'})
    """
    if isinstance(body, str | bytes):
        try:
            body = json.loads(body)
        except ValueError:
            raise RegistrationInvalid({"values": "de inhoud is geen JSON"}) from None
    if not isinstance(body, dict):
        raise RegistrationInvalid({"values": "verwacht een JSON-object met 'values'"})
    values = body.get("values")
    if not isinstance(values, dict):
        raise RegistrationInvalid({"values": "ontbreekt of is geen object"})
    metadata = body.get("metadata") or {}
    if not isinstance(metadata, dict):
        raise RegistrationInvalid({"metadata": "is geen object"})
    return values, metadata


def _amount(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = str(value).replace("€", "").replace(" ", "").strip()
    if "," in text:
        # Dutch notation: 1.250,50
        text = text.replace(".", "").replace(",", ".")
    return Decimal(text)


def _date(value: Any) -> date:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value[:10]):
        raise ValueError
    return date.fromisoformat(value[:10])


def _buurt(fund: Fund, value: Any) -> Area:
    text = str(value).strip()
    buurten = Area.objects.filter(level="buurt", gemeente_code=fund.gemeente_code, valid_to__isnull=True)
    found = buurten.filter(Q(code=text) | Q(name__iexact=text)).first()
    if found is None:
        raise ValueError
    return found


def application_input(
    fund: Fund, values: Mapping[str, Any], field_map: Mapping[str, str]
) -> ApplicationInput:
    """Read our fields from a form's values; every problem is named with the form's own key."""
    read: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for field, (default_key, required, label) in FIELDS.items():
        key = field_map.get(field, default_key)
        raw = values.get(key)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if required:
                errors[key] = f"ontbreekt: {label}"
            continue
        try:
            if field == "requested_amount":
                read[field] = _amount(raw)
            elif field in ("starts_on", "ends_on"):
                read[field] = _date(raw)
            elif field == "residents_involved":
                read[field] = int(str(raw))
                if read[field] < 0:
                    raise ValueError
            elif field == "buurt":
                read[field] = _buurt(fund, raw)
            else:
                read[field] = str(raw).strip()
                if field == "email":
                    validate_email(read[field])
                if len(read[field]) > _LIMITS.get(field, 10_000):
                    errors[key] = f"te lang (hoogstens {_LIMITS[field]} tekens): {label}"
        except (ValueError, InvalidOperation, ValidationError):
            errors[key] = f"niet te lezen als {label}: {str(raw)[:60]!r}"
    if errors:
        raise RegistrationInvalid(errors)
    return ApplicationInput(**read)


def register_from_form(channel: FormChannel, body: Any) -> tuple[Application, bool]:
    """Turn a form builder's registration into an application; return it and whether it is new."""
    values, metadata = unwrap(body)
    data = application_input(channel.fund, values, channel.field_map)
    reference = str(metadata.get("public_reference") or "")[:100]
    try:
        application, created = submit_application(
            channel.fund,
            data,
            channel=Application.Channel.FORM,
            form_channel=channel,
            external_reference=reference,
        )
    except FundStepRefused as refusal:
        raise RegistrationInvalid({"values": str(refusal)}) from None
    FormChannel.objects.filter(pk=channel.pk).update(last_used_at=timezone.now())
    return application, created
