"""Each company chooses its KPIs: from the catalogue or its own, with baseline, target, unit and date.
Any phone of the company edits the list; the projector shows a table per company."""
from datetime import date

from flask_babel import lazy_gettext as _l

from ..models import KpiCategory
from ..models.company_plan import KPI_NAME_MAX, KPI_UNIT_MAX
from ..services.errors import InvalidInput
from ..services.text import clean_text, parse_number
from .base import DemoPhone, ExportRow, Figure, RowChange, StepKind, as_int, first, nonce_of

#: The demo workshop's baseline and target per catalogue KPI, and where its company stood a month later.
DEMO_FIGURES = {"followers": (120, 300, 190), "leads": (2, 6, 3), "tone": (3, 4, 4)}

#: key → (category, {"sv", "en"} name, default unit)
CATALOGUE = {
    "reach": (KpiCategory.QUANTITATIVE, {"sv": "Räckvidd", "en": "Reach"}, ""),
    "followers": (KpiCategory.QUANTITATIVE, {"sv": "Följare", "en": "Followers"}, ""),
    "engagement": (KpiCategory.QUANTITATIVE, {"sv": "Engagemangsgrad", "en": "Engagement rate"}, "%"),
    "traffic": (KpiCategory.QUANTITATIVE, {"sv": "Trafik från sociala medier", "en": "Traffic from social"}, ""),
    "leads": (KpiCategory.QUANTITATIVE, {"sv": "Leads", "en": "Leads"}, ""),
    "sales": (KpiCategory.QUANTITATIVE, {"sv": "Försäljning", "en": "Sales"}, "kr"),
    "tone": (KpiCategory.QUALITATIVE, {"sv": "Ton och stämning", "en": "Tone and sentiment"}, "1–5"),
    "insights": (KpiCategory.QUALITATIVE, {"sv": "Kundinsikter", "en": "Customer insights"}, "1–5"),
    "brand": (KpiCategory.QUALITATIVE, {"sv": "Varumärkesuppfattning", "en": "Brand perception"}, "1–5"),
    "relationships": (KpiCategory.QUALITATIVE, {"sv": "Relationer", "en": "Relationships"}, "1–5"),
}


def kpi_name(kpi, language: str) -> str:
    if kpi.catalogue_key in CATALOGUE:
        return CATALOGUE[kpi.catalogue_key][1][language]
    return kpi.name or ""


def _date(raw: str):
    if not raw.strip():
        return None
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise InvalidInput(_l("Give the date as YYYY-MM-DD.")) from None


class KpiKind(StepKind):
    name = "kpi"
    label = _l("KPIs per company")
    takes_input = True
    shared_board = True
    company_list = "kpi"

    def parse(self, step, form):
        action = first(form, "do")
        if action == "add":
            key = first(form, "catalogue")
            if key in CATALOGUE:
                category, _names, unit = CATALOGUE[key]
                return RowChange("kpi", None, nonce_of(form), fields={
                    "catalogue_key": key, "category": category, "unit": unit})
            if key:
                raise InvalidInput(_l("Choose a KPI from the list or write your own."))
            own = clean_text(first(form, "name"), max_length=KPI_NAME_MAX, field=_l("Your own KPI"))
            category = first(form, "category") or KpiCategory.QUANTITATIVE
            if category not in set(KpiCategory):
                raise InvalidInput(_l("Choose quantitative or qualitative."))
            return RowChange("kpi", None, nonce_of(form), fields={"name": own, "category": category})
        row_id = as_int(first(form, "kpi"), _l("That is not on your company's list any more."))
        if action == "delete":
            return RowChange("kpi", row_id, nonce_of(form), delete=True)
        if action == "save":
            return RowChange("kpi", row_id, nonce_of(form), fields={
                "baseline": parse_number(first(form, "baseline"), _l("Baseline")),
                "target": parse_number(first(form, "target"), _l("Target")),
                "unit": clean_text(first(form, "unit"), max_length=KPI_UNIT_MAX, required=False, field=_l("Unit")),
                "due": _date(first(form, "due")),
            })
        raise InvalidInput(_l("Choose a KPI from the list or write your own."))

    def figures(self, step, summary):
        return [Figure(None, _l("KPIs"), len(summary["rows"]))]

    def summarize_rows(self, step, rows: list) -> dict:
        return {"respondents": len({row.company_id for row in rows}), "rows": rows}

    def written_rows(self, step, language: str, company_rows=()) -> list:
        rows = []
        for kpi in company_rows:
            name = kpi_name(kpi, language)
            for label, value in ((_l("baseline"), kpi.baseline), (_l("target"), kpi.target)):
                rows.append(ExportRow(f"{name}: {label}", kpi.company.name, "", "" if value is None else value,
                                      kpi.updated_at, kpi.unit or ""))
            if kpi.due:
                due_label = _l("by (date)")
                rows.append(ExportRow(f"{name}: {due_label}", kpi.company.name, "", kpi.due.isoformat(),
                                      kpi.updated_at))
        return rows

    def demo_forms(self, step, phone: DemoPhone) -> list[dict]:
        """The first phone of each company adds three catalogue KPIs."""
        if phone.index_in_company:
            return []
        return [{"do": ["add"], "catalogue": [key]} for key in DEMO_FIGURES]

    def demo_later_forms(self, step, phone: DemoPhone, company_rows: list) -> list[dict]:
        if phone.index_in_company:
            return []
        return [{"do": ["save"], "kpi": [str(kpi.id)], "baseline": [str(DEMO_FIGURES[kpi.catalogue_key][0])],
                 "target": [str(DEMO_FIGURES[kpi.catalogue_key][1])], "unit": [kpi.unit]} for kpi in company_rows]

    def demo_reading(self, row) -> str | None:
        return str(DEMO_FIGURES[row.catalogue_key][2]) if row.catalogue_key in DEMO_FIGURES else None
