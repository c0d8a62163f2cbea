# SPDX-License-Identifier: EUPL-1.2
"""The tables of the cases app, one module per concept; Django finds them through this package."""

from veerkracht.cases.models.attachment import Attachment, attachment_root
from veerkracht.cases.models.choices import Channel, ClockKind, ReporterKind
from veerkracht.cases.models.clock import Clock, ClockPause
from veerkracht.cases.models.cost import CaseCost
from veerkracht.cases.models.covenant import Covenant, PartnerKind
from veerkracht.cases.models.dossier import (
    Dossier,
    DossierHistory,
    DossierMelding,
    DossierQuerySet,
    DossierSource,
    DossierStatus,
    HistoryKind,
    SubjectKind,
)
from veerkracht.cases.models.integration import ApiKey, IdempotencyRecord, MeldingLink
from veerkracht.cases.models.kpi_snapshot import KpiSnapshot
from veerkracht.cases.models.ladder import LadderStep, StepEvidence
from veerkracht.cases.models.melding import Melding, MeldingQuerySet
from veerkracht.cases.models.message import ReporterMessage
from veerkracht.cases.models.party import PROTECTED_ROLES, Hearing, HearingForm, Party, PartyRole
from veerkracht.cases.models.referral import LegalBasis, Referral, ReferralQuerySet, ReferralReply
from veerkracht.cases.models.reporter import ReporterContact, email_key, phone_key
from veerkracht.cases.models.retention import MeldingAnonymisation
from veerkracht.cases.models.round import ResidentTeamRound
from veerkracht.cases.models.routing import RoutingRule, RoutingRuleSet
from veerkracht.cases.models.signal import EarlySignal, SignalKind
from veerkracht.cases.models.status_change import HistoryIsAppendOnly, StatusChange

__all__ = [
    "PROTECTED_ROLES",
    "ApiKey",
    "Attachment",
    "CaseCost",
    "Channel",
    "Clock",
    "ClockKind",
    "ClockPause",
    "Covenant",
    "Dossier",
    "DossierHistory",
    "DossierMelding",
    "DossierQuerySet",
    "DossierSource",
    "DossierStatus",
    "EarlySignal",
    "Hearing",
    "HearingForm",
    "HistoryIsAppendOnly",
    "HistoryKind",
    "IdempotencyRecord",
    "KpiSnapshot",
    "LadderStep",
    "LegalBasis",
    "Melding",
    "MeldingAnonymisation",
    "MeldingLink",
    "MeldingQuerySet",
    "PartnerKind",
    "Party",
    "PartyRole",
    "Referral",
    "ReferralQuerySet",
    "ReferralReply",
    "ReporterContact",
    "ReporterKind",
    "ReporterMessage",
    "ResidentTeamRound",
    "RoutingRule",
    "RoutingRuleSet",
    "SignalKind",
    "StatusChange",
    "StepEvidence",
    "SubjectKind",
    "attachment_root",
    "email_key",
    "phone_key",
]
