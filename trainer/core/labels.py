"""The one shape of every text a person reads: a table per interface language, keyed by a
code, with ``{name}`` parameters. Reasons and call outcomes keep their tables in the core
(they are part of a verdict); the app merges them with its own into one table and reads
every label through one function. Texts are stored as codes with parameters and rendered in
the reader's language when shown."""

from __future__ import annotations

UI_LANGUAGES = ("en", "zh")

# language -> code -> text
Labels = dict[str, dict[str, str]]


def render(table: Labels, code: str, ui: str, **args: object) -> str:
    """The text for ``code`` in ``ui`` (English when ``ui`` is not a language the table has)."""
    texts = table.get(ui) or table["en"]
    text = texts[code]
    return text.format(**args) if args else text


def merged(*tables: Labels) -> Labels:
    """One table from several; a code defined twice is a mistake and raises."""
    out: Labels = {ui: {} for ui in UI_LANGUAGES}
    for table in tables:
        for ui in UI_LANGUAGES:
            clash = set(out[ui]) & set(table.get(ui, {}))
            if clash:
                raise ValueError(f"label codes defined twice: {sorted(clash)}")
            out[ui].update(table.get(ui, {}))
    return out
