"""Batch runs: pairing by name and by manifest, parallel workers, streaming, baselines, per-file ignores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tqcheck.batch import Job, pair_by_name
from tqcheck.cli import main

DIRTY = "The plan costs $ 240 million.\n\nRT\n\nWork will start in March.\n"
CLEAN = "The council approved the plan on Monday.\n\nWork will start in March.\n"


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    return lambda *args, **kw: CliRunner().invoke(main, list(args), **kw)


def test_pairing_by_naming_convention() -> None:
    """`x.en.txt` + `x.ref.en.txt` + `x.ru.txt` are one job; a lone file is its own."""
    paths = ["d/x.en.txt", "d/x.ref.en.txt", "d/x.ru.txt", "d/y.en.txt", "d/notes.txt", "d/z.ru.txt"]
    assert pair_by_name(paths, "en") == [
        Job("d/x.en.txt", "d/x.ref.en.txt", "d/x.ru.txt"), Job("d/y.en.txt"), Job("d/notes.txt"), Job("d/z.ru.txt"),
    ]  # fmt: skip


def test_an_article_in_another_language_keeps_its_reference() -> None:
    """Without --lang (target `en`), `x.ru.html` is still checked against `x.ref.ru.txt`."""
    paths = ["d/x.ru.html", "d/x.ref.ru.txt", "d/y.ru.txt"]
    assert pair_by_name(paths, "en") == [Job("d/x.ru.html", "d/x.ref.ru.txt"), Job("d/y.ru.txt")]


def test_the_same_article_in_two_formats_is_checked_twice() -> None:
    """`x.en.txt` and `x.en.html` are two articles (one was silently dropped), both against `x.ref.en.txt`."""
    paths = ["d/x.en.html", "d/x.en.txt", "d/x.ref.en.txt"]
    assert pair_by_name(paths, "en") == [Job("d/x.en.html", "d/x.ref.en.txt"), Job("d/x.en.txt", "d/x.ref.en.txt")]


def test_folder_is_checked_against_references_it_holds(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a.en.txt").write_text("The Pentagon will allocate $24 million.\n", encoding="utf-8")
    (tmp_path / "a.ref.en.txt").write_text("The Pentagon will allocate $240 million.\n", encoding="utf-8")
    result = run("check", str(tmp_path), "--format", "json")
    data = json.loads(result.stdout)
    assert [Path(f["path"]).name for f in data["files"]] == ["a.en.txt"]
    assert data["files"][0]["fidelity"]["kind"] == "reference"
    assert any(f["code"] == "ALN003" for f in data["files"][0]["findings"])


def test_manifest_pairs_files_explicitly(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "one.txt").write_text("The Pentagon will allocate $24 million.\n", encoding="utf-8")
    (tmp_path / "ref.txt").write_text("The Pentagon will allocate $240 million.\n", encoding="utf-8")
    (tmp_path / "pairs.csv").write_text("article,reference,source\none.txt,ref.txt,\n", encoding="utf-8")
    data = json.loads(run("check", "--manifest", str(tmp_path / "pairs.csv"), "--format", "json").stdout)
    assert data["files"][0]["fidelity"]["reference"].endswith("ref.txt")
    bad = run("check", "--manifest", str(tmp_path / "none.csv"))
    assert bad.exit_code == 2 and "no such manifest" in bad.stderr


def test_jobs_1_and_2_give_the_same_bytes(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for i in range(10):
        (tmp_path / f"art{i:02}.txt").write_text(DIRTY if i % 3 else CLEAN, encoding="utf-8")
    one = run("check", str(tmp_path), "--format", "jsonl", "-j", "1")
    two = run("check", str(tmp_path), "--format", "jsonl", "-j", "2")
    assert one.exit_code == two.exit_code == 1
    assert one.stdout == two.stdout
    tail = json.loads(one.stdout.splitlines()[-1])
    assert tail["summary"]["articles"] == {"passed": 4, "failed": 6}


def test_text_summary_names_articles_and_top_rules(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for i in range(3):
        (tmp_path / f"a{i}.txt").write_text(DIRTY, encoding="utf-8")
    out = run("check", str(tmp_path), "-q").stdout
    assert "articles: 0 passed, 3 failed; top rules: ART001 source-marker (3), TYP001 currency-spacing (3)" in out


def test_baseline_gates_only_new_findings(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """After --write-baseline the run passes; one new artefact fails it, and only that one is shown."""
    article = tmp_path / "a.txt"
    article.write_text(DIRTY, encoding="utf-8")
    base = tmp_path / "tqcheck-baseline.json"
    assert run("check", str(article), "--write-baseline", str(base)).exit_code == 0
    assert run("check", str(article), "--baseline", str(base)).exit_code == 0
    # An edit elsewhere does not invalidate the recorded findings.
    article.write_text("A new first paragraph.\n\n" + DIRTY, encoding="utf-8")
    assert run("check", str(article), "--baseline", str(base)).exit_code == 0
    article.write_text("A new first paragraph.\n\n" + DIRTY + "\nTASS\n", encoding="utf-8")
    result = run("check", str(article), "--baseline", str(base), "--format", "json")
    assert result.exit_code == 1
    found = json.loads(result.stdout)["files"][0]["findings"]
    assert [(f["code"], f["line"]) for f in found] == [("ART001", 9)]


def test_bad_baseline_is_exit_2(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "b.json").write_text("{not json", encoding="utf-8")
    result = run("check", str(tmp_path / "a.txt"), "--baseline", str(tmp_path / "b.json"))
    assert result.exit_code == 2 and "not a tqcheck baseline" in result.stderr


def test_per_file_ignores(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "wire").mkdir()
    (tmp_path / "wire" / "a.txt").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "b.txt").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "tqcheck.toml").write_text('[per-file-ignores]\n"wire/*" = ["ART001"]\n', encoding="utf-8")
    data = json.loads(run("check", "wire/a.txt", "b.txt", "--format", "json").stdout)
    codes = {Path(f["path"]).name: {x["code"] for x in f["findings"]} for f in data["files"]}
    assert "ART001" not in codes["a.txt"] and "ART001" in codes["b.txt"]


def test_python_m_and_pre_commit_hook() -> None:
    """`python -m tqcheck` works, and pre-commit users have a hook definition."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    out = subprocess.run([sys.executable, "-m", "tqcheck", "--version"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0 and out.stdout.startswith("tqcheck, version")
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "id: tqcheck" in hooks and "entry: tqcheck check" in hooks


def _tree(root: Path) -> None:
    """Names where a per-folder walk and a global sort could disagree, pairs, and what is skipped."""
    files = [
        "a.txt", "a/b.txt", "a0.txt", "a-x.txt", "a/c/d.en.txt", "a/c/d.ref.en.txt", "a/c/d.ru.txt",
        "x.en.txt", "x.ref.en.txt", "x.ru.txt", "x/y.txt", "x.fr.txt", "z.ru.txt", "only.ref.en.txt",
        "README.md", ".hidden.txt", ".git/h.txt", "notes.md", "pic.png", "b/c/e.html", "b-c.txt",
    ]  # fmt: skip
    for name in files:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(CLEAN, encoding="utf-8")
    (root / "link").symlink_to(root / "a", target_is_directory=True)
    (root / "flink.txt").symlink_to(root / "a.txt")


def _sorted_globally(root: Path) -> list[str]:
    """The order before the lazy walk: one sorted list of every article path under the folder."""
    from tqcheck.cli.common import SKIP_NAMES, TEXT_SUFFIXES

    return sorted(
        str(p)
        for p in root.rglob("*")
        if p.is_file()
        and not p.is_symlink()
        and p.suffix.lower() in TEXT_SUFFIXES
        and p.name.lower() not in SKIP_NAMES
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )


def test_folder_walk_keeps_the_global_sorted_order(tmp_path: Path) -> None:
    """Folders walked one at a time give the same files and jobs, in the same order, as one global sort."""
    from tqcheck.cli.common import expand_paths, folder_jobs

    _tree(tmp_path / "d")
    _tree(tmp_path / "e")
    folders = [str(tmp_path / "e"), str(tmp_path / "d")]
    everything = _sorted_globally(tmp_path / "e") + _sorted_globally(tmp_path / "d")
    assert expand_paths(tuple(folders)) == everything
    for lang in ("en", "ru"):
        assert list(folder_jobs(folders, lang)) == pair_by_name(everything, lang)
    deep = str(tmp_path / "d/a/c/d")
    assert Job(f"{deep}.en.txt", f"{deep}.ref.en.txt", f"{deep}.ru.txt") in pair_by_name(everything, "en")


def test_folder_jobs_arrive_before_the_walk_ends(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The first job comes after listing a few folders, not the whole tree; memory stays flat."""
    import tracemalloc

    from tqcheck.cli import common

    for i in range(100):
        folder = tmp_path / f"f{i:03}"
        folder.mkdir()
        for j in range(100):
            (folder / f"art{j:03}.en.txt").touch()
    listed: list[Path] = []
    entries = common._entries
    monkeypatch.setattr(common, "_entries", lambda folder: listed.append(folder) or entries(folder))
    walk = common.folder_jobs([str(tmp_path)], "en")
    assert next(walk).article == str(tmp_path / "f000" / "art000.en.txt")
    assert len(listed) == 2  # the root and its first folder
    tracemalloc.start()
    count = sum(1 for _ in walk) + 1
    lazy_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.reset_peak()
    held = pair_by_name(common.expand_paths((str(tmp_path),)), "en")
    eager_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == len(held) == 10_000
    assert lazy_peak < eager_peak / 4, (lazy_peak, eager_peak)


def test_check_of_a_folder_tree_keeps_its_order_and_input_checks(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _tree(tmp_path / "d")
    (tmp_path / "d" / "a0.txt").write_text(DIRTY, encoding="utf-8")
    outputs = [run("check", "d", "--format", fmt, "-j", j).stdout for fmt in ("jsonl", "json") for j in ("1", "2")]
    assert outputs[0] == outputs[1] and outputs[2] == outputs[3] and "a0.txt" in outputs[0]
    paths = [f["path"] for f in json.loads(outputs[2])["files"]]
    assert paths == [j.article for j in pair_by_name(_sorted_globally(Path("d")), "en")]
    clash = run("check", "d", "-o", "d/a.txt")
    assert clash.exit_code == 2 and "is also an input" in clash.stderr
    (tmp_path / "empty").mkdir()
    assert "no .txt" in run("check", "d", "empty").stderr
