"""The CTranslate2 backend: a converted opus-mt (MarianMT) model run without torch.

A CTranslate2 model is a folder with ``model.bin``, ``config.json``, the vocabulary
(``shared_vocabulary.json``, or a source and a target one) and the model's ``source.spm`` and
``target.spm``; ``tqcheck model convert`` makes one (``tqcheck.backtranslate.store``), and
``--model`` takes one directly. The pipeline is the transformers backend's, so that both give the
same translations (token for token in float32, greedy; see tests/test_ct2.py):

* text → sentencepiece pieces of ``source.spm`` + ``</s>``, truncated to the model's positions,
  as MarianTokenizer does;
* unique non-blank paragraphs (long ones in chunks of sentences), longest first, in batches of
  ``batch_size``, each batch with the output bound transformers would use (``max_new_tokens``
  counts the end token there, CTranslate2's ``max_decoding_length`` does not);
* greedy decoding unless told otherwise; the batches are queued at once, so that with
  ``inter_threads`` > 1 several run at the same time;
* pieces → text with ``target.spm``, special tokens dropped, as ``batch_decode`` does.

ctranslate2 and sentencepiece are imported when a translator is made (ctranslate2 is light: it
is asked which devices there are) and when the model is loaded, on the first cache miss. The
quantisation reported and keyed in the cache is the compute type asked of CTranslate2: the
model's own (as converted), or float32 where the device cannot run it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from tqcheck.backtranslate import CT2_EXTRA_HINT, MT_EXTRA_HINT, GenerationOptions, ModelUnavailable
from tqcheck.backtranslate.marian import (
    SegmentTranslator,
    _one_line,
    first_missing,
    folder_fingerprint,
    length_sorted_batches,
    thread_count,
)

ALGORITHM_VERSION = "ct2-1"
RUNTIME_MODULES = ("ctranslate2", "sentencepiece")
REQUIRED_CT2_FILES = ("model.bin", "config.json", "source.spm", "target.spm")
VOCABULARIES = (
    ("shared_vocabulary.json",),
    ("shared_vocabulary.txt",),
    ("source_vocabulary.json", "target_vocabulary.json"),
    ("source_vocabulary.txt", "target_vocabulary.txt"),
)
SPECIAL_PIECES = frozenset({"</s>", "<unk>", "<pad>"})  # MarianTokenizer's special tokens


def is_ct2_folder(path: Path) -> bool:
    """A folder holding a CTranslate2 model (its ``model.bin``)."""
    return path.is_dir() and (path / "model.bin").is_file()


def missing_ct2_files(folder: Path) -> list[str]:
    """Which of the files a converted model needs are missing."""
    missing = [name for name in REQUIRED_CT2_FILES if not (folder / name).is_file()]
    if not any(all((folder / name).is_file() for name in group) for group in VOCABULARIES):
        missing.append("the vocabulary (shared_vocabulary.json)")
    return missing


def missing_runtime() -> str | None:
    """ctranslate2 or sentencepiece when it is not installed, else None (nothing imported)."""
    return first_missing(RUNTIME_MODULES)


def refuse_ct2_folder(name: str) -> None:
    """The transformers backend cannot run a converted folder: say so in one line."""
    if is_ct2_folder(Path(name).expanduser()):
        raise ModelUnavailable(f"model {name} is a CTranslate2 model: use --backend ctranslate2 (or auto) to run it")


def resolve_device(device: str) -> str:
    """cpu or cuda: ``auto`` takes CUDA when CTranslate2 sees a GPU, ``cuda`` requires one."""
    if device == "cpu":
        return "cpu"
    import ctranslate2

    try:
        gpus = int(ctranslate2.get_cuda_device_count())
    except Exception:  # a broken CUDA install is no GPU
        gpus = 0
    if gpus > 0:
        return "cuda"
    if device == "cuda":
        raise ModelUnavailable("--device cuda, but CTranslate2 sees no CUDA device")
    return "cpu"


def compute_type(quantization: str, device: str) -> str:
    """The compute type to ask for: the model's own when the device runs it, else float32
    (float16 on a CPU), else CTranslate2's ``default`` (a folder converted elsewhere)."""
    import ctranslate2

    if quantization == "default":
        return "default"
    try:
        supported = set(ctranslate2.get_supported_compute_types(device))
    except Exception:
        supported = {"float32"}
    if quantization in supported:
        return quantization
    if quantization.startswith("int8") and "int8" in supported:
        return "int8"
    return "float32" if "float32" in supported else "default"


def ctranslate2_translator(
    name: str, *, required: bool, device: str, progress: bool, options: GenerationOptions
) -> CT2Translator | None:
    """The CTranslate2 translator for ``name``: the folder itself when it is a CTranslate2 model,
    else its conversion in the store. None when there is none and it is not ``required`` (the
    caller then uses transformers); ModelUnavailable saying what is missing otherwise."""
    from tqcheck.backtranslate import store

    path = Path(name).expanduser()
    if is_ct2_folder(path):
        return CT2Translator.from_folder(path, device=device, progress=progress, options=options)
    runtime = missing_runtime()
    if runtime is not None:
        if required:
            raise ModelUnavailable(f"the ctranslate2 backend needs {runtime}, which is not installed: {CT2_EXTRA_HINT}")
        return None
    resolved = resolve_device(device)
    converted, why = store.find_converted(name, resolved)
    if converted is None:
        from tqcheck.backtranslate.marian import missing_extra

        if required or missing_extra() is not None:
            # Required, or transformers cannot take over: say how to get a conversion.
            reason = why or (
                f"model {name} has no CTranslate2 conversion in {store.models_dir()}: convert it once with "
                f"`tqcheck model convert {name}`, or pass --model CONVERTED_FOLDER"
            )
            if not required:
                reason += f"; or use the transformers backend: {MT_EXTRA_HINT}"
            raise ModelUnavailable(reason)
        return None
    return CT2Translator(
        converted.source,
        converted.folder,
        quantization=converted.quantization,
        max_positions=converted.max_positions,
        device=resolved,
        progress=progress,
        options=options,
    )


def ct2_folder_fingerprint(folder: Path) -> str:
    """Identity of a converted folder without reading the weights: config.json and the
    vocabularies' bytes, and the name, size and modification time of the other files."""
    return folder_fingerprint(
        folder,
        version=ALGORITHM_VERSION,
        files=("model.bin", "source.spm", "target.spm", "tokenizer_config.json", "tqcheck-model.json"),
        contents=[name for group in VOCABULARIES for name in group],
    )


def clean_up_tokenization(text: str) -> str:
    """transformers' ``clean_up_tokenization`` (used when the tokenizer config asks for it)."""
    for before, after in (
        (" .", "."), (" ?", "?"), (" !", "!"), (" ,", ","), (" ' ", "'"),
        (" n't", "n't"), (" 'm", "'m"), (" 's", "'s"), (" 've", "'ve"), (" 're", "'re"),
    ):  # fmt: skip
        text = text.replace(before, after)
    return text


class CT2Translator(SegmentTranslator):
    """A converted MarianMT model in a folder, run by CTranslate2; loaded on the first
    :meth:`translate` (or :meth:`load`)."""

    backend = "ctranslate2"

    def __init__(
        self,
        model_id: str,
        folder: Path,
        *,
        quantization: str = "default",
        max_positions: int = 512,
        device: str = "auto",
        progress: bool = False,
        options: GenerationOptions | None = None,
    ) -> None:
        runtime = missing_runtime()
        if runtime is not None:
            raise ModelUnavailable(f"model {model_id} needs {runtime}, which is not installed: {CT2_EXTRA_HINT}")
        self.model_id = model_id
        self.folder = folder
        self.options = options or GenerationOptions()
        self.progress = progress
        self.max_positions = max(2, max_positions)
        self.device = resolve_device(device)
        self.model_quantization = quantization  # as converted
        self.quantization = compute_type(quantization, self.device)  # as run
        options_key = replace(self.options, quantize=False).fingerprint()
        self.fingerprint = (
            f"{self.backend};{self.quantization};{self.device}:{ct2_folder_fingerprint(folder)}:{options_key}"
        )
        self._translator: Any = None
        self._source: Any = None
        self._target: Any = None
        self._clean_up = False

    @classmethod
    def from_folder(
        cls,
        folder: Path,
        *,
        device: str = "auto",
        progress: bool = False,
        options: GenerationOptions | None = None,
    ) -> CT2Translator:
        """A converted folder given directly (``--model FOLDER``): files checked, nothing loaded.
        Its quantisation is read from ``tqcheck-model.json`` when tqcheck converted it."""
        from tqcheck.backtranslate.store import read_meta

        missing = missing_ct2_files(folder)
        if missing:
            hint = (
                " (convert with `tqcheck model convert`, or pass --copy_files source.spm target.spm to ct2-transformers-converter)"
                if any(name.endswith(".spm") for name in missing)
                else ""
            )
            raise ModelUnavailable(
                f"model folder {folder} is not a complete CTranslate2 model: missing {', '.join(missing)}{hint}"
            )
        meta = read_meta(folder)
        resolved = folder.resolve()
        return cls(
            str(resolved),
            resolved,
            quantization=meta.quantization if meta else "default",
            max_positions=meta.max_positions if meta else 512,
            device=device,
            progress=progress,
            options=options,
        )

    @property
    def loaded(self) -> bool:
        return self._translator is not None

    def threads(self) -> tuple[int, int]:
        """(inter_threads, intra_threads): ``options.threads`` (else ``$TQCHECK_MT_THREADS``, else
        the usable cores) shared among ``options.inter_threads`` parallel translations."""
        total = thread_count(self.options.threads)
        inter = max(1, min(self.options.inter_threads, total))
        return inter, max(1, total // inter)

    def load(self) -> None:
        """Import ctranslate2 and sentencepiece and load the model (once); ModelUnavailable on failure."""
        if self._translator is not None:
            return
        try:
            import ctranslate2
            import sentencepiece as spm
        except Exception as exc:
            raise ModelUnavailable(
                f"model {self.model_id} needs ctranslate2 ({_one_line(exc)}): {CT2_EXTRA_HINT}"
            ) from None
        inter, intra = self.threads()
        try:
            source = spm.SentencePieceProcessor(model_file=str(self.folder / "source.spm"))
            target = spm.SentencePieceProcessor(model_file=str(self.folder / "target.spm"))
            translator = ctranslate2.Translator(
                str(self.folder),
                device=self.device,
                compute_type=self.quantization,
                inter_threads=inter,
                intra_threads=intra,
            )
        except Exception as exc:
            raise ModelUnavailable(
                f"model {self.model_id} could not be loaded from {self.folder}: {_one_line(exc)}"
            ) from None
        try:
            config = json.loads((self.folder / "tokenizer_config.json").read_text(encoding="utf-8"))
            self._clean_up = bool(config.get("clean_up_tokenization_spaces", False))
        except (OSError, ValueError, AttributeError):
            self._clean_up = False
        self._source, self._target, self._translator = source, target, translator

    def _translate_segments(self, segments: list[str], advance: Callable[[int], None]) -> list[str]:
        out = [""] * len(segments)
        tokens = [self.encode(s) for s in segments]
        # Every batch is queued before any is read: CTranslate2 runs inter_threads of them at once.
        jobs = [
            (batch, self._submit([tokens[i] for i in batch], asynchronous=True))
            for batch in length_sorted_batches([len(s) for s in segments], self.options.batch_size)
        ]
        for batch, results in jobs:
            for i, result in zip(batch, results, strict=True):
                out[i] = self.decode(result.result().hypotheses[0])
            advance(len(batch))
        return out

    def generate(self, batch: list[str]) -> list[str]:
        """Translate one batch as it is (no sorting, no cache)."""
        self.load()
        results = self._submit([self.encode(text) for text in batch], asynchronous=False)
        return [self.decode(r.hypotheses[0]) for r in results]

    def generate_pieces(self, batch: list[str]) -> list[list[str]]:
        """The output tokens of one batch, special tokens left out (to compare backends)."""
        self.load()
        results = self._submit([self.encode(text) for text in batch], asynchronous=False)
        return [[p for p in r.hypotheses[0] if p not in SPECIAL_PIECES] for r in results]

    def encode(self, text: str) -> list[str]:
        """Source pieces + ``</s>``, at most the model's positions (MarianTokenizer's truncation)."""
        self.load()
        pieces: list[str] = self._source.encode(text, out_type=str)
        return [*pieces[: self.max_positions - 1], "</s>"]

    def decode(self, pieces: list[str]) -> str:
        """Target pieces → text, special tokens dropped (``batch_decode(skip_special_tokens=True)``)."""
        self.load()
        text = str(self._target.decode_pieces([p for p in pieces if p not in SPECIAL_PIECES]))
        text = text.replace("\u2581", " ").strip()
        return clean_up_tokenization(text).strip() if self._clean_up else text

    def _submit(self, batch: list[list[str]], *, asynchronous: bool) -> Any:
        """One batch to CTranslate2 with the output bound transformers would give it."""
        opts = self.options
        longest = max(len(tokens) for tokens in batch)
        max_new = opts.max_new_tokens or min(self.max_positions, int(longest * opts.max_new_tokens_ratio) + 10)
        min_new = opts.min_new_tokens or 0
        if min_new:
            max_new = max(max_new, min_new)
        # transformers' max_new_tokens counts the end token (forced at the bound); CTranslate2's
        # max_decoding_length counts only the output tokens.
        length = max(1, max_new - 1)
        return self._translator.translate_batch(
            batch,
            asynchronous=asynchronous,
            beam_size=max(1, opts.num_beams),
            max_decoding_length=length,
            min_decoding_length=min(min_new, length),
            max_input_length=0,
        )
