"""The code in a note, read without running it: extraction, repair and inference of the model it builds.

Owns ``extract`` (fenced code, the seed's inline-code paste, indentation fixes with their notes) and ``infer``
(the recurrent module the note's code builds, from its text alone). Torch-free and side-effect free, so the UI
process may import it. May import: ``app.markup`` / ``app.vault`` (the fence scanner) and
``app.engine.config``.
"""

from app.engine.notecode.extract import (
    PYTHON_LANGS,
    FixNote,
    NoteCode,
    extract_code,
    fix_indentation,
    fix_notes,
)
from app.engine.notecode.infer import InferredModel, infer_config

__all__ = [
    "PYTHON_LANGS", "FixNote", "InferredModel", "NoteCode", "extract_code", "fix_indentation", "fix_notes",
    "infer_config",
]
