"""Figures the tests report: what was tried, what was acknowledged and what stored; what a first visit weighs.
`pytest` prints them at the end of a run (tests/conftest.py); docs/reliability.md and docs/performance.md quote them."""
FIGURES: list[tuple[str, str]] = []


def record(what: str, figure: str) -> None:
    FIGURES.append((what, figure))
