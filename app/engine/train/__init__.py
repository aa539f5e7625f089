"""Training the note's model on a task matched to its shapes, and the weights that come out of it.

Owns ``task`` (which task fits the model's shapes), ``data`` (its train/test tensors), ``model`` (the note's
class or the traced module plus a head), ``objective`` (the note's loss and optimiser, or assumed ones),
``loop`` (the minibatch loop and its stopping rules), ``store`` (weights per note and config in the user
cache, loading a user's state_dict), ``active`` (which weights the panel shows), ``service`` (all of it end to
end), ``methods`` (the ``train.*`` RPC methods) and ``report`` (the CLI's output).
May import: torch, ``app.i18n``, ``app.paths``, ``app.engine.config``, ``app.engine.devices``,
``app.engine.rpc``, ``app.engine.notestate`` and the ``inputs``, ``notecode``, ``trace`` and ``run`` packages
through their ``__init__``. Never imports ``serve``: the panel asks this package for weights, not the other
way round.
"""

from app.engine.train.active import WeightSet, panel_weights, set_use, status
from app.engine.train.loop import Budget, History, fit, train_step
from app.engine.train.model import HeadModel, Target, head_target
from app.engine.train.service import fallback_config, load_weights, prepare, train_note
from app.engine.train.store import (
    WeightsError,
    find,
    read_state_dict,
    recurrent_part,
    saved_head,
    trace_weights,
)
from app.engine.train.task import Task, choose_task

__all__ = [
    "Budget",
    "HeadModel",
    "History",
    "Target",
    "Task",
    "WeightSet",
    "WeightsError",
    "choose_task",
    "fallback_config",
    "find",
    "fit",
    "head_target",
    "load_weights",
    "panel_weights",
    "prepare",
    "read_state_dict",
    "recurrent_part",
    "saved_head",
    "set_use",
    "status",
    "trace_weights",
    "train_note",
    "train_step",
]
