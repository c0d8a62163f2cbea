# SPDX-License-Identifier: EUPL-1.2
"""Messages to reporters: at the steps the organisation chose, in Dutch, as background work after commit.

A domain-event subscriber (``background=True``): with django-tasks installed it runs as a task, until then
right after the commit (ADR 0005). Templates live in ``cases/templates/cases/messages/``: ``<step>.txt``
and ``<step>_subject.txt``, with ``default`` for a step without its own. A message never carries the
internal reason of a step; only the feedback text, which is written for the reporter. The reporters of
meldingen linked to this one hear of its steps too. Mail goes through Django's e-mail backend (a file in
the data folder or the console in development, SMTP in production; see the settings).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from veerkracht.cases.models import Clock, Melding, ReporterMessage, StatusChange
from veerkracht.cases.queries.clock_text import describe
from veerkracht.cases.rulebook import rulebook
from veerkracht.cases.rules.workflow import RECEIVE
from veerkracht.cases.services.creation import CREATED
from veerkracht.cases.services.transitions import STATUS_CHANGED
from veerkracht.core import events

logger = logging.getLogger(__name__)
TEMPLATES = "cases/messages"


def register() -> None:
    """Subscribe the reporter messages to the meldingen's events (from ``CasesConfig.ready``)."""
    events.subscribe(CREATED, inform_reporter, background=True)
    events.subscribe(STATUS_CHANGED, inform_reporter, background=True)


def inform_reporter(event: events.Event) -> None:
    """Send the reporter (and the reporters of linked meldingen) the message of this step, once."""
    melding = Melding.objects.select_related("organisation").filter(pk=event.payload["melding"]).first()
    if melding is None:
        return
    step = RECEIVE if event.name == CREATED else str(event.payload["transition"])
    flow = rulebook().workflow
    if not flow.informs_reporter(melding.workflow_type, step, organisation=melding.organisation.slug):
        return
    change = None
    if event.name == STATUS_CHANGED:
        change = StatusChange.objects.filter(pk=event.payload["status_change"]).first()
    recipients = [melding]
    if step != RECEIVE:
        recipients += list(melding.linked.select_related("organisation"))
    for recipient in recipients:
        _send(recipient, melding, step, change, event.id)


def _send(
    recipient: Melding, subject_melding: Melding, step: str, change: StatusChange | None, event_id: str
) -> None:
    contact = getattr(recipient, "reporter_contact", None)
    if contact is None or not contact.email or not contact.wants_updates:
        return
    if ReporterMessage.objects.filter(melding=recipient, event_id=event_id).exists():
        return
    book = rulebook()
    kind = book.categories.classify(subject_melding.category, subject_melding.subcategory)
    status = book.workflow.type(subject_melding.workflow_type).statuses[subject_melding.status]
    with translation.override("nl"):
        context = {
            "melding": recipient,
            "about": subject_melding,
            "linked": recipient.pk != subject_melding.pk,
            "reporter_name": contact.name,
            "category": kind.sublabel,
            "status": status.label.nl,
            "feedback": (change.fields.get("feedback", "") if change is not None else ""),
            "organisation": subject_melding.organisation.name,
            "clocks": [
                describe(clock)
                for clock in Clock.objects.filter(melding=subject_melding, frozen_at__isnull=True)
            ],
        }
        subject = _render(step, "_subject", context).strip().splitlines()[0][:200]
        body = _render(step, "", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [contact.email], fail_silently=False)
    ReporterMessage.objects.create(
        melding=recipient, step=step, event_id=event_id, sent_at=timezone.now(), subject=subject
    )


def _render(step: str, suffix: str, context: dict[str, object]) -> str:
    try:
        return render_to_string(f"{TEMPLATES}/{step}{suffix}.txt", context)
    except TemplateDoesNotExist:
        return render_to_string(f"{TEMPLATES}/default{suffix}.txt", context)
