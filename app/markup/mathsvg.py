"""Typeset LaTeX to inline SVG with ziamath, verified against the source, cached in memory and on disk.

The path from LaTeX to SVG, and why each step:
1. ``texmacros`` (in ``mathhtml``, note order) expands the note's ``\\newcommand``/``\\def`` macros.
2. ``texprep.rewrite`` turns what latex2mathml draws wrongly into what it draws right (``\\\\[4pt]``,
   ``aligned`` inside ``\\left\\{``, ``equation``, ``\\operatorname*``, NFD → NFC …; decisions there).
3. :func:`prepare_latex` drops labels/tags (the HTML shows tags) and wraps Hangul runs in ``\\text{}`` so
   they are upright words; unknown environments are refused by name.
4. latex2mathml (through ziamath's ``tex2mml``) makes MathML; ``mathfix`` repairs the
   ``\\mathop``/``\\operatorname`` operators and puts array rules on the tables for ``ztable`` to
   draw (ziamath ignores them).
5. ziamath lays it out; ``mathcheck`` verifies the drawn glyphs against the LaTeX (every letter, digit,
   table row; nothing invented). A formula that lost content is an error with a plain reason, never a
   quiet success. Exceptions of the libraries are never shown: each becomes a coded reason
   (``app.i18n``, Korean or English), e.g. RecursionError → "nested too deeply".

Output: ziamath runs in SVG 2 mode (each glyph a ``<symbol>`` placed by ``<use>``). :attr:`MathSVG.shared`
keeps that form: the note page (Chromium) hoists each distinct glyph into one page-wide sprite
(``sprite.py``), so a glyph's outline is written once per page, not once per occurrence. :attr:`MathSVG.svg`
is the same drawing with every ``<use>`` replaced by the glyph's ``<path>`` under a transform, for QtSvg
(the UI's math view), which does not draw ``<symbol>``. Both are filled with ``currentColor`` and sized
in ``em`` (one SVG serves both themes and follows the zoom); ``vertical-align`` is the depth below the
baseline.

Hangul is not in the STIX math font: characters it lacks come from the bundled NanumGothic by wrapping
the math font's glyph lookup.

Measured (2-core dev machine, the 2 MB benchmark note's 580 distinct formulas): the check costs 2.6 %
of ziamath's layout time; with shared glyphs its page sprite is 505 kB instead of the 2.8 MB that each
formula's own paths would take.
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
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import ziamath
from ziamath.tex import tex2mml
from ziamath.zmath import denamespace

from app import i18n
from app.fonts import korean_font
from app.markup import mathcheck, mathfix, zrow, ztable  # noqa: F401  (they register ziamath nodes)
from app.markup.texprep import rewrite, table_rules
from app.paths import cache_dir
from app.vault.korean import HANGUL_CLASS

ziamath.config.svg2 = True
SIZE = 20.0  # px the SVG is typeset at; the HTML scales it by EM_SCALE em per SIZE px
EM_SCALE = 1.08  # STIX Two looks a little smaller than NanumGothic at the same size
CACHE_FORMAT = "4"  # bump when prepare_latex or the SVG post-processing changes
MEMORY_ITEMS = 4096

i18n.messages({
    "math.empty": ("빈 수식", "Empty formula"),
    "math.unknown_env": ("지원하지 않는 환경: {name}", "Unsupported environment: {name}"),
    "math.unknown_command": ("알 수 없는 명령: {name}", "Unknown command: {name}"),
    "math.unclosed": ("괄호나 인자가 닫히지 않았습니다", "A brace or an argument is not closed"),
    "math.unopened": ("여는 괄호 없이 닫는 괄호 }}가 있습니다", "A closing brace }} has no opening brace"),
    "math.empty_script": ("위첨자/아래첨자가 비어 있습니다", "A superscript or subscript is empty"),
    "math.missing_end": ("\\begin 에 맞는 \\end 가 없습니다", "\\begin has no matching \\end"),
    "math.missing_right": ("\\left 에 맞는 \\right 가 없습니다", "\\left has no matching \\right"),
    "math.double_sup": ("위첨자가 두 번 붙었습니다", "Double superscript"),
    "math.double_sub": ("아래첨자가 두 번 붙었습니다", "Double subscript"),
    "math.no_denominator": ("분모가 없습니다", "The fraction has no denominator"),
    "math.no_numerator": ("분자가 없습니다", "The fraction has no numerator"),
    "math.too_deep": ("수식이 너무 깊게 중첩되어 그릴 수 없습니다",
                      "The formula is nested too deeply to draw"),
    "math.cannot_draw": ("이 수식의 구문을 그릴 수 없습니다", "This formula's syntax cannot be drawn"),
    "math.lost": ("그려지지 않은 내용이 있습니다: {chars}", "Part of the formula was not drawn: {chars}"),
    "math.invented": ("원문에 없는 글자가 그려졌습니다: {chars}",
                      "Characters not in the source were drawn: {chars}"),
    "math.rows_lost": ("행 {expected}개 중 {drawn}개만 표로 그려졌습니다",
                       "Only {drawn} of {expected} rows were drawn as a table"),
    "math.rules_lost": ("표의 선(| 또는 \\hline)을 그릴 수 없습니다",
                        "The table's rules (| or \\hline) cannot be drawn"),
    "math.macro_loop": ("매크로가 끝없이 펼쳐집니다: {name}", "The macro expands without end: {name}"),
})  # fmt: skip

KNOWN_ENVS = frozenset(
    {
        "matrix", "pmatrix", "bmatrix", "Bmatrix", "vmatrix", "Vmatrix", "smallmatrix", "array", "cases",
        "substack", "displaylines", "subarray",
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
RE_USE = re.compile(r'<use href="#([^"]+)" x="([^"]+)" y="([^"]+)" width="([^"]+)" height="([^"]+)"([^>]*)/>')
RE_SYMBOL = re.compile(r'<symbol id="([^"]+)" viewBox="([^"]+)"(?:\s*/>|>(.*?)</symbol>)', re.S)


@dataclass(frozen=True)
class MathSVG:
    """A typeset formula: its SVG with shared glyphs (``shared``) and its size in em (depth = below the
    baseline); ``svg`` is the standalone plain-path form."""

    shared: str
    width: float
    height: float
    depth: float

    @cached_property
    def svg(self) -> str:
        """The drawing with each glyph ``<use>`` replaced by its transformed ``<path>`` (QtSvg draws it)."""
        return plain_svg(self.shared)


def plain_svg(shared: str) -> str:
    """``shared`` (SVG 2: glyph ``<symbol>`` + ``<use>``) as plain paths, for renderers without ``<use>``."""
    symbols = {m.group(1): (m.group(2), m.group(3) or "") for m in RE_SYMBOL.finditer(shared)}

    def place(m: re.Match[str]) -> str:
        found = symbols.get(m.group(1))
        if found is None or not found[1]:
            return ""
        vx, vy, vw, _ = (float(v) for v in found[0].split())
        x, y, w = float(m.group(2)), float(m.group(3)), float(m.group(4))
        s = w / vw if vw else 1.0
        body = found[1].replace("<path ", f'<path transform="matrix({s:.4g} 0 0 {s:.4g} {x - vx * s:.3f} '
                                f'{y - vy * s:.3f})"{m.group(6)} ', 1)
        return body

    return RE_USE.sub(place, RE_SYMBOL.sub("", shared))


class MathTypesetError(ValueError):
    """LaTeX that cannot be typeset faithfully; ``reason`` (the user's language) is shown on hover and
    reported by ``check``; ``code``/``args`` are the message as data."""

    def __init__(self, code: str, args: dict[str, Any] | None = None) -> None:
        self.code = code
        self.args_ = dict(args or {})
        self.reason = i18n.text(code, **self.args_)
        super().__init__(self.reason)


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
    """What latex2mathml should see: ``texprep.rewrite`` applied, labels and tags dropped, ``\\_`` etc.
    unescaped inside ``\\text{}`` (latex2mathml keeps the backslash there), Hangul outside text groups
    wrapped in ``\\text{}``."""
    latex = RE_EMPTY_FIRST_ROW.sub(r"\1", RE_DROP.sub("", rewrite(latex)))
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


Problem = tuple[str, dict[str, Any]]  # (i18n code, its arguments)


def _mathml(prepared: str, display: bool) -> ET.Element | Problem:
    """The repaired MathML of prepared LaTeX, or why there is none."""
    for m in RE_ENV.finditer(prepared):
        if m.group(1).strip() not in KNOWN_ENVS:
            return "math.unknown_env", {"name": m.group(1).strip()}
    try:
        root = denamespace(ET.fromstring(tex2mml(prepared, inline=not display)))
    except RecursionError:
        return "math.too_deep", {}
    except ET.ParseError:
        return "math.cannot_draw", {}
    except Exception as exc:  # latex2mathml raises many exception types for malformed input
        return _describe(exc)
    for element in root.iter():
        if element.tag == "mtext" or not element.text:
            continue
        literal = RE_LITERAL_COMMAND.match(element.text)
        if literal:
            return "math.unknown_command", {"name": literal.group(1)}
    mathfix.fix(root, display=display)
    if not mathfix.mark_tables(root, table_rules(prepared)):
        return "math.rules_lost", {}
    return root


def validate(latex: str) -> str | None:
    """The reason (user's language) this LaTeX would be drawn wrongly before layout, or None."""
    found = _mathml(prepare_latex(latex), True)
    return i18n.text(found[0], **found[1]) if isinstance(found, tuple) else None


EXCEPTION_CODES = {
    "NoAvailableTokensError": "math.unclosed",
    "MissingSuperScriptOrSubscriptError": "math.empty_script",
    "MissingEndError": "math.missing_end",
    "ExtraLeftOrMissingRightError": "math.missing_right",
    "DoubleSuperscriptsError": "math.double_sup",
    "DoubleSubscriptsError": "math.double_sub",
    "DenominatorNotFoundError": "math.no_denominator",
    "NumeratorNotFoundError": "math.no_numerator",
    "RecursionError": "math.too_deep",
}


def _describe(exc: BaseException) -> Problem:
    """A plain reason for a library's exception (its own text is never shown: it speaks of internals)."""
    return EXCEPTION_CODES.get(type(exc).__name__, "math.cannot_draw"), {}


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

_memory: OrderedDict[tuple[str, bool, float, str], MathSVG | Problem] = OrderedDict()
_lock = threading.Lock()
_layout_lock = threading.Lock()  # ziamath's fonts and node registry are shared state


def clear_memory_cache() -> None:
    """Forget in-memory results (the cold-render benchmark needs a truly cold start)."""
    with _lock:
        _memory.clear()


def typeset(latex: str, *, display: bool = False, size: float = SIZE, color: str = "currentColor") -> MathSVG:
    """Typeset ``latex`` (already cleaned by the scanner, macros expanded) or raise
    :class:`MathTypesetError`."""
    unbalanced = brace_problem(latex)  # before the caches: they hold drawings made before this check
    if unbalanced is not None:
        raise MathTypesetError(unbalanced, {})
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
    if isinstance(hit, tuple):
        raise MathTypesetError(*hit)
    return hit


def brace_problem(latex: str) -> str | None:
    """"math.unclosed" / "math.unopened" when ``{`` and ``}`` do not pair up, else None.

    The MathML converter closes a missing brace silently (``\\frac{1}{0`` came out as 1/0, a drawing of
    something the note does not say), so the pairs are counted first: escaped ``\\{`` ``\\}`` and
    ``%`` comments do not count.
    """
    depth = 0
    k, n = 0, len(latex)
    while k < n:
        ch = latex[k]
        if ch == "\\":
            k += 2
            continue
        if ch == "%":
            end = latex.find("\n", k)
            k = n if end < 0 else end
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                return "math.unopened"
        k += 1
    return "math.unclosed" if depth > 0 else None


def _typeset_uncached(latex: str, display: bool, size: float, color: str) -> MathSVG | Problem:
    """A MathSVG, or the error as (code, args) (errors are cached too)."""
    if not latex.strip():
        return "math.empty", {}
    prepared = prepare_latex(latex)
    found = _mathml(prepared, display)
    if isinstance(found, tuple):
        return found
    rows = mathcheck.table_rows(found)
    found.set("mathcolor", color)
    _install_glyph_fallback()
    try:
        with _layout_lock:
            math = ziamath.Math(found, size=size)
            root = math.svgxml()
    except RecursionError:
        return "math.too_deep", {}
    except Exception as exc:  # ziamath raises assorted errors on input it cannot lay out
        return _describe(exc)
    problem = mathcheck.problems(prepared, rows, math.node)
    if problem is not None:
        return problem
    view = [float(v) for v in root.attrib.get("viewBox", "0 0 0 0").split()]
    if len(view) != 4 or view[2] <= 0 or view[3] <= 0:
        return "math.cannot_draw", {}
    scale = EM_SCALE / size
    width, height, depth = view[2] * scale, view[3] * scale, (view[1] + view[3]) * scale
    root.attrib["width"] = f"{width:.3f}em"
    root.attrib["height"] = f"{height:.3f}em"
    root.attrib["style"] = f"vertical-align:{-depth:.3f}em"
    root.attrib["role"] = "img"
    svg = ET.tostring(root, encoding="unicode").replace("ns0:", "").replace(":ns0", "")
    return MathSVG(svg, round(width, 3), round(height, 3), round(depth, 3))


def _disk_path(key: tuple[str, bool, float, str]) -> Path:
    raw = json.dumps([CACHE_FORMAT, ziamath.__version__, *key], ensure_ascii=False)
    digest = hashlib.sha1(raw.encode("utf-8", "surrogatepass")).hexdigest()
    return cache_dir("math", digest[:2]) / f"{digest}.json"


def _from_disk(key: tuple[str, bool, float, str]) -> MathSVG | Problem | None:
    try:
        data = json.loads(_disk_path(key).read_text(encoding="utf-8"))
        if "error" in data:
            return str(data["error"]), dict(data.get("args") or {})
        return MathSVG(**data)
    except (OSError, ValueError, TypeError):
        return None


def _to_disk(key: tuple[str, bool, float, str], value: MathSVG | Problem) -> None:
    """Best effort: a read-only or full cache dir only costs speed."""
    try:
        path = _disk_path(key)
        data = {"error": value[0], "args": value[1]} if isinstance(value, tuple) else asdict(value)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
    except (OSError, UnicodeEncodeError, TypeError, ValueError):
        pass
