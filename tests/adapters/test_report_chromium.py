"""The Chinese HTML report in real headless Chromium: its Chinese glyphs render as text, not as
the boxes a browser draws when no font has them. Each of several distinct characters of the
report's heading is drawn in its own cell with the report's own fonts; a screenshot must show
ink in every cell and a different shape in each (boxes would all look alike)."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from tests.exam_support import set_up, sit
from tests.tui.supervision_support import open_repo
from trainer.reports import Scope, write_report
from trainer.supervision import Supervision

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars"]  # fmt: skip
CELL = 64


def read_png(path: Path) -> np.ndarray:
    """A PNG (8-bit RGB or RGBA, not interlaced) as a (height, width, channels) array."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        (size,), kind = struct.unpack(">I", data[pos : pos + 4]), data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + size]
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and color in (2, 6) and body[12] == 0
            bpp = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + size
    raw = zlib.decompress(idat)
    stride = width * bpp
    out = np.zeros((height, stride), dtype=np.int32)
    prev = np.zeros(stride, dtype=np.int32)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = np.frombuffer(raw, np.uint8, stride, y * (stride + 1) + 1).astype(np.int32)
        if f == 0:
            cur = line
        elif f == 2:
            cur = (line + prev) & 255
        else:  # sub, average, paeth: byte by byte (they depend on the byte to the left)
            cur = np.zeros(stride, dtype=np.int32)
            for i in range(stride):
                a = cur[i - bpp] if i >= bpp else 0
                b, c = prev[i], prev[i - bpp] if i >= bpp else 0
                if f == 1:
                    pred = a
                elif f == 3:
                    pred = (a + b) // 2
                else:
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                cur[i] = (line[i] + pred) & 255
        out[y], prev = cur, cur
    return out.reshape(height, width, bpp)


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium (apt-get install chromium)")
def test_the_chinese_report_renders_its_glyphs_in_headless_chromium(tmp_path: Path) -> None:
    repo = open_repo()
    service = Supervision(repo)
    _, exam = set_up(service)
    sit(service, "Kim Minji", exam)
    data = service.report_data(Scope(exam=exam.name), ui="zh")
    data.generated_at = datetime(2026, 11, 30, 9, tzinfo=UTC)
    page = write_report(data, "html", tmp_path / "report.html").read_text(encoding="utf-8")
    repo.close()
    assert "<h1>考试：十一月考核</h1>" in page
    glyphs = "考试十一月核"  # distinct characters of the heading
    probe = "".join(
        f'<div style="position:absolute;top:0;left:{i * CELL}px;width:{CELL}px;'
        f"height:{CELL}px;font-size:{CELL - 16}px;line-height:{CELL}px;text-align:center;"
        f'background:#fff;color:#000;z-index:9">{g}</div>'
        for i, g in enumerate(glyphs)
    )
    probed = tmp_path / "probe.html"
    probed.write_text(page.replace("</body>", probe + "</body>"), encoding="utf-8")
    ink, alike = glyph_cells(probed, tmp_path / "cjk")
    assert min(ink) > 60, f"a glyph drew (almost) nothing: {ink}"
    assert not alike, f"glyphs that look alike (boxes?): {alike}"

    # The control: with only a Latin font, the same page draws boxes, and the check says so.
    latin = Path("/usr/share/fonts/truetype/dejavu")
    if latin.is_dir():
        conf = tmp_path / "fonts.conf"
        conf.write_text(
            f'<?xml version="1.0"?><fontconfig><dir>{latin}</dir>'
            f"<cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>"
        )
        _, boxes = glyph_cells(probed, tmp_path / "latin", FONTCONFIG_FILE=str(conf))
        assert len(boxes) == 15, "without a CJK font every pair should look alike"


def glyph_cells(page: Path, work: Path, **env: str) -> tuple[list[int], list[str]]:
    """Screenshot ``page``; (dark pixels in each probe cell, pairs of cells that look alike)."""
    shot = work / "shot.png"
    done = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={work / 'profile'}", f"--screenshot={shot}",
         "--window-size=800,600", page.as_uri()],
        capture_output=True, text=True, timeout=120, env={**os.environ, **env},
    )  # fmt: skip
    assert shot.is_file(), done.stderr[-2000:]
    pixels = read_png(shot)[:, :, :3].mean(axis=2)
    cells = [pixels[4 : CELL - 4, i * CELL + 4 : (i + 1) * CELL - 4] < 128 for i in range(6)]
    alike = [
        f"{i}~{j}"
        for i in range(len(cells))
        for j in range(i + 1, len(cells))
        if int((cells[i] != cells[j]).sum()) <= 60
    ]
    return [int(c.sum()) for c in cells], alike
