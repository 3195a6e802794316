"""tqcheck: a translation-quality checker for machine-translated news."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "check_file", "check_text"]

if TYPE_CHECKING:
    from tqcheck.checker import check_file, check_text


def __getattr__(name: str) -> Any:
    # Keep `import tqcheck` (and so `tqcheck --help`) free of the checker's imports.
    if name in ("check_text", "check_file"):
        from tqcheck import checker

        return getattr(checker, name)
    raise AttributeError(name)
