"""Reports from a filled database: CSV, XLSX (opened with openpyxl), and HTML rendered by
headless Chromium (DOM and screenshot; skips, saying why, when Chromium is absent)."""

from __future__ import annotations

import csv
import random
import shutil
import struct
import subprocess
import zlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from tests.storage_support import FakePack
from trainer.core.scoring import score_expected
from trainer.reports import Scope, collect, write_report
from trainer.storage import Repository, open_repository
from trainer.storage.schema import attempts, calls

TURNS = [
    ("phone.answer", "您好，宇和物业客户服务中心，请讲"),
    ("phone.hold", "请稍候，我去叫他"),
    ("phone.close", "感谢您的来电，再见"),
]
PEOPLE = [("Kim Minji", "2026-11"), ("Lee Minho", "2026-11"), ("Park Jisoo", "2026-12")]
DAYS = 5


@pytest.fixture
def repo(tmp_path: Path) -> Repository:
    """Three trainees, five calls each on different days in November, an exam, an override."""
    repo = open_repository(f"sqlite:///{tmp_path / 'r.sqlite3'}", recordings_dir=tmp_path / "rec")
    rng = random.Random(3)
    repo.add_supervisor("Choi", "246813")
    boss = repo.verify_supervisor("Choi", "246813")
    for name, cohort in PEOPLE:
        repo.add_trainee(name, cohort=cohort)
    exam = repo.create_exam("November final", pack=FakePack(), scenarios=["transfer"],
                            pass_mark=85, trainee_names=["Kim Minji"], supervisor=boss)  # fmt: skip
    for name, _ in PEOPLE:
        trainee = repo.trainee(name)
        for day in range(DAYS):
            is_exam = name == "Kim Minji" and day == DAYS - 1
            call_id = repo.start_call(trainee.id, pack=FakePack(), scenario_id="transfer",
                                      mode="exam" if is_exam else "practice",
                                      exam_id=exam.id if is_exam else None)  # fmt: skip
            for step, (turn, expected) in enumerate(TURNS):
                reply = expected if rng.random() < 0.6 else expected[: len(expected) // 2]
                verdict = score_expected(reply, expected, "zh")
                repo.record_attempt(call_id, turn_id=turn, step_index=step, transcript=reply,
                                    verdict=verdict)  # fmt: skip
            when = datetime(2026, 11, 2 + 6 * day, 9, 30, tzinfo=UTC)
            with repo.db.engine.begin() as conn:
                conn.execute(update(calls).where(calls.c.id == call_id).values(started_at=when))
                conn.execute(
                    update(attempts).where(attempts.c.call_id == call_id).values(created_at=when)
                )
    repo.override(1, boss, score=99, comment="the recording clipped the greeting")
    yield repo
    repo.close()


def test_csv_has_one_row_per_attempt(repo: Repository, tmp_path: Path) -> None:
    out = write_report(collect(repo, Scope(cohort="*")), "csv", tmp_path / "all.csv")
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(PEOPLE) * DAYS * len(TURNS)
    first = rows[0]
    assert (first["attempt"], first["score"], first["overridden"]) == ("1", "99.0", "yes")
    assert first["standard text"] == TURNS[0][1] and first["time (UTC)"].endswith("+00:00")
    assert {r["kind"] for r in rows} == {"scenario"}  # the pack has no rule-quiz turns


def test_xlsx_opens_with_openpyxl_and_has_the_rows(repo: Repository, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    scope = Scope(cohort="2026-11", since=datetime(2026, 11, 10, tzinfo=UTC))
    out = write_report(collect(repo, scope), "xlsx", tmp_path / "cohort.xlsx")
    book = load_workbook(out)
    assert book.sheetnames == ["Summary", "Turns", "Trainees", "Attempts", "Calls"]
    rows = list(book["Attempts"].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    # two trainees of the cohort, the calls from the 14th, 20th and 26th
    assert len(body) == 2 * 3 * len(TURNS)
    assert {r[header.index("trainee")] for r in body} == {"Kim Minji", "Lee Minho"}
    assert min(r[header.index("time (UTC)")] for r in body) == datetime(2026, 11, 14, 9, 30)
    summary = {r[0]: r[1] for r in book["Summary"].iter_rows(values_only=True)}
    assert summary["Attempts"] == len(body) and summary["Report"] == "Cohort: 2026-11"
    assert summary["kind"] == "attempts" and summary["scenario"] == len(body)  # one kind only
    assert "rule quiz" not in summary
    turns = list(book["Turns"].iter_rows(values_only=True))[1:]
    assert [t[0] for t in turns] == [t for t, _ in TURNS]
    assert sum(t[1] for t in turns) == len(body)


def test_the_date_range_and_exam_filters_choose_the_rows(repo: Repository) -> None:
    week = collect(repo, Scope(trainee="Park Jisoo", since=datetime(2026, 11, 8, tzinfo=UTC),
                               until=datetime(2026, 11, 15, tzinfo=UTC)))  # fmt: skip
    assert len(week.calls) == 2 and len(week.attempts) == 2 * len(TURNS)
    exam = collect(repo, Scope(exam="November final"))
    assert [c["trainee"] for c in exam.calls] == ["Kim Minji"] and exam.pass_mark == 85


def test_the_html_page_is_self_contained(repo: Repository, tmp_path: Path) -> None:
    page = write_report(collect(repo, Scope(exam="November final")), "html", tmp_path / "x.html")
    text = page.read_text(encoding="utf-8")
    for outside in ("<script", "<link", " src=", "@import", "url("):
        assert outside not in text
    assert text.replace('xmlns="http://www.w3.org/2000/svg"', "").count("http") == 0
    assert 'class="pass-mark"' in text and "pass mark 85" in text  # the exam's pass mark


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    pytest.skip("headless Chromium is not installed (Debian package chromium)")


def _run_chromium(tmp_path: Path, page: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    cmd = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--no-first-run", f"--user-data-dir={profile}", "--window-size=1000,1500", *args,
           page.as_uri()]  # fmt: skip
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=True)


def _png_pixels(path: Path) -> tuple[int, int, list[bytes]]:
    """Decode an 8-bit RGB/RGBA, non-interlaced PNG (what Chromium writes): rows of pixels."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and color in (2, 6) and interlace == 0
            bpp = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw, stride, rows, prev = zlib.decompress(idat), width * bpp, [], bytearray(width * bpp)
    for y in range(height):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(b"".join(bytes(line[j : j + 3]) for j in range(0, stride, bpp)))
        prev = line
    return width, height, rows


def test_chromium_renders_the_charts(repo: Repository, tmp_path: Path) -> None:
    data = collect(repo, Scope(cohort="*"))
    page = write_report(data, "html", tmp_path / "report.html")
    dom = _run_chromium(tmp_path, page, "--dump-dom").stdout
    for chart in ("chart-score-over-time", "chart-pass-rate", "chart-weakest"):
        assert f'<svg id="{chart}"' in dom
    assert dom.count('class="point"') == len(PEOPLE) * DAYS  # one point per call
    assert dom.count('class="bar"') == 2 * len(TURNS)  # pass rate + weakest, per turn

    shot = tmp_path / "report.png"
    _run_chromium(tmp_path, page, f"--screenshot={shot}")
    width, height, rows = _png_pixels(shot)
    assert (width, height) == (1000, 1500)
    counts: dict[bytes, int] = {}
    for row in rows:
        for i in range(0, len(row), 3):
            counts[row[i : i + 3]] = counts.get(row[i : i + 3], 0) + 1
    drawn = width * height - counts.get(b"\xff\xff\xff", 0)
    assert drawn > 0.01 * width * height, "the screenshot is blank"
    for name, rgb in (("line", "2563eb"), ("pass-rate bars", "16a34a"), ("weakest bars", "dc2626")):
        assert counts.get(bytes.fromhex(rgb), 0) > 300, f"no {name} drawn in the screenshot"


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    with open_repository(f"sqlite:///{tmp_path / 'f.sqlite3'}", recordings_dir=tmp_path) as repo:
        trainee = repo.add_trainee('=HYPERLINK("http://example.com","x")')
        call_id = repo.start_call(trainee.id, pack=FakePack(), scenario_id="transfer")
        repo.record_attempt(call_id, turn_id="phone.answer", step_index=0, transcript="=1+1",
                            verdict=score_expected("=1+1", "您好", "zh"))  # fmt: skip
        data = collect(repo, Scope(cohort="*"))
    book = load_workbook(write_report(data, "xlsx", tmp_path / "f.xlsx"))
    sheet = book["Attempts"]
    header = [c.value for c in sheet[1]]
    said = sheet.cell(2, header.index("what was said") + 1)
    assert (said.value, said.data_type) == ("=1+1", "s")
    with open(write_report(data, "csv", tmp_path / "f.csv"), encoding="utf-8-sig") as fh:
        row = list(csv.DictReader(fh))[0]
    assert row["what was said"] == "'=1+1" and row["trainee"].startswith("'=HYPERLINK")


def test_bars_are_coloured_by_pass_and_fail_and_one_day_is_dated_once() -> None:
    from datetime import UTC, datetime, timedelta

    from trainer.reports import svg

    bars = svg.horizontal_bars(
        "w", "weakest", [("a", 100.0, ""), ("b", 79.0, ""), ("c", 80.0, "")], maximum=100,
        passing=80,
    )  # fmt: skip
    import re

    fills = re.findall(r'class="bar"[^>]*fill="(#[0-9a-f]+)"', bars)
    assert fills == [svg.GREEN, svg.RED, svg.GREEN]
    day = datetime(2026, 11, 2, 9, tzinfo=UTC)
    one_day = svg.score_over_time({"Kim": [(day, 50.0), (day + timedelta(hours=3), 90.0)]})
    assert one_day.count('class="date"') == 1 and one_day.count("2026-11-02") == 3  # 1 + tips
    week = svg.score_over_time({"Kim": [(day, 50.0), (day + timedelta(days=6), 90.0)]})
    dates = [p.split(">")[1].split("<")[0] for p in week.split('class="date"')[1:]]
    assert dates == ["2026-11-02", "2026-11-05", "2026-11-08"]


def test_csv_in_chinese_names_the_zone_the_mode_and_the_override(
    repo: Repository, tmp_path: Path
) -> None:
    from zoneinfo import ZoneInfo

    from trainer.supervision import Supervision

    data = Supervision(repo).report_data(Scope(cohort="*"))  # a Chinese pack: Chinese
    data.tz = ZoneInfo("Asia/Shanghai")
    out = write_report(data, "csv", tmp_path / "all.csv")
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    first = rows[0]
    assert first["时间 (CST)"].endswith("+08:00") and first["时间 (CST)"][11:13] == "17"
    assert first["已复核"] == "是" and first["模式"] in ("练习", "考试")
    assert first["类别"] == "情景"  # the turn's kind, in Chinese too
    assert "Choi" in first["主管复核（人、时间、理由）"]
    assert "the recording clipped the greeting" in first["主管复核（人、时间、理由）"]
    assert all(not r["主管复核（人、时间、理由）"] for r in rows[1:] if r["已复核"] == "否")


def test_the_zone_named_is_the_one_the_reported_times_were_in() -> None:
    from zoneinfo import ZoneInfo

    from trainer.reports.data import ReportData, Scope

    def at(month: int) -> dict[str, Any]:
        return {"created_at": datetime(2026, month, 2, 9, tzinfo=UTC), "turn": "a"}

    berlin = ZoneInfo("Europe/Berlin")
    winter = datetime(2026, 12, 1, tzinfo=UTC)
    summer = ReportData(Scope(cohort="*"), [at(7)], [], tz=berlin, generated_at=winter)
    assert summer.zone() == "CEST"  # July's times, though the report is made in December
    both = ReportData(Scope(cohort="*"), [at(7), at(11)], [], tz=berlin, generated_at=winter)
    assert both.zone() == "CEST/CET"
    empty = ReportData(Scope(cohort="*"), [], [], tz=berlin, generated_at=winter)
    assert empty.zone() == "CET"


def test_a_drill_is_named_by_the_scenario_it_drills() -> None:
    from trainer.reports.data import ReportData, Scope

    data = ReportData(Scope(cohort="*"), [], [], titles={"transfer": "来电找人"}, ui="zh")
    assert data.title_of("drill:transfer") == "专项练习：来电找人"  # not the raw id
    assert data.title_of("transfer") == "来电找人"
