"""No template decides from a state, status, stage or kind compared to a literal: it asks
the model (`is_open`, `is_overdue`, `available_actions`, …), which asks the state machine
and the access module (house style 14)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# `{% if %}`/`{% elif %}` comparing a variable whose last part names a state, status, stage
# or kind with a quoted literal, either way round, by ==, !=, in or not in.
_NAMED = r"[\w.]*\b(?:state|status|stage|kind)\b[\w.]*"
_LITERAL = r"""(?:"[^"]*"|'[^']*')"""
_COMPARED = re.compile(
    rf"{_NAMED}\s*(?:==|!=|\bnot in\b|\bin\b)\s*{_LITERAL}"
    rf"|{_LITERAL}\s*(?:==|!=|\bnot in\b|\bin\b)\s*{_NAMED}"
)
_CONDITION = re.compile(r"{%-?\s*(?:el)?if\b(.*?)-?%}", re.DOTALL)


def comparisons(text: str) -> list[tuple[int, str]]:
    """Each (line, condition) in `text` comparing a state-like variable to a literal."""
    found = []
    for tag in _CONDITION.finditer(text):
        if _COMPARED.search(tag.group(1)):
            found.append((text.count("\n", 0, tag.start()) + 1, tag.group(0)))
    return found


def test_the_check_finds_each_form_of_comparison():
    assert comparisons('{% if appeal.state == "received" %}') == [
        (1, '{% if appeal.state == "received" %}')
    ]
    assert comparisons("\n{% elif 'approved' != decision.status %}")[0][0] == 2
    assert comparisons('{% if notice.state in "issued sent" %}')
    assert comparisons('{% if case.stage not in "lifted" %}')
    assert not comparisons("{% if appeal.is_open %}")
    assert not comparisons("{% if caution.kind == option.data.value %}")
    assert not comparisons("{% if item.key == 'stage' %}")


def test_no_template_compares_a_state_to_a_literal():
    templates = [
        path
        for path in ROOT.glob("**/templates/**/*.html")
        if "node_modules" not in path.parts and ".venv" not in path.parts
    ]
    assert templates
    offending = [
        f"{path.relative_to(ROOT)}:{line}: {condition}"
        for path in templates
        for line, condition in comparisons(path.read_text(encoding="utf-8"))
    ]
    assert not offending, "Ask the model instead:\n" + "\n".join(offending)
