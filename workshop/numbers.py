"""How figures are written for people, alike on every screen and in every export: rounded half up (4.25 reads
4.3, as people round; Python's round() and Babel both round half to even), shares that split a whole adding up to
100 %, and numbers and percentages in the page's language, Babel's way ("34%" in English, "34 %" in Swedish)."""
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import parse_pattern
from flask_babel import LazyString, format_decimal, format_percent, get_locale

NO_FIGURE = "–"
#: Decimals of a mean rating wherever it is shown ("0.0").
MEAN_PLACES = 1


def exact(value) -> Decimal:
    """The number as written: a float by its shortest form (2.675, not the 2.67499… it is stored as)."""
    if isinstance(value, Decimal):
        return value
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def round_half_up(value, places: int = 0) -> Decimal:
    rounded = exact(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return rounded.copy_abs() if rounded.is_zero() else rounded  # never "−0.0"


def _places(pattern: str | None) -> int:
    """How many decimals a Babel pattern ("0.0", "0.##", "+0.0;−0.0") writes at most; the locale's own without."""
    return (parse_pattern(pattern) if pattern else get_locale().decimal_formats[None]).frac_prec[1]


def decimal_text(value, pattern: str | None = None) -> str:
    """Flask-Babel's `decimalformat`, rounding half up to the pattern's last decimal."""
    return format_decimal(round_half_up(value, _places(pattern)), pattern)


def percent_text(share) -> str:
    """A share (0–1) as a whole percentage in the page's language; "–" for none."""
    if share is None:
        return NO_FIGURE
    return format_percent(round_half_up(exact(share) * 100) / 100)


def lazy_percent(share) -> LazyString:
    """percent_text, written when it is rendered, in that screen's language: results are computed once and rendered
    for screens of both languages, and the ticker that computes them knows no visitor's language."""
    return LazyString(percent_text, share)


def lazy_decimal(value, pattern: str | None = None) -> LazyString:
    """decimal_text (or "–" for none), written when it is rendered, as lazy_percent."""
    return LazyString(lambda: NO_FIGURE if value is None else decimal_text(value, pattern))


def shown_difference(after, before, places: int = 1) -> Decimal:
    """The change between two figures as their rounded forms show it: 4.33 after 2.67 reads "4.3", "2.7" and a
    change of +1.6, not the +1.7 that rounding the exact difference gives."""
    return round_half_up(after, places) - round_half_up(before, places)


def whole_percents(counts: list[int], total: int) -> list[int]:
    """Each count as a whole percentage of the total. When the counts split the total (a single-choice poll), the
    largest remainders get the missing points so the shares add up to 100: 1, 1 and 1 of 3 read 34, 33, 33, not
    33 three times; ties go to the earlier count. Counts that overlap (several choices each) are rounded alone."""
    if not total:
        return [0] * len(counts)
    if sum(counts) != total:
        return [int(round_half_up(Decimal(100 * count) / total)) for count in counts]
    percents = [100 * count // total for count in counts]
    by_remainder = sorted(range(len(counts)), key=lambda index: -(100 * counts[index] % total))
    for index in by_remainder[:100 - sum(percents)]:
        percents[index] += 1
    return percents
