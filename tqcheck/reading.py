"""Reading input files: bytes -> text, with the encoding we assumed and the line-end style.

UTF-8 (with or without BOM) and UTF-16/32 with a BOM are recognised exactly; anything else that
is not valid UTF-8 goes to charset-normalizer, which tells cp1251 from KOI8-R and friends.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from tqcheck.errors import InputError

DEFAULT_MAX_BYTES = 10_000_000
# Legacy encodings newsrooms' files come in. Restricting the detector to them keeps a mostly-ASCII
# English text with one Cyrillic word from being read as hp-roman8 or mac-iceland.
LEGACY_ENCODINGS = ["cp1251", "koi8_r", "cp1252", "iso8859_15", "cp866", "mac_cyrillic", "iso8859_5", "koi8_u"]

# Byte-order marks and the endian-specific codec of the bytes after them; longest first, since the
# UTF-32-LE mark begins with the UTF-16-LE one. `fix` uses the same table to write files back.
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control characters that never appear in text files (tab, LF, CR, FF are allowed).
_CONTROL = frozenset(chr(c) for c in range(32) if chr(c) not in "\t\n\r\f") | {"\x7f"}


@dataclass(frozen=True)
class DecodedText:
    """Text with newlines normalised to ``\\n``, plus how it was stored on disk."""

    text: str
    encoding: str
    newline: str


def detect_newline(text: str) -> str:
    """The file's dominant line end: ``\\r\\n``, ``\\r`` or ``\\n``."""
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    best = max((crlf, "\r\n"), (cr, "\r"), (lf, "\n"))
    return best[1] if best[0] else "\n"


def decode(data: bytes, name: str = "<input>") -> DecodedText:
    """Decode raw bytes into text, or raise :class:`InputError` saying why not."""
    if not data.strip():
        raise InputError(f"{name}: empty file")
    text, encoding = _decode_bytes(data, name)
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise InputError(f"{name}: empty file")
    sample = text[:65536]
    bad = sum(1 for ch in sample if ch in _CONTROL)
    if bad > max(2, len(sample) // 1000):
        raise InputError(
            f"{name}: binary file (control characters in the text); expected plain text, Markdown, HTML or .docx"
        )
    return DecodedText(text=normalise_newlines(text), encoding=encoding, newline=detect_newline(text))


def normalise_newlines(text: str) -> str:
    """CRLF and CR line ends as `\\n` (columns stay those of the original file)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def line_starts(text: str) -> tuple[int, ...]:
    """The offset of every line's first character (line 1 starts at 0)."""
    starts = [0]
    at = text.find("\n")
    while at >= 0:  # str.find, not a loop over every character: 10x faster on long articles
        starts.append(at + 1)
        at = text.find("\n", at + 1)
    return tuple(starts)


def from_string(text: str) -> DecodedText:
    """An in-memory string as if read from a UTF-8 file with LF line ends."""
    return DecodedText(normalise_newlines(text), "utf-8", "\n")


def _decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            label = "utf-8-sig" if encoding == "utf-8" else encoding.removesuffix("-le").removesuffix("-be")
            try:
                return data[len(bom) :].decode(encoding), label
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{name}: starts with a {encoding} byte-order mark but is not valid {encoding}"
                ) from exc
    if b"\x00" in data:
        raise InputError(f"{name}: binary file (contains NUL bytes); expected plain text, Markdown, HTML or .docx")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000], cp_isolation=LEGACY_ENCODINGS).best() or from_bytes(data[:1_000_000]).best()
    if best is None or best.encoding in ("utf_8", "ascii"):
        raise InputError(f"{name}: cannot decode: not UTF-8 and no legacy encoding fits; re-save it as UTF-8")
    encoding = codecs.lookup(best.encoding).name
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: cannot decode as {encoding}; re-save it as UTF-8") from exc


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """A file's bytes, refusing what is missing, a folder, unreadable or over ``max_bytes``."""
    name = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror}") from None
    if path.is_dir():
        raise InputError(f"{name}: is a directory")
    if size > max_bytes:
        raise InputError(
            f"{name}: file too large ({size / 1e6:.1f} MB > {max_bytes / 1e6:.1f} MB); "
            "raise max-file-size-mb in the config to check it"
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror}") from None


def read_path(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> DecodedText:
    """Read and decode one file, refusing what is not a readable text file."""
    return decode(read_bytes(path, max_bytes), str(path))
