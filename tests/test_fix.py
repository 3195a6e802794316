"""`tqcheck fix` and tqcheck.fixer: fixes applied, re-checked to a fixed point, written back safely.

The library half checks the logic (overlaps, passes, idempotence, what is left); the CLI half
checks what reaches the disk: encodings, byte-order marks and line ends kept byte for byte
outside the fixed spans, atomic in-place writes, backups, and failures that leave the original.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SAMPLES
from tests.test_properties import token_text, word_text
from tqcheck.checker import build_document, check_file, check_text
from tqcheck.cli import main
from tqcheck.fixer import (
    FixResult,
    apply_fixes,
    encode_text,
    fix_document,
    fix_text,
    resolve,
    unified_diff,
)
from tqcheck.model import Finding, Fix, Severity
from tqcheck.reading import DecodedText
from tqcheck.settings import Settings

SAMPLE = SAMPLES / "caspian-port.en.txt"
# Two safe fixes (TYP001, ART001) and nothing else.
DIRTY = "The plan costs $ 240 million.\n\nRT\n\nWork will start in March.\n"
FIXED = "The plan costs $240 million.\n\nWork will start in March.\n"
CLEAN = "The council approved the plan on Monday.\n\nWork will start in March.\n"
# NAM001 (unsafe) and TYP001 (safe).
VARIANTS = (
    "Mukhriddin Kamilov met the minister on Monday.\n\n"
    "Mukhriddin said the plan costs $ 240 million.\n\n"
    "Muhriddin left on Tuesday.\n"
)
# A Russian article with a fixable `$ 240`, long enough for the legacy-encoding detector.
RUSSIAN = (
    "Стоимость первой очереди проекта оценивается в $ 240 млн, сообщили в министерстве транспорта.\n\n"
    "По словам министра, строительство нового терминала начнётся весной следующего года, а первый причал "
    "планируется ввести в эксплуатацию к концу двадцать седьмого года.\n\n"
    "Эксперты считают, что маршрут через Каспийское море пока не может конкурировать с северным.\n"
)


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)  # no stray config from the project
    runner = CliRunner()

    def invoke(*args: str, **kw: object) -> Result:
        return runner.invoke(main, ["fix", *args], **kw)  # type: ignore[arg-type]

    return invoke


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8", newline: str = "\n") -> Path:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


def fix_path(path: Path, unsafe: bool = False) -> FixResult:
    return fix_document(check_file(path).files[0].document, Settings(), unsafe)


def safe_fixable(text: str, lang: str | None = None) -> list[Finding]:
    return [f for f in check_text(text, lang=lang).findings if f.fix is not None and f.fix.safe]


def finding(code: str, start: int, end: int, replacement: str, safe: bool = True) -> Finding:
    fix = Fix(start, end, replacement, "test", safe)
    return Finding(code, code.lower(), Severity.WARNING, "m", 1, start, end, 1, start + 1, 1, end + 1, fix)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if "tqcheck-tmp" in p.name)


# --- the logic -------------------------------------------------------------------------------------


def test_resolve_sorts_and_drops_overlaps() -> None:
    """Sorted by (start, end, code); a fix overlapping or sharing the start of a taken one waits."""
    fixes = [
        finding("TYP003", 10, 11, ""),
        finding("QUO003", 2, 6, "x"),
        finding("QUO002", 4, 5, "y"),  # inside QUO003's span
        finding("ART001", 2, 6, "z"),  # same span as QUO003, earlier code
        finding("TYP001", 6, 7, ""),  # touches QUO003's end: no overlap
        finding("TYP002", 10, 10, "w"),  # insertion where TYP003 starts
    ]
    assert [f.code for f in resolve(fixes)] == ["ART001", "TYP001", "TYP002"]


def test_apply_fixes_replaces_spans_left_to_right() -> None:
    """Each fix replaces its own span of the original text."""
    text = "ab cd ef"
    assert apply_fixes(text, resolve([finding("A", 0, 2, "AB"), finding("B", 5, 6, ""), finding("C", 8, 8, "!")])) == (
        "AB cdef!"
    )


def test_overlapping_fixes_are_taken_up_in_a_second_pass() -> None:
    """`case, "- said`: QUO003's rewrite wins the overlap, QUO002's `”` comes in the next pass."""
    text = '“It will not help the case, "- said a spokesman.\n'
    settings = Settings(lang="en")
    result = fix_document(build_document(DecodedText(text, "utf-8", "\n"), "t", settings), settings, unsafe=True)
    assert result.text == "“It will not help the case,” said a spokesman.\n"
    assert result.passes == 2 and result.converged
    assert [f.code for f in result.applied] == ["QUO003", "QUO002"]


def test_fixes_not_encodable_in_the_file_encoding_are_left() -> None:
    """A KOI8-R file has no curly quotes: QUO004's `“` is not applied, the currency fix is."""
    text = "The project «Caspian Gate» costs $ 240 million.\n"
    settings = Settings(lang="en")
    result = fix_document(build_document(DecodedText(text, "koi8_r", "\n"), "t", settings), settings)
    assert result.text == "The project «Caspian Gate» costs $240 million.\n"
    assert result.converged
    assert {f.code for f in result.remaining.findings} == {"QUO004"}


def test_encode_text_keeps_bom_byte_order_and_line_ends() -> None:
    """UTF-16-BE with a BOM stays big-endian (the decoder reports plain `utf-16`); CRLF comes back."""
    original = codecs.BOM_UTF16_BE + "a\r\nb\r\n".encode("utf-16-be")
    assert encode_text("a\nc\n", "utf-16", "\r\n", original) == codecs.BOM_UTF16_BE + "a\r\nc\r\n".encode("utf-16-be")


def test_unified_diff_marks_a_missing_final_newline() -> None:
    """Like git: a last line without a newline is followed by `\\ No newline at end of file`."""
    diff = unified_diff("x $ 1.", "x $1.", "/abs/a.txt")
    assert diff.splitlines() == [
        "--- a/abs/a.txt",
        "+++ b/abs/a.txt",
        "@@ -1 +1 @@",
        "-x $ 1.",
        "\\ No newline at end of file",
        "+x $1.",
        "\\ No newline at end of file",
    ]


@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
def test_fixing_the_seed_is_idempotent(seed_path: Path, unsafe: bool) -> None:
    """Fixing the fixed seed again changes nothing."""
    once = fix_path(seed_path, unsafe)
    assert once.converged and once.applied
    assert fix_text(once.text, lang="en", unsafe=unsafe) == once.text


@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
def test_fixing_the_sample_is_idempotent(unsafe: bool) -> None:
    """Fixing the fixed sample again changes nothing."""
    once = fix_path(SAMPLE, unsafe)
    assert once.converged and once.applied
    assert fix_text(once.text, lang="en", unsafe=unsafe) == once.text


def test_fixed_seed_has_no_safe_fixable_findings(seed_path: Path) -> None:
    """After the safe fixes, a fresh check of the seed offers no safe fix."""
    fixed = fix_path(seed_path).text
    assert safe_fixable(fixed) == []
    assert [f.code for f in check_text(fixed).findings if f.fix is not None] == ["QUO003"] + ["NAM001"] + ["QUO003"] * 5


def test_fixed_sample_has_no_safe_fixable_findings() -> None:
    """After the safe fixes, a fresh check of the sample offers no safe fix."""
    assert safe_fixable(fix_path(SAMPLE).text) == []


def test_fixed_seed_rejoins_the_split_quotation(seed_path: Path) -> None:
    """The `RT` markers go and `neighboring (with Afghanistan. -` / `) countries` is one sentence again."""
    fixed = fix_path(seed_path).text
    paragraphs = fixed.split("\n\n")
    assert "neighboring (with Afghanistan) countries and studying the prospects" in paragraphs[1]
    assert "a number of neighboring (with Afghanistan) countries,” Kirby added." in paragraphs[2]
    assert "\nRT\n" not in fixed and "\n\n\n" not in fixed


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(token_text, word_text), st.booleans())
def test_fixing_generated_text_reaches_a_fixed_point(text: str, unsafe: bool) -> None:
    """On artefact-heavy generated text: fixing converges, is idempotent and leaves no safe fix."""
    s = Settings(lang="en")
    decoded = DecodedText(text.replace("\r\n", "\n").replace("\r", "\n"), "utf-8", "\n")
    once = fix_document(build_document(decoded, "t", s), s, unsafe)
    assert once.converged
    assert fix_text(once.text, lang="en", unsafe=unsafe) == once.text
    assert [f for f in once.remaining.findings if f.fix is not None and f.fix.safe] == []


# --- the command: modes ------------------------------------------------------------------------------


def test_default_prints_the_diff_and_changes_nothing(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Without --diff, --write or -o, fix only shows what it would do (exit 0)."""
    path = write(tmp_path, "a.txt", DIRTY)
    result = run(str(path))
    assert result.exit_code == 0
    assert "+The plan costs $240 million." in result.stdout
    assert path.read_text(encoding="utf-8") == DIRTY


def test_diff_output(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """--diff: a unified diff with a/ and b/ names, the summary on stderr, exit 0."""
    path = write(tmp_path, "a.txt", DIRTY)
    result = run("--diff", "a.txt")
    assert result.exit_code == 0
    assert result.stdout == (
        "--- a/a.txt\n"
        "+++ b/a.txt\n"
        "@@ -1,5 +1,3 @@\n"
        "-The plan costs $ 240 million.\n"
        "-\n"
        "-RT\n"
        "+The plan costs $240 million.\n"
        " \n"
        " Work will start in March.\n"
    )
    assert result.stderr == "2 fixes to apply in 1 file, 0 findings left; use --write to apply.\n"
    assert path.read_text(encoding="utf-8") == DIRTY


def test_diff_of_a_clean_file_is_empty(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Nothing to fix: no diff, exit 0."""
    write(tmp_path, "a.txt", CLEAN)
    result = run("--diff", "a.txt")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "0 fixes to apply in 0 files, 0 findings left.\n"


def test_write_fixes_in_place(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """--write rewrites the file and says how many fixes it applied; no temporary file stays."""
    path = write(tmp_path, "a.txt", DIRTY)
    result = run("--write", str(path))
    assert result.exit_code == 0
    assert path.read_text(encoding="utf-8") == FIXED
    assert result.stderr == "2 fixes applied in 1 file, 0 findings left.\n"
    assert result.stdout == ""
    assert leftovers(tmp_path) == []


def test_write_twice_changes_nothing(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The second --write finds nothing to do and leaves the bytes alone."""
    path = write(tmp_path, "a.txt", DIRTY)
    assert run("--write", str(path)).exit_code == 0
    first = path.read_bytes()
    result = run("--write", str(path))
    assert result.exit_code == 0
    assert path.read_bytes() == first
    assert result.stderr.startswith("0 fixes applied in 0 files")


def test_write_keeps_the_file_mode(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The rewritten file has the permissions the original had."""
    path = write(tmp_path, "a.txt", DIRTY)
    path.chmod(0o640)
    assert run("--write", str(path)).exit_code == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_write_through_a_symlink_rewrites_the_target(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A symlinked article stays a symlink; the file it points to is fixed."""
    target = write(tmp_path, "real.txt", DIRTY)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    assert run("--write", str(link)).exit_code == 0
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == FIXED


def test_output_file_gets_the_fixed_text(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """-o FILE writes the fixed text there; the input is untouched."""
    path = write(tmp_path, "a.txt", DIRTY)
    result = run(str(path), "-o", "out/fixed.txt")
    assert result.exit_code == 0
    assert (tmp_path / "out" / "fixed.txt").read_text(encoding="utf-8") == FIXED
    assert path.read_text(encoding="utf-8") == DIRTY
    assert result.stdout == ""


def test_output_dash_writes_to_stdout(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`-o -` (here with stdin as input) prints the fixed text, for pipelines."""
    result = run("-", "-o", "-", input=DIRTY.encode())
    assert result.exit_code == 0
    assert result.stdout == FIXED


def test_stdin_default_is_a_diff(run) -> None:  # type: ignore[no-untyped-def]
    """`fix -` without -o shows the diff against <stdin>."""
    result = run("-", input=DIRTY.encode())
    assert result.exit_code == 0
    assert result.stdout.startswith("--- a/<stdin>\n+++ b/<stdin>\n")


def test_backup_keeps_the_original(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """--write --backup saves PATH.orig, byte for byte, before rewriting PATH."""
    path = write(tmp_path, "a.txt", DIRTY, newline="\r\n")
    original = path.read_bytes()
    assert run("--write", "--backup", str(path)).exit_code == 0
    assert (tmp_path / "a.txt.orig").read_bytes() == original
    assert path.read_bytes() == FIXED.replace("\n", "\r\n").encode()


def test_backup_is_not_written_when_nothing_changes(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A clean file is not rewritten, so there is nothing to back up."""
    write(tmp_path, "a.txt", CLEAN)
    assert run("--write", "--backup", "a.txt").exit_code == 0
    assert not (tmp_path / "a.txt.orig").exists()


# --- the command: what is fixed -------------------------------------------------------------------


def test_unsafe_fixes_need_the_flag(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A name variant (NAM001, unsafe) is only rewritten with --unsafe-fixes; the summary says so."""
    path = write(tmp_path, "a.txt", VARIANTS)
    result = run("--write", str(path))
    assert result.exit_code == 0
    assert "Muhriddin left" in path.read_text(encoding="utf-8")
    assert "$240 million" in path.read_text(encoding="utf-8")
    assert result.stderr == "1 fix applied in 1 file, 1 finding left (1 more with --unsafe-fixes).\n"
    result = run("--write", "--unsafe-fixes", str(path))
    assert result.exit_code == 0
    assert "Mukhriddin left" in path.read_text(encoding="utf-8")
    assert result.stderr == "1 fix applied in 1 file, 0 findings left.\n"


def test_select_and_ignore_limit_the_fixes(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """--select TYP fixes only the currency; --ignore TYP001 only the marker."""
    a = write(tmp_path, "a.txt", DIRTY)
    b = write(tmp_path, "b.txt", DIRTY)
    assert run("--write", "--select", "TYP", str(a)).exit_code == 0
    assert run("--write", "--ignore", "TYP001", str(b)).exit_code == 0
    assert a.read_text(encoding="utf-8") == DIRTY.replace("$ 240", "$240")
    assert b.read_text(encoding="utf-8") == "The plan costs $ 240 million.\n\nWork will start in March.\n"


def test_seed_write_then_diff_is_empty(run, tmp_path: Path, seed_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The seed, fixed in place, has nothing left to fix: a second run prints no diff."""
    path = tmp_path / "seed.txt"
    path.write_bytes(seed_path.read_bytes())
    result = run("--write", str(path))
    assert result.exit_code == 0
    assert result.stderr.startswith("14 fixes applied in 1 file")
    again = run("--diff", str(path))
    assert again.exit_code == 0
    assert again.stdout == ""


# --- the command: encodings and line ends ---------------------------------------------------------


def test_cp1251_is_kept(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A cp1251 Russian article stays cp1251; only `$ 240` -> `$240` changes in the bytes."""
    path = write(tmp_path, "ru.txt", RUSSIAN, encoding="cp1251")
    original = path.read_bytes()
    result = run("--write", str(path))
    assert result.exit_code == 0
    assert path.read_bytes() == original.replace(b"$ 240", b"$240")
    assert check_file(path).files[0].document.encoding == "cp1251"


def test_utf16_bom_and_crlf_are_kept(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """UTF-16-LE with its BOM and CRLF line ends: the same bytes except the fixed spans."""
    path = tmp_path / "a.txt"
    path.write_bytes(DIRTY.replace("\n", "\r\n").encode("utf-16"))
    assert path.read_bytes().startswith(codecs.BOM_UTF16_LE)
    assert run("--write", str(path)).exit_code == 0
    assert path.read_bytes() == FIXED.replace("\n", "\r\n").encode("utf-16")


def test_utf16_big_endian_stays_big_endian(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The byte order of a UTF-16-BE file survives the rewrite."""
    path = tmp_path / "a.txt"
    path.write_bytes(codecs.BOM_UTF16_BE + DIRTY.encode("utf-16-be"))
    assert run("--write", str(path)).exit_code == 0
    assert path.read_bytes() == codecs.BOM_UTF16_BE + FIXED.encode("utf-16-be")


def test_utf8_bom_is_kept(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A UTF-8 file with a BOM keeps it."""
    path = write(tmp_path, "a.txt", DIRTY, encoding="utf-8-sig")
    assert run("--write", str(path)).exit_code == 0
    assert path.read_bytes() == codecs.BOM_UTF8 + FIXED.encode()


def test_utf8_without_bom_gets_none(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A plain UTF-8 file is not given a BOM."""
    path = write(tmp_path, "a.txt", DIRTY + "“Fine,” he said.\n")
    assert run("--write", str(path)).exit_code == 0
    assert path.read_bytes() == (FIXED + "“Fine,” he said.\n").encode()


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_line_ends_are_kept_byte_for_byte(run, tmp_path: Path, newline: str) -> None:  # type: ignore[no-untyped-def]
    """CRLF and CR files come back with the same line ends; only the fixed spans differ."""
    path = write(tmp_path, "a.txt", DIRTY, newline=newline)
    assert run("--write", str(path)).exit_code == 0
    assert path.read_bytes() == FIXED.replace("\n", newline).encode()


# --- the command: errors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["--diff", "--write", "a.txt"],
        ["--write", "-o", "b.txt", "a.txt"],
        ["--backup", "a.txt"],
        ["-o", "out.txt", "a.txt", "b.txt"],
        ["--write", "-"],
    ],
    ids=["diff+write", "write+o", "backup-alone", "o-two-inputs", "write-stdin"],
)
def test_conflicting_options_are_usage_errors(run, tmp_path: Path, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Contradictory modes: one `tqcheck: error:` line, exit 2, nothing written."""
    write(tmp_path, "a.txt", DIRTY)
    write(tmp_path, "b.txt", DIRTY)
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith("tqcheck: error: ") and result.stderr.count("\n") == 1
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == DIRTY
    assert not (tmp_path / "out.txt").exists()


def test_missing_file_is_an_error_but_others_are_fixed(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A bad input gets its error line and exit 2; the good one is still fixed."""
    path = write(tmp_path, "a.txt", DIRTY)
    result = run("--write", "missing.txt", str(path))
    assert result.exit_code == 2
    assert "tqcheck: error: missing.txt: no such file\n" in result.stderr
    assert path.read_text(encoding="utf-8") == FIXED


def test_read_only_folder_leaves_the_original(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """--write into a read-only folder fails with one line and exit 2; the file is unchanged.

    As root chmod does not stop writes, so the temporary file's creation fails with EROFS instead.
    """
    folder = tmp_path / "ro"
    folder.mkdir()
    path = write(folder, "a.txt", DIRTY)
    original = path.read_bytes()
    if os.geteuid() == 0:

        def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))

        monkeypatch.setattr(tempfile, "mkstemp", refuse)
    else:
        folder.chmod(0o555)
    try:
        result = run("--write", str(path))
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"tqcheck: error: {path}: cannot write: ")
    assert f"{path} is unchanged" in result.stderr
    assert path.read_bytes() == original
    assert leftovers(folder) == []


def test_failed_rename_leaves_original_and_no_temp_file(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """A crash between writing the temp file and the rename (here ENOSPC) leaves the original whole.

    The temp file is complete and fsynced before the rename; after the failure it is removed.
    """
    path = write(tmp_path, "a.txt", DIRTY)
    original = path.read_bytes()
    seen: list[bytes] = []

    def fail(src: str, dst: str) -> None:
        seen.append(Path(src).read_bytes())
        assert Path(dst) == path.resolve()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", fail)
    result = run("--write", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"tqcheck: error: {path}: cannot write: No space left on device")
    assert seen == [FIXED.encode()]
    assert path.read_bytes() == original
    assert leftovers(tmp_path) == []


def test_interrupt_during_write_leaves_the_original(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """Ctrl-C while writing: the original is byte-identical and the temp file is cleaned up."""
    path = write(tmp_path, "a.txt", DIRTY)
    original = path.read_bytes()

    def interrupt(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    result = run("--write", str(path))
    assert result.exit_code != 0
    assert path.read_bytes() == original
    assert leftovers(tmp_path) == []
