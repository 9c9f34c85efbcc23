"""The closing step: results of the whole session, the room's on the projector and the company's on phones."""
from flask_babel import lazy_gettext as _l

from .base import StepKind


class SummaryKind(StepKind):
    name = "summary"
    label = _l("Summary")
    sums_up_session = True
