"""A sqlite cache of translations, shared by every tqcheck process of the user.

One table in ``cache_dir()/backtranslations.sqlite`` (``TQCHECK_CACHE_DIR`` moves it), keyed by
the model id, the model's fingerprint (its files' identity and the generation settings) and the
SHA-256 of the source text. WAL journal, a 30 s busy timeout and one short transaction per
lookup and per store make it safe for processes running at the same time. The cache is best
effort: when the file cannot be opened or written (read-only home, full disk, corrupt file) the
translator simply runs without it.
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path

from tqcheck.backtranslate import Translator, describe

DB_NAME = "backtranslations.sqlite"
_MAX_PARAMS = 500  # below SQLite's smallest limit on host parameters (999)
_SETUP_TRIES = 7  # ~2.5 s of back-off in all

_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    model TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    text_sha256 TEXT NOT NULL,
    translation TEXT NOT NULL,
    created REAL NOT NULL,
    PRIMARY KEY (model, fingerprint, text_sha256)
) WITHOUT ROWID
"""


def default_path() -> Path:
    from tqcheck.readability import cache_dir

    return cache_dir() / DB_NAME


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class TranslationCache:
    """get/put of translations by (model, fingerprint, text hash); errors disable it quietly."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else default_path()
        self.error: str | None = None  # why the cache was turned off, if it was

    def _connect(self) -> sqlite3.Connection:
        """A connection in WAL mode with the table. Switching a new file to WAL can fail at once
        with "database is locked" when other processes open it at the same moment (the busy
        timeout does not cover it): that is retried a few times, backing off."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for attempt in range(_SETUP_TRIES):
            conn = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
            try:
                conn.execute("PRAGMA busy_timeout = 30000")
                if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                    conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
                conn.execute(_SCHEMA)
                return conn
            except sqlite3.OperationalError as exc:
                conn.close()
                if "locked" not in str(exc) or attempt == _SETUP_TRIES - 1:
                    raise
                time.sleep(0.02 * 2**attempt)
            except BaseException:
                conn.close()
                raise
        raise AssertionError("unreachable")  # pragma: no cover

    def get_many(self, model: str, fingerprint: str, keys: Sequence[str]) -> dict[str, str]:
        """The cached translations of those text keys (missing keys are absent)."""
        if self.error is not None or not keys:
            return {}
        found: dict[str, str] = {}
        try:
            conn = self._connect()
            try:
                for i in range(0, len(keys), _MAX_PARAMS):
                    chunk = list(keys[i : i + _MAX_PARAMS])
                    marks = ",".join("?" * len(chunk))
                    rows = conn.execute(
                        "SELECT text_sha256, translation FROM translations "
                        f"WHERE model = ? AND fingerprint = ? AND text_sha256 IN ({marks})",
                        [model, fingerprint, *chunk],
                    )
                    found.update(rows.fetchall())
            finally:
                conn.close()
        except (sqlite3.Error, OSError) as exc:
            self.error = f"{type(exc).__name__}: {exc}"
            return {}
        return found

    def put_many(self, model: str, fingerprint: str, items: dict[str, str]) -> None:
        """Store translations by text key, in one short transaction."""
        if self.error is not None or not items:
            return
        now = time.time()
        try:
            conn = self._connect()
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.executemany(
                    "INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?, ?)",
                    [(model, fingerprint, key, value, now) for key, value in items.items()],
                )
                conn.execute("COMMIT")
            finally:
                conn.close()
        except (sqlite3.Error, OSError) as exc:
            self.error = f"{type(exc).__name__}: {exc}"

    def count(self, model: str | None = None) -> int:
        """How many translations are stored (of one model, or in all)."""
        try:
            conn = self._connect()
            try:
                if model is None:
                    return int(conn.execute("SELECT count(*) FROM translations").fetchone()[0])
                return int(conn.execute("SELECT count(*) FROM translations WHERE model = ?", (model,)).fetchone()[0])
            finally:
                conn.close()
        except (sqlite3.Error, OSError):
            return 0


class CachedTranslator:
    """A translator that asks ``inner`` only for the texts not in the cache, all in one call.

    The key is ``inner.model_id`` + ``inner.fingerprint`` (when it has one; the backends' name
    their backend, quantisation and device) + SHA-256 of the text. ``hits`` and ``misses`` count
    unique texts over the translator's life; ``backend`` and ``quantization`` are the inner's.
    """

    def __init__(self, inner: Translator, cache: TranslationCache | None = None) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.fingerprint = str(getattr(inner, "fingerprint", "") or "")
        self.backend, self.quantization = describe(inner)
        self.cache = cache if cache is not None else TranslationCache()
        self.hits = 0
        self.misses = 0

    def translate(self, texts: Sequence[str]) -> list[str]:
        keys = [text_key(t) for t in texts]
        unique: dict[str, str] = dict(zip(keys, texts, strict=True))
        known = self.cache.get_many(self.model_id, self.fingerprint, list(unique))
        todo = [key for key in unique if key not in known]
        self.hits += len(unique) - len(todo)
        self.misses += len(todo)
        if todo:
            fresh = self.inner.translate([unique[k] for k in todo])
            if len(fresh) != len(todo):
                raise RuntimeError(f"translator {self.model_id} returned {len(fresh)} texts for {len(todo)}")
            new = dict(zip(todo, fresh, strict=True))
            self.cache.put_many(self.model_id, self.fingerprint, new)
            known.update(new)
        return [known[k] for k in keys]
