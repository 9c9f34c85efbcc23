"""A slide: title and body; the welcome step also shows how to join."""
from .base import StepKind


class InfoKind(StepKind):
    name = "info"
