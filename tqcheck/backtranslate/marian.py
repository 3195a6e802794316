"""MarianMT (opus-mt) translation, offline first.

Resolution of a model name, before anything heavy is imported:

* an existing folder is used as it is, after checking that it holds ``config.json``, the weights
  (``model.safetensors`` or ``pytorch_model.bin``, or a sharded index), ``source.spm``,
  ``target.spm`` and ``vocab.json``; the error names the missing file;
* anything else is a Hugging Face model id, looked up in the local Hugging Face cache
  (``HF_HUB_CACHE``, else ``HF_HOME``/hub, else ``~/.cache/huggingface/hub``) without any
  network access; with ``allow_download`` it is fetched when it is not there.

transformers is then given the folder itself with ``local_files_only=True`` (and
``HF_HUB_OFFLINE=1`` when downloads are not allowed), so it never goes to the network and never
takes a missing path for a hub id. torch and transformers are imported, and the model loaded, on
the first call of :meth:`MarianTranslator.translate`.

Generation: greedy unless told otherwise; unique non-blank paragraphs, longest first, in
batches of ``batch_size`` (little padding, and the output put back in input order);
``max_new_tokens`` bounded by the longest input of the batch; ``torch.inference_mode``; as many
torch threads as the process has cores; optional int8 dynamic quantisation of the Linear layers.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tqcheck.backtranslate import MT_EXTRA_HINT, GenerationOptions, ModelUnavailable
from tqcheck.backtranslate._progress import DelayedProgress

#: Files a Marian model folder must hold (weights are checked separately: any of WEIGHT_FILES).
REQUIRED_FILES = ("config.json", "source.spm", "target.spm", "vocab.json")
WEIGHT_FILES = (
    "model.safetensors",
    "pytorch_model.bin",
    "model.safetensors.index.json",
    "pytorch_model.bin.index.json",
)
#: What an allowed download fetches (opus-mt repos also hold TF/Flax/Rust weights we don't need).
DOWNLOAD_PATTERNS = [*REQUIRED_FILES, *WEIGHT_FILES, "generation_config.json", "tokenizer_config.json"]
EXTRA_MODULES = ("torch", "transformers", "sentencepiece")
ALGORITHM_VERSION = "marian-1"

_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*(/[\w.-]+)?$")


def first_missing(modules: Sequence[str]) -> str | None:
    """The first of ``modules`` that is not installed, else None (nothing is imported)."""
    for name in modules:
        try:
            if importlib.util.find_spec(name) is None:
                return name
        except (ImportError, ValueError):
            return name
    return None


def missing_extra() -> str | None:
    """The first module of the transformers backend that is not installed, else None."""
    return first_missing(EXTRA_MODULES)


def hub_cache_dir() -> Path:
    """Where huggingface_hub keeps downloaded models (same rules as huggingface_hub)."""
    for var in ("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE"):
        if os.environ.get(var):
            return Path(os.environ[var]).expanduser()
    if os.environ.get("HF_HOME"):
        return Path(os.environ["HF_HOME"]).expanduser() / "hub"
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "huggingface" / "hub"


def cached_snapshot(repo_id: str, cache: Path | None = None) -> Path | None:
    """The snapshot folder of a model in the Hugging Face cache (``refs/main``, else the newest
    snapshot with a config.json), or None. Reads the file system only."""
    repo = (cache or hub_cache_dir()) / ("models--" + repo_id.replace("/", "--"))
    snapshots = repo / "snapshots"
    try:
        commit = (repo / "refs" / "main").read_text(encoding="utf-8").strip()
        if commit and (snapshots / commit / "config.json").is_file():
            return snapshots / commit
    except OSError:
        pass
    try:
        found = [p for p in snapshots.iterdir() if (p / "config.json").is_file()]
    except OSError:
        return None
    return max(found, key=lambda p: p.stat().st_mtime) if found else None


def missing_files(folder: Path) -> list[str]:
    """Which of the files a Marian folder needs are missing (``weights`` stands for all of them)."""
    missing = [name for name in REQUIRED_FILES if not (folder / name).is_file()]
    if not any((folder / name).is_file() for name in WEIGHT_FILES):
        missing.insert(0 if "config.json" not in missing else 1, "weights (model.safetensors or pytorch_model.bin)")
    return missing


def _looks_like_path(name: str) -> bool:
    return name.startswith(("/", ".", "~")) or "\\" in name or name.count("/") > 1 or name.endswith("/")


def resolve_model(name: str, *, allow_download: bool = False) -> tuple[str, Path]:
    """(model_id, folder) for a folder or a hub id; ModelUnavailable saying what is missing."""
    path = Path(name).expanduser()
    if path.is_dir():
        folder = path.resolve()
        missing = missing_files(folder)
        if missing:
            raise ModelUnavailable(
                f"model folder {name} is not a complete MarianMT model: missing {', '.join(missing)}"
            )
        return str(folder), folder
    if path.exists():
        raise ModelUnavailable(f"model {name} is a file; pass a MarianMT model folder or a Hugging Face model id")
    if _looks_like_path(name) or not _HUB_ID.match(name):
        raise ModelUnavailable(f"model folder {name} does not exist")

    cache = hub_cache_dir()
    snapshot = cached_snapshot(name, cache)
    if snapshot is not None:
        missing = missing_files(snapshot)
        if not missing:
            return name, snapshot
        if not allow_download:
            raise ModelUnavailable(
                f"model {name} is only partly in the Hugging Face cache ({snapshot}): missing {', '.join(missing)}; "
                f"download it with `hf download {name}` (or `hf download {name} --local-dir DIR`, then --model DIR) or pass --allow-download"
            )
    if not allow_download:
        raise ModelUnavailable(
            f"model {name} is not available offline (no such folder, and not in the Hugging Face cache {cache}): "
            f"download it once with `hf download {name}` (or `hf download {name} --local-dir DIR`, then --model DIR) or pass --allow-download"
        )
    return name, _download(name, cache)


def _download(repo_id: str, cache: Path) -> Path:
    if missing_extra():
        raise ModelUnavailable(f"model {repo_id} cannot be downloaded: {MT_EXTRA_HINT}")
    try:
        from huggingface_hub import snapshot_download

        folder = Path(snapshot_download(repo_id, cache_dir=cache, allow_patterns=DOWNLOAD_PATTERNS))
    except Exception as exc:  # network, authentication, unknown repo: all one line
        raise ModelUnavailable(f"model {repo_id} could not be downloaded: {_one_line(exc)}") from None
    missing = missing_files(folder)
    if missing:
        raise ModelUnavailable(
            f"model {repo_id} was downloaded but lacks {', '.join(missing)}: is it a MarianMT model?"
        )
    return folder


def folder_fingerprint(
    folder: Path,
    *,
    version: str = ALGORITHM_VERSION,
    files: Sequence[str] = (*WEIGHT_FILES, "source.spm", "target.spm", "vocab.json", "generation_config.json"),
    contents: Sequence[str] = (),
) -> str:
    """Identity of a model folder without reading the weights: config.json's bytes, the name,
    size and modification time of ``files`` and the bytes of ``contents`` (those that are there)."""
    digest = hashlib.sha256(version.encode())
    try:
        digest.update((folder / "config.json").read_bytes())
        for name in files:
            file = folder / name
            if file.is_file():
                st = file.stat()
                digest.update(f"\0{name}\0{st.st_size}\0{st.st_mtime_ns}".encode())
        for name in contents:
            if (folder / name).is_file():
                digest.update((folder / name).read_bytes())
    except OSError as exc:
        raise ModelUnavailable(f"model folder {folder} cannot be read: {_one_line(exc)}") from None
    return digest.hexdigest()[:32]


def length_sorted_batches(lengths: Sequence[int], batch_size: int) -> list[list[int]]:
    """Indices grouped into batches of similar length, longest first (stable for ties)."""
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    size = max(1, batch_size)
    return [order[i : i + size] for i in range(0, len(order), size)]


def split_long(text: str, max_chars: int) -> list[str]:
    """A paragraph as chunks of whole sentences of at most ``max_chars`` (when it can be)."""
    if len(text) <= max_chars:
        return [text]
    from tqcheck.text import sentence_spans

    chunks: list[str] = []
    current = ""
    for start, end in sentence_spans(text, frozenset()):
        sentence = text[start:end].strip()
        if current and len(current) + 1 + len(sentence) > max_chars:
            chunks.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}" if current else sentence
    if current:
        chunks.append(current)
    return chunks or [text]


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


@contextmanager
def _quiet_transformers() -> Iterator[None]:
    """No progress bars, warnings or advice from transformers while we load and generate."""
    from transformers.utils import logging as hf_logging

    verbosity = hf_logging.get_verbosity()
    bars = hf_logging.is_progress_bar_enabled()
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        hf_logging.set_verbosity(verbosity)
        if bars:
            hf_logging.enable_progress_bar()


class SegmentTranslator:
    """What both backends share: texts cut into segments the model can take, the model loaded on
    the first translation, one progress bar for loading and translating. A backend gives
    :meth:`load` and :meth:`_translate_segments` (whose failures come out as ModelUnavailable)."""

    model_id: str
    options: GenerationOptions
    progress: bool

    def load(self) -> None:
        raise NotImplementedError

    def _translate_segments(self, segments: list[str], advance: Callable[[int], None]) -> list[str]:
        raise NotImplementedError

    def translate(self, texts: Sequence[str]) -> list[str]:
        """One translation per text, in order; blank texts give "" without running the model."""
        return translate_texts(texts, self.options.max_chunk_chars, self._translate_all)

    def _translate_all(self, segments: list[str]) -> list[str]:
        with DelayedProgress(self.progress, f"loading {self.model_id}", len(segments)) as bar:
            self.load()
            bar.update(description=f"translating with {self.model_id}")
            try:
                return self._translate_segments(segments, lambda n: bar.update(advance=n))
            except ModelUnavailable:
                raise
            except Exception as exc:
                raise ModelUnavailable(f"model {self.model_id} failed while translating: {_one_line(exc)}") from None


class MarianTranslator(SegmentTranslator):
    """A MarianMT model in a folder; loaded on the first :meth:`translate` (or :meth:`load`)."""

    backend = "transformers"

    def __init__(
        self,
        model_id: str,
        folder: Path,
        *,
        options: GenerationOptions | None = None,
        progress: bool = False,
        offline: bool = True,
        device: str = "auto",
    ) -> None:
        self.model_id = model_id
        self.folder = folder
        self.options = options or GenerationOptions()
        self.progress = progress
        self.offline = offline
        self.device = device  # "cpu", "cuda" or "auto"; resolved when the model is loaded
        self.fingerprint = (
            f"{self.backend};{self.quantization};{device}:{folder_fingerprint(folder)}:{self.options.fingerprint()}"
        )
        self._model: Any = None
        self._tokenizer: Any = None
        self._torch_device = "cpu"

    @property
    def quantization(self) -> str:
        """int8 (dynamic quantisation of the Linear layers, CPU only) or float32."""
        return "int8" if self.options.quantize and self.device != "cuda" else "float32"

    @classmethod
    def from_name(
        cls,
        name: str,
        *,
        allow_download: bool = False,
        progress: bool = False,
        options: GenerationOptions | None = None,
        device: str = "auto",
    ) -> MarianTranslator:
        """Resolve a folder or hub id (files checked, nothing heavy imported)."""
        model_id, folder = resolve_model(name, allow_download=allow_download)
        extra = missing_extra()
        if extra:
            raise ModelUnavailable(f"model {model_id} needs {extra}, which is not installed: {MT_EXTRA_HINT}")
        return cls(model_id, folder, options=options, progress=progress, offline=not allow_download, device=device)

    @classmethod
    def from_model(
        cls, model_id: str, model: Any, tokenizer: Any, *, options: GenerationOptions | None = None
    ) -> MarianTranslator:
        """Wrap a model and tokenizer already in memory (benchmarks, experiments); quantises the
        model when ``options.quantize``. The fingerprint names the object, so don't cache it."""
        self = cls.__new__(cls)
        self.model_id = model_id
        self.folder = Path()
        self.options = options or GenerationOptions()
        self.progress = False
        self.offline = True
        self.device = "cpu"
        self._torch_device = "cpu"
        self.fingerprint = f"in-memory-{id(model):x}:{self.options.fingerprint()}"
        _set_threads(self.options.threads)
        self._model = quantize_int8(model) if self.options.quantize else model
        self._tokenizer = tokenizer
        return self

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def load(self) -> None:
        """Import torch/transformers and load the model (once); ModelUnavailable on any failure."""
        if self._model is not None:
            return
        if self.offline:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            import torch  # noqa: F401  (first, so a broken torch is reported as such)
            from transformers import MarianMTModel, MarianTokenizer
        except Exception as exc:
            raise ModelUnavailable(
                f"model {self.model_id} needs torch and transformers ({_one_line(exc)}): {MT_EXTRA_HINT}"
            ) from None
        _set_threads(self.options.threads)
        device = _torch_device(self.device, self.model_id)
        try:
            with _quiet_transformers():
                tokenizer = MarianTokenizer.from_pretrained(str(self.folder), local_files_only=True)
                model = MarianMTModel.from_pretrained(str(self.folder), local_files_only=True)
                model.eval()
                if device != "cpu":
                    model = model.to(device)
                elif self.options.quantize:
                    model = quantize_int8(model)
        except Exception as exc:
            raise ModelUnavailable(
                f"model {self.model_id} could not be loaded from {self.folder}: {_one_line(exc)}"
            ) from None
        self._tokenizer, self._model, self._torch_device = tokenizer, model, device

    def _translate_segments(self, segments: list[str], advance: Callable[[int], None]) -> list[str]:
        out = [""] * len(segments)
        for batch in length_sorted_batches([len(s) for s in segments], self.options.batch_size):
            for i, text in zip(batch, self.generate([segments[i] for i in batch]), strict=True):
                out[i] = text
            advance(len(batch))
        return out

    def generate(self, batch: list[str]) -> list[str]:
        """Translate one batch as it is (no sorting, no cache)."""
        ids = self._generate_ids(batch)
        with _quiet_transformers():
            return [t.strip() for t in self._tokenizer.batch_decode(ids, skip_special_tokens=True)]

    def generate_pieces(self, batch: list[str]) -> list[list[str]]:
        """The output tokens of one batch, special tokens left out (to compare backends)."""
        ids = self._generate_ids(batch)
        special = set(self._tokenizer.all_special_ids)
        return [self._tokenizer.convert_ids_to_tokens([i for i in row if i not in special]) for row in ids.tolist()]

    def _generate_ids(self, batch: list[str]) -> Any:
        import torch

        self.load()
        opts = self.options
        limit = int(getattr(self._model.config, "max_position_embeddings", 512) or 512)
        with _quiet_transformers():
            enc = self._tokenizer(batch, return_tensors="pt", padding=True, truncation=True, max_length=limit)
            if self._torch_device != "cpu":
                enc = enc.to(self._torch_device)
            longest = int(enc["input_ids"].shape[1])
            max_new = opts.max_new_tokens or min(limit, int(longest * opts.max_new_tokens_ratio) + 10)
            kwargs: dict[str, Any] = {"num_beams": opts.num_beams, "do_sample": False, "max_new_tokens": max_new}
            if opts.min_new_tokens:
                kwargs["min_new_tokens"] = opts.min_new_tokens
                kwargs["max_new_tokens"] = max(max_new, opts.min_new_tokens)
            with torch.inference_mode():
                return self._model.generate(**enc, **kwargs)


def translate_texts(
    texts: Sequence[str], max_chunk_chars: int, translate_segments: Callable[[list[str]], list[str]]
) -> list[str]:
    """What every backend does around the model: one translation per text, in order. Blank
    texts give "" without running the model; each distinct text is translated once; a long text
    is split into chunks of whole sentences and their translations joined with a space.
    ``translate_segments`` is called once, with every chunk, and returns one string per chunk."""
    result = [""] * len(texts)
    positions: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        if text.strip():
            positions.setdefault(text.strip(), []).append(i)
    if not positions:
        return result
    unique = list(positions)
    segments: list[str] = []
    owner: list[int] = []
    for u, text in enumerate(unique):
        for chunk in split_long(text, max_chunk_chars):
            segments.append(chunk)
            owner.append(u)
    translated = translate_segments(segments)
    pieces: list[list[str]] = [[] for _ in unique]
    for seg, u in zip(translated, owner, strict=True):
        pieces[u].append(seg)
    for u, text in enumerate(unique):
        joined = " ".join(p for p in pieces[u] if p)
        for i in positions[text]:
            result[i] = joined
    return result


def _torch_device(requested: str, model_id: str) -> str:
    """cpu or cuda for torch: ``auto`` takes CUDA when torch sees a GPU; ``cuda`` requires one."""
    if requested == "cpu":
        return "cpu"
    import torch

    if torch.cuda.is_available():
        return "cuda"
    if requested == "cuda":
        raise ModelUnavailable(f"model {model_id}: --device cuda, but torch sees no CUDA device")
    return "cpu"


def quantize_int8(model: Any) -> Any:
    """int8 dynamic quantisation of every nn.Linear (weights int8, activations quantised per
    batch): ~3x faster greedy decoding on CPU, a quarter of the Linear weights' memory."""
    import torch
    from torch.ao.quantization import quantize_dynamic

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)


def _set_threads(threads: int | None) -> None:
    """torch's intra-op threads: as given, else ``TQCHECK_MT_THREADS``, else one per usable core.

    On a machine whose cores are busy with other processes, several threads can be far slower
    than one (each op waits for a descheduled thread: int8 decoding was 10x slower with 2
    threads than with 1 on 2 loaded cores); ``TQCHECK_MT_THREADS=1`` is the remedy there.
    """
    import torch

    torch.set_num_threads(thread_count(threads))


def thread_count(threads: int | None) -> int:
    """The threads to translate with: as given, else ``TQCHECK_MT_THREADS``, else the usable cores."""
    if not threads:
        try:
            threads = int(os.environ.get("TQCHECK_MT_THREADS", "0"))
        except ValueError:
            threads = 0
    return threads if threads > 0 else _cores()


def _cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)
