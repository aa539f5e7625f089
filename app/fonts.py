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


# NanumGothic, like most Korean fonts, draws U+005C (backslash) as a Won sign (₩): in a LaTeX-heavy app
# "\tag" must not read "₩tag". Every surface therefore takes the backslash from a Latin font: the web
# page's NanumGothic face leaves it out of its unicode-range, and Qt and matplotlib list a Latin family
# before NanumGothic. U+007E (tilde) is a real tilde in NanumGothic, so only U+005C needs rerouting.
WON_LOOKALIKE = 0x5C
KOREAN_UNICODE_RANGE = "U+0-5B, U+5D-10FFFF"  # all of Unicode but the backslash
LATIN_FAMILY = "DejaVu Sans"
MONO_FAMILY = "DejaVu Sans Mono"


@dataclass(frozen=True)
class LatinFonts:
    """DejaVu Sans and DejaVu Sans Mono (regular, bold): a guaranteed real backslash on every machine."""

    sans: Path
    sans_bold: Path
    mono: Path
    mono_bold: Path

    def files(self) -> tuple[Path, ...]:
        return (self.sans, self.sans_bold, self.mono, self.mono_bold)


@cache
def latin_fonts() -> LatinFonts:
    """Locate the DejaVu TTFs that matplotlib (a dependency) ships, without importing matplotlib."""
    import importlib.util

    spec = importlib.util.find_spec("matplotlib")
    if spec is None or spec.origin is None:  # pragma: no cover - it is a hard dependency
        raise RuntimeError("matplotlib is not installed; the Latin fallback font is missing")
    folder = Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf"
    fonts = LatinFonts(
        folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf",
        folder / "DejaVuSansMono.ttf", folder / "DejaVuSansMono-Bold.ttf",
    )
    missing = [str(p) for p in fonts.files() if not p.exists()]
    if missing:  # pragma: no cover
        raise RuntimeError(f"matplotlib's DejaVu fonts are missing: {', '.join(missing)}")
    return fonts


def plot_families(korean_family: str = FAMILY) -> list[str]:
    """matplotlib's ``font.family``: DejaVu Sans first (real backslash), NanumGothic for Hangul."""
    return [LATIN_FAMILY, korean_family]
