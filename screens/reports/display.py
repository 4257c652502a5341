"""A report's figures in words, the same on the page, in the charts and in the PDF."""

from decimal import ROUND_HALF_UP, Decimal

from screens.reports.model import Figure, Unit

NO_STANDARD = "No standard set"
SMALL_WORDS = "small number"


def number_text(value: int | Decimal) -> str:
    """A count with thousands separated; a share or a number of days to one decimal place,
    without a trailing ".0"."""
    if isinstance(value, int):
        return f"{value:,}"
    rounded = Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if rounded == rounded.to_integral_value():
        return f"{int(rounded):,}"
    return f"{rounded:,}"


def value_text(figure: Figure) -> str:
    """ "1,204", "92.5%", "4.5 days", or "No standard set" for a figure that does not apply.
    A percentage is held as a number from 0 to 100."""
    if figure.value is None:
        return NO_STANDARD
    text = number_text(figure.value)
    if figure.unit is Unit.PERCENT:
        return f"{text}%"
    if figure.unit is Unit.WORKING_DAYS:
        return f"{text} day" if figure.value == 1 else f"{text} days"
    return text


def value_words(figure: Figure) -> str:
    """The value, with a small count marked in words: "3 (small number)"."""
    text = value_text(figure)
    return f"{text} ({SMALL_WORDS})" if figure.small else text
