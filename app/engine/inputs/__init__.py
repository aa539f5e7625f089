"""Sample inputs for a model: random, sine, a real handwritten digit, or the user's own file, shaped for the
model's config.

Owns ``samples`` (every kind, laid out as the module expects) and ``digits`` (scikit-learn's ``load_digits``
with a fixed train/test split, scaled to the model's input). May import: numpy, PIL, torch, scikit-learn,
``app.i18n`` and ``app.engine.config``; nothing else of the engine.
"""

from app.engine.inputs import digits, samples
from app.engine.inputs.digits import Digit, DigitError
from app.engine.inputs.samples import INPUT_KINDS, SampleError, make_input

__all__ = ["INPUT_KINDS", "Digit", "DigitError", "SampleError", "digits", "make_input", "samples"]
