"""Trained weights on disk, per note and model config, and loading a user's own state_dict.

Layout: ``cache_dir("weights", <note key>) / <config key>.pt`` holds ``torch.save(model.state_dict())``, the
plain state_dict a user can ``torch.load`` and ``load_state_dict`` themselves; next to it
``<config key>.json``
holds what it is: task, model, loss and optimiser, steps, final loss, test accuracy, seconds, device, the
recurrent module's config and its prefix in the state_dict (``"rnn"``). The note key is the note's file name
and a hash of its absolute path; the config key hashes the recurrent config and the model's description, so a
resized LSTM never meets another size's weights. Both files are written atomically (a temporary file, then
``os.replace``), the .pt first, so a .json never describes a missing .pt.

A user's file is read with ``torch.load(weights_only=True)`` (no code runs) and must be a state_dict: of the
whole model (``rnn.weight_ih_l0``, ``lin.weight``) or of the recurrent module alone (``weight_ih_l0``).
:func:`mismatch` names every missing or unexpected key and every shape that differs, so the caller can refuse
before changing anything.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import torch

from app.engine.config import RecurrentConfig
from app.i18n import messages, text
from app.paths import cache_dir

messages(
    {
        "train.load.missing-file": ("가중치 파일이 없습니다: {path}", "no weights file at {path}"),
        "train.load.unreadable": (
            "{name}을(를) state_dict로 읽을 수 없습니다: {error}",
            "{name} cannot be read as a state_dict: {error}",
        ),
        "train.load.not-dict": (
            "{name}에는 state_dict(이름 → 텐서)가 있어야 합니다 ({kind}이(가) 있음)",
            "{name} must hold a state_dict (name → tensor), not a {kind}",
        ),
        "train.load.mismatch": (
            "{name}의 가중치가 노트의 모델 {model}과 맞지 않아 아무것도 바꾸지 않았습니다. {details}",
            "the weights in {name} do not fit the note's model {model}; nothing was changed. {details}",
        ),
        "train.load.missing-keys": ("없는 키: {keys}", "missing keys: {keys}"),
        "train.load.unexpected-keys": ("모르는 키: {keys}", "unexpected keys: {keys}"),
        "train.load.shapes": ("모양이 다름: {shapes}", "shapes differ: {shapes}"),
    }
)

MAX_NAMED = 8  # keys named in a message before "… and N more"


class WeightsError(ValueError):
    """A weights file that cannot be used; the message (user's language) names what is wrong."""


def note_key(note_path: str | Path) -> str:
    path = Path(note_path).resolve()
    digest = hashlib.sha1(str(path).encode("utf-8")).hexdigest()[:12]
    stem = "".join(c if c.isalnum() or c in "-_" else "_" for c in path.stem)[:40]
    return f"{stem}-{digest}"


def config_key(config: RecurrentConfig, model: str) -> str:
    raw = json.dumps([dataclasses.asdict(config), model], sort_keys=True)
    return f"{config.kind}-{hashlib.sha1(raw.encode('utf-8')).hexdigest()[:12]}"


def weights_path(note_path: str | Path, config: RecurrentConfig, model: str) -> Path:
    """Where the trained state_dict of this note's model goes (the folder is created)."""
    return cache_dir("weights", note_key(note_path)) / f"{config_key(config, model)}.pt"


def _atomic(path: Path, write: Any) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save(path: Path, state_dict: dict[str, torch.Tensor], meta: dict[str, Any]) -> Path:
    """Write the state_dict (on the CPU) and its description atomically; returns the .pt path."""
    cpu = {k: v.detach().cpu() for k, v in state_dict.items()}
    _atomic(path, lambda handle: torch.save(cpu, handle))
    body = json.dumps(meta, ensure_ascii=False, indent=1).encode("utf-8")
    _atomic(path.with_suffix(".json"), lambda handle: handle.write(body))
    return path


def read_meta(path: Path) -> dict[str, Any] | None:
    """The description saved next to ``path`` (None when missing or unreadable)."""
    try:
        meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return meta if isinstance(meta, dict) and path.is_file() else None


def find(note_path: str | Path, config: RecurrentConfig) -> tuple[Path, dict[str, Any]] | None:
    """The most recently saved weights of this note whose recurrent module has ``config``."""
    folder = cache_dir("weights", note_key(note_path))
    wanted = dataclasses.asdict(config)
    best: tuple[float, Path, dict[str, Any]] | None = None
    for pt in folder.glob("*.pt"):
        meta = read_meta(pt)
        if meta is None or meta.get("config") != wanted:
            continue
        stamp = pt.stat().st_mtime
        if best is None or stamp > best[0]:
            best = (stamp, pt, meta)
    return None if best is None else (best[1], best[2])


def read_state_dict(path: str | Path) -> dict[str, torch.Tensor]:
    """A state_dict from a file, loaded with ``weights_only=True`` on the CPU; WeightsError otherwise."""
    path = Path(path)
    if not path.is_file():
        raise WeightsError(text("train.load.missing-file", path=path))
    try:
        obj = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as exc:  # corrupt or foreign files fail in many ways; one clear line for the user
        raise WeightsError(
            text("train.load.unreadable", name=path.name, error=f"{type(exc).__name__}: {exc}")
        ) from None
    if not isinstance(obj, dict) or not all(
        isinstance(k, str) and isinstance(v, torch.Tensor) for k, v in obj.items()
    ):
        raise WeightsError(text("train.load.not-dict", name=path.name, kind=type(obj).__name__))
    return dict(obj)


def _names(keys: list[str]) -> str:
    shown = ", ".join(keys[:MAX_NAMED])
    return shown + (f" … (+{len(keys) - MAX_NAMED})" if len(keys) > MAX_NAMED else "")


def mismatch(expected: dict[str, torch.Tensor], given: dict[str, torch.Tensor]) -> list[str]:
    """Every way ``given`` does not fit ``expected``: missing keys, unexpected keys, differing shapes."""
    problems = []
    missing = sorted(set(expected) - set(given))
    unexpected = sorted(set(given) - set(expected))
    shapes = [
        f"{k} {tuple(given[k].shape)} ≠ {tuple(expected[k].shape)}"
        for k in sorted(set(expected) & set(given))
        if given[k].shape != expected[k].shape
    ]
    if missing:
        problems.append(text("train.load.missing-keys", keys=_names(missing)))
    if unexpected:
        problems.append(text("train.load.unexpected-keys", keys=_names(unexpected)))
    if shapes:
        problems.append(text("train.load.shapes", shapes=_names(shapes)))
    return problems


def fit_state_dict(
    expected: dict[str, torch.Tensor], given: dict[str, torch.Tensor], prefix: str, name: str, model: str
) -> dict[str, torch.Tensor]:
    """``given`` as a full-model state_dict: taken as is, or a recurrent-only one placed under ``prefix``.

    Raises WeightsError naming every mismatch (nothing is loaded anywhere by this function).
    """
    problems = mismatch(expected, given)
    if not problems:
        return given
    inner = {f"{prefix}.{k}": v for k, v in given.items()}
    recurrent = {k: v for k, v in expected.items() if k.startswith(prefix + ".")}
    inner_problems = mismatch(recurrent, inner)
    if not inner_problems:
        return {**{k: v.detach().clone() for k, v in expected.items()}, **inner}
    # name the problems of the reading the file was meant for: the one sharing more keys with the model
    if len(set(inner) & set(recurrent)) > len(set(given) & set(expected)):
        problems = inner_problems
    raise WeightsError(text("train.load.mismatch", name=name, model=model, details="; ".join(problems)))


def recurrent_part(state_dict: dict[str, torch.Tensor], prefix: str) -> dict[str, torch.Tensor]:
    """The recurrent module's own state_dict (``rnn.weight_ih_l0`` → ``weight_ih_l0``)."""
    head = prefix + "." if prefix else ""
    return {k[len(head) :]: v for k, v in state_dict.items() if k.startswith(head)}


def module_weights(
    module_state: dict[str, torch.Tensor], given: dict[str, torch.Tensor], name: str, model: str
) -> dict[str, torch.Tensor]:
    """``given`` (a whole model's or the recurrent module's own state_dict) cut to the recurrent module.

    The module's keys are found directly or under one prefix (``rnn.weight_ih_l0``); WeightsError otherwise,
    naming the missing keys and differing shapes.
    """
    if not mismatch(module_state, given):
        return given
    prefixes = {k[: -len(m) - 1] for k in given for m in module_state if k.endswith("." + m)}
    for prefix in sorted(prefixes):
        part = recurrent_part(given, prefix)
        if not mismatch(module_state, part):
            return part
    problems = mismatch(module_state, given)
    raise WeightsError(text("train.load.mismatch", name=name, model=model, details="; ".join(problems)))


def head_part(state_dict: dict[str, torch.Tensor], prefix: str) -> dict[str, torch.Tensor] | None:
    """The one linear head outside the recurrent module (``lin.weight``, ``lin.bias`` → ``weight``, ``bias``),
    or None when the rest of the state_dict is not exactly one weight/bias pair."""
    rest = {k: v for k, v in state_dict.items() if not k.startswith(prefix + ".")}
    owners = {k.rsplit(".", 1)[0] for k in rest}
    if len(owners) != 1 or {k.rsplit(".", 1)[1] for k in rest} - {"weight", "bias"}:
        return None
    return {k.rsplit(".", 1)[1]: v for k, v in rest.items()}


def trace_weights(
    note_path: str | Path, config: RecurrentConfig, choice: str, module_state: dict[str, Any]
) -> tuple[dict[str, torch.Tensor], str]:
    """The CLI's ``--weights trained|PATH`` for a module of ``config``: its state_dict and its origin."""
    if choice == "trained":
        found = find(note_path, config)
        if found is None:
            raise WeightsError(text("train.use.none-saved", model=config.describe()))
        path, meta = found
        state = read_state_dict(path)
        return recurrent_part(state, str(meta.get("recurrent", "rnn"))), str(path)
    state = read_state_dict(choice)
    return module_weights(module_state, state, Path(choice).name, config.describe()), str(choice)


def saved_head(note_path: str | Path, config: RecurrentConfig, choice: str) -> dict[str, torch.Tensor] | None:
    """The linear head's weight and bias saved with ``--weights trained|PATH`` (None when there is none)."""
    if choice == "trained":
        found = find(note_path, config)
        if found is None:
            return None
        return head_part(read_state_dict(found[0]), str(found[1].get("recurrent", "rnn")))
    state = read_state_dict(choice)
    prefixes = {k.split(".", 1)[0] for k in state if "." in k}
    for prefix in sorted(prefixes):
        part = head_part(state, prefix)
        if part is not None and any(k.startswith(prefix + ".weight_ih") for k in state):
            return part
    return None


messages(
    {
        "train.use.none-saved": (
            "{model}의 학습된 가중치가 저장되어 있지 않습니다: 먼저 python -m app train NOTE로 학습하세요",
            "no trained weights are saved for {model}: train it first with python -m app train NOTE",
        ),
    }
)
