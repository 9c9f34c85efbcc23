"""The step-kind registry: adding a kind is one module and one line here."""
from .base import DemoPhone, ParsedAnswer, StepKind
from .choice import ChoiceKind
from .commitments import CommitmentsKind
from .ideas import IdeasKind
from .info import InfoKind
from .kpi import KpiKind
from .number import NumberKind
from .points import PointsKind
from .rating import RatingKind
from .summary import SummaryKind

KINDS: dict[str, StepKind] = {kind.name: kind for kind in (
    InfoKind(), ChoiceKind(), RatingKind(), IdeasKind(), PointsKind(), NumberKind(), KpiKind(), CommitmentsKind(),
    SummaryKind(),
)}


def kind_of(step) -> StepKind:
    return KINDS[step.kind]


__all__ = ["KINDS", "DemoPhone", "ParsedAnswer", "StepKind", "kind_of"]
