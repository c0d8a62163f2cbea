# SPDX-License-Identifier: EUPL-1.2
"""The tables of the cases app, one module per concept; Django finds them through this package."""

from veerkracht.cases.models.attachment import Attachment, attachment_root
from veerkracht.cases.models.choices import Channel, ClockKind, ReporterKind
from veerkracht.cases.models.clock import Clock, ClockPause
from veerkracht.cases.models.integration import ApiKey, IdempotencyRecord, MeldingLink
from veerkracht.cases.models.melding import Melding, MeldingQuerySet
from veerkracht.cases.models.message import ReporterMessage
from veerkracht.cases.models.reporter import ReporterContact, email_key, phone_key
from veerkracht.cases.models.round import ResidentTeamRound
from veerkracht.cases.models.routing import RoutingRule, RoutingRuleSet
from veerkracht.cases.models.status_change import HistoryIsAppendOnly, StatusChange

__all__ = [
    "ApiKey",
    "Attachment",
    "Channel",
    "Clock",
    "ClockKind",
    "ClockPause",
    "HistoryIsAppendOnly",
    "IdempotencyRecord",
    "Melding",
    "MeldingLink",
    "MeldingQuerySet",
    "ReporterContact",
    "ReporterKind",
    "ReporterMessage",
    "ResidentTeamRound",
    "RoutingRule",
    "RoutingRuleSet",
    "StatusChange",
    "attachment_root",
    "email_key",
    "phone_key",
]
