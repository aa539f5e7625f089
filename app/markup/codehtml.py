"""Highlighted code blocks (Pygments) with a copy button, and their light/dark CSS.

The highlighting uses CSS classes, not inline colours, so that one HTML body serves both themes: the
page carries a light and a dark Pygments stylesheet and the theme picks one.
"""

from __future__ import annotations

import ast
import re
from functools import cache, lru_cache
from html import escape

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import TextLexer, get_lexer_by_name, guess_lexer
from pygments.util import ClassNotFound

from app.i18n import messages, text
from app.markup.blocks import CodeBlock

messages({
    "markup.code.unclosed": ("{line}행: 코드 블록이 닫히지 않았습니다 (``` 누락)",
                             "line {line}: the code block is never closed (``` missing)"),
    "markup.code.syntax": ("{line}행: 파이썬 문법 오류: {error}",
                           "line {line}: Python syntax error: {error}"),
    "markup.code.unreadable": ("{line}행: 파이썬 코드를 읽을 수 없습니다: {error}",
                               "line {line}: can't read the Python code: {error}"),
    # the copy button as written in the page (note.js words it again in the page's language)
    "markup.code.copy": ("복사", "Copy"),
    "markup.code.copy_title": ("코드 복사", "Copy code"),
})
# A doctest line (PyTorch's docs: ``>>> rnn = nn.LSTM(10, 20, 2)``); its other lines are printed output.
_PROMPT = re.compile(r"^([ \t]*)(?:>>>|\.\.\.)(?: |$)")

LIGHT_STYLE = "friendly"
DARK_STYLE = "monokai"
LANG_ALIASES = {"py": "python", "ipython": "python", "ipython3": "python", "sh": "bash", "shell": "bash"}


@cache
def _lexer(lang: str) -> Lexer:
    try:
        return get_lexer_by_name(LANG_ALIASES.get(lang, lang), stripnl=False, ensurenl=False)
    except ClassNotFound:
        return TextLexer(stripnl=False, ensurenl=False)


_FORMATTER = HtmlFormatter(nowrap=True)


# Python's lexer reads each line on its own unless a string or a backslash spans lines, so a block can
# be highlighted line by line, and notes repeat lines (imports, ``out, (h_n, c_n) = lstm(x)``) across
# blocks: the 2 MB benchmark note highlights ~3x faster with a line cache. Identical output on every
# block of notes/ and the benchmark note (checked when this was written).
LINE_WISE = frozenset({"python", "py", "python3", "ipython", "ipython3"})


@lru_cache(maxsize=8192)
def _highlight_line(line: str, lang: str) -> str:
    return highlight(line, _lexer(lang), _FORMATTER)


@lru_cache(maxsize=512)
def highlight_code(source: str, lang: str) -> str:
    """The highlighted HTML (spans only) of ``source`` (cached: a live-reloaded note repeats its blocks)."""
    if not lang and source.strip():
        lang = guess_python(source)
    if lang in LINE_WISE and '"""' not in source and "\'\'\'" not in source and "\\\n" not in source:
        lines = source.split("\n")
        last = len(lines) - 1
        return "".join(_highlight_line(line + ("\n" if k < last else ""), lang)
                       for k, line in enumerate(lines))
    return highlight(source, _lexer(lang or "text"), _FORMATTER)


def guess_python(source: str) -> str:
    """Unlabelled blocks in these notes are mostly Python; say so only when it looks like it."""
    keywords = ("def ", "class ", "import ", "self.", "torch.", "print(", "return ")
    if any(k in source for k in keywords):
        return "python"
    try:
        lexer = guess_lexer(source)
    except ClassNotFound:
        return ""
    return lexer.aliases[0] if lexer.aliases else ""


def code_html(source: str, lang: str, *, code_id: str | None, lines: tuple[int, int] | None) -> str:
    """A ``div.tn-code`` with a header (language, copy button) and the highlighted ``pre``."""
    attrs = ""
    if code_id:
        attrs += f' data-code="{escape(code_id, quote=True)}"'
    if lines:
        attrs += f' data-lines="{lines[0]}-{lines[1]}"'
    shown = lang or ("python" if guess_python(source) == "python" else "")
    return (
        f'<div class="tn-code"{attrs} data-lang="{escape(shown, quote=True)}">'
        f'<div class="tn-code-head"><span class="tn-code-lang">{escape(shown)}</span>'
        f'<button class="tn-copy" type="button" title="{escape(text("markup.code.copy_title"), quote=True)}">'
        f'{escape(text("markup.code.copy"))}</button></div>'
        f'<div class="highlight"><pre><code>{highlight_code(source, shown)}</code></pre></div></div>'
    )


def block_html(block: CodeBlock) -> str:
    return code_html(block.source, block.lang, code_id=block.id, lines=(block.first_line, block.last_line))


def code_errors(block: CodeBlock) -> list[str]:
    """Problems ``check`` reports for a block, found without running anything."""
    errors: list[str] = []
    if not block.closed:
        errors.append(text("markup.code.unclosed", line=block.first_line))
    if block.lang in ("python", "py", "python3") and block.source.strip():
        lines = _doctest(block.source).split("\n")
        source = "\n".join(  # magics and shell lines blanked, so that line numbers stay the note's
            "" if line.lstrip().startswith(("%", "!")) else line for line in lines
        )
        try:
            ast.parse(source.replace("\u00a0", " "))
        except SyntaxError as exc:
            line = block.first_line + (exc.lineno or 1)
            errors.append(text("markup.code.syntax", line=line, error=exc.msg))
        except ValueError as exc:
            errors.append(text("markup.code.unreadable", line=block.first_line, error=exc))
    return errors


def _doctest(source: str) -> str:
    """A doctest block's code (prompts stripped, printed output blanked, line for line); else ``source``."""
    lines = source.split("\n")
    if not any(line.lstrip().startswith(">>>") for line in lines):
        return source
    return "\n".join(line[m.end():] if (m := _PROMPT.match(line)) else "" for line in lines)


@cache
def pygments_css() -> str:
    """Light rules for ``.highlight``; dark rules for the dark theme (forced class or system setting)."""
    light = HtmlFormatter(style=LIGHT_STYLE).get_style_defs(".highlight")
    dark_forced = HtmlFormatter(style=DARK_STYLE).get_style_defs(".tn-theme-dark .highlight")
    dark_system = HtmlFormatter(style=DARK_STYLE).get_style_defs("body:not(.tn-theme-light) .highlight")
    return f"{light}\n{dark_forced}\n@media (prefers-color-scheme: dark) {{\n{dark_system}\n}}\n"
