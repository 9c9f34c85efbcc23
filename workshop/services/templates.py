"""Workshop templates: the built-in framework and the ones a facilitator may use."""
import json
from importlib.resources import files

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from ..database import write_transaction
from ..extensions import db
from ..models import Facilitator, Template
from .errors import NotFound
from .template_documents import check_document, steps_of

BUILTIN_FILES = ("social_media.json",)


def _builtin_documents() -> list[dict]:
    content = files("workshop") / "content"
    documents = []
    for name in BUILTIN_FILES:
        document, problems = check_document(json.loads((content / name).read_text(encoding="utf-8")))
        if problems:  # a broken built-in file is a bug of ours, not something to half-load
            raise ValueError(f"{name}: " + "; ".join(str(problem) for problem in problems))
        documents.append(document)
    return documents


def ensure_builtin_templates() -> None:
    """Create or refresh the built-in templates; sessions keep their own snapshots, so this is safe."""
    with write_transaction():
        for document in _builtin_documents():
            template = db.session.scalar(select(Template).where(Template.slug == document["slug"]))
            if template is None:
                template = Template(slug=document["slug"], name=document["name"])
                db.session.add(template)
            wanted = steps_of(document)
            if [(s.kind, s.content) for s in template.steps] == [(s.kind, s.content) for s in wanted]:
                continue
            template.name = document["name"]
            template.steps.clear()
            db.session.flush()
            template.steps.extend(wanted)


def list_templates(facilitator: Facilitator) -> list[Template]:
    return list(db.session.scalars(
        select(Template)
        .where(or_(Template.facilitator_id.is_(None), Template.facilitator_id == facilitator.id))
        .order_by(Template.id)
    ))


def get_template(facilitator: Facilitator, template_id: int) -> Template:
    template = db.session.get(Template, template_id)
    if template is None or template.facilitator_id not in (None, facilitator.id):
        raise NotFound(_l("No such template."))
    return template
