"""A report's figures in words, the same on the page, in the charts and in the PDF."""

from screens.reports.model import NO_STANDARD, Figure

__all__ = ["NO_STANDARD", "SMALL_WORDS", "value_words"]

SMALL_WORDS = "small number"


def value_words(figure: Figure) -> str:
    """The value, with a small count marked in words: "3 (small number)"."""
    text = figure.shown
    return f"{text} ({SMALL_WORDS})" if figure.small else text
