"""Every word a report shows, in English and Chinese (the pack's language, or ``--ui``)."""

from __future__ import annotations

from typing import Any

LABELS: dict[str, tuple[str, str]] = {
    "report": ("training report", "培训报告"),
    "trainee": ("Trainee: {name}", "学员：{name}"),
    "exam": ("Exam: {name}", "考试：{name}"),
    "cohort": ("Cohort: {name}", "班组：{name}"),
    "everyone": ("All trainees", "全部学员"),
    "period": ("{start} to {end}", "{start} 至 {end}"),
    "beginning": ("the beginning", "最早记录"),
    "now": ("now", "现在"),
    "generated": ("generated {when}; times in {zone}", "生成于 {when}；时间为 {zone}"),
    "calls": ("Calls", "通话"),
    "attempts": ("Attempts", "答题"),
    "mean": ("Mean score", "平均分"),
    "turns_passed": ("Turns passed", "环节通过率"),
    "calls_passed": ("Calls passed", "通话通过"),
    "of": ("{a} of {b}", "{b} 次中 {a} 次"),
    "kind_scenario": ("Scenario turns", "情景环节"),
    "kind_quiz": ("Rule quiz turns", "制度问答"),
    "kind_value": ("{mean} mean, {a} of {b} passed", "平均 {mean} 分，{b} 次中 {a} 次通过"),
    "over_time": ("Score over time", "得分趋势"),
    "pass_rate": ("Pass rate per turn", "各环节通过率"),
    "weakest": ("Weakest turns (mean score)", "最弱环节（平均分）"),
    "no_attempts": ("No attempts in this period", "此期间没有答题"),
    "pass_mark": ("pass mark {mark}", "及格分 {mark}"),
    "mean_per_day": ("mean per day", "每日平均"),
    "trainees": ("Trainees", "学员"),
    "turns": ("Turns", "环节"),
    "attempt_list": ("Attempts", "答题记录"),
    "col_trainee": ("trainee", "学员"),
    "col_cohort": ("cohort", "班组"),
    "col_calls": ("calls", "通话"),
    "col_attempts": ("attempts", "答题"),
    "col_passed": ("passed", "通过"),
    "col_pass_rate": ("pass rate %", "通过率 %"),
    "col_mean": ("mean score", "平均分"),
    "col_last": ("last attempt", "最近答题"),
    "col_turn": ("turn", "环节"),
    "col_time": ("time", "时间"),
    "col_scenario": ("scenario", "场景"),
    "col_mode": ("mode", "模式"),
    "col_score": ("score", "得分"),
    "col_override": ("override", "主管复核"),
    "col_said": ("said", "回答"),
    "col_standard": ("standard", "标准用语"),
    "practice": ("practice", "练习"),
    "exam_mode": ("exam", "考试"),
    "mock": ("mock exam", "模拟考试"),
    "yes": ("yes", "是"),
    "no": ("no", "否"),
    "override": (
        "{who}, {when}: {score} (was {scored}), “{comment}”",
        "{who}，{when}：{score} 分（原 {scored} 分），“{comment}”",
    ),  # fmt: skip
    "bar_passed": ("{turn}: {a} of {b} passed", "{turn}：{b} 次中通过 {a} 次"),
    "bar_mean": ("{turn}: mean {mean} over {n} attempt(s)", "{turn}：{n} 次答题平均 {mean} 分"),
}


def tr(key: str, ui: str = "en", **args: Any) -> str:
    en, zh = LABELS[key]
    text = zh if ui == "zh" else en
    return text.format(**args) if args else text
