"""The real app in tmux plays a branching call: a reply that offers no message brings the
caller's "那我怎么联系她？", the second chance is taken, and the results screen shows the path."""

from __future__ import annotations

import time
from pathlib import Path

from tests.tui.test_tmux import Tmux, pytestmark  # noqa: F401  (skips without tmux)

REPLIES = [
    ("您好！宇和物业管理客户服务中心，请讲。", "通过"),
    ("对不起！她不在座位上。", "未通过"),  # no message offered: the caller asks how to reach her
    ("对不起！她不在座位上，您是否需要留言或传话？", "通过"),
    ("好！知道了。", "通过"),
]


def test_a_branching_call_in_a_real_terminal_shows_its_path(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    term = Tmux(home)
    try:
        term.wait_for("property-zh")
        term.keys("BTab")  # from the scenarios to the packs
        time.sleep(1.0)  # the pack list takes focus and shows its highlighted pack
        while "要找的人不在座位上" not in term.screen():
            term.keys("Down")
            time.sleep(0.3)
        term.keys("Tab")
        term.keys("Down")  # the second scenario: 要找的人不在座位上
        time.sleep(0.3)
        term.keys("p")
        assert "要找的人不在座位上" in term.wait_for("电话响了")  # the call's title
        term.keys("Space")
        for n, (reply, mark) in enumerate(REPLIES):
            term.wait_for("请输入回答")
            if n == 2:
                assert "那我怎么联系她？" in term.screen()
            term.keys(reply, literal=True)
            term.keys("Enter")
            shown = term.wait_for("得分")
            assert mark in shown, shown
            term.keys("n")
        shown = term.wait_for("总分")
        path = next(line for line in shown.splitlines() if "通话路径" in line)
        assert "接听来电 → 要找的人不在 ✗ → 再给一次机会：提出留言或传话 → 听清客人要求" in path
    finally:
        term.close()
