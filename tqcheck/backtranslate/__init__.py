"""Back-translation behind a small interface.

``load_translator(model, "en", "ru")`` gives a :class:`Translator`: an object with a
``model_id`` and ``translate(texts) -> list[str]`` (same length, same order), wrapped in a sqlite
cache of translations (``tqcheck.backtranslate.cache``) so that an article checked twice is
translated once. Two backends run the same opus-mt (MarianMT) models offline:

* ``ctranslate2`` (``tqcheck.backtranslate.ct2``): a model converted once with
  ``tqcheck model convert`` (``tqcheck.backtranslate.store``) or a converted folder, run by
  CTranslate2 with sentencepiece; no torch, int8 on CPU, CUDA when present;
* ``transformers`` (``tqcheck.backtranslate.marian``): the model as published (a local folder or
  the Hugging Face cache), run by transformers and torch.

``backend="auto"`` takes CTranslate2 when it is installed and a converted model is there, else
transformers. A translator says what produced its output in ``backend`` and ``quantization``.

This module imports nothing heavy: ctranslate2, torch, transformers and sentencepiece are imported
only when a translation has to be computed (a warm cache imports none of them but ctranslate2,
which is light). Every failure to find, load or run a model is a :class:`ModelUnavailable`, a
:class:`~tqcheck.errors.TqcheckError` (one line, exit code 2 in the CLI).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from tqcheck.errors import TqcheckError

__all__ = [
    "BACKENDS",
    "CT2_EXTRA_HINT",
    "DEFAULT_MODELS",
    "DEVICES",
    "MT_EXTRA_HINT",
    "QUANTIZATIONS",
    "GenerationOptions",
    "ModelUnavailable",
    "Translator",
    "default_model",
    "describe",
    "load_translator",
]

#: The opus-mt model used for each (source, target) pair when ``--model`` is not given.
DEFAULT_MODELS: dict[tuple[str, str], str] = {
    ("ru", "en"): "Helsinki-NLP/opus-mt-ru-en",
    ("en", "ru"): "Helsinki-NLP/opus-mt-en-ru",
}

#: The transformers backend and `tqcheck model convert` (torch's CPU build first, then the extra).
MT_EXTRA_HINT = "install the mt-convert extra: pip install torch==2.13.0 'tqcheck[mt-convert]'"
#: The CTranslate2 runtime (no torch).
CT2_EXTRA_HINT = "install the MT extra: pip install 'tqcheck[mt]'"

BACKENDS = ("auto", "ctranslate2", "transformers")
DEVICES = ("auto", "cpu", "cuda")
#: What `tqcheck model convert --quantization` offers (int8 is the fast one on CPU).
QUANTIZATIONS = ("int8", "int8_float32", "float16", "float32")


class ModelUnavailable(TqcheckError):
    """A translation model cannot be found, loaded or run (missing files, not cached, no torch)."""


@runtime_checkable
class Translator(Protocol):
    """Translates paragraphs: ``translate`` returns one string per input, in the same order.

    ``model_id`` names the model (a hub id such as ``Helsinki-NLP/opus-mt-en-ru`` or a folder).
    Implementations may also carry a ``fingerprint: str`` identifying the exact weights, backend,
    quantisation and generation settings (the cache keys on ``model_id`` + ``fingerprint``), and
    ``backend: str`` and ``quantization: str`` saying what produces the translations (see
    :func:`describe`).
    """

    model_id: str

    def translate(self, texts: Sequence[str]) -> list[str]: ...


@dataclass(frozen=True)
class GenerationOptions:
    """How the MarianMT model generates. All but ``batch_size``/``threads`` change the output
    and are part of the cache fingerprint."""

    num_beams: int = 1  # greedy by default: 2-4x faster than beam 4 (see benchmarks/README.md)
    batch_size: int = 32  # paragraphs per generate() call, after sorting by length
    quantize: bool = False  # int8 dynamic quantisation of the Linear layers (~3x faster on CPU)
    max_new_tokens_ratio: float = 1.5  # output token bound: ratio * longest input in the batch + 10
    max_new_tokens: int | None = None  # a fixed bound instead of the ratio (tests, benchmarks)
    min_new_tokens: int | None = None  # for tests and benchmarks (random weights stop at random)
    max_chunk_chars: int = 1200  # longer paragraphs are translated a few sentences at a time
    threads: int | None = None  # threads per translation; default: $TQCHECK_MT_THREADS, else the usable cores
    inter_threads: int = 1  # CTranslate2: batches translated at the same time, sharing ``threads``

    def fingerprint(self) -> str:
        return (
            f"beams={self.num_beams};int8={int(self.quantize)};ratio={self.max_new_tokens_ratio};"
            f"max={self.max_new_tokens};min={self.min_new_tokens};chunk={self.max_chunk_chars}"
        )


def default_model(source_lang: str, target_lang: str) -> str:
    """The default model id for a language pair, or ModelUnavailable when there is none."""
    try:
        return DEFAULT_MODELS[(source_lang, target_lang)]
    except KeyError:
        pairs = ", ".join(f"{s}->{t}" for s, t in DEFAULT_MODELS)
        raise ModelUnavailable(
            f"no default translation model for {source_lang}->{target_lang} (defaults exist for {pairs}): "
            "pass --model PATH or a Hugging Face model id"
        ) from None


#: Translators made in this process, by class, model and fingerprint: a batch checked in one
#: process loads each model once, not once per article. A few at most (each holds a model).
_MADE: dict[tuple[str, str, str], Translator] = {}
_MADE_MAX = 4


def _reuse(translator: Translator, progress: bool) -> Translator:
    """The translator made before for the same model and settings (its model already loaded), else this one."""
    key = (type(translator).__name__, translator.model_id, str(getattr(translator, "fingerprint", "")))
    if not key[2]:
        return translator  # no fingerprint: nothing says two of them are the same
    made = _MADE.get(key)
    if made is None:
        if len(_MADE) >= _MADE_MAX:
            del _MADE[next(iter(_MADE))]
        _MADE[key] = made = translator
    if hasattr(made, "progress"):
        made.progress = progress
    return made


def describe(translator: object) -> tuple[str | None, str | None]:
    """(backend, quantization) of a translator, None for what it does not say."""
    backend = getattr(translator, "backend", None)
    quantization = getattr(translator, "quantization", None)
    return (str(backend) if backend else None, str(quantization) if quantization else None)


def load_translator(
    model: str | None,
    source_lang: str,
    target_lang: str,
    *,
    allow_download: bool = False,
    cache: bool = True,
    progress: bool = False,
    options: GenerationOptions | None = None,
    backend: str = "auto",
    device: str = "auto",
) -> Translator:
    """A translator from ``source_lang`` to ``target_lang``.

    ``model`` is a Hugging Face model id, a MarianMT folder (config.json, weights, source.spm,
    target.spm, vocab.json) or a CTranslate2 folder (model.bin, config.json, the vocabulary,
    source.spm, target.spm); ``None`` takes :data:`DEFAULT_MODELS`. ``backend``:

    * ``ctranslate2``: the folder itself when it is a CTranslate2 model, else the model's
      conversion in the user cache (``tqcheck model convert``), the one that suits ``device``;
    * ``transformers``: the MarianMT folder, or the hub id from the local Hugging Face cache only,
      unless ``allow_download``;
    * ``auto``: ``ctranslate2`` when CTranslate2 is installed and the model is converted (or is
      a CTranslate2 folder), else ``transformers``.

    ``device`` is ``cpu``, ``cuda`` or ``auto`` (CUDA when there is a GPU). The files are checked
    here, but the model itself is loaded lazily, on the first translation that misses the cache
    (so a failure to load it can also surface from ``translate``; it is a
    :class:`ModelUnavailable` too), and kept: the same model with the same settings asked for
    again in this process is the same translator (a batch loads it once). ``cache=False`` skips the sqlite cache; ``progress`` shows a
    progress bar on stderr when it is a terminal and translating takes more than a moment.
    """
    if backend not in BACKENDS:
        raise ModelUnavailable(f"unknown back-translation backend {backend!r} (choose from {', '.join(BACKENDS)})")
    if device not in DEVICES:
        raise ModelUnavailable(f"unknown device {device!r} (choose from {', '.join(DEVICES)})")
    name = model if model else default_model(source_lang, target_lang)
    options = options or GenerationOptions()
    translator: Translator
    if backend != "transformers":
        from tqcheck.backtranslate.ct2 import ctranslate2_translator

        found = ctranslate2_translator(
            name, required=backend == "ctranslate2", device=device, progress=progress, options=options
        )
    else:
        from tqcheck.backtranslate.ct2 import refuse_ct2_folder

        refuse_ct2_folder(name)
        found = None
    if found is not None:
        translator = found
    else:
        from tqcheck.backtranslate.marian import MarianTranslator

        translator = MarianTranslator.from_name(
            name, allow_download=allow_download, progress=progress, options=options, device=device
        )
    translator = _reuse(translator, progress)
    if cache:
        from tqcheck.backtranslate.cache import CachedTranslator

        translator = CachedTranslator(translator)
    return translator
