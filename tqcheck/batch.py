"""Batch runs: which files go together, and checking many articles on several cores.

Naming convention (in one folder): `x.en.txt` is an article in English, `x.ref.en.txt` its
reference, and `x.ru.txt` (any other two-letter language) its source. A manifest CSV with the
columns `article,reference,source` (paths relative to the manifest) pairs files explicitly.
Checking them is :mod:`tqcheck.run` (any executor: local processes, Dask); results come back in
input order whatever the number of workers, so output is byte-identical between `--jobs 1` and
`--jobs N`.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from tqcheck.errors import InputError

_NAME = re.compile(
    r"^(?P<slug>.+?)(?P<ref>\.ref)?\.(?P<lang>[a-z]{2})(?P<ext>\.(?:txt|md|markdown|html?|docx))$", re.IGNORECASE
)


@dataclass(frozen=True)
class Job:
    """One article to check, with the files it is compared with."""

    article: str
    reference: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class Failed:
    """An input that could not be checked, and why (one line)."""

    path: str
    message: str


def pair_by_name(paths: Sequence[str], target: str) -> list[Job]:
    """Group files by the naming convention; files that fit no group are articles of their own."""
    groups: dict[tuple[str, str], dict[str, str]] = {}
    order: list[tuple[str, str]] = []
    loose: list[str] = []
    twins: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for path in paths:
        m = _NAME.match(Path(path).name) if path != "-" else None
        if m is None:
            loose.append(path)
            continue
        key = (str(Path(path).parent), m["slug"])
        if key not in groups:
            groups[key] = {}
            order.append(key)
        role = f"ref.{m['lang'].lower()}" if m["ref"] else m["lang"].lower()
        if role in groups[key] and not m["ref"]:
            twins.setdefault(key, []).append((role, path))  # `x.en.txt` and `x.en.html`: both articles
            continue
        groups[key].setdefault(role, path)
    jobs: list[Job] = []
    for key in order:
        files = groups[key]
        article = files.get(target)
        if article is None:  # no article in the target language: each article with its own reference
            jobs.extend(
                Job(p, files.get(f"ref.{role}")) for role, p in sorted(files.items()) if not role.startswith("ref.")
            )
            jobs.extend(Job(p, files.get(f"ref.{role}")) for role, p in twins.get(key, []))
            continue
        sources = [p for role, p in sorted(files.items()) if len(role) == 2 and role != target]
        jobs.append(Job(article, files.get(f"ref.{target}"), sources[0] if sources else None))
        for role, p in twins.get(key, []):
            twin = Job(p, files.get(f"ref.{target}"), sources[0] if sources else None)
            jobs.append(twin if role == target else Job(p, files.get(f"ref.{role}")))
    jobs.extend(Job(p) for p in loose)
    position = {p: i for i, p in enumerate(paths)}
    return sorted(jobs, key=lambda j: position.get(j.article, 0))


class LazyJobs:
    """Jobs made again on each pass (a folder walk), never held as a list; ``len`` is counted by the
    first complete pass. The client's memory stays flat in the number of articles."""

    def __init__(self, make: Callable[[], Iterator[Job]]) -> None:
        self._make = make
        self._count: int | None = None

    def __iter__(self) -> Iterator[Job]:
        n = 0
        for job in self._make():
            n += 1
            yield job
        self._count = n

    def __len__(self) -> int:
        if self._count is None:
            self._count = sum(1 for _ in self._make())
        return self._count


def read_manifest(path: str) -> list[Job]:
    """Jobs from a CSV manifest with an `article` column and optional `reference`, `source`."""
    base = Path(path).parent
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.DictReader(fh))
    except FileNotFoundError:
        raise InputError(f"{path}: no such manifest") from None
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"{path}: cannot read the manifest: {exc}") from None
    if not rows or "article" not in rows[0]:
        raise InputError(f"{path}: a manifest needs a header row with an `article` column")

    def resolve(value: str | None) -> str | None:
        return str(base / value.strip()) if value and value.strip() else None

    jobs = []
    for line, row in enumerate(rows, start=2):
        article = resolve(row.get("article"))
        if article is None:
            raise InputError(f"{path}:{line}: empty `article`")
        jobs.append(Job(article, resolve(row.get("reference")), resolve(row.get("source"))))
    return jobs


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
