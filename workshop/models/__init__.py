"""Data only: one module per domain concept. Rules live in workshop.services."""
from .company import Company
from .facilitator import Facilitator
from .participant import Participant
from .response import Response
from .session import SessionStatus, SessionStep, StepItem, WorkshopSession, session_company
from .template import Template, TemplateStep

__all__ = ["Company", "Facilitator", "Participant", "Response", "SessionStatus", "SessionStep", "StepItem",
           "Template", "TemplateStep", "WorkshopSession", "session_company"]
