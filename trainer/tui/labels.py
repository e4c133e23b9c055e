"""Every word the app shows, in English and Chinese. The interface follows the pack's language
(Chinese labels for a Chinese pack, English otherwise) unless a setting chooses one."""

from __future__ import annotations

UI_LANGUAGES = ("en", "zh")

LABELS: dict[str, dict[str, str]] = {
    # home
    "title": {"en": "Phone-script trainer", "zh": "电话用语训练"},
    "trainee": {"en": "Trainee", "zh": "学员"},
    "pack": {"en": "Pack", "zh": "用语包"},
    "scenario": {"en": "Scenario", "zh": "场景"},
    "loading": {"en": "loading…", "zh": "加载中…"},
    "no_trainees": {
        "en": "(no trainees yet: press a to add one)",
        "zh": "（还没有学员：按 a 添加）",
    },
    "practice": {"en": "Practice", "zh": "练习"},
    "exam": {"en": "Exam", "zh": "考试"},
    "review": {"en": "Review", "zh": "复核"},
    "progress": {"en": "Progress", "zh": "进度"},
    "exam_setup": {"en": "Exam setup", "zh": "考试设置"},
    "mock_exam": {
        "en": "No exam is assigned to you for this pack: a mock exam, recorded as one.",
        "zh": "你在此用语包下没有被安排考试：这是一次模拟考试，同样会被记录。",
    },
    "exam_named": {"en": "Exam: {name}", "zh": "考试：{name}"},
    "exam_scenario_missing": {
        "en": "The exam {name} names a scenario this pack does not have; ask your supervisor.",
        "zh": "考试“{name}”中的场景在此用语包中不存在，请联系主管。",
    },
    "add_trainee": {"en": "Add trainee", "zh": "添加学员"},
    # footer keys of the home screen, short enough for 80 columns
    "key_add": {"en": "Add", "zh": "添加"},
    "key_reply": {"en": "Reply", "zh": "回答"},
    "key_setup": {"en": "Setup", "zh": "设置"},
    "key_mine": {"en": "Mine", "zh": "成绩"},
    "key_language": {"en": "中文", "zh": "English"},
    "trainee_name": {"en": "Name of the new trainee", "zh": "新学员的姓名"},
    "reply_by": {"en": "Reply by", "zh": "回答方式"},
    "voice": {"en": "voice", "zh": "语音"},
    "typed": {"en": "typing", "zh": "打字"},
    "language": {"en": "Language", "zh": "界面语言"},
    "quit": {"en": "Quit", "zh": "退出"},
    "pick_trainee": {"en": "Pick or add a trainee first (a).", "zh": "请先选择或添加学员（a）。"},
    "not_ready": {
        "en": "The {what} screen is not installed in this version yet.",
        "zh": "此版本还没有“{what}”界面。",
    },
    # status line
    "model": {"en": "Speech model", "zh": "语音模型"},
    "model_loading": {"en": "loading {lang}…", "zh": "正在加载（{lang}）…"},
    "model_ready": {"en": "{name} ready", "zh": "{name} 已就绪"},
    "model_missing": {
        "en": "not installed: trainer model install {lang}  (or --from FILE.zip)",
        "zh": "未安装：trainer model install {lang}（或 --from 文件.zip）",
    },
    "mic": {"en": "Microphone", "zh": "麦克风"},
    "mic_none": {"en": "none: replies are typed", "zh": "无：请打字回答"},
    "mic_checking": {"en": "checking…", "zh": "检测中…"},
    "database": {"en": "Database", "zh": "数据库"},
    "db_ready": {"en": "ready", "zh": "正常"},
    "db_error": {"en": "unavailable", "zh": "不可用"},
    # call
    "ringing": {"en": "The phone is ringing: ring {n}", "zh": "电话响了：第 {n} 声"},
    "visitor": {"en": "A visitor walks up to the desk", "zh": "一位客人走到前台"},
    "pick_up": {"en": "Pick up", "zh": "接听"},
    "picked_up": {"en": "Picked up on ring {n}", "zh": "第 {n} 声接听"},
    "caller": {"en": "Caller", "zh": "来电者"},
    "you": {"en": "You", "zh": "你"},
    "your_turn": {"en": "Your turn: speak now", "zh": "请回答（说话）"},
    "type_turn": {"en": "Your turn: type the reply and press Enter", "zh": "请输入回答，按回车"},
    "listening": {"en": "Listening…", "zh": "正在听…"},
    "listen": {"en": "Listen…", "zh": "请听…"},
    "scoring": {"en": "Heard you: scoring…", "zh": "已听到，正在评分…"},
    "model_wait": {
        "en": "Loading the speech model… (t: type instead)",
        "zh": "正在加载语音模型……（按 t 改为打字）",
    },
    "not_saved": {
        "en": "The database is unavailable: this call is not saved.",
        "zh": "数据库不可用：本次通话不会保存。",
    },
    "typed_now": {"en": "Replies are typed from now on.", "zh": "现在改为打字回答。"},
    "hint": {"en": "Hint", "zh": "提示"},
    "model_answer": {"en": "Hear answer", "zh": "听标准答案"},
    "retry": {"en": "Retry", "zh": "重说"},
    "next": {"en": "Next", "zh": "继续"},
    "type": {"en": "Type / speak", "zh": "打字/语音"},
    "hang_up": {"en": "Leave call", "zh": "结束通话"},
    "standard": {"en": "Standard phrase", "zh": "标准用语"},
    "recorded": {
        "en": "Recorded. The exam goes on; results come from your supervisor.",
        "zh": "已记录。考试继续，成绩由主管公布。",
    },
    "saved": {"en": "saved", "zh": "已保存"},
    "pass": {"en": "PASS", "zh": "通过"},
    "fail": {"en": "FAIL", "zh": "未通过"},
    "score": {"en": "Score", "zh": "得分"},
    "completeness": {"en": "Completeness", "zh": "完整度"},
    "accuracy": {"en": "Accuracy", "zh": "准确度"},
    "fluency": {"en": "Fluency", "zh": "流利度"},
    "answer_ring": {"en": "Answered on ring", "zh": "接听响声"},
    "delay": {"en": "Response delay", "zh": "应答延迟"},
    "diff_legend": {
        "en": "[b]legend[/]  [$error]missing[/]  [$warning]extra[/]  [$accent]wrong[/]",
        "zh": "[b]图例[/]  [$error]漏说[/]  [$warning]多说[/]  [$accent]说错[/]",
    },
    "no_speaker": {
        "en": "No speaker: caller lines are shown as subtitles only.",
        "zh": "没有扬声器：来电者的话只显示字幕。",
    },
    # results
    "results": {"en": "Results", "zh": "成绩"},
    "total": {"en": "Total", "zh": "总分"},
    "pass_mark": {"en": "pass mark", "zh": "及格线"},
    "turn": {"en": "Turn", "zh": "环节"},
    "tries": {"en": "Tries", "zh": "次数"},
    "reasons": {"en": "Reasons", "zh": "原因"},
    "practise_next": {"en": "Practise next", "zh": "接下来练习"},
    "nothing_to_practise": {"en": "Nothing: every turn was perfect.", "zh": "无：每个环节都满分。"},
    "drill": {"en": "Drill weakest", "zh": "专项练习"},
    "again": {"en": "Call again", "zh": "再来一次"},
    "home": {"en": "Home", "zh": "首页"},
    "exam_locked": {
        "en": "Exam recorded: {n} turns. Your supervisor releases the results.",
        "zh": "考试已记录：共 {n} 个环节。成绩由主管公布。",
    },
    "ended_missed": {"en": "Missed call", "zh": "未接来电"},
    "ended_hung_up": {"en": "The caller hung up", "zh": "对方挂断"},
    # errors
    "error": {"en": "Something went wrong", "zh": "出错了"},
    "error_keeps_running": {
        "en": "The app keeps running. {what}",
        "zh": "程序仍在运行。{what}",
    },
    "ok": {"en": "OK", "zh": "好的"},
}

WHAT_TO_DO: dict[str, dict[str, str]] = {
    "model": {
        "en": "Replies are typed until a speech model is installed.",
        "zh": "在安装语音模型之前，请打字回答。",
    },
    "capture": {
        "en": "Type the reply instead, or press t to try the microphone again.",
        "zh": "请改为打字回答，或按 t 重新使用麦克风。",
    },
    "db": {
        "en": "This call is not being saved; close other programs using the database and try again.",
        "zh": "本次通话未能保存；请关闭占用数据库的其他程序后再试。",
    },
    "mic": {"en": "Replies are typed.", "zh": "请打字回答。"},
}


def ui_for(pack_language: str | None, setting: str | None = None) -> str:
    """The interface language: the setting when given, else Chinese for a Chinese pack."""
    if setting in UI_LANGUAGES:
        return setting
    return "zh" if pack_language == "zh" else "en"


def t(key: str, ui: str, **args: object) -> str:
    texts = LABELS[key]
    text = texts.get(ui, texts["en"])
    return text.format(**args) if args else text


def what_to_do(group: str, ui: str) -> str:
    texts = WHAT_TO_DO.get(group)
    return texts.get(ui, texts["en"]) if texts else ""
