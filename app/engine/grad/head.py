"""A classifier head for a module inferred from the note's text (the seed's ``self.lin``), seeded.

The note's class cannot be called before the user runs its code (a note is data), but its
``nn.Linear(hdim, ydim)`` is known statically (``InferredModel.linears``). The gradient trace then scores
output_{T−1} with that head, as the seed's ``forward`` does (``self.lin(rnn_out[:, -1:])``).
"""

from __future__ import annotations

import torch
from torch import nn

HEAD_SEED_OFFSET = 1  # the head's weights: torch.manual_seed(seed + 1), independent of the module's


def head_for(
    in_features: int, out_features: int, seed: int = 0, dtype: torch.dtype = torch.float32
) -> nn.Linear:
    """``nn.Linear(in_features, out_features)`` with weights from ``torch.manual_seed(seed + 1)``."""
    torch.manual_seed(seed + HEAD_SEED_OFFSET)
    return nn.Linear(in_features, out_features).to(dtype)
