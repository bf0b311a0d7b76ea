"""The sentence model's vectors are computed a share of the stories at a time, never for the
whole run at once, and the report does not depend on the share (our own fictional texts)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from newsloom.config import AnalyzeConfig
from newsloom.pipeline.compare import stage
from newsloom.runners import local

EVENTS = [
    (
        "A fire destroyed the Orlenby grain mill on Monday, firefighters said. Mill owner Jonas Pell "
        "said 40 tonnes of wheat were lost.",
        "Firefighters in Orlenby fought a blaze at the grain mill on Monday. Owner Jonas Pell put the "
        "loss at 40 tonnes of wheat.",
    ),
    (
        "Quarsted council approved a cycle bridge over the Lenne river on Tuesday. Councillor Mara "
        "Ost said building would start in May.",
        "A cycle bridge across the Lenne at Quarsted won council approval on Tuesday; councillor Mara "
        "Ost expects work to begin in May.",
    ),
    (
        "Vellmouth hospital opened a children's ward on Wednesday. Director Ana Kerr said the ward "
        "has 24 beds.",
        "A 24-bed children's ward opened at Vellmouth hospital on Wednesday, director Ana Kerr said.",
    ),
    (
        "The Tarnwick rowing club won the regional regatta on Saturday. Captain Theo Brandt said the "
        "crew had trained for two years.",
        "Tarnwick's rowers took the regional regatta title on Saturday after two years of training, "
        "captain Theo Brandt said.",
    ),
]


class LengthEncoder:
    """A stand-in for the model: vectors from a sentence's words, the same in any batch."""

    def __init__(self) -> None:
        self.calls: list[int] = []

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        self.calls.append(len(texts))
        out = np.zeros((len(texts), 384), np.float32)
        for row, text in enumerate(texts):
            for word in text.split():
                out[row, sum(map(ord, word)) % 384] += 1.0
            out[row] /= np.linalg.norm(out[row]) or 1.0
        return out


def _articles(folder: Path) -> Path:
    # each event: its two reports, and a copy of the first with a line of its own
    out = [
        {"id": f"e{k}-{j}", "title": text.split(".")[0], "text": text}
        for k, (first, second) in enumerate(EVENTS)
        for j, text in enumerate([first, second, f"{first} More details were expected later."])
    ]
    path = folder / "ferries.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in out), encoding="utf-8")
    return path


def _report(monkeypatch: pytest.MonkeyPatch, folder: Path, chunk: int) -> tuple[str, list[int]]:
    encoder = LengthEncoder()
    monkeypatch.setattr(stage, "resolve_encoder", lambda mode: encoder)
    monkeypatch.setattr(local, "VECTOR_CHUNK_ARTICLES", chunk)
    config = AnalyzeConfig(nlp="rules", embeddings="model", workers=1, formats=("json",))
    report = local.analyze([_articles(folder)], config)
    return report.model_dump_json(), encoder.calls


def test_vectors_come_a_few_stories_at_a_time_and_the_report_does_not_change(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    whole, at_once = _report(monkeypatch, tmp_path, 10_000)
    chunked, calls = _report(monkeypatch, tmp_path, 3)
    assert len(at_once) == 1
    assert len(calls) > 1 and max(calls) < at_once[0]
    assert chunked == whole
