"""The code in a note, read without running it: extraction, repair and inference of the model it builds.

Owns ``extract`` (fenced code, the seed's inline-code paste, indentation fixes with their notes),
``pieces`` (which code counts: doctests, d2l's framework tabs, ignored foreign layers), ``scope`` (the
static evaluator), ``finder`` (every module built, one module scope in note order, with assumptions) and
``infer`` (the note's modules with their sections, and the first one for the panel). Torch-free and
side-effect free, so the UI process may import it. May import: ``app.markup`` / ``app.vault`` (the fence
scanner) and ``app.engine.config``, ``app.equations`` (sections) and ``app.i18n``.
"""

from app.engine.notecode.extract import (
    PYTHON_LANGS,
    FixNote,
    NoteCode,
    extract_code,
    fix_indentation,
    fix_notes,
)
from app.engine.notecode.finder import Assumption
from app.engine.notecode.infer import (
    InferredModel,
    NoteModels,
    default_model,
    find_models,
    infer_config,
    infer_note,
)
from app.engine.notecode.inputs import INPUT_CODES
from app.engine.notecode.losses import NoteLoss, note_loss, note_losses  # the note's loss (issue #13)
from app.engine.notecode.pieces import FOREIGN_FRAMEWORKS, Ignored, block_framework, runnable_source

__all__ = [
    "INPUT_CODES",
    "PYTHON_LANGS", "Assumption", "FixNote", "Ignored", "InferredModel", "NoteCode", "NoteModels",
    "default_model", "extract_code", "find_models", "fix_indentation", "fix_notes", "infer_config",
    "infer_note",
]
from app.engine.notecode.training import CallSpec, TrainingSetup, training_setup

__all__ += ["CallSpec", "TrainingSetup", "training_setup"]
__all__ += ["NoteLoss", "note_loss", "note_losses"]
__all__ += ["FOREIGN_FRAMEWORKS", "block_framework", "runnable_source"]  # what run --all skips/strips
