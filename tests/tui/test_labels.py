"""One label table: every code in every interface language, with the same parameters."""

from __future__ import annotations

import string

import pytest

from trainer.core.labels import UI_LANGUAGES, merged, render
from trainer.core.messages import REASONS, reason
from trainer.core.outcome import CALL_LABELS
from trainer.reports.labels import LABELS as REPORT_LABELS
from trainer.tui.labels import LABELS, label, what_to_do


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize(
    "table",
    [LABELS, REASONS, CALL_LABELS, REPORT_LABELS],
    ids=["app", "reasons", "call", "reports"],
)
def test_every_code_exists_in_every_language_with_the_same_parameters(table: dict) -> None:
    codes = {ui: set(table[ui]) for ui in UI_LANGUAGES}
    for ui in UI_LANGUAGES:
        assert codes[ui] == codes["en"], f"{ui}: {sorted(codes[ui] ^ codes['en'])}"
    for code in table["en"]:
        fields = {ui: _fields(table[ui][code]) for ui in UI_LANGUAGES}
        assert fields["zh"] == fields["en"], code
        assert all(table[ui][code].strip() for ui in UI_LANGUAGES), code


def test_the_app_reads_reasons_and_call_outcomes_through_its_one_lookup() -> None:
    why = reason("key_missing", 5.0, key="请讲")
    assert label("key_missing", "zh", key="请讲") == why.text("zh") == "必须说出“请讲”。"
    assert label("missed", "en", rings=3) == "Nobody picked up: the caller gave up after 3 rings."
    assert label("hint", "fr") == label("hint", "en")  # a language the app lacks: English


def test_a_code_defined_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="defined twice"):
        merged({"en": {"a": "A"}, "zh": {"a": "甲"}}, {"en": {"a": "B"}, "zh": {"a": "乙"}})
    assert render({"en": {"n": "{n} rings"}, "zh": {"n": "{n} 声"}}, "n", "zh", n=2) == "2 声"


def test_what_to_do_after_a_failure_is_in_the_interface_language() -> None:
    assert what_to_do("model", "zh") == "在安装语音模型之前，请打字回答。"
    assert what_to_do("packs", "en") == ""
