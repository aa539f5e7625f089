"""Which weights the panel shows for a note: untrained (random init, seed 0) or the trained/loaded ones.

One kernel serves one note, but the CLI and tests use several, so this keeps a small table per note path.
Training (``service``) or "Load weights…" put a weight set here and switch it on; the switch
(:func:`set_use`) flips between the two. Weights saved by an earlier session are only *found*
(:func:`status` reports them) until the user switches them on: opening a note never loads anything by itself.

The panel (``app.engine.serve.model``) asks :func:`panel_weights` for the recurrent module's part of the
active set, with a digest that keys its trace cache.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from app.engine.config import RecurrentConfig
from app.engine.train import store
from app.i18n import messages, text

messages(
    {
        "train.use.none": (
            "이 노트의 모델 {model}에는 학습된 가중치가 없습니다. 먼저 학습하거나 가중치를 불러오세요.",
            "there are no trained weights for this note's model {model}: train it or load weights first",
        ),
    }
)


@dataclass
class WeightSet:
    """A full model's state_dict (CPU) with what it is (``meta``: task, steps, accuracy, seconds, …)."""

    state_dict: dict[str, torch.Tensor]
    meta: dict[str, Any]
    source: str  # "trained" (this session) | "cache" (saved earlier) | "file" (the user's .pt)
    prefix: str  # the recurrent module's prefix in state_dict ("rnn")
    config: RecurrentConfig

    def digest(self) -> str:
        h = hashlib.sha1()
        for k in sorted(self.state_dict):
            h.update(k.encode("utf-8"))
            h.update(self.state_dict[k].detach().cpu().contiguous().numpy().tobytes())
        return h.hexdigest()[:16]


@dataclass
class NoteWeights:
    current: WeightSet | None = None
    use: bool = False
    digest: str = ""


_NOTES: dict[str, NoteWeights] = {}


def _key(note_path: str | Path) -> str:
    return str(Path(note_path).resolve())


def entry(note_path: str | Path) -> NoteWeights:
    return _NOTES.setdefault(_key(note_path), NoteWeights())


def activate(note_path: str | Path, weights: WeightSet) -> None:
    """Make ``weights`` the note's trained set and switch it on (after training or a successful load)."""
    note = entry(note_path)
    note.current, note.use, note.digest = weights, True, weights.digest()


def forget(note_path: str | Path) -> None:
    _NOTES.pop(_key(note_path), None)


def _describe(weights: WeightSet | None) -> dict[str, Any] | None:
    if weights is None:
        return None
    return {**weights.meta, "source": weights.source, "config": dataclasses.asdict(weights.config)}


def status(note_path: str | Path, config: RecurrentConfig | None) -> dict[str, Any]:
    """``{"use", "weights": the active set's meta or None, "saved": meta of the weights on disk or None}``."""
    note = _NOTES.get(_key(note_path), NoteWeights())
    current = (
        note.current
        if note.current is not None and (config is None or note.current.config == config)
        else None
    )
    saved = None
    if config is not None:
        found = store.find(note_path, config)
        if found is not None:
            saved = {**found[1], "path": str(found[0])}
    return {"use": bool(note.use and current is not None), "weights": _describe(current), "saved": saved,
            "seed": 0}  # fmt: skip


def set_use(note_path: str | Path, config: RecurrentConfig, use: bool) -> dict[str, Any]:
    """Switch between untrained and trained. Switching on with nothing in memory loads the saved weights."""
    note = entry(note_path)
    if use and (note.current is None or note.current.config != config):
        found = store.find(note_path, config)
        if found is None:
            raise ValueError(text("train.use.none", model=config.describe()))
        path, meta = found
        state = store.read_state_dict(path)
        prefix = str(meta.get("recurrent", "rnn"))
        note.current = WeightSet(state, {**meta, "path": str(path)}, "cache", prefix, config)
        note.digest = note.current.digest()
    note.use = bool(use)
    return status(note_path, config)


def panel_weights(
    note_path: str | Path, config: RecurrentConfig, force: bool = False
) -> tuple[dict[str, torch.Tensor], dict[str, Any], str] | None:
    """The recurrent module's state_dict, meta and digest when trained weights are switched on for ``config``
    (``force``: whenever this session has them, switched on or not: the heatmaps' comparison)."""
    note = _NOTES.get(_key(note_path))
    if note is None or not (note.use or force) or note.current is None or note.current.config != config:
        return None
    part = store.recurrent_part(note.current.state_dict, note.current.prefix)
    return part, _describe(note.current) or {}, note.digest
