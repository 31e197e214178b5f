"""Running the workload in several processes at once, each with its own Django and its own connection.

`spawn`, not `fork`: a forked child would share the parent's open database socket. Each worker calls
`django.setup()` with the environment `bench/run.py` prepared and then serves tasks until told to stop; for
every task it warms up, then waits at a barrier so that all workers start their timed loop together. Aggregate
throughput is measured from the first start to the last finish.
"""

from __future__ import annotations

import multiprocessing
import queue
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the models may be imported only after django.setup() in the child
    from .workload import Mode, WorkloadResult

WARMUP = 5


def _worker(worker: int, tasks: Any, barrier: Any, results: Any) -> None:
    import django

    django.setup()
    from .workload import count_queries, run_workload, world_load

    world = world_load()
    while (task := tasks.get()) is not None:
        mode, count, first_sequence = task
        count_queries(mode=mode, world=world, sample=WARMUP, worker=worker, first_sequence=first_sequence)
        barrier.wait()
        results.put(
            run_workload(
                mode=mode, world=world, count=count, worker=worker, first_sequence=first_sequence + WARMUP
            )
        )


class WorkerPool:
    """`processes` spawned workers, kept for several runs (spawning and setting up Django costs a second)."""

    def __init__(self, processes: int) -> None:
        from django.db import connections

        connections.close_all()  # the parent holds no connection (nor SQLite lock) while the workers run
        self.processes = processes
        context = multiprocessing.get_context("spawn")
        self._barrier = context.Barrier(processes)
        self._results = context.Queue()
        self._tasks = [context.Queue() for _ in range(processes)]
        self._workers = [
            context.Process(
                target=_worker,
                args=(n, self._tasks[n], self._barrier, self._results),
                name=f"bench-worker-{n}",
            )
            for n in range(processes)
        ]
        for process in self._workers:
            process.start()

    def run(self, *, mode: Mode, count: int, first_sequence: int) -> list[WorkloadResult]:
        """`count` work orders split over the workers, each numbering from its own range."""
        shares = [
            count // self.processes + (1 if n < count % self.processes else 0) for n in range(self.processes)
        ]
        span = count + WARMUP + 1
        for n, tasks in enumerate(self._tasks):
            tasks.put((mode, shares[n], first_sequence + n * span))
        collected: list[WorkloadResult] = []
        while len(collected) < self.processes:
            try:
                collected.append(self._results.get(timeout=1))
            except queue.Empty:
                failed = [p for p in self._workers if p.exitcode is not None]
                if failed:
                    self._barrier.abort()  # the others stop waiting for the one that died
                    raise RuntimeError(f"{failed[0].name} exited with status {failed[0].exitcode}") from None
        return collected

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        for tasks in self._tasks:
            tasks.put(None)
        for process in self._workers:
            process.join(timeout=60)
            if process.is_alive():
                process.terminate()
                process.join()
