"""The engines a batch runs on: each gives a ``concurrent.futures.Executor`` and how many tasks it
runs at once. :func:`tqcheck.run.run_jobs` needs nothing else.

- ``local_engine(n)``: a process pool on this machine (``tqcheck check -j N``);
- ``dask_engine(address)``: a Dask cluster through ``distributed.Client.get_executor()``; without
  an address, a ``LocalCluster`` with one single-threaded worker process per core, closed when the
  run ends (also on Ctrl-C). Dask is imported only here, and only when asked for.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from tqcheck.errors import TqcheckError

DASK_EXTRA_HINT = "pip install 'tqcheck[dask]'"


class EngineUnavailable(TqcheckError):
    """The engine cannot be started: Dask not installed, scheduler unreachable, no workers."""


@dataclass(frozen=True)
class Engine:
    """An executor and the number of tasks it runs at the same time."""

    executor: Executor | None  # None: check in this process
    slots: int
    name: str
    client: Any = None  # the distributed.Client of a Dask engine (for diagnostics and tests)


THREADS_VAR = "TQCHECK_MT_THREADS"


def mt_threads(workers: int) -> dict[str, str]:
    """The environment that gives each of ``workers`` processes its share of the cores for torch
    (a model per worker with a thread per core each would oversubscribe them: 10x slower when
    measured); empty when the user chose already."""
    if os.environ.get(THREADS_VAR):
        return {}
    from tqcheck.batch import default_workers

    return {THREADS_VAR: str(max(1, default_workers() // max(1, workers)))}


def _set_environment(env: dict[str, str]) -> None:
    os.environ.update(env)


@contextlib.contextmanager
def local_engine(workers: int) -> Iterator[Engine]:
    if workers <= 1:
        yield Engine(None, 1, "local")
        return
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_set_environment, initargs=(mt_threads(workers),)
    ) as pool:
        yield Engine(pool, workers, "local")


@contextlib.contextmanager
def dask_engine(address: str | None = None, workers: int | None = None, *, processes: bool = True) -> Iterator[Engine]:
    """A Dask executor: on the scheduler at ``address``, else on a LocalCluster of ``workers``
    single-threaded worker processes (default: one per core) that lives as long as the block."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise EngineUnavailable(f"--engine dask needs Dask: {DASK_EXTRA_HINT}") from None
    with contextlib.ExitStack() as stack:
        if address:
            try:
                client = stack.enter_context(Client(address))  # timeout: distributed.comm.timeouts.connect
            except (OSError, TimeoutError) as exc:
                raise EngineUnavailable(f"cannot reach the Dask scheduler at {address}: {exc}") from None
        else:
            from tqcheck.batch import default_workers

            n = workers or default_workers()
            with _interrupt_deferred() as interrupted:
                cluster = stack.enter_context(
                    LocalCluster(
                        n_workers=n,
                        threads_per_worker=1,  # the rules are pure Python: processes, not threads, use the cores
                        processes=processes,
                        dashboard_address=":0",  # any free port: two runs at once must not fight over 8787
                        silence_logs=logging.CRITICAL,  # task errors come back as results; not log lines
                        **({"env": mt_threads(n)} if processes else {}),
                    )
                )
                client = stack.enter_context(Client(cluster))
            if interrupted:  # now that the cluster can be closed cleanly (leaving the ExitStack)
                logging.getLogger("distributed").setLevel(logging.CRITICAL)
                raise KeyboardInterrupt
        slots = sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values())
        if slots == 0:
            try:
                client.wait_for_workers(1, timeout=30)
            except TimeoutError:
                raise EngineUnavailable(f"the Dask scheduler at {address} has no workers") from None
            slots = sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values())
        try:
            yield Engine(client.get_executor(), max(1, slots), "dask", client)
        except BaseException:
            # Torn down mid-run (Ctrl-C, an error): the connections it cuts are expected, and
            # distributed's log of each would bury the one line that says what happened.
            logging.getLogger("distributed").setLevel(logging.CRITICAL)
            raise


@contextlib.contextmanager
def _interrupt_deferred() -> Iterator[list[int]]:
    """Hold Ctrl-C while a LocalCluster starts: interrupted half-way, its worker processes would be
    left to an atexit hook that fails with a traceback. The list is non-empty if Ctrl-C came."""
    caught: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield caught
        return
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield caught
    finally:
        signal.signal(signal.SIGINT, previous)
