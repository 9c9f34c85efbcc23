"""Each company writes one to three next steps, each with an owner; they come back in its next session."""
from flask_babel import lazy_gettext as _l

from ..models.company_plan import COMMITMENT_OWNER_MAX, COMMITMENT_TEXT_MAX
from ..services.errors import InvalidInput
from ..services.text import clean_text
from .base import DemoPhone, ExportRow, Figure, RowChange, StepKind, as_int, first, nonce_of

DEMO_NEXT_STEPS = {"sv": ("Planera veckans inlägg på måndagar", "Svara på kommentarer inom ett dygn"),
                   "en": ("Plan the week's posts on Mondays", "Answer comments within a day")}


class CommitmentsKind(StepKind):
    name = "commitments"
    label = _l("Next steps per company")
    takes_input = True
    shared_board = True
    company_list = "commitment"

    def _fields(self, form) -> dict:
        return {"text": clean_text(first(form, "text"), max_length=COMMITMENT_TEXT_MAX, field=_l("Next step")),
                "owner": clean_text(first(form, "owner"), max_length=COMMITMENT_OWNER_MAX, field=_l("Who"))}

    def parse(self, step, form):
        action = first(form, "do")
        if action == "add":
            return RowChange("commitment", None, nonce_of(form), fields=self._fields(form))
        row_id = as_int(first(form, "commitment"), _l("That is not on your company's list any more."))
        if action == "delete":
            return RowChange("commitment", row_id, nonce_of(form), delete=True)
        if action == "save":
            return RowChange("commitment", row_id, nonce_of(form), fields=self._fields(form))
        raise InvalidInput(_l("Write a next step and who does it."))

    def figures(self, step, summary):
        return [Figure(None, _l("Next steps"), len(summary["rows"]))]

    def summarize_rows(self, step, rows: list) -> dict:
        return {"respondents": len({row.company_id for row in rows}), "rows": rows}

    def written_rows(self, step, language: str, company_rows=()) -> list:
        return [ExportRow(commitment.text, commitment.company.name, "", commitment.owner, commitment.updated_at)
                for commitment in company_rows]

    def demo_forms(self, step, phone: DemoPhone) -> list[dict]:
        """Two phones of each company write a next step."""
        if phone.index_in_company >= 2:
            return []
        text = DEMO_NEXT_STEPS[phone.language][phone.index_in_company]
        return [{"do": ["add"], "text": [text], "owner": [f"P{phone.index + 1}"]}]
