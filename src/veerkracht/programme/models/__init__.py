# SPDX-License-Identifier: EUPL-1.2
"""The programme's tables, one module per concept; Django finds them through this package."""

from veerkracht.programme.models.agreements import (  # noqa: F401
    Agreement,
    AgreementSet,
    AgreementStatus,
    Milestone,
    SignalKind,
    StagnationSignal,
    StatusHistoryIsAppendOnly,
    StatusUpdate,
    Theme,
    ThemeEvaluation,
    Workgroup,
    WorkgroupAction,
)
