"""Report renderers: a pure ``render_<format>(report, options) -> str`` per output format.

``FORMATS`` maps a format name to its renderer as ``module:function``; the module is imported only
when that format is asked for, so adding a format is one module and one line here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tqcheck.model import Report


@dataclass(frozen=True)
class RenderOptions:
    """What a renderer may be told besides the report."""

    errors: tuple[tuple[str, str], ...] = ()  # (path, message) of inputs that could not be checked
    color: bool = False
    quiet: bool = False
    extra: dict[str, str] = field(default_factory=dict)


Renderer = Callable[["Report", RenderOptions], str]

FORMATS: dict[str, str] = {
    "text": "tqcheck.render.text:render_text",
    "json": "tqcheck.render.json:render_json",
    "jsonl": "tqcheck.render.jsonl:render_jsonl",
    "sarif": "tqcheck.render.sarif:render_sarif",
    "junit": "tqcheck.render.junit:render_junit",
    "github": "tqcheck.render.github:render_github",
    "html": "tqcheck.render.html:render_html",
    "parquet": "tqcheck.render.parquet:render_parquet",
}


def renderer(name: str) -> Renderer:
    module, _, func = FORMATS[name].partition(":")
    fn: Renderer = getattr(importlib.import_module(module), func)
    return fn
