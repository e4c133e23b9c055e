"""Phrase templates: ``{company}`` variables and inline alternatives ``[他|她]``.

``[您|]请讲`` is an optional word: it expands to 您请讲 and 请讲. The first alternative of
each bracket gives the model answer.
"""

from __future__ import annotations

import itertools
import re

_ALT = re.compile(r"\[([^\[\]]*)\]")
_VAR = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
MAX_FORMS = 64


class TemplateError(ValueError):
    pass


def fill(template: str, variables: dict[str, str]) -> str:
    def sub(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in variables:
            known = ", ".join(sorted(variables)) or "none"
            raise TemplateError(f"unknown variable {{{name}}} (variables: {known})")
        return variables[name]

    return _VAR.sub(sub, template)


def expand(template: str, variables: dict[str, str] | None = None) -> list[str]:
    """All wordings a template allows, model answer first, duplicates removed."""
    text = fill(template, variables or {})
    if text.count("[") != text.count("]"):
        raise TemplateError("unbalanced [ ] in alternatives")
    parts = _ALT.split(text)
    # parts alternate: literal, alternatives, literal, ...
    choices = [[p] if i % 2 == 0 else p.split("|") for i, p in enumerate(parts)]
    forms: list[str] = []
    for combo in itertools.product(*choices):
        form = "".join(combo)
        if form not in forms:
            forms.append(form)
        if len(forms) > MAX_FORMS:
            raise TemplateError(f"more than {MAX_FORMS} wordings; split it into separate forms")
    if not any(f.strip() for f in forms):
        raise TemplateError("the phrase is empty")
    return forms
