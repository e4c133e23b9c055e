"""Which command lines open the app (and so start the speech model before anything else)."""

from __future__ import annotations

import pytest

from trainer.start import opens_app


@pytest.mark.parametrize(
    ("args", "app"),
    [
        ([], True),
        (["app"], True),
        (["--db", "sqlite:///x.db"], True),
        (["--db=sqlite:///x.db", "app"], True),
        (["--help"], False),
        (["pack", "list"], False),
        (["--db", "sqlite:///x.db", "report", "--out", "r.csv"], False),
        (["score-text", "--lang", "zh"], False),
    ],
)
def test_only_the_app_starts_the_model_early(args: list[str], app: bool) -> None:
    assert opens_app(args) is app
