"""The note's loss, read from its code without running it (app.engine.notecode.losses)."""

from __future__ import annotations

from pathlib import Path

from app.engine.notecode import note_loss, note_losses

ROOT = Path(__file__).resolve().parents[2]

FENCE = "```"


def test_a_criterion_assigned_in_a_fenced_block() -> None:
    text = f"# 학습\n\n{FENCE}python\nmodel = Net()\ncriterion = nn.CrossEntropyLoss()\n{FENCE}\n"
    found = note_loss(text)
    assert found is not None
    assert (found.name, found.line, found.variable) == ("cross_entropy", 5, "criterion")
    assert found.written == "nn.CrossEntropyLoss()"


def test_functional_losses_and_imported_classes() -> None:
    text = (
        f"{FENCE}python\nfrom torch.nn import MSELoss\nimport torch.nn.functional as F\n"
        f"loss_fn = MSELoss(reduction='sum')\nvalue = F.cross_entropy(out, y)\n{FENCE}\n"
    )
    names = [(loss.name, loss.line) for loss in note_losses(text)]
    assert names == [("mse", 4), ("cross_entropy", 5)]
    found = note_loss(text)
    assert found is not None and found.name == "mse"


def test_a_fragment_that_does_not_parse_still_gives_its_loss_line() -> None:
    text = f"{FENCE}python\nfor x, y in loader:\n    out = model(x\ncriterion = torch.nn.NLLLoss()\n{FENCE}\n"
    found = note_loss(text)
    assert found is not None and (found.name, found.line) == ("nll", 4)


def test_notes_without_a_loss_and_the_seed() -> None:
    assert note_loss("# 제목\n\n본문만 있는 노트\n") is None
    seed = (ROOT / "notes" / "2023-11-22.md").read_text(encoding="utf-8")
    assert note_loss(seed) is None  # the seed builds a model and a head, but no loss
