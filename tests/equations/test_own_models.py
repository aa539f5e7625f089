"""Whole notes after the kinds of sources issue 9 names (fixtures in tests/fixtures/own_models): the
modules found (``python -m app model``) and the links with the module each equation traces."""

from __future__ import annotations

from pathlib import Path

from app.engine.notecode import infer_note
from app.equations import link_note

NOTES = Path(__file__).resolve().parents[1] / "fixtures" / "own_models"


def read(name: str) -> str:
    return (NOTES / name).read_text(encoding="utf-8")


def links(text: str) -> list[tuple[int, str | None, int | None]]:
    return [
        (le.equation.lines[0], le.quantity, le.module)
        for le in link_note(text, modules=infer_note(text).modules)
    ]


def test_the_docs_array_block_and_its_doctest() -> None:
    text = read("docs_lstm.md")
    [module] = infer_note(text).modules
    assert (module.kind, module.config.describe(), module.section) == (
        "lstm",
        "LSTM(12, 24, num_layers=2)",
        "예제",
    )
    rows = [(line, q, m) for line, q, m in links(text) if q]
    assert rows == [(7 + k, f"lstm.{g}", 0) for k, g in enumerate("ifgoch")]


def test_the_cells_docs_with_primes() -> None:
    text = read("docs_cells.md")
    assert [(m.name, m.kind) for m in infer_note(text).modules] == [
        ("cell", "lstm_cell"),
        ("step", "gru_cell"),
    ]
    assert links(text) == [
        *[(7 + k, f"lstm.{g}", 0) for k, g in enumerate("ifgoch")],
        *[(28 + k, f"gru.{g}", 1) for k, g in enumerate("rznh")],
    ]


def test_three_models_under_three_headings() -> None:
    text = read("three_models.md")
    assert [m.config.describe() for m in infer_note(text).modules] == [
        "RNN(3, 4, nonlinearity='relu')",
        "LSTM(3, 6, num_layers=2)",
        "GRU(3, 5, bidirectional=True)",
    ]
    by_latex = {(le.equation.lines[0], le.equation.latex): le for le in link_note(text)}
    assert by_latex[(5, "h_t")].quantity == "rnn.h"
    assert by_latex[(5, "o_t")].reason_code == "not-in-model"
    assert by_latex[(12, "o_t")].quantity == "lstm.o"
    assert by_latex[(20, "c_t")].reason_code == "not-in-model"
    assert by_latex[(20, "h_t")].quantity == "gru.h"
    assert [m for _, q, m in links(text) if q] == [0, 0, 1, 1, 1, 1, 1, 1, 1, 2, 2]


def test_an_encoder_and_a_decoder_bound_to_their_instantiations() -> None:
    text = read("seq2seq.md")
    modules = infer_note(text).modules
    assert [(m.name, m.config.describe(), m.section) for m in modules] == [
        ("Encoder.rnn", "GRU(32, 64, num_layers=2, batch_first=True, dropout=0.1)", "인코더 (GRU)"),
        ("Decoder.rnn", "LSTM(96, 64, batch_first=True)", "디코더 (LSTM)"),
    ]
    assert links(text) == [(17, "gru.h", 0), (29, "lstm.f", 1), (43, "lstm.h", 1)]


def test_a_derivation_a_peephole_and_both_sides_of_multiplication() -> None:
    text = read("derivation.md")
    linked = {le.equation.lines[0]: le for le in link_note(text, modules=infer_note(text).modules)}
    assert (linked[7].quantity, linked[8].quantity, linked[8].module) == ("rnn.h", "rnn.h", 0)
    assert linked[14].quantity is None and linked[14].reason_code == "peephole"
    left = {s.latex: (s.quantity, s.transposed) for s in linked[18].symbols}
    right = {s.latex: (s.quantity, s.transposed) for s in linked[19].symbols}
    assert left["W_{xf}"] == ("lstm.W_if", False) and left["W_{hf}"] == ("lstm.W_hf", False)
    assert right["W_{xo}"] == ("lstm.W_io", True) and right["W_{ho}"] == ("lstm.W_ho", True)
    assert (linked[18].module, linked[19].module) == (1, 1)
    goodfellow = {s.latex: s.quantity for s in linked[20].symbols}
    assert goodfellow["W"] == "rnn.W_hh" and goodfellow["U"] == "rnn.W_ih"
