"""SQLModel tables and enums. Import tables from here: `from omstilling.models import Project`."""

from omstilling.models.board import (
    BoardCase,
    BoardMeeting,
    Deviation,
    IndicatorScore,
    Recommendation,
    StatusAssessment,
)
from omstilling.models.cycle import ClosedDay, Deadline, DocumentRecord, OutboxMessage, QuotaRule, WheelEvent
from omstilling.models.enums import *  # noqa: F403  (the enums are part of the models' public face)
from omstilling.models.plan import BudgetLine, FocusArea, Goal, Strategy
from omstilling.models.portfolio import Funding, Payment, Project, ProjectResult
from omstilling.models.programme import Contact, Person, Programme, RoleAssignment

__all__ = [
    "BoardCase",
    "BoardMeeting",
    "BudgetLine",
    "ClosedDay",
    "Contact",
    "Deadline",
    "Deviation",
    "DocumentRecord",
    "FocusArea",
    "Funding",
    "Goal",
    "IndicatorScore",
    "OutboxMessage",
    "Payment",
    "Person",
    "Programme",
    "Project",
    "ProjectResult",
    "QuotaRule",
    "Recommendation",
    "RoleAssignment",
    "StatusAssessment",
    "Strategy",
    "WheelEvent",
]
