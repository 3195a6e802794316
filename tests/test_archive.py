"""Archive audits: the run API on any executor, the Dask engine, fsspec URLs, Parquet results,
the notebook API, and faults (a worker killed mid-run, an unreadable article, Ctrl-C).

Dask clusters here are small: threads in this process (``processes=False``, ~0.03 s) except where a
test needs real worker processes (killing one, stopping them)."""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.tiny_marian import tiny_marian_dir  # noqa: F401 - the session fixture
from tqcheck.batch import Failed, Job
from tqcheck.cli import main
from tqcheck.model import FileReport
from tqcheck.render.parquet import ParquetSink, finish_dataset, start_dataset
from tqcheck.run import run_jobs
from tqcheck.settings import Settings

distributed = pytest.importorskip("distributed")
pq = pytest.importorskip("pyarrow.parquet")

DIRTY = "The plan costs $ 240 million.\n\nRT\n\nWork will start in March.\n"
CLEAN = "The council approved the plan on Monday.\n\nWork will start in March.\n"
QUOTES = "He called it «a good start».\n\nThe the minister left on Friday.\n"


def articles(folder: Path, n: int) -> list[Path]:
    """``n`` short articles of three kinds, and one binary file that cannot be read (an error row)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"a{i:04d}.en.txt"
        path.write_text((DIRTY, CLEAN, QUOTES)[i % 3] * (1 + i % 4), encoding="utf-8")
        paths.append(path)
    (folder / "a0007.en.txt").write_bytes(b"\x00\x01binary")
    return paths


@pytest.fixture(scope="module")
def cluster() -> Iterator[object]:
    """Two single-threaded workers in this process: the scheduler and protocol, without spawning."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None, silence_logs=40
    ) as c:
        yield c


def cli(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


def test_run_jobs_yields_in_input_order_on_any_executor(tmp_path: Path) -> None:
    """The run API: the same results, in job order, in this process and on a pool of threads."""
    jobs = [Job(str(p)) for p in articles(tmp_path, 40)]
    here = list(run_jobs(jobs, Settings()))
    with ThreadPoolExecutor(3) as pool:
        there = list(run_jobs(jobs, Settings(), pool, chunk_size=3, window=2))
    assert [_path(r) for r in here] == [_path(r) for r in there] == [j.article for j in jobs]
    assert [_codes(r) for r in here] == [_codes(r) for r in there]
    assert isinstance(here[7], Failed) and "binary file" in here[7].message


def test_run_jobs_keeps_a_bounded_window(tmp_path: Path) -> None:
    """Memory stays flat: never more than `window` chunks are submitted ahead of what was yielded."""
    jobs = [Job(str(p)) for p in articles(tmp_path, 30)]
    submitted: list[int] = []

    class Counting(ThreadPoolExecutor):
        def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
            submitted.append(1)
            return super().submit(fn, *args, **kwargs)

    with Counting(2) as pool:
        for taken, _ in enumerate(run_jobs(jobs, Settings(), pool, chunk_size=1, window=4), start=1):
            assert len(submitted) <= taken + 4
    assert len(submitted) == 30


def test_a_task_that_fails_makes_error_rows_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A task whose worker kept dying (distributed's KilledWorker) or a broken pool: each article
    of that chunk is an error, once, in its place; the other chunks are reported as usual."""
    import tqcheck.run

    jobs = [Job(str(p)) for p in articles(tmp_path, 9)]
    real = tqcheck.run.check_chunk

    def dies_on_the_second(c, settings, sink=None):  # type: ignore[no-untyped-def]
        if c.index == 1:
            raise RuntimeError("worker died")
        return real(c, settings, sink)

    monkeypatch.setattr(tqcheck.run, "check_chunk", dies_on_the_second)
    with ThreadPoolExecutor(2) as pool:
        results = list(run_jobs(jobs, Settings(), pool, chunk_size=3))
    assert [_path(r) for r in results] == [j.article for j in jobs]
    failed = [r for r in results if isinstance(r, Failed) and "the worker running it failed" in r.message]
    assert [f.path for f in failed] == [j.article for j in jobs[3:6]]
    assert all(f.message.endswith("(RuntimeError: worker died)") for f in failed)
    assert "binary file" in results[7].message  # type: ignore[union-attr]  # the unreadable one, as usual


def test_dask_engine_output_equals_jobs_1_byte_for_byte(tmp_path: Path, cluster) -> None:  # type: ignore[no-untyped-def]
    """A few hundred articles: text and JSON lines on Dask are the bytes of `-j 1`; same exit code."""
    articles(tmp_path / "desk", 240)
    address = cluster.scheduler_address  # type: ignore[attr-defined]
    for fmt in ("jsonl", "text"):
        one = cli("check", str(tmp_path / "desk"), "--format", fmt, "-j", "1")
        dask = cli("check", str(tmp_path / "desk"), "--format", fmt, "--engine", "dask", "--dask-address", address)
        assert one.exit_code == dask.exit_code == 2  # the binary file is an error; the run went on
        assert one.stdout == dask.stdout  # type: ignore[attr-defined]
    jsonl = cli("check", str(tmp_path / "desk"), "--format", "jsonl", "--engine", "dask", "--dask-address", address)
    tail = json.loads(jsonl.stdout.splitlines()[-1])  # type: ignore[attr-defined]
    assert tail["summary"]["files"] == 239 and [e["path"] for e in tail["errors"]] == [
        str(tmp_path / "desk" / "a0007.en.txt")
    ]


def test_parquet_dataset_holds_the_findings_of_the_jsonl_output(tmp_path: Path, cluster) -> None:  # type: ignore[no-untyped-def]
    """`--format parquet -o DIR/` (with -j 2 and on Dask): the same findings as JSON lines, an
    articles row per input (the unreadable one as an error row), no temporary files left."""
    articles(tmp_path / "desk", 40)
    lines = cli("check", str(tmp_path / "desk"), "--format", "jsonl", "-j", "1").stdout  # type: ignore[attr-defined]
    expected = [json.loads(x) for x in lines.splitlines()[:-1]]
    address = cluster.scheduler_address  # type: ignore[attr-defined]
    for engine in (["-j", "2"], ["--engine", "dask", "--dask-address", address]):
        out = tmp_path / "audit"
        result = cli("check", str(tmp_path / "desk"), "--format", "parquet", "-o", f"{out}/", *engine)
        assert result.exit_code == 2 and f"wrote {len(expected)} findings of 40 articles" in result.stderr  # type: ignore[attr-defined]
        assert sorted(p.name for p in out.iterdir()) == ["articles", "findings"]  # no .tqcheck-partial-*
        findings = pq.read_table(out / "findings").sort_by([("position", "ascending")]).to_pylist()
        assert len(findings) == len(expected) > 40
        for row, want in zip(findings, expected, strict=True):
            assert {k: row[k] for k in want} == want
        arts = pq.read_table(out / "articles").sort_by([("position", "ascending")]).to_pylist()
        assert [a["position"] for a in arts] == list(range(40))
        assert arts[7]["verdict"] == "error" and "binary file" in arts[7]["error"]
        assert {a["verdict"] for a in arts[:7]} == {"passed", "failed"}
        assert sum(a["findings"] or 0 for a in arts) == len(expected)


def test_parquet_is_queried_with_duckdb_and_pandas_as_the_readme_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every SQL statement of the README's Parquet section runs; the first gives the summary's counts."""
    import re

    from tests.conftest import ROOT

    duckdb = pytest.importorskip("duckdb")
    articles(tmp_path / "desk", 12)
    assert cli("check", str(tmp_path / "desk"), "--format", "parquet", "-o", str(tmp_path / "audit")).exit_code == 2
    summary = json.loads(cli("check", str(tmp_path / "desk"), "--format", "json").stdout)["summary"]  # type: ignore[attr-defined]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sql = re.search(r"```sql\n(.*?)```", readme, re.S)
    assert sql is not None
    statements = [q.strip() for q in re.sub(r"--[^\n]*", "", sql.group(1)).split(";") if q.strip()]
    monkeypatch.chdir(tmp_path)  # the README's queries use relative paths
    results = [duckdb.sql(q).fetchall() for q in statements]
    assert len(results) == 3
    assert {f"{code} {rule}": n for code, rule, n in results[0]} == summary["by_rule"]
    assert [n for _, _, n in results[0]] == sorted((n for _, _, n in results[0]), reverse=True)
    assert results[1] == [("desk", summary["by_rule"]["ART001 source-marker"])]
    assert dict(results[2]) == {"failed": 4, "passed": 7, "error": 1}
    import pandas as pd

    assert len(pd.read_parquet("audit/findings")) == summary["findings"]


def test_an_interrupted_parquet_run_leaves_no_dataset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C after the first partitions were written: no tables, no partial folder; an earlier
    complete dataset in the same folder is left as it was."""
    import tqcheck.run

    articles(tmp_path / "desk", 40)
    out = tmp_path / "audit"
    assert cli("check", str(tmp_path / "desk"), "--format", "parquet", "-o", f"{out}/", "-j", "1").exit_code == 2
    before = {p.name: p.stat().st_mtime_ns for p in (out / "findings").iterdir()}
    real = tqcheck.run.check_chunk
    calls: list[int] = []

    def interrupted(c, settings, sink=None):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(c, settings, sink)

    monkeypatch.setattr(tqcheck.run, "check_chunk", interrupted)
    result = cli("check", str(tmp_path / "desk"), "--format", "parquet", "-o", f"{out}/", "-j", "1")
    assert result.exit_code == 130 and len(calls) == 2  # type: ignore[attr-defined]  # click: interrupted
    assert sorted(p.name for p in out.iterdir()) == ["articles", "findings"]  # no .tqcheck-partial-*
    assert {p.name: p.stat().st_mtime_ns for p in (out / "findings").iterdir()} == before


def test_parquet_and_engine_options_are_checked_before_the_run(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "report.txt").write_text("an old report\n", encoding="utf-8")
    for args, message in (
        (["--format", "parquet"], "give -o DIR/"),
        (["--format", "parquet", "-o", str(tmp_path / "report.txt")], "writes a folder"),
        (["--format", "parquet", "-o", "out/", "--write-baseline", "b.json"], "do not go with --format parquet"),
        (["--dask-address", "tcp://127.0.0.1:8786"], "--dask-address goes with --engine dask"),
    ):
        result = cli("check", str(tmp_path / "a.txt"), *args)
        assert result.exit_code == 2 and message in result.stderr, result.stderr  # type: ignore[attr-defined]


def test_fsspec_urls_are_inputs(tmp_path: Path, cluster) -> None:  # type: ignore[no-untyped-def]
    """`memory://` prefixes are expanded and paired like folders; `file://` reads local files."""
    import fsspec

    fs = fsspec.filesystem("memory")
    fs.pipe("/arch/x.en.txt", DIRTY.encode())
    fs.pipe("/arch/x.ref.en.txt", b"The plan costs $240 million.\n\nWork will start in March.\n")
    fs.pipe("/arch/sub/y.en.txt", CLEAN.encode())
    fs.pipe("/arch/.hidden/z.en.txt", DIRTY.encode())
    try:
        local = cli("check", "memory://arch/", "--format", "json", "-j", "1")
        files = json.loads(local.stdout)["files"]  # type: ignore[attr-defined]
        assert [f["path"] for f in files] == ["memory://arch/sub/y.en.txt", "memory://arch/x.en.txt"]
        assert files[1]["fidelity"]["reference"] == "memory://arch/x.ref.en.txt"
        address = cluster.scheduler_address  # type: ignore[attr-defined]
        dask = cli("check", "memory://arch/", "--format", "json", "--engine", "dask", "--dask-address", address)
        assert dask.stdout == local.stdout  # type: ignore[attr-defined]
        missing = cli("check", "memory://arch/nope.en.txt")
        assert missing.exit_code == 2 and "memory://arch/nope.en.txt: no such file" in missing.stderr  # type: ignore[attr-defined]
    finally:
        fs.rm("/arch", recursive=True)
    (tmp_path / "a.en.txt").write_text(DIRTY, encoding="utf-8")
    via_url = json.loads(cli("check", f"file://{tmp_path}/", "--format", "json").stdout)  # type: ignore[attr-defined]
    direct = json.loads(cli("check", str(tmp_path), "--format", "json").stdout)  # type: ignore[attr-defined]
    assert via_url["summary"] == direct["summary"] and via_url["files"][0]["path"] == f"file://{tmp_path}/a.en.txt"


def test_html_and_word_articles_behind_urls_are_read_in_their_format(tmp_path: Path) -> None:
    """An HTML page under an fsspec prefix is parsed as HTML (tags never reach the rules, findings
    point into the page), exactly as the same file on disk is."""
    import fsspec

    page = (
        "<html><body><h1>Port</h1>\n<p>The plan costs $ 240 million.</p>\n<p>RT</p>\n"
        "<p>Work starts in <em>March</em>.</p></body></html>\n"
    )
    fs = fsspec.filesystem("memory")
    fs.pipe("/pages/port.en.html", page.encode())
    (tmp_path / "port.en.html").write_text(page, encoding="utf-8")
    try:
        url = json.loads(cli("check", "memory://pages/", "--format", "json").stdout)  # type: ignore[attr-defined]
    finally:
        fs.rm("/pages", recursive=True)
    disk = json.loads(cli("check", str(tmp_path), "--format", "json").stdout)  # type: ignore[attr-defined]
    strip = [{k: v for k, v in f.items() if k != "path"} for f in url["files"][0]["findings"]]
    assert strip == [{k: v for k, v in f.items() if k != "path"} for f in disk["files"][0]["findings"]]
    assert {f["code"] for f in strip} >= {"TYP001", "ART001"}
    assert not any("<" in f["message"] for f in strip)


def test_notebook_api_gives_findings_as_a_dask_dataframe(tmp_path: Path, cluster) -> None:  # type: ignore[no-untyped-def]
    import tqcheck.dask

    articles(tmp_path / "desk", 20)
    with distributed.Client(cluster):
        frame = tqcheck.dask.findings_frame([tmp_path / "desk"], partition_size=6)
        counts = frame.groupby("code").size().compute().to_dict()
        arts = tqcheck.dask.articles_frame([str(tmp_path / "desk")]).compute()
    expected = json.loads(cli("check", str(tmp_path / "desk"), "--format", "json").stdout)["summary"]  # type: ignore[attr-defined]
    assert counts == {k.split()[0]: v for k, v in expected["by_rule"].items()}
    assert len(arts) == 20 and list(arts.sort_values("position")["verdict"])[7] == "error"


def test_a_worker_killed_mid_run_loses_and_repeats_nothing(tmp_path: Path) -> None:
    """A LocalCluster of two worker processes; one is killed (SIGKILL) while it holds tasks. Dask
    reruns them elsewhere: every article comes back exactly once, in order, and the Parquet
    dataset written by the workers has one row per article."""
    from tqcheck.executors import dask_engine

    jobs = [Job(str(p)) for p in articles(tmp_path / "desk", 40)]
    expected = [_codes(r) for r in run_jobs(jobs, Settings())]
    sink = SlowSink(start_dataset(str(tmp_path / "audit"), Settings().fail_on).partial, Settings().fail_on)
    with dask_engine(None, 2) as engine:
        client = engine.client
        pids = client.run(os.getpid)
        results: list[FileReport | Failed] = []
        killed = None
        for result in run_jobs(jobs, Settings(), engine.executor, chunk_size=1, window=40, sink=sink):
            results.append(result)
            if killed is None:
                busy = {w: tasks for w, tasks in client.processing().items() if tasks}
                killed = sorted(busy)[0]  # tasks are still in flight: the run is 40 slow chunks long
                os.kill(pids[killed], signal.SIGKILL)
    assert killed is not None
    assert [_path(r) for r in results] == [j.article for j in jobs]
    assert [_codes(r) for r in results] == expected
    finish_dataset(sink, str(tmp_path / "audit"))
    positions = pq.read_table(tmp_path / "audit" / "articles").column("position").to_pylist()
    assert sorted(positions) == list(range(40))


def test_leaving_the_engine_stops_the_cluster_it_started() -> None:
    """Ctrl-C (KeyboardInterrupt) in the client closes the LocalCluster: no worker process left."""
    import psutil

    from tqcheck.executors import dask_engine

    with pytest.raises(KeyboardInterrupt), dask_engine(None, 1) as engine:
        workers = [psutil.Process(pid) for pid in engine.client.run(os.getpid).values()]
        assert workers and all(w.is_running() for w in workers)
        raise KeyboardInterrupt
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(w) for w in workers)


def test_ctrl_c_on_the_client_stops_the_cluster_it_started(tmp_path: Path) -> None:
    """`tqcheck check --engine dask` in a subprocess, SIGINT once its workers are up: the client
    exits and no worker process of its LocalCluster is left."""
    import subprocess
    import sys

    import psutil

    articles(tmp_path / "desk", 1000)
    tqcheck = str(Path(sys.executable).parent / "tqcheck")
    cmd = [tqcheck, "check", str(tmp_path / "desk"), "--engine", "dask", "-j", "2", "-o", str(tmp_path / "r.txt")]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE)
    client = psutil.Process(proc.pid)
    deadline = time.monotonic() + 60
    # Mid-run: the report (a temporary file until the run completes) has begun to fill.
    while not any(p.stat().st_size for p in tmp_path.glob(".tqcheck-*.part")) and time.monotonic() < deadline:
        assert proc.poll() is None, "the run ended before it could be interrupted"
        time.sleep(0.05)
    workers = [c for c in client.children(recursive=True) if "resource_tracker" not in " ".join(c.cmdline())]
    assert len(workers) >= 2
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=60)
    assert proc.returncode != 0 and not (tmp_path / "r.txt").exists()  # no half report either
    assert not list(tmp_path.glob(".tqcheck-*.part"))
    deadline = time.monotonic() + 20
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers)
    assert b"Traceback" not in proc.stderr.read()  # type: ignore[union-attr]


def test_unreachable_scheduler_is_one_line_exit_2(tmp_path: Path) -> None:
    import dask

    (tmp_path / "a.txt").write_text(CLEAN, encoding="utf-8")
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        result = cli("check", str(tmp_path / "a.txt"), "--engine", "dask", "--dask-address", "tcp://127.0.0.1:9")
    assert result.exit_code == 2 and result.stderr.startswith("tqcheck: error: cannot reach the Dask scheduler")  # type: ignore[attr-defined]
    assert "Traceback" not in result.stderr  # type: ignore[attr-defined]


class SlowSink(ParquetSink):
    """A sink that takes 50 ms a chunk, so that a run lasts long enough to kill a worker in it."""

    def write(self, index: int, start: int, results):  # type: ignore[no-untyped-def]
        time.sleep(0.05)
        super().write(index, start, results)


def _alive(process: object) -> bool:
    import psutil

    try:
        return bool(process.is_running()) and process.status() != psutil.STATUS_ZOMBIE  # type: ignore[attr-defined]
    except psutil.NoSuchProcess:
        return False


def _path(r: FileReport | Failed) -> str:
    return r.path if isinstance(r, Failed) else r.document.path


def _codes(r: FileReport | Failed) -> list[tuple[str, int, int]] | str:
    return r.message if isinstance(r, Failed) else [(f.code, f.line, f.column) for f in r.findings]


def test_source_back_translation_runs_on_dask_workers_loading_the_model_once(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    cluster,  # type: ignore[no-untyped-def]
    tiny_marian_dir: Path,  # noqa: F811
) -> None:
    """`x.en.txt` + `x.ru.txt` pairs on the Dask engine: back-translated on the workers, the same
    bytes as `-j 1`, and the model loaded at most once per worker (not once per article)."""
    from tests.conftest import SAMPLES
    from tqcheck.backtranslate.marian import MarianTranslator

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("TQCHECK_MT_THREADS", "1")
    mt = (SAMPLES / "caspian-port.en.txt").read_text(encoding="utf-8").split("\n\n")
    ru = (SAMPLES / "caspian-port.ru.txt").read_text(encoding="utf-8").split("\n\n")
    # Four articles with no paragraph in common: a random-weight model's output length depends on
    # what it is batched with, so a paragraph cached from another article would change the bytes.
    (tmp_path / "desk").mkdir()
    for i in range(4):
        (tmp_path / "desk" / f"x{i}.en.txt").write_text("\n\n".join(mt[3 * i : 3 * i + 3]) + "\n", encoding="utf-8")
        (tmp_path / "desk" / f"x{i}.ru.txt").write_text("\n\n".join(ru[3 * i : 3 * i + 3]) + "\n", encoding="utf-8")
    loads: list[int] = []
    load = MarianTranslator.load

    def counted(self: MarianTranslator) -> None:
        if self._model is None:  # load() is asked before every batch; this is a real load
            loads.append(1)
        load(self)

    monkeypatch.setattr(MarianTranslator, "load", counted)
    address = cluster.scheduler_address
    args = ["check", str(tmp_path / "desk"), "--model", str(tiny_marian_dir), "--format", "json", "--fail-on", "never"]
    dask = cli(*args, "--engine", "dask", "--dask-address", address)
    assert dask.exit_code == 0, dask.stderr  # type: ignore[attr-defined]
    assert 1 <= len(loads) <= 2  # two workers, four articles
    one = cli(*args, "-j", "1", "--no-cache")  # computed again in this process, not read from the cache
    assert one.stdout == dask.stdout  # type: ignore[attr-defined]
    files = json.loads(dask.stdout)["files"]  # type: ignore[attr-defined]
    assert [Path(f["fidelity"]["reference"]).name for f in files] == [f"x{i}.ru.txt" for i in range(4)]
    assert {f["fidelity"]["kind"] for f in files} == {"back-translation"}
