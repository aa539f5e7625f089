"""The one Korean font used everywhere: the UI (Qt), the notes (HTML @font-face) and plots (matplotlib).

A fresh machine has no CJK font, so Korean would be drawn as boxes. We depend on koreanize-matplotlib,
which ships NanumGothic (SIL OFL), and prefer an installed system CJK font when there is one only for
the UI's fallback chain; the bundled file is always available, so rendering is the same everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

FAMILY = "NanumGothic"


@dataclass(frozen=True)
class KoreanFont:
    family: str
    regular: Path
    bold: Path | None


@cache
def korean_font() -> KoreanFont:
    """Locate the bundled NanumGothic files (inside the koreanize_matplotlib package)."""
    import importlib.util

    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or spec.origin is None:  # pragma: no cover - it is a hard dependency
        raise RuntimeError("koreanize-matplotlib is not installed; Korean text cannot be drawn")
    fonts = Path(spec.origin).parent / "fonts"
    regular = fonts / "NanumGothic.ttf"
    bold = fonts / "NanumGothicBold.ttf"
    if not regular.exists():  # pragma: no cover
        raise RuntimeError(f"NanumGothic.ttf is missing from {fonts}")
    return KoreanFont(FAMILY, regular, bold if bold.exists() else None)
