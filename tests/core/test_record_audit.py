# SPDX-License-Identifier: EUPL-1.2
"""What one audit event records: who (by account and by name), for which organisation, about what."""

import pytest
from django.contrib.auth.models import AnonymousUser

from veerkracht.core.models import AuditEvent
from veerkracht.core.services import create_organisation, create_person, record_audit

pytestmark = pytest.mark.django_db


def test_an_event_records_actor_organisation_object_and_detail() -> None:
    organisation = create_organisation("Woonstichting Test", "woningcorporatie")
    person = create_person("analist1", "een-lang-wachtwoord")
    event = record_audit(
        "dossier.read",
        actor=person,
        organisation=organisation,
        object_type="dossier",
        object_id=42,
        detail={"reason": "melding"},
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.actor, stored.actor_label, stored.organisation) == (person, "analist1", organisation)
    assert (stored.object_type, stored.object_id, stored.detail) == ("dossier", "42", {"reason": "melding"})


def test_an_event_without_a_known_actor_names_nobody() -> None:
    for actor in (None, AnonymousUser()):
        stored = AuditEvent.objects.get(pk=record_audit("login.failed", actor=actor).pk)  # type: ignore[arg-type]
        assert stored.actor is None and stored.actor_label == ""
        assert (stored.organisation, stored.object_type, stored.object_id, stored.detail) == (
            None,
            "",
            "",
            {},
        )
