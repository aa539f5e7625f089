"""Typeset LaTeX to inline SVG with ziamath, cached in memory and on disk.

Why these choices:
- ziamath draws glyph outlines as plain ``<path>`` elements (``config.svg2 = False``): every SVG renderer,
  QtSvg included, draws them, and the HTML needs no web font or JavaScript for math.
- The SVG is filled with ``currentColor`` and sized in ``em``, so one cached SVG serves the light and dark
  themes and follows the page zoom; ``vertical-align`` is the SVG's depth below the baseline, so inline
  math sits on the text baseline.
- ziamath silently draws an unknown command as its literal name (``\\foo`` → "\\foo"); we look for that in
  the MathML it typesets from and report it as an error instead of drawing nonsense. Environments that
  latex2mathml drops silently are checked by name.
- Hangul is not in the STIX math font (ziamath would draw empty boxes). Characters the math font lacks
  are taken from the bundled NanumGothic by wrapping the math font's glyph lookup, so ``$쿼리 q$``
  and ``\\text{은닉 상태}`` come out in Korean; Hangul runs outside ``\\text`` are wrapped in ``\\text{}``
  first so they are upright words, not italic letters with math spacing.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
import xml.etree.ElementTree as ET
from collections import OrderedDict
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

import ziamath
from latex2mathml.converter import convert

from app.fonts import korean_font
from app.paths import cache_dir
from app.vault.korean import HANGUL_CLASS

ziamath.config.svg2 = False
SIZE = 20.0  # px the SVG is typeset at; the HTML scales it by EM_SCALE em per SIZE px
EM_SCALE = 1.08  # STIX Two looks a little smaller than NanumGothic at the same size
CACHE_FORMAT = "2"  # bump when prepare_latex or the SVG post-processing changes
MEMORY_ITEMS = 4096

KNOWN_ENVS = frozenset(
    {
        "matrix", "pmatrix", "bmatrix", "Bmatrix", "vmatrix", "Vmatrix", "smallmatrix", "array", "cases",
        "split", "align", "align*", "aligned", "substack", "displaylines",
    }
)  # fmt: skip
TEXT_COMMANDS = ("text", "textrm", "textbf", "textit", "mathrm", "operatorname", "mbox", "textsf", "texttt")
# A run of Hangul words, plus the space after it (math mode would drop it; Korean reads better with it).
RE_HANGUL_RUN = re.compile(rf"[{HANGUL_CLASS}]+(?:\s+[{HANGUL_CLASS}]+)*(?:\s(?=\S))?")
RE_TEXT_GROUP = re.compile(r"\\(?:" + "|".join(TEXT_COMMANDS) + r")\s*\{")
RE_TEXT_ESCAPE = re.compile(r"\\([_%&#$])")
RE_TAG = re.compile(r"\\tag\*?\s*\{([^{}]*)\}")
RE_DROP = re.compile(r"\\label\s*\{[^{}]*\}|\\(?:nonumber|notag)\b|\\tag\*?\s*\{[^{}]*\}")
# ziamath lays out an empty first table row with a sentinel bounding box (a 20000 px tall SVG), so an
# empty leading row of array/matrix/cases (``\begin{array}{ll} \\ a & b``) is dropped.
RE_EMPTY_FIRST_ROW = re.compile(r"(\\begin\s*\{(?:array|[pbBvV]?matrix|cases)\*?\}(?:\{[^{}]*\})?)\s*\\\\")
RE_ENV = re.compile(r"\\(?:begin|end)\s*\{([^{}]*)\}")
RE_LITERAL_COMMAND = re.compile(r"^\s*(\\[A-Za-z]+)")


@dataclass(frozen=True)
class MathSVG:
    """A typeset formula: the ``<svg>`` markup and its size in em (depth = below the baseline)."""

    svg: str
    width: float
    height: float
    depth: float


class MathTypesetError(ValueError):
    """LaTeX that cannot be typeset faithfully; ``reason`` is shown on hover and reported by ``check``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# ---- preparing the LaTeX --------------------------------------------------------------------------


def _text_groups(latex: str) -> list[tuple[int, int]]:
    """(start, end) of the brace content of each ``\\text{…}``-like group."""
    spans = []
    for m in RE_TEXT_GROUP.finditer(latex):
        depth, i = 1, m.end()
        while i < len(latex) and depth:
            if latex[i] == "\\":
                i += 2
                continue
            depth += {"{": 1, "}": -1}.get(latex[i], 0)
            i += 1
        spans.append((m.end(), i - 1 if depth == 0 else i))
    return spans


def find_tag(latex: str) -> str | None:
    """The ``\\tag{…}`` of a display formula; the HTML shows it as a right-aligned label (ziamath would
    place it six inches to the right)."""
    m = RE_TAG.search(latex)
    return m.group(1) if m else None


def prepare_latex(latex: str) -> str:
    """What ziamath should see: labels and tags dropped, ``\\_`` etc. unescaped inside ``\\text{}``
    (latex2mathml keeps the backslash there), Hangul outside text groups wrapped in ``\\text{}``."""
    latex = RE_EMPTY_FIRST_ROW.sub(r"\1", RE_DROP.sub("", latex))
    out: list[str] = []
    pos = 0
    for start, end in _text_groups(latex):
        if start < pos:
            continue
        out.append(RE_HANGUL_RUN.sub(lambda m: r"\text{" + m.group(0) + "}", latex[pos:start]))
        out.append(RE_TEXT_ESCAPE.sub(r"\1", latex[start:end]))
        pos = end
    out.append(RE_HANGUL_RUN.sub(lambda m: r"\text{" + m.group(0) + "}", latex[pos:]))
    return "".join(out)


def validate(latex: str) -> str | None:
    """The reason this LaTeX would be drawn wrongly, or None. Runs the same LaTeX → MathML step as
    ziamath, then looks for commands that came out as their own literal name."""
    for m in RE_ENV.finditer(latex):
        if m.group(1).strip() not in KNOWN_ENVS:
            return f"지원하지 않는 환경: {m.group(1).strip()}"
    try:
        mathml = convert(latex)
    except Exception as exc:  # latex2mathml raises many exception types for malformed input
        return _describe(exc)
    try:
        root = ET.fromstring(mathml)
    except ET.ParseError as exc:
        return f"MathML 변환 실패: {exc}"
    for element in root.iter():
        if element.tag.endswith("mtext") or not element.text:
            continue
        literal = RE_LITERAL_COMMAND.match(element.text)
        if literal:
            return f"알 수 없는 명령: {literal.group(1)}"
    return None


def _describe(exc: Exception) -> str:
    names = {
        "NoAvailableTokensError": "괄호나 인자가 닫히지 않았습니다",
        "MissingSuperScriptOrSubscriptError": "위첨자/아래첨자가 비어 있습니다",
        "MissingEndError": "\\begin 에 맞는 \\end 가 없습니다",
        "ExtraLeftOrMissingRightError": "\\left 에 맞는 \\right 가 없습니다",
        "DoubleSuperscriptsError": "위첨자가 두 번 붙었습니다",
        "DoubleSubscriptsError": "아래첨자가 두 번 붙었습니다",
        "DenominatorNotFoundError": "분모가 없습니다",
        "NumeratorNotFoundError": "분자가 없습니다",
    }
    name = type(exc).__name__
    detail = names.get(name) or (str(exc).splitlines()[0] if str(exc) else name)
    return f"수식 오류: {detail}"


# ---- the Hangul fallback ---------------------------------------------------------------------------


@cache
def _install_glyph_fallback() -> None:
    """Make the math font take glyphs it lacks (Hangul) from NanumGothic."""
    import ziafont
    from ziamath.zmath import loadedfonts

    math_font = loadedfonts["default"]
    text_font = ziafont.Font(str(korean_font().regular))
    original = math_font.findglyph

    @cache
    def missing(char: str) -> bool:
        return math_font.glyphindex(char) == 0 and text_font.glyphindex(char) != 0

    def findglyph(char: str, variant: Any) -> Any:
        return text_font.glyph(char) if missing(char) else original(char, variant)

    math_font.findglyph = findglyph  # type: ignore[method-assign]


# ---- typesetting and caching -----------------------------------------------------------------------

_memory: OrderedDict[tuple[str, bool, float, str], MathSVG | str] = OrderedDict()
_lock = threading.Lock()


def clear_memory_cache() -> None:
    """Forget in-memory results (the cold-render benchmark needs a truly cold start)."""
    with _lock:
        _memory.clear()


def typeset(latex: str, *, display: bool = False, size: float = SIZE, color: str = "currentColor") -> MathSVG:
    """Typeset ``latex`` (already cleaned by the scanner) or raise :class:`MathTypesetError`."""
    key = (latex, display, size, color)
    with _lock:
        hit = _memory.get(key)
        if hit is not None:
            _memory.move_to_end(key)
    if hit is None:
        hit = _from_disk(key)
        if hit is None:
            hit = _typeset_uncached(latex, display, size, color)
            _to_disk(key, hit)
        with _lock:
            _memory[key] = hit
            if len(_memory) > MEMORY_ITEMS:
                _memory.popitem(last=False)
    if isinstance(hit, str):
        raise MathTypesetError(hit)
    return hit


def _typeset_uncached(latex: str, display: bool, size: float, color: str) -> MathSVG | str:
    """A MathSVG, or the error reason as a string (errors are cached too)."""
    if not latex.strip():
        return "빈 수식"
    prepared = prepare_latex(latex)
    reason = validate(prepared)
    if reason:
        return reason
    _install_glyph_fallback()
    try:
        math = ziamath.Latex(prepared, size=size, color=color, inline=not display)
        root = math.svgxml()
    except Exception as exc:  # ziamath raises assorted errors on input it cannot lay out
        return _describe(exc)
    view = [float(v) for v in root.attrib.get("viewBox", "0 0 0 0").split()]
    if len(view) != 4 or view[2] <= 0 or view[3] <= 0:
        return "수식을 그릴 수 없습니다"
    scale = EM_SCALE / size
    width, height, depth = view[2] * scale, view[3] * scale, (view[1] + view[3]) * scale
    root.attrib["width"] = f"{width:.3f}em"
    root.attrib["height"] = f"{height:.3f}em"
    root.attrib["style"] = f"vertical-align:{-depth:.3f}em"
    root.attrib["role"] = "img"
    root.attrib.pop("xmlns:xlink", None)
    svg = ET.tostring(root, encoding="unicode").replace("ns0:", "").replace(":ns0", "")
    return MathSVG(svg, round(width, 3), round(height, 3), round(depth, 3))


def _disk_path(key: tuple[str, bool, float, str]) -> Path:
    raw = json.dumps([CACHE_FORMAT, ziamath.__version__, *key], ensure_ascii=False)
    digest = hashlib.sha1(raw.encode("utf-8", "surrogatepass")).hexdigest()
    return cache_dir("math", digest[:2]) / f"{digest}.json"


def _from_disk(key: tuple[str, bool, float, str]) -> MathSVG | str | None:
    try:
        data = json.loads(_disk_path(key).read_text(encoding="utf-8"))
        if "error" in data:
            return str(data["error"])
        return MathSVG(**data)
    except (OSError, ValueError, TypeError):
        return None


def _to_disk(key: tuple[str, bool, float, str], value: MathSVG | str) -> None:
    """Best effort: a read-only or full cache dir only costs speed."""
    try:
        path = _disk_path(key)
        data = {"error": value} if isinstance(value, str) else asdict(value)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
    except (OSError, UnicodeEncodeError):
        pass
