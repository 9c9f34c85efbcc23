"""The closing step: results of the whole session, the room's on the projector and the company's on phones."""
from .base import StepKind


class SummaryKind(StepKind):
    name = "summary"
