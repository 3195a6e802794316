"""The run API: check many articles on any ``concurrent.futures.Executor``, results in input order.

``run_jobs(jobs, settings, executor)`` is what ``tqcheck check`` does with a batch, for any caller:

    from concurrent.futures import ProcessPoolExecutor
    from tqcheck.batch import Job
    from tqcheck.run import run_jobs
    from tqcheck.settings import Settings

    with ProcessPoolExecutor(2) as pool:
        for result in run_jobs([Job("a.en.txt", reference="a.ref.en.txt")], Settings(), pool):
            ...  # a FileReport, or a Failed saying why that article could not be checked

Jobs go to the executor in chunks (one task checks a few articles, so a task's overhead is paid
once per chunk, not per article), at most ``window`` chunks at a time; each result is yielded as
soon as every result before it has been, so memory stays flat however many articles there are,
and the order never depends on the number of workers or on which finished first. The executor is
the seam: a local process pool, ``distributed.Client.get_executor()`` (see
:mod:`tqcheck.executors`), or ``None`` to check in this process.

Paths may be fsspec URLs (``s3://bucket/x.en.txt``, ``memory://…``, ``file://…``): they are read
with fsspec on the worker (``pip install 'tqcheck[dask]'`` brings it, plus the remote file
system's own package such as ``s3fs``).
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from tqcheck.batch import Failed, Job
from tqcheck.errors import InputError, TqcheckError
from tqcheck.model import FileReport
from tqcheck.settings import Settings

Result = FileReport | Failed
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


def is_url(path: str) -> bool:
    """Whether ``path`` is an fsspec URL (``s3://…``) rather than a local path."""
    return bool(_URL.match(path))


class Sink(Protocol):
    """Where a worker puts the results of a chunk itself (a Parquet dataset); what it returns to
    the client instead is a light copy (counts and findings, not the article text)."""

    def write(self, index: int, start: int, results: Sequence[Result]) -> None: ...


@dataclass(frozen=True)
class Chunk:
    """One task: a few consecutive jobs; ``index`` numbers the chunk, ``start`` its first job."""

    index: int
    start: int
    jobs: tuple[Job, ...]


def run_jobs(
    jobs: Iterable[Job],
    settings: Settings,
    executor: Executor | None = None,
    *,
    chunk_size: int = 16,
    window: int = 8,
    sink: Sink | None = None,
    on_done: Callable[[int], None] | None = None,
) -> Iterator[Result]:
    """Check every job; yield one result per job, in the order of ``jobs``, as they come.

    ``executor`` None checks in this process. ``window`` bounds the chunks in flight (and so the
    results held); ``sink`` makes each task write its results itself (the yielded reports are then
    light: no article text). ``on_done(n)`` is called from the executor's thread when a chunk of
    ``n`` articles completes (a progress bar fed by completed tasks, whatever their order).
    """
    if executor is None and sink is None:
        for job in jobs:
            result = run_job(job, settings)
            if on_done is not None:
                on_done(1)
            yield result
        return
    chunks = _chunks(jobs, max(1, chunk_size))
    if executor is None:
        for c in chunks:
            results = check_chunk(c, settings, sink)
            if on_done is not None:
                on_done(len(results))
            yield from results
        return
    pending: deque[tuple[Chunk, Future[list[Result]]]] = deque()
    try:
        for c in chunks:
            pending.append((c, _submit(executor, c, settings, sink, on_done)))
            while len(pending) >= max(1, window):
                yield from _outcome(*pending.popleft())
        while pending:
            yield from _outcome(*pending.popleft())
    finally:  # an abandoned or failed run does not leave work queued on the executor
        for _, future in pending:
            future.cancel()


def _outcome(c: Chunk, future: Future[list[Result]]) -> list[Result]:
    """A chunk's results; if the task itself failed (its worker kept dying on it, a broken pool),
    each of its articles is an error, and the run goes on."""
    try:
        return future.result()
    except Exception as exc:
        why = f"{type(exc).__name__}: {exc}".strip().rstrip(":")
        return [
            Failed(job.article, f"{job.article}: not checked, the worker running it failed ({why})") for job in c.jobs
        ]


def _submit(
    executor: Executor, c: Chunk, settings: Settings, sink: Sink | None, on_done: Callable[[int], None] | None
) -> Future[list[Result]]:
    future = executor.submit(check_chunk, c, settings, sink)
    if on_done is not None:
        n = len(c.jobs)
        future.add_done_callback(lambda f: on_done(n) if not f.cancelled() else None)
    return future


def _chunks(jobs: Iterable[Job], size: int) -> Iterator[Chunk]:
    batch: list[Job] = []
    index = start = 0
    for job in jobs:
        batch.append(job)
        if len(batch) == size:
            yield Chunk(index, start, tuple(batch))
            index, start, batch = index + 1, start + size, []
    if batch:
        yield Chunk(index, start, tuple(batch))


def chunk_size_for(jobs: int, workers: int, most: int = 64) -> int:
    """Enough chunks to keep every worker busy to the end (about 8 each), at most ``most`` jobs."""
    return max(1, min(most, jobs // (max(1, workers) * 8)))


def partition_size(jobs: int, workers: int) -> int:
    """Articles per Parquet partition: a few partitions per worker, each of 16 to 500 articles
    (small files make a dataset slow to read, large ones hold a worker's rows longer)."""
    return max(16, min(500, jobs // (max(1, workers) * 4)))


def check_chunk(c: Chunk, settings: Settings, sink: Sink | None = None) -> list[Result]:
    """The task a worker runs: check each job of the chunk; with a sink, write them and return
    light copies."""
    results = [run_job(job, settings) for job in c.jobs]
    if sink is None:
        return results
    sink.write(c.index, c.start, results)
    return [r if isinstance(r, Failed) else light(r) for r in results]


def run_job(job: Job, settings: Settings) -> Result:
    """Check one article; errors become values so one bad file does not stop a batch."""
    try:
        return _check(job, settings)
    except TqcheckError as exc:
        return Failed(job.article, str(exc))
    except MemoryError:
        return Failed(job.article, f"{job.article}: out of memory")


def _check(job: Job, settings: Settings) -> FileReport:
    from tqcheck.checker import check_document, check_file, compare_with
    from tqcheck.inputs import build  # text, Markdown, HTML or Word, by name or content

    if not any(p is not None and is_url(p) for p in (job.article, job.reference, job.source)):
        return check_file(job.article, settings=settings, reference=job.reference, source=job.source).files[0]
    # The same steps as check_file, with bytes from fsspec.
    limit = int(settings.max_file_size_mb * 1_000_000)
    document = build(read_any(job.article, limit), job.article, settings)
    ref_doc = src_doc = None
    if job.reference is not None:
        ref_doc = build(read_any(job.reference, limit), job.reference, settings, document.language)
    if job.source is not None:
        src_doc = build(read_any(job.source, limit), job.source, replace(settings, lang=None))
    fidelity = compare_with(document, settings, ref_doc, src_doc)
    return check_document(document, settings, fidelity)


def read_any(path: str, max_bytes: int) -> bytes:
    """The bytes of a local path or an fsspec URL; :class:`InputError` when it cannot be read."""
    from tqcheck.reading import read_bytes

    if not is_url(path):
        return read_bytes(Path(path), max_bytes)
    fs, inner = _filesystem(path)
    try:
        info = fs.info(inner)
        if info.get("type") == "directory":
            raise InputError(f"{path}: is a directory")
        size = info.get("size")
        if size is not None and size > max_bytes:
            raise InputError(
                f"{path}: file too large ({size / 1e6:.1f} MB > {max_bytes / 1e6:.1f} MB); "
                "raise max-file-size-mb in the config to check it"
            )
        data: bytes = fs.cat_file(inner)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return data


def expand_url(url: str, suffixes: Sequence[str], skip_names: Iterable[str] = ()) -> list[str]:
    """The files a URL names: itself, or the text files under a prefix (sorted), or a glob's matches."""
    import glob

    fs, inner = _filesystem(url)
    protocol = url.split("://", 1)[0]
    skip = {n.lower() for n in skip_names}

    def full(p: str) -> str:
        return p if is_url(p) else f"{protocol}://{p.lstrip('/') if protocol != 'file' else p}"

    try:
        if glob.has_magic(inner):
            found = sorted(full(p) for p in fs.glob(inner) if fs.isfile(p))
            if not found:
                raise InputError(f"{url}: no files match")
            return found
        if fs.isdir(inner):
            found = sorted(
                full(p)
                for p in fs.find(inner)
                if p.lower().endswith(tuple(suffixes))
                and p.rsplit("/", 1)[-1].lower() not in skip
                and not any(part.startswith(".") for part in p[len(inner.rstrip("/")) :].split("/"))
            )
            if not found:
                raise InputError(f"{url}: no {' or '.join(suffixes)} files under this prefix")
            return found
    except OSError as exc:
        raise InputError(f"{url}: cannot list: {exc.strerror or exc}") from None
    return [url]


def _filesystem(url: str):  # type: ignore[no-untyped-def]
    try:
        import fsspec
    except ImportError:
        raise InputError(f"{url}: URLs need fsspec: pip install 'tqcheck[dask]'") from None
    try:
        return fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as exc:  # an unknown protocol, or its package (s3fs, gcsfs) missing
        raise InputError(f"{url}: {exc}") from None


def light(fr: FileReport) -> FileReport:
    """The report without the article text: what the client needs to count, gate and warn."""
    doc = replace(fr.document, text="", paragraphs=(), line_starts=())
    fid = fr.fidelity
    if fid is not None:
        ref = replace(fid.reference, text="", paragraphs=(), line_starts=())
        fid = replace(fid, reference=ref, source=None, pairs=(), back_translation=None)
    return FileReport(doc, fr.findings, fid)
