"""Data only: one module per domain concept. Rules live in workshop.services."""
from .cohort import Cohort
from .company import Company
from .company_plan import Commitment, Kpi, KpiCategory, KpiReading, ReadingSource
from .facilitator import Facilitator
from .participant import Participant
from .response import Response
from .session import ItemStatus, SessionStatus, SessionStep, StepItem, WorkshopSession, session_company
from .session_event import SessionEvent
from .template import Template, TemplateStep

__all__ = ["Cohort", "Commitment", "Company", "Facilitator", "ItemStatus", "Kpi", "KpiCategory", "KpiReading",
           "Participant", "ReadingSource", "Response", "SessionEvent", "SessionStatus", "SessionStep", "StepItem",
           "Template", "TemplateStep", "WorkshopSession", "session_company"]
