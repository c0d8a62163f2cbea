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
from veerkracht.programme.models.append_only import HistoryIsAppendOnly  # noqa: F401
from veerkracht.programme.models.fund import (  # noqa: F401
    Application,
    ApplicationStatus,
    ApplicationStep,
    BudgetEntry,
    FormChannel,
    Fund,
    FundBudget,
    FundEvaluation,
)
from veerkracht.programme.models.housing import (  # noqa: F401
    AccessibilityFigure,
    HousingTable,
    HousingTarget,
    Intervention,
    Measure,
    StockFigure,
)
from veerkracht.programme.models.programmes import (  # noqa: F401
    AreaTeamAction,
    AreaTeamMeeting,
    Prioritisation,
    PriorityArea,
    Programme,
    ProgrammeBudgetLine,
    ProgrammeGoal,
    ProgrammeSpending,
)
from veerkracht.programme.models.teams import ResidentTeam, ResidentTeamPhaseChange  # noqa: F401
