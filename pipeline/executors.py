"""Where batches run: in this process, in a local process pool, or on a Dask cluster.

Every executor maps `process_batch` over a stream of batches with a bounded
number in flight and yields results in input order, so memory stays flat on
any input size and outputs are identical whichever executor ran them.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")
R = TypeVar("R")
IN_FLIGHT_PER_WORKER = 2


class _Result(Protocol[R]):
    def result(self) -> R: ...


class Executor(Protocol):
    workers: int

    def submit(self, function: Callable[..., R], *args: Any) -> _Result[R]: ...

    def close(self) -> None: ...


def ordered_map(
    executor: Executor,
    function: Callable[[T, Any], R],
    items: Iterable[T],
    context: Any,
    recover: Callable[[T, Exception], R],
) -> Iterator[R]:
    """`function(item, context)` for each item, at most a few per worker in flight, in order.

    An item whose call raised (a bug, a worker process that died) is handed to
    `recover` with the exception, and its return value takes the result's place.
    """
    pending: deque[tuple[T, _Result[R]]] = deque()
    limit = max(1, executor.workers * IN_FLIGHT_PER_WORKER)

    def settle() -> R:
        item, future = pending.popleft()
        try:
            return future.result()
        except Exception as error:  # noqa: BLE001 - whatever failed, `recover` accounts for the item
            return recover(item, error)

    for item in items:
        pending.append((item, executor.submit(function, item, context)))
        if len(pending) >= limit:
            yield settle()
    while pending:
        yield settle()


class InProcess:
    """Runs each batch when it is submitted: the default, and the reference for the others."""

    workers = 1

    def submit(self, function: Callable[..., R], *args: Any) -> Future[R]:
        future: Future[R] = Future()
        try:
            future.set_result(function(*args))
        except Exception as error:  # noqa: BLE001 - raised again by result(), as from a pool
            future.set_exception(error)
        return future

    def close(self) -> None:
        pass


class ProcessPool:
    """A local pool: each worker process loads the model once and takes whole batches."""

    def __init__(self, workers: int):
        self.workers = workers
        self._pool = ProcessPoolExecutor(max_workers=workers)

    def submit(self, function: Callable[..., R], *args: Any) -> Future[R]:
        """Submit to the pool; a pool broken by a worker that died is replaced first."""
        try:
            return self._pool.submit(function, *args)
        except BrokenProcessPool:
            log.warning("a worker process died; starting a new pool of %d", self.workers)
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = ProcessPoolExecutor(max_workers=self.workers)
            return self._pool.submit(function, *args)

    def close(self) -> None:
        self._pool.shutdown(cancel_futures=True)


class DaskCluster:
    """A dask.distributed cluster: the scheduler at `address`, or a LocalCluster on 127.0.0.1."""

    def __init__(self, workers: int, address: str | None = None):
        from dask.distributed import Client, LocalCluster

        self._cluster = None
        if address is None:
            self._cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=":0"
            )
            address = self._cluster.scheduler_address
        self._client = Client(address)
        self.workers = max(1, len(self._client.scheduler_info().get("workers", {})) or workers)
        log.info("dask: %d workers at %s", self.workers, address)

    def submit(self, function: Callable[..., R], *args: Any) -> _Result[R]:
        return self._client.submit(function, *args, pure=False)

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def make_executor(name: str, workers: int, scheduler: str | None = None) -> Executor:
    if name == "dask":
        return DaskCluster(workers, scheduler)
    if workers > 1:
        return ProcessPool(workers)
    return InProcess()
