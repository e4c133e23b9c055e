"""Every word the supervisor screens show (review, attempt, my results, progress, exam
setup), in English and Chinese. The language is the app's ``ui`` (which follows the pack or
a setting); English when the app has none."""

from __future__ import annotations

from typing import Any

LABELS: dict[str, tuple[str, str]] = {
    # shared
    "back": ("Back", "返回"),
    "refresh": ("Refresh", "刷新"),
    "cancel": ("Cancel", "取消"),
    "save": ("Save", "保存"),
    "send": ("Send", "发送"),
    "loading": ("Loading…", "加载中…"),
    "saving": ("Saving…", "正在保存…"),
    "failed": ("Failed", "失败"),
    "signed_in": ("Signed in as {name}", "已登录：{name}"),
    "pass": ("pass", "通过"),
    "fail": ("fail", "未通过"),
    "passed": ("passed", "通过"),
    "failed_result": ("failed", "未通过"),
    "practice": ("practice", "练习"),
    "exam": ("exam", "考试"),
    "disputed": ("disputed", "有异议"),
    "resolved": ("resolved", "已处理"),
    "acknowledged": ("acknowledged", "已确认"),
    "col_when": ("When", "时间"),
    "col_trainee": ("Trainee", "学员"),
    "col_pack": ("Pack", "用语包"),
    "col_scenario": ("Scenario", "场景"),
    "col_turn": ("Turn", "环节"),
    "col_mode": ("Mode", "模式"),
    "col_score": ("Score", "得分"),
    "col_result": ("Result", "结果"),
    "col_status": ("Status", "状态"),
    # PIN
    "pin_title": ("Supervisor sign-in", "主管登录"),
    "pin_name": ("Supervisor name", "主管姓名"),
    "pin_code": ("PIN", "密码"),
    "pin_ok": ("Sign in", "登录"),
    "pin_empty": ("Enter your name and PIN.", "请输入姓名和密码。"),
    "pin_checking": ("Checking…", "正在验证…"),
    "pin_wrong": ("Wrong supervisor name or PIN.", "主管姓名或密码错误。"),
    "pin_new": (
        "New supervisor? On the command line: trainer supervisor add NAME",
        "新主管请在命令行添加：trainer supervisor add 姓名",
    ),
    # review list
    "review_title": ("Review attempts", "复核答题记录"),
    "all_trainees": ("All trainees", "全部学员"),
    "from_day": ("From YYYY-MM-DD", "起始 YYYY-MM-DD"),
    "to_day": ("To YYYY-MM-DD", "截止 YYYY-MM-DD"),
    "all_packs": ("All packs", "全部用语包"),
    "all_scenarios": ("All scenarios", "全部场景"),
    "any_outcome": ("Any outcome", "全部结果"),
    "only_passed": ("Passed", "通过"),
    "only_failed": ("Failed", "未通过"),
    "only_disputed": ("Disputed", "有异议"),
    "was": ("{score} (was {scored})", "{score}（原 {scored}）"),
    "review_status": (
        "{n} attempt(s), {disputed} disputed. Enter opens one.",
        "共 {n} 条，{disputed} 条有异议。按回车查看。",
    ),
    "bad_day": ("Dates are written YYYY-MM-DD.", "日期格式：YYYY-MM-DD。"),
    # one attempt
    "attempt": ("Attempt {id}", "答题记录 {id}"),
    "score_line": ("Score {score} ({result})", "得分 {score}（{result}）"),
    "scored_line": (", scored {score} ({result})", "，系统评分 {score}（{result}）"),
    "dispute_open": ("Disputed by the trainee: {reason}", "学员提出异议：{reason}"),
    "dispute_resolved": ("Dispute resolved.", "异议已处理。"),
    "ack_line": ("Acknowledged by the trainee.", "学员已确认。"),
    "sec_expected": ("Standard phrase", "标准用语"),
    "sec_said": ("What was said", "实际回答"),
    "sec_diff": ("Against the phrase", "对照标准用语"),
    "sec_breakdown": ("Breakdown", "评分明细"),
    "sec_reviews": ("Reviews", "复核记录"),
    "nothing_said": ("(nothing)", "（无）"),
    "completeness": ("completeness {v}", "完整度 {v}"),
    "accuracy": ("accuracy {v}", "准确度 {v}"),
    "fluency": ("fluency {v}", "流利度 {v}"),
    "no_recording_line": ("No recording (typed reply).", "没有录音（打字回答）。"),
    "not_reviewed": ("Not reviewed.", "尚未复核。"),
    "key_replay": ("Replay", "回放"),
    "key_stop": ("Stop", "停止"),
    "key_override": ("Override / resolve", "改分 / 处理异议"),
    "no_recording": ("This attempt has no recording.", "这条记录没有录音。"),
    "no_player": ("No speaker is set up for replay.", "没有可用于回放的扬声器。"),
    "override_saved": ("Saved: score {score} by {name}.", "已保存：{name} 评为 {score} 分。"),
    "override_title": ("Override the score", "修改分数"),
    "override_dispute": ("Trainee's dispute: {reason}", "学员异议：{reason}"),
    "override_hint": (
        "Keep the score to turn the dispute down, or change it: the comment is kept either way.",
        "保留原分即驳回异议，也可以改分；两种情况都会保存说明。",
    ),
    "override_score": ("Score 0-100", "分数 0-100"),
    "override_comment": ("Comment (required): why", "说明（必填）：原因"),
    "score_range": ("The score is a number from 0 to 100.", "分数须为 0 到 100 的数字。"),
    "comment_needed": (
        "Say why in the comment: it is kept with the override.",
        "请填写原因：它会与改分一起保存。",
    ),
    # a trainee's own results
    "my_results_title": ("My results: {name}", "我的成绩：{name}"),
    "reviewed": ("{score} (reviewed)", "{score}（已复核）"),
    "my_results_status": (
        "{n} result(s). a acknowledges the highlighted one, d disputes it.",
        "共 {n} 条。按 a 确认所选成绩，按 d 提出异议。",
    ),
    "no_results": ("No results yet.", "还没有成绩。"),
    "key_ack": ("Acknowledge", "确认"),
    "key_dispute": ("Dispute", "异议"),
    "dispute_title": ("Dispute: {what}", "提出异议：{what}"),
    "dispute_what": ("{scenario} / {turn}, score {score}", "{scenario} / {turn}，{score} 分"),
    "dispute_reason": ("Why is this result wrong?", "为什么这个成绩不对？"),
    "dispute_needs_reason": ("Give a reason for the supervisor.", "请写下给主管的理由。"),
    "dispute_sent": ("Dispute sent to your supervisor.", "异议已提交给主管。"),
    "ack_sent": ("Acknowledged.", "已确认。"),
    # progress
    "progress_title": ("Progress: {name}", "进度：{name}"),
    "cohort_title": ("Cohort progress", "学员进度总览"),
    "all_cohorts": ("All cohorts", "全部批次"),
    "weakest": ("Weakest turns", "最需练习的环节"),
    "col_attempts": ("Attempts", "次数"),
    "col_average": ("Average", "平均分"),
    "col_failed": ("Failed", "未通过"),
    "col_cohort": ("Cohort", "批次"),
    "col_passed": ("Passed", "通过"),
    "col_weighted": ("Weighted", "加权分"),
    "col_tier": ("Tier", "等级"),
    "col_latest": ("Latest", "最近"),
    "gold": ("Gold", "金牌"),
    "silver": ("Silver", "银牌"),
    "bronze": ("Bronze", "铜牌"),
    "no_tier": ("No tier yet", "暂无等级"),
    "no_scores": ("No scored attempts yet: 50 earns bronze.", "还没有成绩：50 分可得铜牌。"),
    "tier_line": (
        "{tier}: weighted score {score} over {n} attempt(s)",
        "{tier}：{n} 次答题加权得分 {score}",
    ),
    "to_next": ("; {points} more for {tier}", "，再提高 {points} 分可得{tier}"),
    "recent_most": (". Recent attempts count most.", "。越近的成绩权重越大。"),
    "chart_empty": ("No scored attempts yet.", "还没有成绩。"),
    "chart_note": (
        "Scores oldest first, one bar per attempt (after any supervisor review).",
        "按时间先后排列，每次答题一条（已计入主管复核）。",
    ),
    "cohort_status": (
        "{n} trainee(s). Enter opens one; k moves one to another cohort.",
        "共 {n} 名学员。按回车查看，按 k 调整班组。",
    ),
    # exam setup
    "exam_title": ("New exam: {title} ({id})", "新建考试：{title}（{id}）"),
    "exam_name": ("Exam name", "考试名称"),
    "exam_mark": ("Pass mark 0-100", "及格分 0-100"),
    "exam_scenarios": ("Scenarios (space toggles)", "场景（空格键选择）"),
    "exam_trainees": ("Assign to trainees", "分配给学员"),
    "exam_create": ("Create exam", "创建考试"),
    "exam_need_name": ("Name the exam.", "请填写考试名称。"),
    "exam_mark_range": ("The pass mark is a number from 0 to 100.", "及格分须为 0 到 100 的数字。"),
    "exam_need_scenario": ("Choose at least one scenario.", "请至少选择一个场景。"),
    "exam_saved": (
        "Saved exam “{name}”: {n} scenario(s), pass mark {mark}, assigned to {who}.",
        "已保存考试“{name}”：{n} 个场景，及格分 {mark}，分配给 {who}。",
    ),
    "nobody": ("nobody yet", "暂未分配"),
    "exam_saved_notify": ("Exam “{name}” saved.", "考试“{name}”已保存。"),
    # exams as a manager runs them, cohorts, sign-in, the training room
    "fail_late": ("fail (late pick-up)", "未通过（接听过晚）"),
    "mock": ("mock exam", "模拟考试"),
    "pin_locked": (
        "Too many wrong PINs: this supervisor is locked for {minutes} minute(s).",
        "密码错误次数过多：该主管已被锁定 {minutes} 分钟。",
    ),
    "pin_change_title": ("Choose a new PIN", "请设置新密码"),
    "pin_change_why": (
        "Your PIN is shorter than PINs must now be (6 digits or more). Choose a new one to go on.",
        "你的密码短于现行要求（至少 6 位数字），请设置新密码后继续。",
    ),
    "pin_new_code": ("New PIN", "新密码"),
    "pin_new_again": ("New PIN again", "再次输入新密码"),
    "pin_mismatch": ("The two PINs differ.", "两次输入的密码不一致。"),
    "pin_changed": ("PIN changed.", "密码已修改。"),
    "exam_unreleased": (
        "{n} exam result(s) wait for the supervisor to release them.",
        "{n} 项考试成绩待主管发布。",
    ),
    "exam_edit_title": ("Edit exam: {name}", "编辑考试：{name}"),
    "exam_due": ("Due YYYY-MM-DD (optional)", "截止日期 YYYY-MM-DD（可选）"),
    "exam_limit": ("Sittings allowed (empty: no limit)", "允许考试次数（留空：不限）"),
    "exam_cohorts": ("Assign to cohorts", "分配给班组"),
    "exam_assigned": ("Assigned: {who}", "已分配：{who}"),
    "exam_bad_due": ("The due date is YYYY-MM-DD.", "截止日期格式为 YYYY-MM-DD。"),
    "exam_bad_limit": (
        "Sittings allowed is a whole number from 1.",
        "允许考试次数须为不小于 1 的整数。",
    ),
    "exam_name_taken": ("There is already an exam called “{name}”.", "已有名为“{name}”的考试。"),
    "exams_title": ("Exams", "考试列表"),
    "col_exam": ("Exam", "考试"),
    "col_due": ("Due", "截止"),
    "col_sittings": ("Sittings", "考试次数"),
    "col_assigned": ("Assigned", "分配对象"),
    "col_state": ("State", "状态"),
    "col_sat": ("Sat", "已考"),
    "col_overdue": ("Overdue", "逾期"),
    "col_in_call": ("In call", "通话中"),
    "col_turns": ("Turns passed", "通过环节"),
    "state_open": ("open", "进行中"),
    "state_closed": ("closed", "已关闭"),
    "state_released": ("released", "已发布"),
    "no_limit": ("no limit", "不限"),
    "yes": ("yes", "是"),
    "no": ("no", "否"),
    "exams_status": (
        "{n} exam(s). n new · Enter edit · d duplicate · c close/reopen · r release · o completion",
        "{n} 场考试。n 新建 · 回车 编辑 · d 复制 · c 关闭/重开 · r 发布成绩 · o 完成情况",
    ),
    "exam_copy_name": ("Name of the copy", "副本名称"),
    "exam_released": (
        "Results of “{name}” released to trainees.",
        "考试“{name}”的成绩已向学员发布。",
    ),
    "exam_closed": ("Exam “{name}” closed.", "考试“{name}”已关闭。"),
    "exam_reopened": ("Exam “{name}” open again.", "考试“{name}”已重新开放。"),
    "completion_title": ("Completion: {name}", "完成情况：{name}"),
    "completion_status": (
        "{sat} of {n} sat it, {passed} passed, {overdue} overdue.",
        "{n} 人中 {sat} 人已考，{passed} 人通过，{overdue} 人逾期。",
    ),
    "room_title": ("Training room", "培训室"),
    "room_status": (
        "{n} trainee(s) today, {busy} in a call now. Refreshes every {s} s.",
        "今日 {n} 名学员，{busy} 人正在通话。每 {s} 秒刷新。",
    ),
    "cohort_set": ("Cohort of {name}", "{name} 的班组"),
    "cohort_saved": ("{name} is now in cohort {cohort}.", "{name} 已调入班组 {cohort}。"),
    "key_new": ("New", "新建"),
    "key_edit": ("Edit", "编辑"),
    "key_duplicate": ("Duplicate", "复制"),
    "key_close": ("Close/reopen", "关闭/重开"),
    "key_release": ("Release results", "发布成绩"),
    "key_completion": ("Completion", "完成情况"),
    "key_cohort": ("Set cohort", "设置班组"),
    "leaderboard_off": (
        "Standings by name (the leaderboard is off).",
        "按姓名排列（排行榜已关闭）。",
    ),
}


def t(key: str, ui: str = "en", **args: Any) -> str:
    en, zh = LABELS[key]
    text = zh if ui == "zh" else en
    return text.format(**args) if args else text


def ui_of(app: Any) -> str:
    """The app's interface language (``app.ui``), English when it has none."""
    ui = getattr(app, "ui", "en")
    return ui if ui in ("en", "zh") else "en"


# action -> label key, for the footer
ACTION_LABELS = {
    "close": "back",
    "cancel": "cancel",
    "reload": "refresh",
    "disputed": "only_disputed",
    "play": "key_replay",
    "stop": "key_stop",
    "override": "key_override",
    "acknowledge": "key_ack",
    "dispute": "key_dispute",
    "save": "exam_create",
    "new": "key_new",
    "edit": "key_edit",
    "duplicate": "key_duplicate",
    "close_exam": "key_close",
    "release": "key_release",
    "completion": "key_completion",
    "set_cohort": "key_cohort",
}


def localize_bindings(node: Any, ui: str) -> None:
    """Footer labels of ``node``'s bindings in ``ui`` (the keys stay the same)."""
    import dataclasses

    table = node._bindings.key_to_bindings
    for key, bound in table.items():
        table[key] = [
            dataclasses.replace(b, description=t(ACTION_LABELS[b.action], ui))
            if b.action in ACTION_LABELS
            else b
            for b in bound
        ]
    node.refresh_bindings()
