"""Messages in the user's language for every layer below the UI (vault, markup, equations, engine, kernel,
CLI).

The UI translates its own widgets with Qt (``app/ui/common/i18n.py`` and ``resources/i18n/*.ts``). Everything
else — an engine error that crosses the kernel, a vault warning, a CLI line — is a *coded message*: a stable
``code`` plus keyword ``args``, worded here in Korean and English. A code crosses process boundaries (the
kernel's
JSON replies carry ``{"code", "args"}``), and the receiving side words it in *its* language with :func:`text`.

Each module declares its own table next to the code that raises it, so no file is shared by every feature::

    from app.i18n import messages, text
    messages({
        "grad.no_head": ("모델에 출력 층이 없어 ½‖h_T‖² 손실을 씁니다", "The model has no head: using L =
        ½‖h_T‖²"),
    })
    text("grad.no_head")                   # in the current language
    text("grad.no_head", lang="en")

The language is, in order: :func:`set_language` (the CLI's ``--lang``, the UI's setting), ``TENSORNOTE_LANG``,
then the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``: ``ko*`` means Korean), else English.
An unknown code is shown as the code itself with its arguments, never as an exception.
"""

from __future__ import annotations

import os
from typing import Any

LANGUAGES = ("ko", "en")
_TABLE: dict[str, tuple[str, str]] = {}
_chosen: str | None = None


def messages(table: dict[str, tuple[str, str]]) -> None:
    """Register ``{code: (korean, english)}``; a code registered twice with other wording is a bug."""
    for code, pair in table.items():
        old = _TABLE.get(code)
        if old is not None and old != pair:
            raise ValueError(f"message code {code!r} is registered twice with different texts")
        _TABLE[code] = pair


def set_language(lang: str | None) -> str:
    """Choose 'ko' or 'en' for this process (None or anything else: back to the environment's); returns it."""
    global _chosen
    _chosen = lang if lang in LANGUAGES else None
    return language()


def language() -> str:
    """The language in force: the chosen one, else ``TENSORNOTE_LANG``, else the locale, else 'en'."""
    if _chosen:
        return _chosen
    env = os.environ.get("TENSORNOTE_LANG", "")
    if env in LANGUAGES:
        return env
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    return "en"


def text(code: str, /, lang: str | None = None, **args: Any) -> str:
    """Word ``code`` with ``args`` in ``lang`` (default: :func:`language`). Never raises."""
    pair = _TABLE.get(code)
    if pair is None:
        extra = ", ".join(f"{k}={v}" for k, v in args.items())
        return f"{code}({extra})" if extra else code
    template = pair[0] if (lang or language()) == "ko" else pair[1]
    try:
        return template.format(**args)
    except (KeyError, IndexError, ValueError):
        return template


def coded(code: str, /, **args: Any) -> dict[str, Any]:
    """A message as data, for JSON that crosses the kernel: ``{"code", "args", "text"}`` (text in Korean
    and English both available to the receiver through :func:`text`)."""
    return {"code": code, "args": args, "text": text(code, **args)}


def has(code: str) -> bool:
    """Whether ``code`` is registered (tests use it to find unworded codes)."""
    return code in _TABLE


def codes() -> dict[str, tuple[str, str]]:
    """A copy of every registered code (tests check that no English text holds Hangul)."""
    return dict(_TABLE)
