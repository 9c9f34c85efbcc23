"""Figures the reliability and bad-input tests report: what was tried, what was acknowledged and what stored.
`pytest` prints them at the end of a run (tests/conftest.py); docs/reliability.md quotes the last one."""
FIGURES: list[tuple[str, str]] = []


def record(what: str, figure: str) -> None:
    FIGURES.append((what, figure))
