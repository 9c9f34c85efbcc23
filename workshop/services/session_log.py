"""How the session's record (models.SessionEvent) reads on the control view."""
from flask_babel import lazy_gettext as _l

LABELS = {
    "start": _l("Started the session"),
    "end": _l("Ended the session"),
    "next": _l("Next step"),
    "back": _l("Back a step"),
    "step": _l("Went to a step"),
    "results": _l("Showed or hid results"),
    "lock": _l("Locked or opened voting"),
    "blackout": _l("Blacked out the projector or brought it back"),
    "premoderation": _l("Turned approval before showing on or off"),
    "timer": _l("Started a countdown"),
    "extend": _l("Extended the countdown"),
    "stop_timer": _l("Stopped the countdown"),
    "reset": _l("Reset the step's answers"),
    "scope": _l("Chose whose results the projector shows"),
    "hide": _l("Hid a participant's text"),
    "show": _l("Showed a participant's text again"),
    "approve": _l("Approved a participant's text"),
    "company_deleted": _l("Deleted a company and what it wrote"),
}


def label(action: str):
    return LABELS.get(action, action)
