"""Run settings: which rules, at which severities, with which thresholds (config + CLI)."""

from __future__ import annotations

from dataclasses import dataclass, field

from tqcheck.model import Severity


@dataclass(frozen=True)
class Settings:
    """Everything that shapes a check. Defaults are what a newsroom wants out of the box."""

    lang: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity_overrides: dict[str, Severity] = field(default_factory=dict)
    fail_on: Severity | None = Severity.ERROR
    min_severity: Severity = Severity.INFO
    long_sentence_words: int = 40
    min_reading_ease: float = 10.0
    readability_min_words: int = 20
    extra_agencies: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    max_file_size_mb: float = 10.0
    min_fidelity: float = 35.0
    max_length_ratio: float = 2.0
    model: str | None = None
    allow_download: bool = False
    cache: bool = True
    jobs: int | None = None
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    input_format: str = "auto"  # auto | text | markdown | html | docx (`--input-format`)
    backend: str = "auto"  # back-translation: auto | ctranslate2 | transformers
    device: str = "auto"  # back-translation: auto | cpu | cuda
