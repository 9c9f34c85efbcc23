"""The complete session as JSON, re-importable with `flask --app app import FILE`."""
from ..models import Company, WorkshopSession
from ..services import session_documents


def render(session: WorkshopSession, company: Company | None = None) -> bytes:
    return session_documents.dumps(session_documents.session_document(session))
