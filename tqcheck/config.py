"""Configuration: `[tool.tqcheck]` in pyproject.toml or a `tqcheck.toml`, validated strictly.

Keys are kebab-case, as on the command line. An unknown key or a value of the wrong type is a
:class:`ConfigError` naming the file and the key.
"""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

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
    if not ok or isinstance(value, bool) or (positive and value <= 0):
        kind = "a positive whole number" if integer else ("a positive number" if positive else "a number")
        raise ConfigError(f"{path}: {key}: expected {kind}, got {value!r}")
    return float(value)


def apply_table(settings: Settings, table: dict[str, Any], path: Path) -> Settings:
    """Settings updated from a config table; every key is checked."""
    changes: dict[str, Any] = {}
    for key, value in table.items():
        if key in ("select", "ignore"):
            selectors = _strings(path, key, value)
            bad = unknown_selectors(selectors)
            if bad:
                raise ConfigError(f"{path}: {key}: unknown rule code or name {bad[0]!r}")
            changes[key] = selectors
        elif key == "fail-on":
            changes["fail_on"] = _severity(path, key, value, allow_never=True)
        elif key == "min-severity":
            changes["min_severity"] = _severity(path, key, value)
        elif key == "lang":
            if not isinstance(value, str):
                raise ConfigError(f'{path}: lang: expected a language code such as "en"')
            changes["lang"] = value
        elif key == "severity":
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: severity: expected a table of rule = level")
            overrides: dict[str, Severity] = {}
            for rule_key, level in value.items():
                rule = lookup(rule_key)
                if rule is None:
                    raise ConfigError(f"{path}: severity.{rule_key}: unknown rule code or name")
                sev = _severity(path, f"severity.{rule_key}", level)
                assert sev is not None
                overrides[rule.code] = sev
            changes["severity_overrides"] = overrides
        elif key == "long-sentence-words":
            changes["long_sentence_words"] = int(_number(path, key, value, integer=True))
        elif key == "readability-min-words":
            changes["readability_min_words"] = int(_number(path, key, value, integer=True))
        elif key == "min-reading-ease":
            changes["min_reading_ease"] = float(_number(path, key, value, positive=False))
        elif key == "max-file-size-mb":
            changes["max_file_size_mb"] = float(_number(path, key, value))
        elif key == "extra-agencies":
            changes["extra_agencies"] = _strings(path, key, value)
        elif key == "languages":
            changes["languages"] = _strings(path, key, value)
        elif key == "jobs":
            changes["jobs"] = int(_number(path, key, value, integer=True))
        elif key == "min-fidelity":
            changes["min_fidelity"] = float(_number(path, key, value, positive=False))
        elif key == "max-length-ratio":
            changes["max_length_ratio"] = float(_number(path, key, value))
        elif key == "model":
            if not isinstance(value, str):
                raise ConfigError(f"{path}: model: expected a local folder or a Hugging Face model id")
            changes["model"] = value
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: per-file-ignores: expected a table of glob = [rules]")
            ignores: list[tuple[str, tuple[str, ...]]] = []
            for pattern, rules in value.items():
                selectors = _strings(path, f"per-file-ignores.{pattern}", rules)
                bad = unknown_selectors(selectors)
                if bad:
                    raise ConfigError(f"{path}: per-file-ignores.{pattern}: unknown rule code or name {bad[0]!r}")
                ignores.append((pattern, selectors))
            changes["per_file_ignores"] = tuple(ignores)
        else:
            raise ConfigError(f"{path}: unknown key {key!r}")
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
