"""``--screenshot`` grabs the note laid out for the view's final width: with the outline dock on the right
the column starts near the view's left edge. Under load the grab used to show the frame from before the
docks appeared: the page centred for a wider view, its right side hidden under the outline dock."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from tests.conftest import REPO

NOTE = """# 레이아웃 확인용 제목

A paragraph long enough to reach the right side of the column when the view is narrow, written for this
test only, so that the text runs across the whole width of the note column and a clipped column shows.

```python
very_long_name_for_a_tensor = torch.zeros(28, 1, 256)  # (L, N, H_out) a long line that overflows the block
```
"""


def test_the_column_is_laid_out_for_the_final_view_width(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "레이아웃.md").write_text(NOTE, encoding="utf-8")
    out = tmp_path / "shot.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox",
               XDG_CONFIG_HOME=str(tmp_path / "config"))  # fmt: skip
    proc = subprocess.run(
        [sys.executable, "-m", "app", str(vault), "--note", "레이아웃", "--size", "1500x950",
         "--screenshot", str(out), "--lang", "en"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    image = QImage(str(out))
    # the left dock ends near x = 320; the view runs from there to the outline dock (about 1230)
    dark = [x for y in range(90, 420, 3) for x in range(340, 1220, 2)
            if image.pixelColor(x, y).lightness() < 90]  # fmt: skip
    assert dark, "no text in the note view"
    assert min(dark) < 450, f"the column starts at x = {min(dark)}: laid out for a wider view"
