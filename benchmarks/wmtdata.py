"""Articles rebuilt from the WMT data in ``../shared/data`` (text nobody on the project wrote).

One loader for the benchmarks and the tests that judge tqcheck on real text. A WMT document
becomes an :class:`Article`: its segments in document order, one paragraph each (WMT keeps no
paragraph breaks, and most segments are one sentence).

- **Professional** text: the English references and the Russian sources of ``wmt-ruen`` (original
  Russian news), the English sources and the Russian references of ``wmt-enru``.
- **Machine** text: the English outputs of the 6 ``wmt-ruen`` systems and the Russian outputs of
  the 11 ``wmt-enru`` systems.

The data is for research and evaluation only: it is read from ``../shared``, never copied here.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
RUEN = DATA / "wmt-ruen" / "wmt22_ruen_da.tsv"
ENRU = DATA / "wmt-enru" / "wmt22_enru.tsv"


@dataclass(frozen=True)
class Article:
    """One WMT document, one side of it, as a checker would get it."""

    corpus: str  # "wmt-ruen" | "wmt-enru"
    doc_id: str
    domain: str  # news | ecommerce | social | conversation
    side: str  # "source" | "reference" | "hypothesis"
    system: str | None  # the MT system for a hypothesis, else None
    lang: str  # "en" | "ru"
    segments: tuple[str, ...]

    @property
    def professional(self) -> bool:
        return self.side != "hypothesis"

    @property
    def name(self) -> str:
        """A file-name-safe identity: corpus, document, side (and system)."""
        who = self.system or self.side
        return f"{self.corpus}.{self.doc_id}.{who}.{self.lang}".replace("/", "_")

    def text(self) -> str:
        """The article as a plain-text file: a paragraph per segment, blank-line separated."""
        return "\n\n".join(self.segments) + "\n"


def available() -> bool:
    """Whether the shared data is there (CI always has it; a bare clone may not)."""
    return RUEN.is_file() and ENRU.is_file()


@cache
def _rows(path: Path) -> tuple[dict[str, str], ...]:
    with path.open(encoding="utf-8", newline="") as f:
        return tuple(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def _group(
    corpus: str, rows: Iterable[dict[str, str]], side: str, column: str, lang: str, per_system: bool
) -> Iterator[Article]:
    docs: dict[tuple[str, str | None], dict[int, str]] = defaultdict(dict)
    domains: dict[str, str] = {}
    for row in rows:
        system = row["system"] if per_system else None
        docs[(row["doc_id"], system)][int(row["doc_seg"])] = row[column]
        domains[row["doc_id"]] = row["domain"]
    for (doc_id, system), segs in docs.items():
        yield Article(corpus, doc_id, domains[doc_id], side, system, lang, tuple(segs[k] for k in sorted(segs)))


def professional(domains: Iterable[str] | None = None) -> list[Article]:
    """Every professional article (both corpora, both languages), optionally of some domains only."""
    keep = set(domains) if domains is not None else None
    ruen, enru = _rows(RUEN), _rows(ENRU)
    out = [
        *_group("wmt-ruen", ruen, "reference", "reference", "en", per_system=False),
        *_group("wmt-ruen", ruen, "source", "source", "ru", per_system=False),
        *_group("wmt-enru", enru, "source", "source", "en", per_system=False),
        *_group("wmt-enru", enru, "reference", "reference", "ru", per_system=False),
    ]
    return [a for a in out if keep is None or a.domain in keep]


def machine(domains: Iterable[str] | None = None) -> list[Article]:
    """Every MT output article: English from the ru→en systems, Russian from the en→ru systems."""
    keep = set(domains) if domains is not None else None
    out = [
        *_group("wmt-ruen", _rows(RUEN), "hypothesis", "hypothesis", "en", per_system=True),
        *_group("wmt-enru", _rows(ENRU), "hypothesis", "hypothesis", "ru", per_system=True),
    ]
    return [a for a in out if keep is None or a.domain in keep]
