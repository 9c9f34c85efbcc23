"""A session as one JSON document: everything needed to rebuild it in another Verkstad, and nothing secret
(participants' tokens stay behind; the importer gives phones new ones).

Rows refer to each other by what people see, never by database ids: companies by name, participants by their
number, steps by position and items by (step, position). So an export, imported into another instance and
exported again, gives the same document.
"""
import json
import secrets
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..database import write_transaction
from ..extensions import db
from ..models import (Cohort, Commitment, Company, Facilitator, Kpi, KpiReading, Participant, Response,
                      SessionEvent, SessionStep, StepItem, WorkshopSession)
from ..models._types import as_utc
from .errors import InvalidInput

FORMAT = "verkstad-session"
VERSION = 1
MAX_DOCUMENT_BYTES = 32 * 1024 * 1024


def _time(moment: datetime | None) -> str | None:
    return as_utc(moment).isoformat() if moment else None


def _parse_time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def session_document(session: WorkshopSession) -> dict:
    steps = session.steps
    item_keys = {item.id: [step.position, item.position] for step in steps for item in step.items}
    participants = list(db.session.scalars(
        select(Participant).where(Participant.session_id == session.id).order_by(Participant.number)))
    numbers = {participant.id: participant.number for participant in participants}
    step_ids = [step.id for step in steps]
    positions = {step.id: step.position for step in steps}
    responses = db.session.scalars(select(Response).where(Response.step_id.in_(step_ids))).all()
    kpis = db.session.scalars(select(Kpi).where(Kpi.step_id.in_(step_ids)).order_by(Kpi.step_id, Kpi.id)).all()
    commitments = db.session.scalars(select(Commitment).where(Commitment.step_id.in_(step_ids))
                                     .order_by(Commitment.step_id, Commitment.id)).all()
    events = db.session.scalars(select(SessionEvent).where(SessionEvent.session_id == session.id)
                                .order_by(SessionEvent.created_at, SessionEvent.id)).all()
    results_company = next((c.name for c in session.companies if c.id == session.results_company_id), None)
    return {
        "format": FORMAT,
        "version": VERSION,
        "session": {
            "title": session.title, "join_code": session.join_code, "language": session.language,
            "status": session.status, "current_position": session.current_position, "blackout": session.blackout,
            "results_company": results_company, "created_at": _time(session.created_at),
            "started_at": _time(session.started_at), "ended_at": _time(session.ended_at),
        },
        "companies": [{"name": c.name, "cohort": c.cohort.name if c.cohort else None} for c in session.companies],
        "steps": [{
            "position": step.position, "kind": step.kind, "content": step.content,
            "results_visible": step.results_visible, "voting_locked": step.voting_locked,
            "items": [{
                "position": item.position, "label": item.label, "benchmark": item.benchmark, "status": item.status,
                "flagged": item.flagged, "author": numbers.get(item.participant_id), "nonce": item.nonce,
                "source": item_keys.get(item.source_item_id), "created_at": _time(item.created_at),
            } for item in step.items],
        } for step in steps],
        "participants": [{
            "number": p.number, "company": p.company.name, "nickname": p.nickname, "language": p.language,
            "created_at": _time(p.created_at),
        } for p in participants],
        "responses": sorted(({
            "participant": numbers[r.participant_id], "item": item_keys[r.item_id], "value": r.value,
            "created_at": _time(r.created_at), "updated_at": _time(r.updated_at),
        } for r in responses), key=lambda r: (r["item"], r["participant"])),
        "kpis": [{
            "step": positions[k.step_id], "company": k.company.name, "catalogue_key": k.catalogue_key,
            "name": k.name, "category": k.category, "baseline": k.baseline, "target": k.target, "unit": k.unit,
            "due": k.due.isoformat() if k.due else None, "author": numbers.get(k.participant_id), "nonce": k.nonce,
            "created_at": _time(k.created_at), "updated_at": _time(k.updated_at),
            "readings": [{"taken_on": r.taken_on.isoformat(), "value": r.value, "note": r.note,
                          "recorded_by": r.recorded_by, "created_at": _time(r.created_at)} for r in k.readings],
        } for k in kpis],
        "commitments": [{
            "step": positions[c.step_id], "company": c.company.name, "position": c.position, "text": c.text,
            "owner": c.owner, "done": c.done, "done_at": _time(c.done_at), "author": numbers.get(c.participant_id),
            "nonce": c.nonce, "created_at": _time(c.created_at), "updated_at": _time(c.updated_at),
        } for c in commitments],
        "events": [{"action": e.action, "detail": e.detail, "created_at": _time(e.created_at),
                    "by": e.facilitator.email if e.facilitator else None} for e in events],
    }


def dumps(document: dict) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")


def loads(data: bytes) -> dict:
    if len(data) > MAX_DOCUMENT_BYTES:
        raise InvalidInput(_l("The file is too large."))
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise InvalidInput(_l("That is not a JSON file.")) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InvalidInput(_l("That is not a Verkstad session file."))
    if document.get("version") != VERSION:
        raise InvalidInput(_l("This session file has version %(version)s; this Verkstad reads version %(ours)d.",
                              version=document.get("version"), ours=VERSION))
    return document


def import_session(document: dict, owner: Facilitator) -> WorkshopSession:
    """Rebuild a session for `owner`: its companies are matched by name (and made when missing), its join
    code kept unless another session has it. All or nothing: a malformed document stores nothing."""
    try:
        with write_transaction():
            return _build(document, owner)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as error:
        raise InvalidInput(_l("The session file is damaged (%(detail)s); nothing was imported.",
                              detail=type(error).__name__)) from None


def _company(owner: Facilitator, entry: dict) -> Company:
    company = db.session.scalar(select(Company).where(Company.facilitator_id == owner.id,
                                                      Company.name == entry["name"]))
    if company is None:
        company = Company(facilitator_id=owner.id, name=str(entry["name"]))
        db.session.add(company)
    if entry.get("cohort") and company.cohort_id is None:
        cohort = db.session.scalar(select(Cohort).where(Cohort.facilitator_id == owner.id,
                                                        Cohort.name == entry["cohort"]))
        company.cohort = cohort or Cohort(facilitator_id=owner.id, name=str(entry["cohort"]))
    return company


def _build(document: dict, owner: Facilitator) -> WorkshopSession:
    from .sessions import _unused_join_code  # noqa: PLC0415 (sessions imports much; only the code is needed)
    meta = document["session"]
    companies = {entry["name"]: _company(owner, entry) for entry in document["companies"]}
    code = meta["join_code"]
    if db.session.scalar(select(WorkshopSession.id).where(WorkshopSession.join_code == code)):
        code = _unused_join_code()
    session = WorkshopSession(
        facilitator_id=owner.id, title=str(meta["title"]), join_code=code, language=meta["language"],
        status=meta["status"], current_position=int(meta["current_position"]), blackout=bool(meta["blackout"]),
        created_at=_parse_time(meta["created_at"]), started_at=_parse_time(meta["started_at"]),
        ended_at=_parse_time(meta["ended_at"]), companies=list(companies.values()))
    db.session.add(session)
    items: dict[tuple[int, int], StepItem] = {}
    sources: list[tuple[StepItem, list]] = []
    for entry in document["steps"]:
        step = SessionStep(position=int(entry["position"]), kind=entry["kind"], content=entry["content"],
                           results_visible=bool(entry["results_visible"]), voting_locked=bool(entry["voting_locked"]))
        session.steps.append(step)
        for item_entry in entry["items"]:
            item = StepItem(position=int(item_entry["position"]), label=item_entry["label"],
                            benchmark=item_entry["benchmark"], status=item_entry["status"],
                            flagged=bool(item_entry["flagged"]), nonce=item_entry.get("nonce"),
                            created_at=_parse_time(item_entry["created_at"]))
            step.items.append(item)
            items[(step.position, item.position)] = item
            sources.append((item, item_entry))
    participants = {}
    for entry in document["participants"]:
        participant = Participant(workshop=session, company=companies[entry["company"]], number=int(entry["number"]),
                                  token=secrets.token_urlsafe(32), nickname=entry["nickname"],
                                  language=entry["language"], created_at=_parse_time(entry["created_at"]))
        db.session.add(participant)
        participants[participant.number] = participant
    for item, entry in sources:
        if entry["author"] is not None:
            item.author = participants[entry["author"]]
    db.session.flush()
    for item, entry in sources:
        if entry["source"] is not None:
            item.source_item_id = items[tuple(entry["source"])].id
    steps = {step.position: step for step in session.steps}
    for entry in document["responses"]:
        item = items[tuple(entry["item"])]
        db.session.add(Response(participant_id=participants[entry["participant"]].id, step_id=item.step_id,
                                item_id=item.id, value=int(entry["value"]),
                                created_at=_parse_time(entry["created_at"]),
                                updated_at=_parse_time(entry["updated_at"])))
    for entry in document["kpis"]:
        kpi = Kpi(step_id=steps[entry["step"]].id, company=companies[entry["company"]],
                  catalogue_key=entry["catalogue_key"], name=entry["name"], category=entry["category"],
                  baseline=entry["baseline"], target=entry["target"], unit=entry["unit"],
                  due=date.fromisoformat(entry["due"]) if entry["due"] else None, nonce=entry.get("nonce"),
                  participant_id=participants[entry["author"]].id if entry["author"] is not None else None,
                  created_at=_parse_time(entry["created_at"]), updated_at=_parse_time(entry["updated_at"]))
        kpi.readings = [KpiReading(taken_on=date.fromisoformat(r["taken_on"]), value=float(r["value"]),
                                   note=r["note"], recorded_by=r["recorded_by"],
                                   created_at=_parse_time(r["created_at"])) for r in entry["readings"]]
        db.session.add(kpi)
    for entry in document["commitments"]:
        db.session.add(Commitment(
            step_id=steps[entry["step"]].id, company=companies[entry["company"]], position=int(entry["position"]),
            text=entry["text"], owner=entry["owner"], done=bool(entry["done"]), done_at=_parse_time(entry["done_at"]),
            participant_id=participants[entry["author"]].id if entry["author"] is not None else None,
            nonce=entry.get("nonce"), created_at=_parse_time(entry["created_at"]),
            updated_at=_parse_time(entry["updated_at"])))
    if meta["results_company"]:
        session.results_company_id = companies[meta["results_company"]].id
    facilitators = {}
    for entry in document["events"]:
        by = entry.get("by")
        if by and by not in facilitators:  # "who" stays known when that facilitator has an account here
            facilitators[by] = db.session.scalar(select(Facilitator.id).where(Facilitator.email == by))
        db.session.add(SessionEvent(session_id=session.id, action=entry["action"], detail=entry["detail"],
                                    facilitator_id=facilitators.get(by), created_at=_parse_time(entry["created_at"])))
    return session
