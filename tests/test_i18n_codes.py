"""Every coded message (``app.i18n``) is worded in both languages, and its English holds no Hangul.

Every module below the UI (and the CLI) is imported so that each registers its table; a module that can't
be imported is a failure of its own, never a silent gap. The two wordings of a code must also take the
same arguments, or one language would show a raw ``{name}``.
"""

from __future__ import annotations

import importlib
import pkgutil
import string

import pytest

import app
from app import i18n

LAYERS_BELOW_UI = ("app.vault", "app.markup", "app.equations", "app.engine", "app.kernel", "app.cli")


def _modules() -> list[str]:
    names = ["app.i18n", "app.__main__"]
    for info in pkgutil.walk_packages(app.__path__, "app."):
        if info.name.startswith(LAYERS_BELOW_UI):
            names.append(info.name)
    return sorted(names)


def _hangul(text: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" or "\u3131" <= ch <= "\u318e" for ch in text)


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.fixture(scope="module")
def table() -> dict[str, tuple[str, str]]:
    failed = []
    for name in _modules():
        try:
            importlib.import_module(name)
        except Exception as exc:  # pragma: no cover - reported below
            failed.append(f"{name}: {type(exc).__name__}: {exc}")
    assert not failed, failed
    return i18n.codes()


def test_there_are_codes_from_every_layer(table: dict[str, tuple[str, str]]) -> None:
    prefixes = {code.split(".")[0] for code in table}
    assert {"vault", "kernel", "run", "check", "save", "cli"} <= prefixes, sorted(prefixes)


def test_every_english_wording_is_free_of_hangul(table: dict[str, tuple[str, str]]) -> None:
    bad = {code: en for code, (_ko, en) in table.items() if _hangul(en)}
    assert not bad


def test_every_code_is_worded_in_both_languages(table: dict[str, tuple[str, str]]) -> None:
    empty = [code for code, (ko, en) in table.items() if not ko.strip() or not en.strip()]
    assert not empty
    untranslated = [code for code, (ko, en) in table.items() if ko == en and any(c.isalpha() for c in ko)
                    and not _hangul(ko) and len(ko) > 12]
    assert not untranslated  # a Korean slot holding the English text


def test_both_wordings_take_the_same_arguments(table: dict[str, tuple[str, str]]) -> None:
    mismatched = {code: (sorted(_fields(ko)), sorted(_fields(en))) for code, (ko, en) in table.items()
                  if _fields(ko) != _fields(en)}
    assert not mismatched
