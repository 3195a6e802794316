"""Converted models in the user cache: where ``tqcheck model convert`` puts them, how they are found.

A MarianMT model (a folder, or a hub id in the Hugging Face cache) is converted by CTranslate2's
own converter into ``cache_dir()/models/<slug>/<quantization>/``: ``model.bin``, ``config.json``,
the vocabulary, ``source.spm`` and ``target.spm`` (copied from the model), and
``tqcheck-model.json``, which records what it was converted from (the hub id, or the folder's
resolved path), the source folder's fingerprint, the quantisation and the ctranslate2 version.
The slug is the hub id with ``/`` as ``--``, or the folder's name and a hash of its path.

Finding a conversion reads a few small files and imports nothing. Converting imports ctranslate2,
transformers and torch (the mt-convert extra), in that call only.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tqcheck.backtranslate import (
    CT2_EXTRA_HINT,
    MT_EXTRA_HINT,
    QUANTIZATIONS,
    ModelUnavailable,
)

META_FILE = "tqcheck-model.json"
META_FORMAT = 1
#: Files copied from the MarianMT folder next to the converted weights, when they are there.
COPIED_FILES = ("source.spm", "target.spm", "tokenizer_config.json")
#: Which conversion a device prefers when there are several.
PREFERENCE = {
    "cpu": ("int8", "int8_float32", "float32", "float16"),
    "cuda": ("float16", "int8_float32", "int8", "float32"),
}


@dataclass(frozen=True)
class ConvertedModel:
    """A CTranslate2 conversion in the user cache."""

    source: str  # the hub id, or the resolved path of the MarianMT folder
    quantization: str
    folder: Path
    source_fingerprint: str | None = None
    max_positions: int = 512
    ctranslate2_version: str | None = None
    converted: float | None = None  # Unix time

    def size_bytes(self) -> int:
        return folder_size(self.folder)

    def stale(self) -> bool:
        """True when the source model is still there and has changed since the conversion."""
        from tqcheck.backtranslate.marian import folder_fingerprint

        folder = source_folder(self.source)
        if folder is None or self.source_fingerprint is None:
            return False
        try:
            return folder_fingerprint(folder) != self.source_fingerprint
        except ModelUnavailable:
            return False


def models_dir() -> Path:
    """Where converted models live: ``<tqcheck cache>/models``."""
    from tqcheck.readability import cache_dir

    return cache_dir() / "models"


def source_key(name: str) -> str:
    """How a model is known to the store: a folder by its resolved path, a hub id as it is."""
    path = Path(name).expanduser()
    if path.is_dir():
        return str(path.resolve())
    return name


def slug(key: str) -> str:
    """A folder name for a model key: ``Helsinki-NLP--opus-mt-ru-en``, or ``<name>-<hash>`` for a path."""
    if Path(key).is_absolute():
        name = re.sub(r"[^\w.-]+", "_", Path(key).name) or "model"
        return f"{name}-{hashlib.sha256(key.encode()).hexdigest()[:10]}"
    return re.sub(r"[^\w.-]+", "_", key.replace("/", "--"))


def source_folder(key: str) -> Path | None:
    """The MarianMT folder a key names, if it is there now (no download, nothing imported)."""
    from tqcheck.backtranslate.marian import cached_snapshot, missing_files

    path = Path(key)
    if path.is_absolute():
        return path if path.is_dir() and not missing_files(path) else None
    snapshot = cached_snapshot(key)
    return snapshot if snapshot is not None and not missing_files(snapshot) else None


def read_meta(folder: Path) -> ConvertedModel | None:
    """The conversion described by ``folder/tqcheck-model.json``, or None (absent, unreadable)."""
    try:
        data = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("source"), str):
            return None
        return ConvertedModel(
            source=data["source"],
            quantization=str(data.get("quantization") or "default"),
            folder=folder,
            source_fingerprint=data.get("source_fingerprint"),
            max_positions=int(data.get("max_position_embeddings") or 512),
            ctranslate2_version=data.get("ctranslate2"),
            converted=data.get("converted"),
        )
    except (OSError, ValueError, TypeError):
        return None


def complete(folder: Path) -> bool:
    from tqcheck.backtranslate.ct2 import missing_ct2_files

    return not missing_ct2_files(folder)


def all_converted(root: Path | None = None) -> list[ConvertedModel]:
    """Every complete conversion in the store, sorted by source and quantisation."""
    root = root or models_dir()
    found: list[ConvertedModel] = []
    try:
        slugs = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    except OSError:
        return []
    for folder in slugs:
        for sub in sorted(folder.iterdir()):
            if sub.is_dir() and not sub.name.startswith("."):
                meta = read_meta(sub)
                if meta is not None and complete(sub):
                    found.append(meta)
    return sorted(found, key=lambda m: (m.source, _rank(m.quantization, "cpu")))


def conversions_of(name: str, root: Path | None = None) -> list[ConvertedModel]:
    """The complete conversions of one model (by hub id or folder), any quantisation."""
    key = source_key(name)
    folder = (root or models_dir()) / slug(key)
    out: list[ConvertedModel] = []
    for quantization in QUANTIZATIONS:
        meta = read_meta(folder / quantization)
        if meta is not None and meta.source == key and complete(meta.folder):
            out.append(meta)
    return out


def find_converted(name: str, device: str, root: Path | None = None) -> tuple[ConvertedModel | None, str | None]:
    """(the conversion of ``name`` that suits ``device``, why there is none). Stale conversions
    (the source model changed since) are passed over."""
    found = conversions_of(name, root)
    fresh = [m for m in found if not m.stale()]
    if fresh:
        return min(fresh, key=lambda m: _rank(m.quantization, device)), None
    if found:
        return None, (
            f"the CTranslate2 conversion of {name} is older than the model: "
            f"convert it again with `tqcheck model convert {name} --force`"
        )
    return None, None


def _rank(quantization: str, device: str) -> int:
    order = PREFERENCE["cuda" if device == "cuda" else "cpu"]
    return order.index(quantization) if quantization in order else len(order)


def folder_size(folder: Path) -> int:
    total = 0
    try:
        for entry in folder.iterdir():
            if entry.is_file():  # follows the Hugging Face cache's symlinks to the blobs
                total += entry.stat().st_size
    except OSError:
        pass
    return total


def convert(
    name: str,
    quantization: str = "int8",
    *,
    allow_download: bool = False,
    force: bool = False,
    root: Path | None = None,
) -> tuple[ConvertedModel, bool]:
    """Convert a MarianMT model (folder or hub id) for CTranslate2 into the store.

    Returns (the conversion, whether it was made now); an up-to-date conversion is kept unless
    ``force``. ModelUnavailable (one line) when the model, ctranslate2, transformers or torch is
    missing, or when the conversion fails.
    """
    from tqcheck.backtranslate.ct2 import is_ct2_folder
    from tqcheck.backtranslate.marian import folder_fingerprint, missing_extra, resolve_model

    if quantization not in QUANTIZATIONS:
        raise ModelUnavailable(f"unknown quantization {quantization!r} (choose from {', '.join(QUANTIZATIONS)})")
    if is_ct2_folder(Path(name).expanduser()):
        raise ModelUnavailable(f"{name} is already a CTranslate2 model: pass it to --model as it is")
    model_id, marian_folder = resolve_model(name, allow_download=allow_download)
    key = source_key(name)
    target = (root or models_dir()) / slug(key) / quantization
    existing = read_meta(target)
    if existing is not None and not force and existing.source == key and complete(target) and not existing.stale():
        return existing, False
    from importlib.util import find_spec

    if find_spec("ctranslate2") is None:
        raise ModelUnavailable(f"converting {model_id} needs ctranslate2, which is not installed: {CT2_EXTRA_HINT}")
    extra = missing_extra()
    if extra:
        raise ModelUnavailable(f"converting {model_id} needs {extra}, which is not installed: {MT_EXTRA_HINT}")
    fingerprint = folder_fingerprint(marian_folder)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = target.parent / f".{quantization}.tmp-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    try:
        _run_converter(model_id, marian_folder, work, quantization)
        meta = _write_meta(work, key, quantization, fingerprint, marian_folder)
        if target.exists():
            shutil.rmtree(target)
        os.replace(work, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return ConvertedModel(
        source=key,
        quantization=quantization,
        folder=target,
        source_fingerprint=fingerprint,
        max_positions=int(meta["max_position_embeddings"]),
        ctranslate2_version=str(meta["ctranslate2"]),
        converted=float(meta["converted"]),
    ), True


def _run_converter(model_id: str, folder: Path, out: Path, quantization: str) -> None:
    import logging

    from tqcheck.backtranslate.marian import _one_line, _quiet_transformers

    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the folder is local: nothing to fetch
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import torch  # noqa: F401  (first, so a broken torch is reported as such)
        from ctranslate2.converters import TransformersConverter
    except Exception as exc:
        raise ModelUnavailable(
            f"converting {model_id} needs torch and transformers ({_one_line(exc)}): {MT_EXTRA_HINT}"
        ) from None
    copy = [name for name in COPIED_FILES if (folder / name).is_file()]
    quiet = logging.getLogger("ctranslate2")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        with _quiet_transformers():
            TransformersConverter(str(folder), copy_files=copy, low_cpu_mem_usage=True).convert(
                str(out), quantization=quantization, force=True
            )
    except Exception as exc:  # unsupported architecture, corrupt weights, full disk: one line
        raise ModelUnavailable(f"converting {model_id} from {folder} failed: {_one_line(exc)}") from None
    finally:
        quiet.setLevel(level)


def _write_meta(out: Path, key: str, quantization: str, fingerprint: str, source: Path) -> dict[str, Any]:
    import ctranslate2

    try:
        config = json.loads((source / "config.json").read_text(encoding="utf-8"))
        positions = int(config.get("max_position_embeddings") or 512)
    except (OSError, ValueError, TypeError):
        positions = 512
    meta: dict[str, Any] = {
        "format": META_FORMAT,
        "source": key,
        "source_fingerprint": fingerprint,
        "quantization": quantization,
        "max_position_embeddings": positions,
        "ctranslate2": ctranslate2.__version__,
        "converted": round(time.time(), 3),
    }
    (out / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return meta
