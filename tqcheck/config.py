"""Configuration: `[tool.tqcheck]` in pyproject.toml or a `tqcheck.toml`, validated strictly.

Keys are kebab-case, as on the command line. An unknown key or a value of the wrong type is a
:class:`ConfigError` naming the file and the key.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from tqcheck.backtranslate import BACKENDS, DEVICES
from tqcheck.errors import ConfigError
from tqcheck.model import Severity
from tqcheck.rules import lookup, unknown_selectors
from tqcheck.settings import Settings

CONFIG_FILES = ("tqcheck.toml", ".tqcheck.toml", "pyproject.toml")


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above ``start``: a tqcheck.toml, or a pyproject.toml
    with a ``[tool.tqcheck]`` table."""
    for folder in (start.resolve(), *start.resolve().parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name != "pyproject.toml":
                return candidate
            try:
                if "tqcheck" in _read_toml(candidate).get("tool", {}):
                    return candidate
            except ConfigError:
                return candidate  # a broken pyproject is reported when it is loaded
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None


def load_table(path: Path) -> dict[str, Any]:
    """The tqcheck table of a config file."""
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("tqcheck", {})
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.tqcheck] must be a table")
        return table
    return data


def _strings(path: Path, key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}: {key}: expected a list of strings")
    return tuple(value)


def _severity(path: Path, key: str, value: Any, allow_never: bool = False) -> Severity | None:
    if allow_never and value == "never":
        return None
    if not isinstance(value, str):
        raise ConfigError(f"{path}: {key}: expected one of error, warning, info" + (", never" if allow_never else ""))
    try:
        return Severity.parse(value)
    except ValueError as exc:
        raise ConfigError(f"{path}: {key}: {exc}") from None


def _number(path: Path, key: str, value: Any, integer: bool = False, positive: bool = True) -> float:
    ok = isinstance(value, int) if integer else isinstance(value, int | float)
    if not ok or isinstance(value, bool) or not math.isfinite(value) or (positive and value <= 0):
        kind = "a positive whole number" if integer else ("a positive number" if positive else "a number")
        raise ConfigError(f"{path}: {key}: expected {kind}, got {value!r}")
    return float(value)


def _selectors(path: Path, key: str, value: Any) -> tuple[str, ...]:
    selectors = _strings(path, key, value)
    bad = unknown_selectors(selectors)
    if bad:
        raise ConfigError(f"{path}: {key}: unknown rule code or name {bad[0]!r}")
    return selectors


def _text(what: str) -> Callable[[Path, str, Any], str]:
    def parse(path: Path, key: str, value: Any) -> str:
        if not isinstance(value, str):
            raise ConfigError(f"{path}: {key}: expected {what}")
        return value

    return parse


def _choice(choices: tuple[str, ...]) -> Callable[[Path, str, Any], str]:
    def parse(path: Path, key: str, value: Any) -> str:
        if value not in choices:
            raise ConfigError(f"{path}: {key}: expected one of {', '.join(choices)}, got {value!r}")
        return str(value)

    return parse


def _whole(path: Path, key: str, value: Any) -> int:
    return int(_number(path, key, value, integer=True))


def _positive(path: Path, key: str, value: Any) -> float:
    return _number(path, key, value)


def _any_number(path: Path, key: str, value: Any) -> float:
    return _number(path, key, value, positive=False)


def _severities(path: Path, key: str, value: Any) -> dict[str, Severity]:
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: {key}: expected a table of rule = level")
    overrides: dict[str, Severity] = {}
    for rule_key, level in value.items():
        rule = lookup(rule_key)
        if rule is None:
            raise ConfigError(f"{path}: {key}.{rule_key}: unknown rule code or name")
        sev = _severity(path, f"{key}.{rule_key}", level)
        assert sev is not None  # allow_never is off
        overrides[rule.code] = sev
    return overrides


def _per_file(path: Path, key: str, value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: {key}: expected a table of glob = [rules]")
    return tuple((pattern, _selectors(path, f"{key}.{pattern}", rules)) for pattern, rules in value.items())


# config key -> (Settings field, parser). Every key a user may write is here.
KEYS: dict[str, tuple[str, Callable[[Path, str, Any], Any]]] = {
    "select": ("select", _selectors),
    "ignore": ("ignore", _selectors),
    "fail-on": ("fail_on", lambda p, k, v: _severity(p, k, v, allow_never=True)),
    "min-severity": ("min_severity", _severity),
    "lang": ("lang", _text('a language code such as "en"')),
    "severity": ("severity_overrides", _severities),
    "per-file-ignores": ("per_file_ignores", _per_file),
    "long-sentence-words": ("long_sentence_words", _whole),
    "readability-min-words": ("readability_min_words", _whole),
    "min-reading-ease": ("min_reading_ease", _any_number),
    "min-fidelity": ("min_fidelity", _any_number),
    "max-length-ratio": ("max_length_ratio", _positive),
    "max-file-size-mb": ("max_file_size_mb", _positive),
    "extra-agencies": ("extra_agencies", _strings),
    "languages": ("languages", _strings),
    "jobs": ("jobs", _whole),
    "model": ("model", _text("a local folder or a Hugging Face model id")),
    "backend": ("backend", _choice(BACKENDS)),
    "device": ("device", _choice(DEVICES)),
}


def apply_table(settings: Settings, table: dict[str, Any], path: Path) -> Settings:
    """Settings updated from a config table; every key is checked."""
    changes: dict[str, Any] = {}
    for key, value in table.items():
        if key not in KEYS:
            raise ConfigError(f"{path}: unknown key {key!r}")
        field, parse = KEYS[key]
        changes[field] = parse(path, key, value)
    return replace(settings, **changes)


def load_settings(config: Path | None, search_from: Path | None = None) -> tuple[Settings, Path | None]:
    """Settings from an explicit config file, or from the nearest one found."""
    path = config
    if path is None and search_from is not None:
        path = find_config(search_from)
    if path is None:
        return Settings(), None
    if not path.is_file():
        raise ConfigError(f"{path}: no such config file")
    return apply_table(Settings(), load_table(path), path), path
