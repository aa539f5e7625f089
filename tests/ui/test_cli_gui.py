"""The GUI's command line: --screenshot makes a real PNG, no display gives a one-line hint, and
plugins that are missing or broken never stop the window."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from app.ui.main import install_plugins, locate
from tests.conftest import NOTES, REPO


def _run_app(args: list[str], env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=timeout)


def test_screenshot_writes_a_non_blank_png_of_the_requested_size(tmp_path: Path) -> None:
    out = tmp_path / "shot.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TENSORNOTE_TIMING="1")
    proc = _run_app([str(NOTES), "--screenshot", str(out), "--size", "1000x700"], env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "first_paint_s=" in proc.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1000, 700)
    # The note area (right of the tree, below the toolbar) holds text and math: many distinct colours,
    # and dark (text) pixels as well as the light background.
    colours, dark = set(), 0
    for x in range(350, 950, 7):
        for y in range(120, 650, 7):
            pixel = image.pixelColor(x, y)
            colours.add(pixel.rgb())
            dark += pixel.lightness() < 100
    assert len(colours) > 20 and dark > 50


def test_screenshot_of_a_named_note(tmp_path: Path) -> None:
    out = tmp_path / "note.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    name = sorted(NOTES.glob("*.md"))[-1].stem
    proc = _run_app([str(NOTES), "--note", name, "--screenshot", str(out), "--size", "800x600"], env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert QImage(str(out)).width() == 800
    missing = _run_app([str(NOTES), "--note", "없는 노트", "--screenshot", str(out)], env)
    assert missing.returncode == 2 and "없는 노트" in missing.stderr


def test_no_display_prints_one_line_suggesting_screenshot() -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("the display check applies to Linux")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    proc = _run_app([str(NOTES)], env, timeout=30)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "--screenshot" in lines[0]


def test_locate_a_note_inside_an_obsidian_vault(tmp_path: Path) -> None:
    (tmp_path / ".obsidian").mkdir()
    (tmp_path / "sub").mkdir()
    note = tmp_path / "sub" / "노트.md"
    note.write_text("# 노트\n", encoding="utf-8")
    assert locate(note, None) == (tmp_path.resolve(), note.resolve())
    assert locate(tmp_path, "노트") == (tmp_path.resolve(), note.resolve())
    assert locate(tmp_path, "sub/노트.md") == (tmp_path.resolve(), note.resolve())
    with pytest.raises(FileNotFoundError):
        locate(tmp_path, "없음")


def test_plugins_missing_or_broken_are_logged_not_fatal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "tn_good_plugin.py").write_text("def install(window):\n    window.append('good')\n")
    (tmp_path / "tn_bad_plugin.py").write_text("def install(window):\n    raise ValueError('고장')\n")
    (tmp_path / "tn_bad_import.py").write_text("import tn_no_such_dependency\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    calls: list[str] = []
    status = install_plugins(calls, ("tn_missing_plugin", "tn_bad_plugin", "tn_bad_import", "tn_good_plugin"))
    assert status["tn_missing_plugin"] == "missing"
    assert status["tn_bad_plugin"].startswith("failed") and "고장" in status["tn_bad_plugin"]
    assert status["tn_bad_import"].startswith("failed")
    assert status["tn_good_plugin"] == "installed" and calls == ["good"]
    assert "tn_bad_plugin" in caplog.text
