"""Socket.IO room names. Phones are grouped by company and language so one render serves a whole room."""


def projector(session_id: int) -> str:
    return f"s{session_id}:projector"


def control(session_id: int, language: str) -> str:
    return f"s{session_id}:control:{language}"


def phones(session_id: int, company_id: int, language: str) -> str:
    return f"s{session_id}:c{company_id}:{language}"


def participant(participant_id: int) -> str:
    return f"p{participant_id}"
