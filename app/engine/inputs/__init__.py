"""Sample inputs for a model: random, sine, a digit, or the user's own file, shaped for the model's config.

Owns ``samples``. May import: numpy, PIL, torch and ``app.engine.config``; nothing else of the engine.
"""

from app.engine.inputs import samples
from app.engine.inputs.samples import INPUT_KINDS, SampleError, make_input

__all__ = ["INPUT_KINDS", "SampleError", "make_input", "samples"]
