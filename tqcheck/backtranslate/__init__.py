"""Back-translation behind a small interface.

``load_translator(model, "en", "ru")`` gives a :class:`Translator`: an object with a
``model_id`` and ``translate(texts) -> list[str]`` (same length, same order). The implementation
is a MarianMT model (``tqcheck.backtranslate.marian``) run offline from a local folder or from
the Hugging Face cache, wrapped in a sqlite cache of translations
(``tqcheck.backtranslate.cache``) so that an article checked twice is translated once.

This module imports nothing heavy: torch, transformers and sentencepiece are imported only when
a translation actually has to be computed (a warm cache never imports them). Every failure to
find, load or run a model is a :class:`ModelUnavailable`, a :class:`~tqcheck.errors.TqcheckError`
(one line, exit code 2 in the CLI).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from tqcheck.errors import TqcheckError

__all__ = [
    "DEFAULT_MODELS",
    "MT_EXTRA_HINT",
    "GenerationOptions",
    "ModelUnavailable",
    "Translator",
    "default_model",
    "load_translator",
]

#: The opus-mt model used for each (source, target) pair when ``--model`` is not given.
DEFAULT_MODELS: dict[tuple[str, str], str] = {
    ("ru", "en"): "Helsinki-NLP/opus-mt-ru-en",
    ("en", "ru"): "Helsinki-NLP/opus-mt-en-ru",
}

MT_EXTRA_HINT = "install the MT extra: pip install 'tqcheck[mt]' torch==2.13.0"


class ModelUnavailable(TqcheckError):
    """A translation model cannot be found, loaded or run (missing files, not cached, no torch)."""


@runtime_checkable
class Translator(Protocol):
    """Translates paragraphs: ``translate`` returns one string per input, in the same order.

    ``model_id`` names the model (a hub id such as ``Helsinki-NLP/opus-mt-en-ru`` or a folder).
    Implementations may also carry a ``fingerprint: str`` identifying the exact weights and
    generation settings; the cache keys on ``model_id`` + ``fingerprint``.
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
    threads: int | None = None  # torch threads; default: $TQCHECK_MT_THREADS, else the usable cores

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


def load_translator(
    model: str | None,
    source_lang: str,
    target_lang: str,
    *,
    allow_download: bool = False,
    cache: bool = True,
    progress: bool = False,
    options: GenerationOptions | None = None,
) -> Translator:
    """A translator from ``source_lang`` to ``target_lang``.

    ``model`` is a local folder (config.json, weights, source.spm, target.spm, vocab.json) or a
    Hugging Face model id, looked up in the local Hugging Face cache only, unless
    ``allow_download``; ``None`` takes :data:`DEFAULT_MODELS`. The files are checked here, but
    the model itself is loaded lazily, on the first translation that misses the cache (so a
    failure to load it can also surface from ``translate``; it is a :class:`ModelUnavailable`
    too). ``cache=False`` skips the sqlite cache; ``progress`` shows a progress bar on stderr
    when it is a terminal and translating takes more than a moment.
    """
    from tqcheck.backtranslate.marian import MarianTranslator

    name = model if model else default_model(source_lang, target_lang)
    translator: Translator = MarianTranslator.from_name(
        name, allow_download=allow_download, progress=progress, options=options or GenerationOptions()
    )
    if cache:
        from tqcheck.backtranslate.cache import CachedTranslator

        translator = CachedTranslator(translator)
    return translator
