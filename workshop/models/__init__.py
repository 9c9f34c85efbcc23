"""Data only: one module per domain concept. Rules live in workshop.services."""
from .company import Company
from .company_plan import Commitment, Kpi, KpiCategory
from .facilitator import Facilitator
from .participant import Participant
from .response import Response
from .session import ItemStatus, SessionStatus, SessionStep, StepItem, WorkshopSession, session_company
from .session_event import SessionEvent
from .template import Template, TemplateStep

__all__ = ["Commitment", "Company", "Facilitator", "ItemStatus", "Kpi", "KpiCategory", "Participant", "Response",
           "SessionEvent", "SessionStatus", "SessionStep", "StepItem", "Template", "TemplateStep", "WorkshopSession",
           "session_company"]
