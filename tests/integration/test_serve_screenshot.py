"""docs/make_serve_screenshot.py rebuilds the README's picture of a story page from examples/."""

from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path

import pytest
from test_html_browser import CHROMEDRIVER, CHROMIUM

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]


def test_the_screenshot_script_writes_a_story_page_png(tmp_path: Path) -> None:
    for binary in (CHROMIUM, CHROMEDRIVER):
        if not Path(binary).exists():
            pytest.skip(f"{binary} not found: apt-get install -y chromium chromium-driver")
    out = tmp_path / "story.png"
    done = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "make_serve_screenshot.py"), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "articles)" in done.stdout
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width >= 1000 and height >= 600
