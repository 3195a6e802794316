"""`tqcheck model`: convert MarianMT models for CTranslate2 and list the models tqcheck can use.

Also the back-translation options of `check` (`--backend`, `--device`). Importing this module
imports click and tqcheck.backtranslate's interface only.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from tqcheck.backtranslate import BACKENDS, DEVICES, QUANTIZATIONS  # light: nothing heavy is imported
from tqcheck.cli.common import InputProblem


def backend_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """`--backend` and `--device` for a command that back-translates (values go to Settings)."""
    for option in reversed(
        [
            click.option(
                "--backend",
                type=click.Choice(BACKENDS),
                help="Back-translation engine: CTranslate2 (a converted model, no torch) or transformers. "
                "[default: auto: CTranslate2 when the model is converted]",
            ),
            click.option("--device", type=click.Choice(DEVICES), help="Back-translate on cpu or cuda. [default: auto]"),
        ]
    ):
        command = option(command)
    return command


@click.group()
def model() -> None:
    """Back-translation models: convert them for CTranslate2, list them.

    \b
    tqcheck model convert Helsinki-NLP/opus-mt-ru-en      # once; then check --source uses it
    tqcheck model convert ./opus-mt-ru-en --quantization float32
    tqcheck model list
    """


@model.command()
@click.argument("name_or_path")
@click.option(
    "--quantization",
    type=click.Choice(QUANTIZATIONS),
    default="int8",
    show_default=True,
    help="Weights' precision: int8 is the fast one on CPU, float16 on GPU, float32 the exact one.",
)
@click.option("--force", is_flag=True, help="Convert again even when an up-to-date conversion is there.")
@click.option("--allow-download", is_flag=True, help="Download the model first when it is not in the local cache.")
def convert(name_or_path: str, quantization: str, force: bool, allow_download: bool) -> None:
    """Convert a MarianMT model (a folder or a Hugging Face id) for CTranslate2.

    The conversion goes to the user cache (see `tqcheck model list`), where `check --source` finds
    it by the model's name. Converting needs transformers and torch (the mt-convert extra);
    running the converted model needs only ctranslate2 and sentencepiece (the mt extra).
    """
    from tqcheck.backtranslate import ModelUnavailable
    from tqcheck.backtranslate.store import convert as run

    if not name_or_path.strip():
        raise InputProblem("an empty model name was given (an unset variable?)")
    started = time.perf_counter()
    try:
        converted, made = run(name_or_path, quantization, allow_download=allow_download, force=force)
    except ModelUnavailable as exc:
        raise InputProblem(str(exc)) from None
    size = _size(converted.size_bytes())
    if made:
        seconds = time.perf_counter() - started
        click.echo(f"converted {converted.source} ({quantization}, {size}) in {seconds:.1f} s: {converted.folder}")
    else:
        click.echo(
            f"{converted.source} is already converted ({quantization}, {size}): {converted.folder} (--force converts again)"
        )


@model.command(name="list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_models(fmt: str) -> None:
    """The models tqcheck can use: converted ones (ctranslate2) and MarianMT ones (transformers).

    Converted models are in the user cache; MarianMT models in a folder you pass to --model are
    not listed, those in the Hugging Face cache are.
    """
    from tqcheck.backtranslate.store import all_converted, models_dir

    rows: list[dict[str, Any]] = []
    for m in all_converted():
        rows.append(
            {
                "name": m.source,
                "backend": "ctranslate2",
                "quantization": m.quantization,
                "size_bytes": m.size_bytes(),
                "path": str(m.folder),
                "note": "stale: the model changed since; convert it again with --force" if m.stale() else "",
            }
        )
    rows.extend(_marian_models())
    if fmt == "json":
        click.echo(json.dumps({"models_dir": str(models_dir()), "models": rows}, indent=2))
        return
    if not rows:
        click.echo(
            "no models yet. Convert one for CTranslate2 with `tqcheck model convert Helsinki-NLP/opus-mt-ru-en` "
            f"(converted models go to {models_dir()}), or download one with `huggingface-cli download NAME`."
        )
        return
    table = [
        (
            r["name"],
            r["backend"],
            r["quantization"],
            _size(r["size_bytes"]),
            r["path"] + (f"  ({r['note']})" if r["note"] else ""),
        )
        for r in rows
    ]
    head = ("NAME", "BACKEND", "QUANTIZATION", "SIZE", "WHERE")
    widths = [max(len(str(row[i])) for row in [head, *table]) for i in range(4)]
    for row in [head, *table]:
        click.echo(
            "  ".join(str(cell).ljust(width) for cell, width in zip(row[:4], widths, strict=True)) + "  " + row[4]
        )


def _marian_models() -> list[dict[str, Any]]:
    """MarianMT models complete in the Hugging Face cache (what the transformers backend can load)."""
    from tqcheck.backtranslate.marian import cached_snapshot, hub_cache_dir, missing_extra, missing_files
    from tqcheck.backtranslate.store import folder_size

    rows: list[dict[str, Any]] = []
    try:
        repos = sorted(p for p in hub_cache_dir().iterdir() if p.name.startswith("models--"))
    except OSError:
        return rows
    note = "" if missing_extra() is None else "needs the mt-convert extra"
    for repo in repos:
        repo_id = repo.name[len("models--") :].replace("--", "/")
        snapshot = cached_snapshot(repo_id)
        if snapshot is None or missing_files(snapshot) or not _is_marian(snapshot):
            continue
        rows.append(
            {
                "name": repo_id,
                "backend": "transformers",
                "quantization": "float32",
                "size_bytes": folder_size(snapshot),
                "path": str(snapshot),
                "note": note,
            }
        )
    return rows


def _is_marian(folder: Path) -> bool:
    try:
        return bool(json.loads((folder / "config.json").read_text(encoding="utf-8")).get("model_type") == "marian")
    except (OSError, ValueError, AttributeError):
        return False


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n < 10_000_000 else f"{n / 1e6:.0f} MB"
