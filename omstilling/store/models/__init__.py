"""SQLModel tables. Import tables from here: `from omstilling.store.models import Project`; the enums they store live
in `omstilling.core.enums` (the core owns them; models import them, never the other way round)."""

from omstilling.store.models.access import CountyReader
from omstilling.store.models.audit import AuditEvent, WebSession
from omstilling.store.models.board import (
    BoardCase,
    BoardMeeting,
    Deviation,
    IndicatorScore,
    MeetingAnswer,
    Minutes,
    MinutesApproval,
    MinutesComment,
    PsvIndicator,
    Recommendation,
    StatusAssessment,
)
from omstilling.store.models.cycle import (
    ClosedDay,
    Deadline,
    DocumentRecord,
    Invitation,
    LeaderText,
    OutboxMessage,
    QuotaRule,
    WheelEvent,
)
from omstilling.store.models.plan import BudgetLine, FocusArea, Goal, Strategy
from omstilling.store.models.portfolio import Funding, Payment, Project, ProjectResult
from omstilling.store.models.programme import Contact, DataChange, Person, Programme, RoleAssignment
from omstilling.store.models.signin import SignInToken
from omstilling.store.models.stateaid import AidAward, AidDeclaration, DeclaredAid, ExchangeRate, UndertakingLink

__all__ = [
    "AidAward",
    "AidDeclaration",
    "AuditEvent",
    "BoardCase",
    "BoardMeeting",
    "BudgetLine",
    "ClosedDay",
    "Contact",
    "CountyReader",
    "DataChange",
    "Deadline",
    "DeclaredAid",
    "Deviation",
    "DocumentRecord",
    "ExchangeRate",
    "FocusArea",
    "Funding",
    "Goal",
    "IndicatorScore",
    "Invitation",
    "LeaderText",
    "MeetingAnswer",
    "Minutes",
    "MinutesApproval",
    "MinutesComment",
    "OutboxMessage",
    "Payment",
    "Person",
    "Programme",
    "Project",
    "ProjectResult",
    "PsvIndicator",
    "QuotaRule",
    "Recommendation",
    "RoleAssignment",
    "SignInToken",
    "StatusAssessment",
    "Strategy",
    "UndertakingLink",
    "WebSession",
    "WheelEvent",
]
